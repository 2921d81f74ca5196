package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// result is one process's report; a -procs child prints it as JSON and the parent adds them
// up (add) before printing one line (line).
type result struct {
	Conns    int            `json:"conns"`
	Opened   int            `json:"opened"`
	Busy     int            `json:"busy"` // busy connections opened
	Failures map[string]int `json:"failures"`
	IdleOK   int            `json:"idle_ok"`   // idle connections still open at the end
	IdleLost int            `json:"idle_lost"` // idle connections the server closed
	counters
	Latency sparseHist `json:"latency"`
	SendLag sparseHist `json:"send_lag"`

	ConnectSeconds float64 `json:"connect_s"`
	RunSeconds     float64 `json:"run_s"`
	ClientCPURun   float64 `json:"client_cpu_run_s"` // during the run phase
	ClientCPU      float64 `json:"client_cpu_s"`     // whole process
	ClientMaxRSSKB int64   `json:"client_max_rss_kb"`
	Drivers        int     `json:"drivers"`
}

func (r *result) add(o *result) {
	r.Conns += o.Conns
	r.Opened += o.Opened
	r.Busy += o.Busy
	r.Failures = addMaps(r.Failures, o.Failures)
	r.IdleOK += o.IdleOK
	r.IdleLost += o.IdleLost
	r.Sent += o.Sent
	r.Answered += o.Answered
	r.Unanswered += o.Unanswered
	r.ErrCodes = addMaps(r.ErrCodes, o.ErrCodes)
	r.Dropped = addMaps(r.Dropped, o.Dropped)
	r.Latency = mergeSparse(r.Latency, o.Latency)
	r.SendLag = mergeSparse(r.SendLag, o.SendLag)
	r.ConnectSeconds = max(r.ConnectSeconds, o.ConnectSeconds)
	r.RunSeconds = max(r.RunSeconds, o.RunSeconds)
	r.ClientCPURun += o.ClientCPURun
	r.ClientCPU += o.ClientCPU
	r.ClientMaxRSSKB += o.ClientMaxRSSKB // processes run side by side: their peaks add up
	r.Drivers += o.Drivers
}

func addMaps[V int | int64](a, b map[string]V) map[string]V {
	if a == nil {
		a = map[string]V{}
	}
	for k, v := range b {
		a[k] += v
	}
	return a
}

func mergeSparse(a, b sparseHist) sparseHist {
	h := a.histogram()
	h.merge(b.histogram())
	return h.sparse()
}

// serverStats is what the parent saw of the server, when given -server-pid.
type serverStats struct {
	cpuConnect time.Duration // while the connections were opened and logged in
	cpuRun     time.Duration // while the busy ones sent
	peakRSSKB  int64         // sampled every 100 ms over the whole run
	hwmKB      int64         // VmHWM at the end: the peak since the server started
	err        error
}

// line is the one-line report: key=value pairs a script can pick apart with awk.
func line(cfg *config, procs int, r *result, srv *serverStats) string {
	lat, lag := r.Latency.histogram(), r.SendLag.histogram()
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f", float64(d)/1e6) }
	var b strings.Builder
	kv := func(k string, v any) { fmt.Fprintf(&b, " %s=%v", k, v) }
	b.WriteString("manyconn")
	kv("addr", cfg.addr)
	kv("mode", cfg.mode)
	kv("conns", cfg.conns)
	kv("opened", r.Opened)
	kv("failed", cfg.conns-r.Opened)
	kv("busy", r.Busy)
	kv("idle_ok", fmt.Sprintf("%d/%d", r.IdleOK, r.IdleOK+r.IdleLost))
	kv("rate_per_conn", cfg.rate)
	kv("duration", cfg.duration)
	kv("target_qps", fmt.Sprintf("%.0f", float64(r.Busy)*cfg.rate))
	kv("achieved_qps", fmt.Sprintf("%.0f", float64(r.Answered)/cfg.duration.Seconds()))
	kv("sent", r.Sent)
	kv("answered", r.Answered)
	kv("unanswered", r.Unanswered)
	kv("p50_ms", ms(lat.percentile(0.50)))
	kv("p99_ms", ms(lat.percentile(0.99)))
	kv("p999_ms", ms(lat.percentile(0.999)))
	kv("max_ms", ms(time.Duration(lat.max)))
	kv("send_lag_p99_ms", ms(lag.percentile(0.99)))
	kv("connect_s", fmt.Sprintf("%.2f", r.ConnectSeconds))
	kv("procs", procs)
	kv("drivers", r.Drivers)
	kv("client_cpu_run_s", fmt.Sprintf("%.2f", r.ClientCPURun))
	kv("client_rss_mb", fmt.Sprintf("%.0f", float64(r.ClientMaxRSSKB)/1024))
	if srv != nil {
		kv("server_cpu_connect_s", fmt.Sprintf("%.2f", srv.cpuConnect.Seconds()))
		kv("server_cpu_run_s", fmt.Sprintf("%.2f", srv.cpuRun.Seconds()))
		kv("server_peak_rss_mb", fmt.Sprintf("%.0f", float64(srv.peakRSSKB)/1024))
		kv("server_hwm_mb", fmt.Sprintf("%.0f", float64(srv.hwmKB)/1024))
		if srv.err != nil {
			kv("server_gone", true)
		}
	}
	kv("fail", counts(r.Failures))
	kv("errs", counts(r.ErrCodes))
	kv("dropped", counts(r.Dropped))
	return b.String()
}

// counts formats a tally as a,b sorted by key ("-" when empty): "mysql-1040:3,timeout:1".
func counts[V int | int64](m map[string]V) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] != 0 {
			parts = append(parts, fmt.Sprintf("%s:%d", k, m[k]))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ",")
}

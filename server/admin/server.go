package admin

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// collector reads Sources at scrape time. It is an unchecked collector
// (Describe sends nothing): the status and variable names are only known
// when read.
type collector struct{ src Sources }

func (c collector) Describe(chan<- *prometheus.Desc) {}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 1)
	if c.src.Status != nil {
		collectStatus(c.src.Status(), ch)
	}
	if c.src.Variables != nil {
		collectVariables(c.src.Variables(), c.src.Version, ch)
	}
	if c.src.Loops != nil {
		collectLoops(c.src.Loops(), ch)
	}
	if c.src.Pool != nil {
		collectPool(c.src.Pool(), ch)
	}
	if c.src.Storage != nil {
		if m := c.src.Storage(); m != nil {
			collectPebble(m, ch)
		}
	}
}

// Server is the admin HTTP listener.
type Server struct {
	ln   net.Listener
	http *http.Server
	log  *slog.Logger
}

// Handler is the admin endpoints over src: /metrics and /debug/pprof/.
func Handler(src Sources) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{src},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// Listen binds addr (host:port) so that a port in use fails the server's
// start, not a later goroutine.
func Listen(addr string, src Sources, log *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Server{ln: ln, log: log, http: &http.Server{
		Handler:           Handler(src),
		ReadHeaderTimeout: 10 * time.Second,
	}}, nil
}

// Addr is the address the listener is bound to.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve runs the listener on the calling goroutine until Close.
func (s *Server) Serve() {
	if err := s.http.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.log.Error("admin listener stopped", "error", err)
	}
}

// Close stops the listener, letting a running scrape finish for a moment.
func (s *Server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.http.Shutdown(ctx)
}

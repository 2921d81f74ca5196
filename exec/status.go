package exec

import (
	"sort"
	"strconv"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// GlobalStatus is SHOW GLOBAL STATUS as name -> value: the engine's
// counters, then the server's (Config.ExtraStatus: bytes on the wire, TLS,
// compression). It is the one source both SHOW STATUS and the metrics
// endpoint read, so the two always agree. Every counter is an atomic read
// here; nothing on the statement path waits for it.
func (e *Engine) GlobalStatus() map[string]string {
	up := int64(e.Uptime().Seconds())
	u := func(n uint64) string { return strconv.FormatUint(n, 10) }
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	status := map[string]string{
		"Aborted_clients":           u(e.abortedCli.Load()),
		"Aborted_connects":          u(e.abortedCon.Load()),
		"Connections":               u(e.connects.Load()),
		"Max_used_connections":      i(e.maxThreads.Load()),
		"Questions":                 u(e.questions.Load()),
		"Prepared_stmt_count":       i(e.preparedCount.Load()),
		"Queries":                   u(e.questions.Load()),
		"Slow_queries":              u(e.slowQuery.Load()),
		"Threads_cached":            "0",
		"Threads_connected":         i(e.threads.Load()),
		"Threads_created":           u(e.threadsMade.Load()),
		"Threads_running":           strconv.Itoa(e.runningCount()),
		"Uptime":                    i(up),
		"Uptime_since_flush_status": i(up),
	}
	putHandlerStatus(status, e.handler.counts())
	if lr, ok := e.store.(storage.LockReporter); ok {
		putLockStatus(status, lr.LockStats())
	}
	for k := comKind(1); k < numComKinds; k++ {
		status["Com_"+comNames[k]] = u(e.com[k].Load())
	}
	if e.cfg.ExtraStatus != nil {
		for k, v := range e.cfg.ExtraStatus() {
			status[k] = v
		}
	}
	status["Ssl_version"], status["Ssl_cipher"] = "", ""
	return status
}

// putLockStatus adds the row-lock counters under InnoDB's names, which
// monitoring reads: MySQL's Innodb_row_lock_* (times in milliseconds) and
// MariaDB's Innodb_deadlocks (MySQL 8 counts deadlocks only in
// information_schema.INNODB_METRICS).
func putLockStatus(status map[string]string, ls storage.LockStats) {
	ms := func(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }
	avg := time.Duration(0)
	if ls.Waits > 0 {
		avg = ls.WaitTime / time.Duration(ls.Waits)
	}
	status["Innodb_row_lock_waits"] = strconv.FormatUint(ls.Waits, 10)
	status["Innodb_row_lock_current_waits"] = strconv.FormatInt(ls.CurrentWaits, 10)
	status["Innodb_row_lock_time"] = ms(ls.WaitTime)
	status["Innodb_row_lock_time_avg"] = ms(avg)
	status["Innodb_row_lock_time_max"] = ms(ls.MaxWait)
	status["Innodb_deadlocks"] = strconv.FormatUint(ls.Deadlocks, 10)
}

// showStatus is SHOW [GLOBAL|SESSION] STATUS. Counters are server-wide in
// both scopes except Handler_*; the session scope shows the connection's
// own Handler_* counts and TLS and compression state.
func (s *Session) showStatus(st *ast.ShowStmt, w ResultWriter, more bool) error {
	status := s.eng.GlobalStatus()
	if !st.GlobalScope {
		on, algo, level := "OFF", "", "0"
		if s.cold().compression != "" {
			on, algo, level = "ON", s.cold().compression, strconv.Itoa(s.cold().compressionLevel)
		}
		status["Compression"], status["Compression_algorithm"], status["Compression_level"] = on, algo, level
		status["Ssl_version"], status["Ssl_cipher"] = s.cold().tlsVersion, s.cold().tlsCipher
		putHandlerStatus(status, s.handler)
	}
	names := make([]string, 0, len(status))
	for k := range status {
		names = append(names, k)
	}
	sort.Strings(names)
	rows := make([][]expr.Value, 0, len(names))
	for _, k := range names {
		rows = append(rows, []expr.Value{expr.StringValue(k), expr.StringValue(status[k])})
	}
	return s.filteredRows(st, w, []Column{textColumn("Variable_name", 64), textColumn("Value", 1024)}, rows, more)
}

// GlobalVariables is SHOW GLOBAL VARIABLES as name -> value text (for the
// metrics endpoint's mysql_global_variables_* series).
func (e *Engine) GlobalVariables() map[string]string {
	out := make(map[string]string, len(e.vars.defs))
	for name, d := range e.vars.defs {
		if d.scope&scopeGlobal == 0 {
			continue
		}
		if v, ok := e.vars.global(name); ok {
			out[name] = d.showText(v)
		}
	}
	return out
}

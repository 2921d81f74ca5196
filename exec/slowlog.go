package exec

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// The slow query log: a statement (COM_QUERY or COM_STMT_EXECUTE) that
// runs longer than long_query_time counts in Slow_queries and, while
// slow_query_log is ON, is written to slow_query_log_file in MySQL's slow
// log format, so pt-query-digest and mysqldumpslow read it:
//
//	# Time: 2026-12-05T07:20:34.123456Z
//	# User@Host: root[root] @ localhost []  Id:     8
//	# Query_time: 2.000213  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 3000
//	use test;
//	SET timestamp=1764919232;
//	SELECT ...;
//
// Lock_time is always 0 (lock waits are not timed apart from the query).
// A COM_QUERY with several statements is one entry with its whole text.

// slowLog is the engine's slow log state. The settings are atomics read at
// the end of every command; the file is opened when logging is switched on
// and written under mu.
type slowLog struct {
	on        atomic.Bool
	longNanos atomic.Int64 // long_query_time

	mu     sync.Mutex
	path   string
	f      *os.File
	lastDB string // the entry's "use db;" is written when this changes
	header string // MySQL's three lines at the top of a new log
	log    func(msg string, args ...any)
}

// configureSlowLog reads the slow log's variables at start; a log that is
// on and cannot be opened is an error (the server does not start).
func (e *Engine) configureSlowLog() error {
	sl := &e.slow
	sl.log = e.log.Error
	if v, ok := e.vars.global("slow_query_log_file"); ok {
		sl.path = v.Str()
	}
	port, sock := "", ""
	if v, ok := e.vars.global("port"); ok {
		port = varText(v)
	}
	if v, ok := e.vars.global("socket"); ok {
		sock = v.Str()
	}
	sl.header = fmt.Sprintf("loopdb, Version: %s (loopdb). started with:\nTcp port: %s  Unix socket: %s\nTime                 Id Command    Argument\n",
		e.cfg.Version, port, sock)
	if v, ok := e.vars.global("long_query_time"); ok {
		sl.setLongQueryTime(v)
	}
	if v, ok := e.vars.global("slow_query_log"); ok {
		return sl.setOn(v.Int() != 0)
	}
	return nil
}

func (sl *slowLog) setLongQueryTime(v expr.Value) {
	sl.longNanos.Store(int64(v.Float() * float64(time.Second)))
}

// setOn switches logging; the file is opened (created, appended to) when
// it is switched on, and closed when it is switched off, so a rotated log
// is reopened with SET GLOBAL slow_query_log = OFF, then ON. A file that
// cannot be opened leaves the log off and is reported.
func (sl *slowLog) setOn(on bool) error {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if !on {
		sl.on.Store(false)
		if sl.f != nil {
			_ = sl.f.Close()
			sl.f = nil
		}
		return nil
	}
	if sl.f == nil {
		f, err := os.OpenFile(sl.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
		if err != nil {
			return mysqldef.NewError(mysqldef.ErrUnknownError, "Cannot open the slow query log file '%s': %v", sl.path, err)
		}
		if st, err := f.Stat(); err == nil && st.Size() == 0 {
			_, _ = f.WriteString(sl.header)
		}
		sl.f, sl.lastDB = f, ""
	}
	sl.on.Store(true)
	return nil
}

// slowEntry is one logged statement.
type slowEntry struct {
	end          time.Time
	start        time.Time
	user, host   string
	id           uint32
	db, text     string
	rowsSent     uint64
	rowsExamined uint64
}

// write appends e to the log in MySQL's format.
func (sl *slowLog) write(e *slowEntry) {
	var b strings.Builder
	fmt.Fprintf(&b, "# Time: %s\n", e.end.UTC().Format("2006-01-02T15:04:05.000000Z"))
	// MySQL writes "host [ip]": loopdb knows only one of them.
	host, ip := e.host, ""
	if host != "localhost" {
		host, ip = "", e.host
	}
	fmt.Fprintf(&b, "# User@Host: %s[%s] @ %s [%s]  Id: %5d\n", e.user, e.user, host, ip, e.id)
	fmt.Fprintf(&b, "# Query_time: %.6f  Lock_time: %.6f Rows_sent: %d  Rows_examined: %d\n",
		e.end.Sub(e.start).Seconds(), 0.0, e.rowsSent, e.rowsExamined)
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.f == nil {
		return
	}
	if e.db != "" && e.db != sl.lastDB {
		fmt.Fprintf(&b, "use %s;\n", e.db)
		sl.lastDB = e.db
	}
	fmt.Fprintf(&b, "SET timestamp=%d;\n", e.start.Unix())
	b.WriteString(e.text)
	if !strings.HasSuffix(strings.TrimSpace(e.text), ";") {
		b.WriteByte(';')
	}
	b.WriteByte('\n')
	if _, err := sl.f.WriteString(b.String()); err != nil {
		sl.log("writing the slow query log", "path", sl.path, "error", err)
	}
}

// close closes the file at shutdown.
func (sl *slowLog) close() {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.f != nil {
		_ = sl.f.Close()
		sl.f = nil
	}
}

// endCommandSlowLog runs as a statement command ends: if it took longer
// than long_query_time it counts in Slow_queries and, with the log on, is
// written. Cheap when nothing is slow: a clock read and two atomic loads.
func (s *Session) endCommandSlowLog(cmd *string, start int64) {
	if cmd != &cmdQuery && cmd != &cmdExecute {
		return
	}
	now := time.Now()
	took := now.UnixNano() - start
	if took <= s.eng.slow.longNanos.Load() {
		return
	}
	s.eng.slowQuery.Add(1)
	if !s.eng.slow.on.Load() {
		return
	}
	e := &slowEntry{end: now, start: time.Unix(0, start), user: s.user, host: s.clientHost, id: s.id,
		db: s.db, rowsSent: s.rowsSent}
	if info := s.info.Load(); info != nil {
		e.text = *info
	}
	if s.evalCtx != nil && s.evalCtx.RowsExamined >= s.examinedAtStart {
		e.rowsExamined = s.evalCtx.RowsExamined - s.examinedAtStart
	}
	s.eng.slow.write(e)
}

// CountRowSent counts a row sent to the client (the slow log's Rows_sent);
// the protocol side calls it per row.
func (s *Session) CountRowSent() { s.rowsSent++ }

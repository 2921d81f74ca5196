package exec

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// max_execution_time, as MySQL 8 applies it: a top-level read-only SELECT
// (text or prepared, not one inside a stored procedure) that runs longer
// than the session's max_execution_time milliseconds, or than its
// /*+ MAX_EXECUTION_TIME(n) */ hint, is interrupted with 3024. Nothing
// else is limited. The timer only raises a flag that the statement's own
// kill checks read (scans every few hundred rows, sorts, SLEEP, lock
// waits), so an expired statement stops where a KILL QUERY would, and
// SLEEP returns 1 as it does in MySQL.

// stmtTimeout is one SELECT's limit. The timer's goroutine and the
// session's worker share it: mu orders the timer's firing against the
// statement's end, so a late timer never touches the next statement.
type stmtTimeout struct {
	timer *time.Timer
	fired atomic.Bool // the limit passed while the statement ran
	mu    sync.Mutex
	ended bool // the statement finished; under mu
}

// armStmtTimeout starts the limit for stmt, if it has one. Statements of
// stored procedures and a procedure's expressions keep whatever the
// outer statement has (CALL has none).
func (s *Session) armStmtTimeout(stmt ast.StmtNode, inRoutine bool) {
	if inRoutine {
		return
	}
	s.timeout.Store(nil)
	limit := s.selectTimeLimit(stmt)
	if limit <= 0 {
		return
	}
	t := &stmtTimeout{}
	t.timer = time.AfterFunc(limit, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.ended {
			return
		}
		t.fired.Store(true)
		if cancel := s.cancelRef.Load(); cancel != nil {
			(*cancel)() // wakes a lock wait, as KILL QUERY does
		}
	})
	s.timeout.Store(t)
}

// endStmtTimeout stops the running statement's timer. The timeout stays
// readable (timedOut) until the next statement starts, so the error the
// statement ends with can be reported as 3024.
func (s *Session) endStmtTimeout() {
	t := s.timeout.Load()
	if t == nil {
		return
	}
	t.mu.Lock()
	t.ended = true
	t.mu.Unlock()
	t.timer.Stop()
}

// stmtTimedOut reports whether the running statement passed its limit.
func (s *Session) stmtTimedOut() bool {
	t := s.timeout.Load()
	return t != nil && t.fired.Load()
}

// selectTimeLimit is stmt's max_execution_time: its hint, else the
// session's variable; 0 when it has none (not a SELECT, or no limit).
func (s *Session) selectTimeLimit(stmt ast.StmtNode) time.Duration {
	var hints []*ast.TableOptimizerHint
	switch x := stmt.(type) {
	case *ast.SelectStmt:
		if x.SelectIntoOpt != nil {
			return 0
		}
		hints = x.TableHints
	case *ast.SetOprStmt:
	default:
		return 0
	}
	for _, h := range hints {
		if h.HintName.L == "max_execution_time" {
			if ms, ok := h.HintData.(uint64); ok {
				return time.Duration(min(ms, 1<<32-1)) * time.Millisecond
			}
		}
	}
	return s.hot().maxExecution
}

// timeoutError is err as a client is told it: a statement interrupted
// because its limit passed ends with 3024, not KILL QUERY's 1317.
func (s *Session) timeoutError(err error) error {
	if e, ok := err.(*mysqldef.SQLError); ok && e.Code == mysqldef.ErrQueryInterrupted && s.stmtTimedOut() {
		return mysqldef.NewError(mysqldef.ErrQueryTimeout, "Query execution was interrupted, maximum statement execution time exceeded")
	}
	return err
}

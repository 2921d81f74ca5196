package exec

import (
	"context"
	"time"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/exec/workpool"
	"github.com/loopdb/loopdb/storage"
)

// rowLocker takes a table.Writer's row locks for one statement: the wait
// runs through the worker pool's Blocking (so it does not hold a worker)
// and ends at the statement's lock wait timeout or on KILL.
type rowLocker struct {
	pool *workpool.Pool
	ctx  context.Context
	wait time.Duration
}

func (l *rowLocker) LockKey(tx storage.Txn, key []byte) error {
	return l.pool.Blocking(func() error { return tx.Lock(l.ctx, key, l.wait) })
}

// lockingWriter is a writer with its locker, allocated together.
type lockingWriter struct {
	w      table.Writer
	locker rowLocker
}

// newTableWriter returns a writer of t's rows in tx for the current
// statement.
func (s *Session) newTableWriter(t *table.Table, tx storage.Txn) *table.Writer {
	lw := &lockingWriter{locker: rowLocker{pool: s.eng.pool, ctx: s.stmtContext(), wait: s.lockWait()}}
	lw.w = table.MakeWriter(s.eng.catalog, t, tx, &lw.locker, s.evalCtx)
	if !s.foreignKeyChecks() {
		lw.w.SkipForeignKeyChecks()
	}
	if len(t.Checks) > 0 {
		lw.w.SetChecks(s.rowChecks(t))
	}
	// Statements with their own write context (INSERT, UPDATE, LOAD DATA)
	// replace this one through UseWriteCtx.
	lw.w.SetGenerated(s.compileGenerated, &table.WriteCtx{Eval: s.evalCtx, Strict: s.strictMode(), Row: 1})
	return &lw.w
}

// foreignKeyChecks reports the session's foreign_key_checks (dump restores
// turn it off to load tables in any order).
func (s *Session) foreignKeyChecks() bool { return s.hot().foreignKeyChecks }

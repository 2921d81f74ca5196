package exec

import (
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
)

// newTableWriter returns a writer of t's rows in tx for the current
// statement: its context (KILL), its lock wait, the worker pool for lock
// waits and its evaluation context.
func (s *Session) newTableWriter(t *table.Table, tx storage.Txn) *table.Writer {
	return table.NewWriter(s.eng.catalog, t, tx, table.WriterEnv{
		Ctx:      s.stmtContext(),
		LockWait: s.lockWait(),
		Blocker:  s.eng.pool,
		Eval:     s.evalCtx,
	})
}

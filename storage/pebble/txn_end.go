package pebble

import "github.com/loopdb/loopdb/storage"

// Commit applies all writes as one atomic batch (with fsync when the txn was
// begun with sync), then releases the locks, so a waiter that acquires a lock next
// reads the committed value. A txn without writes commits without touching
// the engine. Everything is released even when the batch commit fails; the
// error is returned and the writes are lost.
func (t *Txn) Commit() error {
	if t.done {
		return storage.ErrTxnDone
	}
	var err error
	if t.batch != nil && t.writes > 0 {
		t.closeIters() // Pebble requires the batch's iterators closed first
		err = t.batch.Commit(t.sync)
	}
	t.finish()
	if err != nil {
		t.m.commitErrors.Add(1)
		t.m.log.Error("transaction commit failed", "txn", t.id, "err", err)
		return err
	}
	t.m.commits.Add(1)
	return nil
}

// Rollback discards the writes and releases the locks. It is a no-op after
// Commit or Rollback.
func (t *Txn) Rollback() {
	if t.done {
		return
	}
	t.finish()
	t.m.rollbacks.Add(1)
}

// finish ends the txn: iterators, then the snapshot and the batch (which
// require their iterators closed), then the locks.
func (t *Txn) finish() {
	t.done = true
	t.closeIters()
	t.RefreshSnapshot()
	t.own = ownWrites{}
	t.undo = nil
	if t.batch != nil {
		t.batch.Close()
		t.batch = nil
	}
	for k := range t.held {
		t.m.locks.release(t, k)
	}
	t.held = nil
	t.stmt = stmtState{}
	t.m.active.Add(-1)
}

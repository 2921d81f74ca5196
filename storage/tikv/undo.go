package tikv

import "github.com/loopdb/loopdb/storage"

// Statement and savepoint rollback use client-go's staging buffers: each
// statement and each savepoint opens one in the write buffer, and rolling
// back cleans up every staging buffer from the top down to the one
// wanted, which restores the values the keys had when it opened. Locks
// are not in the staging buffers, so they stay held, as in InnoDB.
// Between statements a value written after the newest staging buffer may
// be overwritten in place, which is why a savepoint opens its own.

func (t *Txn) stage() int {
	t.depth = t.kv.GetMemBuffer().Staging()
	return t.depth
}

// unwindTo discards staging buffer h and every one above it.
func (t *Txn) unwindTo(h int) {
	if h <= 0 {
		return
	}
	mem := t.kv.GetMemBuffer()
	for t.depth >= h {
		mem.Cleanup(t.depth)
		t.depth--
	}
}

// BeginStatement starts recording what RollbackStatement undoes.
func (t *Txn) BeginStatement() {
	if t.done || t.stmt.active {
		return
	}
	t.stmt = stmt{active: true, writes: t.writes}
	// Each statement reads the latest committed state afresh (Current, and
	// consistent reads without a snapshot).
	t.curSnap = nil
	if t.kv != nil {
		t.stmt.handle = t.stage()
	}
}

// EndStatement keeps the statement's writes.
func (t *Txn) EndStatement() {
	if !t.stmt.active {
		return
	}
	h := t.stmt.handle
	t.stmt = stmt{}
	if h > 0 && h == t.depth {
		t.kv.GetMemBuffer().Release(h)
		t.depth--
	}
	// A savepoint taken inside the statement sits above its buffer: both
	// stay open, which costs memory until the txn ends, nothing else.
}

// RollbackStatement undoes the open statement's writes.
func (t *Txn) RollbackStatement() error {
	if t.done {
		return storage.ErrTxnDone
	}
	if !t.stmt.active {
		return nil
	}
	h, writes := t.stmt.handle, t.stmt.writes
	t.stmt = stmt{}
	if h > 0 {
		t.unwindTo(h)
	}
	t.writes = writes
	return nil
}

// Savepoint marks the writes so far: Pos is the staging buffer opened for
// it.
func (t *Txn) Savepoint() storage.Savepoint {
	if t.done || t.ensureKV() != nil {
		// A failed start shows up again at the next write; a savepoint
		// before any write undoes nothing.
		return storage.Savepoint{Pos: 0, Writes: t.writes}
	}
	return storage.Savepoint{Pos: t.stage(), Writes: t.writes}
}

// RollbackToSavepoint undoes every write after sp and ends any open
// statement; sp stays usable.
func (t *Txn) RollbackToSavepoint(sp storage.Savepoint) error {
	if t.done {
		return storage.ErrTxnDone
	}
	t.stmt = stmt{}
	if t.kv == nil || sp.Pos <= 0 {
		return nil
	}
	t.unwindTo(sp.Pos)
	t.stage() // the same position again, for a second rollback to sp
	t.writes = sp.Writes
	return nil
}

package pebble

import (
	"errors"
	"fmt"

	"github.com/loopdb/loopdb/storage"
)

// Statement-level atomicity and savepoints. Pebble batches cannot be
// truncated, so each Set/Delete inside a statement first records the value
// the txn saw under the key; RollbackStatement writes those prior states
// back in reverse order. This relies on the locking contract of Set/Delete:
// nobody else can commit to a key the txn writes, so the recorded value is
// still current. The records of a statement are dropped when it ends unless
// a savepoint was taken: from then on they are kept until the txn ends, and
// RollbackToSavepoint undoes the records after the savepoint's position.

// stmtState is the open statement, if any.
type stmtState struct {
	active        bool
	writesAtStart int
	undoAtStart   int // len(undo) when the statement began
}

// undoRecord is a key's state before one write: old, or absent, or (when
// the txn had not written the key before) committed: whatever the engine
// holds, read only if the write is undone.
type undoRecord struct {
	key       []byte
	old       []byte
	absent    bool
	committed bool
}

// BeginStatement starts recording undo for the writes that follow. Calling
// it while a statement is open keeps that statement's writes (an implicit
// EndStatement). Writes outside a statement are not undoable.
func (t *Txn) BeginStatement() {
	if t.done {
		return
	}
	t.EndStatement()
	t.stmt = stmtState{active: true, writesAtStart: t.writes, undoAtStart: len(t.undo)}
}

// EndStatement keeps the statement's writes.
func (t *Txn) EndStatement() {
	if !t.keepUndo {
		t.truncateUndo(0)
	}
	t.stmt = stmtState{}
}

// RollbackStatement undoes every Set/Delete since BeginStatement and ends the
// statement; without an open statement it does nothing. If it fails the
// txn's writes are in an unknown state: roll back the whole transaction.
func (t *Txn) RollbackStatement() error {
	if t.done {
		return storage.ErrTxnDone
	}
	if !t.stmt.active {
		return nil
	}
	st := t.stmt
	t.stmt = stmtState{}
	return t.undoTo(st.undoAtStart, st.writesAtStart)
}

// Savepoint marks the writes so far; from now on undo records are kept
// until the txn ends.
func (t *Txn) Savepoint() storage.Savepoint {
	t.keepUndo = true
	return storage.Savepoint{Pos: len(t.undo), Writes: t.writes}
}

// RollbackToSavepoint undoes the writes made inside statements since sp
// and ends any open statement; the locks stay held.
func (t *Txn) RollbackToSavepoint(sp storage.Savepoint) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if sp.Pos < 0 || sp.Pos > len(t.undo) || !t.keepUndo {
		return errors.New("storage: savepoint not of this transaction or already rolled back past")
	}
	t.stmt = stmtState{}
	return t.undoTo(sp.Pos, sp.Writes)
}

// undoTo writes back the prior states recorded from undo[pos] on, newest
// first, and drops those records.
func (t *Txn) undoTo(pos, writes int) error {
	for i := len(t.undo) - 1; i >= pos; i-- {
		r := t.undo[i]
		if r.committed {
			// The row lock kept other commits off the key since the write,
			// so the engine's latest value is the one the write replaced.
			old, err := t.m.eng.Get(r.key)
			switch {
			case err == nil:
				r.old = old
			case errors.Is(err, storage.ErrNotFound):
				r.absent = true
			default:
				t.truncateUndo(pos)
				return fmt.Errorf("storage: rollback: %w", err)
			}
		}
		b := t.writeBatch() // already exists: the recorded write created it
		t.changes++
		var err error
		if r.absent {
			err = b.Delete(r.key)
		} else {
			err = b.Set(r.key, r.old)
		}
		if err != nil {
			t.truncateUndo(pos)
			return fmt.Errorf("storage: rollback: %w", err)
		}
	}
	t.truncateUndo(pos)
	t.writes = writes
	return nil
}

// recordUndo saves key's current state (as this txn sees it, over the
// latest committed state) when a statement is open. A key the txn has not
// written yet is recorded as "committed" without reading it: most
// statements never roll back, and a read per written key (row and index
// entries) was a measurable share of every UPDATE.
func (t *Txn) recordUndo(key []byte) error {
	if !t.stmt.active {
		return nil
	}
	if !t.wroteBefore(key) {
		t.undo = append(t.undo, undoRecord{key: cloneBytes(key), committed: true})
		return nil
	}
	old, err := t.reader().Get(key)
	absent := errors.Is(err, storage.ErrNotFound)
	if err != nil && !absent {
		return err
	}
	t.undo = append(t.undo, undoRecord{key: cloneBytes(key), old: old, absent: absent})
	return nil
}

// wroteBefore reports whether the txn's batch already holds a write to key
// (a set, a delete or a range deletion over it). If the batch cannot say,
// it answers true, which costs a read but is always right.
func (t *Txn) wroteBefore(key []byte) bool {
	if t.batch == nil {
		return false
	}
	if err := t.own.catchUp(t.batch); err != nil {
		return true
	}
	return t.own.writtenBy(key, t.own.seq)
}

// truncateUndo drops the records from pos on, keeping the slice's capacity
// for the next statement.
func (t *Txn) truncateUndo(pos int) {
	clear(t.undo[pos:])
	t.undo = t.undo[:pos]
}

package pebble

import (
	"errors"
	"fmt"

	"github.com/loopdb/loopdb/storage"
)

// Statement-level atomicity. Pebble batches cannot be truncated, so each
// Set/Delete inside a statement first records the value the txn saw under
// the key; RollbackStatement writes those prior states back in reverse
// order. This relies on the locking contract of Set/Delete: nobody else can
// commit to a key the txn writes, so the recorded value is still current.

// stmtState is the open statement, if any, and its undo log.
type stmtState struct {
	active        bool
	writesAtStart int
	undo          []undoRecord
}

// undoRecord is a key's state before one write: old, or absent.
type undoRecord struct {
	key    []byte
	old    []byte
	absent bool
}

// BeginStatement starts recording undo for the writes that follow. Calling
// it while a statement is open keeps that statement's writes (an implicit
// EndStatement). Writes outside a statement are not undoable.
func (t *Txn) BeginStatement() {
	if t.done {
		return
	}
	t.stmt.reset()
	t.stmt.active = true
	t.stmt.writesAtStart = t.writes
}

// EndStatement keeps the statement's writes.
func (t *Txn) EndStatement() {
	t.stmt.reset()
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
	undo := t.stmt.undo
	for i := len(undo) - 1; i >= 0; i-- {
		r := undo[i]
		b := t.writeBatch() // already exists: the recorded write created it
		var err error
		if r.absent {
			err = b.Delete(r.key)
		} else {
			err = b.Set(r.key, r.old)
		}
		if err != nil {
			t.stmt.reset()
			return fmt.Errorf("storage: statement rollback: %w", err)
		}
	}
	t.writes = t.stmt.writesAtStart
	t.stmt.reset()
	return nil
}

// recordUndo saves key's current state (as this txn sees it) when a
// statement is open.
func (t *Txn) recordUndo(key []byte) error {
	if !t.stmt.active {
		return nil
	}
	old, err := t.reader().Get(key)
	absent := errors.Is(err, storage.ErrNotFound)
	if err != nil && !absent {
		return err
	}
	t.stmt.undo = append(t.stmt.undo, undoRecord{key: cloneBytes(key), old: old, absent: absent})
	return nil
}

// reset ends the statement, keeping the undo slice's capacity for the next.
func (s *stmtState) reset() {
	clear(s.undo)
	s.undo = s.undo[:0]
	s.active = false
	s.writesAtStart = 0
}

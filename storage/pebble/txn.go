package pebble

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// Txn is one transaction: a write batch (indexed on its first read, so
// that it reads its own writes: pebbleBatch), the snapshot its consistent reads see when it has one
// (txn_snapshot.go), the row locks it holds, and an undo log for statement
// and savepoint rollback. It is used by one goroutine at a
// time; only its lock-wait state is read by other transactions.
type Txn struct {
	m     *TxnManager
	id    uint64
	batch Batch // created on the first write

	held  map[string]struct{} // keys locked by this txn
	iters map[*txnIter]struct{}

	writes int // Set/Delete/DeleteRange calls not undone by RollbackStatement
	// changes counts every write to the batch, undo included, and never
	// goes down (storage.ChangeMark.Writes).
	changes uint64
	stmt    stmtState
	undo    []undoRecord // the open statement's, and since the first savepoint all
	// keepUndo: a savepoint was taken, so undo records outlive their
	// statement.
	keepUndo bool

	snapReads bool         // consistent reads go to snap (TxnOptions.Snapshot)
	snap      *txnSnapshot // nil until the first consistent read
	own       ownWrites    // the keys the batch wrote, for snapshot reads
	current   currentReader
	sync      bool // Commit waits for the WAL fsync
	done      bool

	// waiting is the lock this txn is blocked on, read by the deadlock walks
	// of other transactions.
	waiting atomic.Pointer[lockWaiter]
}

var (
	_ storage.Txn          = (*Txn)(nil)
	_ storage.RangeDeleter = (*Txn)(nil)
	_ storage.ChangeMarker = (*Txn)(nil)
)

// commitCounter is the optional capability of a KV that counts its commits
// (DB does).
type commitCounter interface{ Commits() uint64 }

// ChangeMark implements storage.ChangeMarker when the engine counts its
// commits.
func (t *Txn) ChangeMark() (storage.ChangeMark, bool) {
	c, ok := t.m.eng.(commitCounter)
	if !ok {
		return storage.ChangeMark{}, false
	}
	return storage.ChangeMark{Commits: c.Commits(), Writes: t.changes}, true
}

// ID is unique among the manager's transactions and increases with Begin.
func (t *Txn) ID() uint64 { return t.id }

// reader is what the txn sees: its batch over the engine, or just the engine
// before the first write.
func (t *Txn) reader() storage.Reader {
	if t.batch != nil {
		return t.batch
	}
	return t.m.eng
}

// Get returns the value under key as this txn's consistent read sees it
// (own writes first, then the snapshot or, without snapshot reads, the
// latest committed value), or storage.ErrNotFound.
func (t *Txn) Get(key []byte) ([]byte, error) {
	if t.done {
		return nil, storage.ErrTxnDone
	}
	if t.snapReads {
		return t.snapshotGet(key)
	}
	return t.reader().Get(key)
}

// NewIter iterates [lower, upper) over the txn's writes merged with the
// snapshot (or, without snapshot reads, the latest committed state), as of
// the moment it is created (later writes of the txn are not seen). Close it
// before Commit/Rollback; any still open then are closed by them.
func (t *Txn) NewIter(lower, upper []byte) (storage.Iterator, error) {
	if t.done {
		return nil, storage.ErrTxnDone
	}
	if t.snapReads {
		return t.snapshotIter(lower, upper)
	}
	it, err := t.reader().NewIter(lower, upper)
	if err != nil {
		return nil, err
	}
	return t.track(it, nil), nil
}

// Set writes key=value in the transaction.
//
// Contract: the caller holds the row lock protecting key (Lock on the row key
// before writing the row and its index entries). Statement rollback restores
// the value this txn saw before the write, which is only right if no other
// transaction can commit to key in between.
func (t *Txn) Set(key, value []byte) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if err := t.recordUndo(key); err != nil {
		return err
	}
	t.changes++
	if err := t.writeBatch().Set(key, value); err != nil {
		return err
	}
	t.writes++
	return nil
}

// Delete removes key in the transaction. Same locking contract as Set.
func (t *Txn) Delete(key []byte) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if err := t.recordUndo(key); err != nil {
		return err
	}
	t.changes++
	if err := t.writeBatch().Delete(key); err != nil {
		return err
	}
	t.writes++
	return nil
}

// DeleteRange deletes every key in [start, end) with one range tombstone in
// the txn's batch (storage.RangeDeleter). The undo log cannot restore a
// range, so it is refused while a statement is open.
func (t *Txn) DeleteRange(start, end []byte) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if t.stmt.active {
		return storage.ErrRangeInStatement
	}
	t.changes++
	if err := t.writeBatch().DeleteRange(start, end); err != nil {
		return err
	}
	t.writes++
	return nil
}

func (t *Txn) writeBatch() Batch {
	if t.batch == nil {
		t.batch = t.m.eng.NewBatch()
	}
	return t.batch
}

// Dirty reports whether the txn has writes to commit (writes undone by
// RollbackStatement do not count).
func (t *Txn) Dirty() bool { return t.writes > 0 }

// Lock takes the exclusive lock on key, held until Commit or Rollback.
// Locking a key the txn already holds returns nil at once. While another txn
// holds it, Lock waits up to wait (wait <= 0: not at all) and returns
//   - storage.ErrDeadlock at once if waiting would close a cycle; the caller
//     should roll back the transaction so the others can proceed,
//   - storage.ErrLockWaitTimeout when wait runs out,
//   - ctx.Err() when ctx is cancelled (KILL QUERY).
func (t *Txn) Lock(ctx context.Context, key []byte, wait time.Duration) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if _, ok := t.held[string(key)]; ok {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	k := string(key)
	err := t.m.locks.acquire(ctx, t, k, wait)
	if err != nil {
		if errors.Is(err, storage.ErrDeadlock) {
			t.m.log.Debug("deadlock: lock request refused", "txn", t.id, "key", k)
		}
		return err
	}
	if t.held == nil {
		t.held = make(map[string]struct{})
	}
	t.held[k] = struct{}{}
	return nil
}

// Locked reports whether this txn holds the lock on key.
func (t *Txn) Locked(key []byte) bool {
	_, ok := t.held[string(key)]
	return ok
}

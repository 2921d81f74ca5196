package storage

import (
	"context"
	"time"
)

// Engine is an open backend. It is safe for concurrent use.
type Engine interface {
	// Get and NewIter read the latest committed state outside any
	// transaction (loading the catalog, table statistics, ALTER TABLE's
	// pass over rows under an exclusive metadata lock).
	Reader
	// Begin starts a transaction. It should cost no I/O until the first
	// read or write.
	Begin(opts TxnOptions) Txn
	// Close releases the backend; every transaction and iterator must be
	// finished first.
	Close() error
}

// TxnOptions configure one transaction. The zero value is the durable
// default.
type TxnOptions struct {
	// NoSync lets Commit return before the writes are on stable storage
	// (innodb_flush_log_at_trx_commit != 1): a crash may lose the last
	// committed transactions, never a part of one. A backend that is always
	// durable ignores it.
	NoSync bool
	// Snapshot makes the txn's consistent reads (Reader's Get and NewIter)
	// see one snapshot of the committed state, taken at the first such
	// read or at TakeSnapshot, plus the txn's own writes: REPEATABLE READ
	// as InnoDB has it. Without it each Get and each iterator sees the
	// latest committed state as of the moment it runs or opens, which is
	// all a single autocommit statement needs, and costs nothing.
	Snapshot bool
}

// Savepoint marks a point in a transaction's writes that
// Txn.RollbackToSavepoint returns to. Its fields are the backend's own
// positions (Pebble: the length of the undo log and the write count);
// callers only hand it back to the txn that made it.
type Savepoint struct {
	Pos, Writes int
}

// Reader is the read side shared by an engine and its transactions.
type Reader interface {
	// Get returns a copy of the value stored under key, or ErrNotFound.
	Get(key []byte) ([]byte, error)
	// NewIter returns an iterator over keys in [lower, upper). A nil bound
	// means unbounded on that side. The bounds are copied. The iterator must
	// be closed, and closed before the reader it came from.
	NewIter(lower, upper []byte) (Iterator, error)
}

// Txn is one transaction. It is used by one goroutine at a time.
//
// Its own Get and NewIter are consistent (non-locking) reads: the txn's
// own writes over its snapshot when it has one (TxnOptions.Snapshot), over
// the latest committed state otherwise. Current reads the txn's own writes
// over the latest committed state: locking reads and the reads a write
// makes to find and change rows. An iterator sees the writes made before
// it was opened; writing while an iterator is open is allowed.
type Txn interface {
	Reader

	// Current reads the latest committed state plus the txn's own writes,
	// whether or not the txn has a snapshot (SELECT ... FOR UPDATE, and
	// UPDATE, DELETE, INSERT ... ON DUPLICATE KEY UPDATE, REPLACE finding
	// their rows, as InnoDB reads them). The Reader is valid until the txn
	// ends; its iterators follow NewIter's rules.
	Current() Reader
	// TakeSnapshot turns on snapshot reads if the txn was begun without
	// them and takes the snapshot now unless it has one (START TRANSACTION
	// WITH CONSISTENT SNAPSHOT).
	TakeSnapshot() error
	// RefreshSnapshot drops the txn's snapshot: its next consistent read
	// takes a new one (READ COMMITTED: one snapshot per statement).
	// Iterators already open keep reading the one they opened on.
	RefreshSnapshot()

	// Set writes key=value in the transaction. Delete removes key.
	//
	// Contract: the caller holds the row lock protecting key (Lock on the
	// row key before writing the row and its index entries), or otherwise
	// knows that no other transaction writes key meanwhile (catalog changes,
	// serialised by the catalog). Statement rollback restores the value
	// this txn saw before the write. Both copy key and value: the caller
	// may reuse its buffers at once.
	Set(key, value []byte) error
	Delete(key []byte) error

	// Lock takes the exclusive lock on key, held until Commit or Rollback.
	// Locking a key the txn already holds returns nil at once. While another
	// txn holds it, Lock waits up to wait (wait <= 0: not at all) and returns
	//   - ErrDeadlock at once if waiting would close a cycle; the caller
	//     rolls back the transaction so the others can proceed (1213),
	//   - ErrLockWaitTimeout when wait runs out; the caller rolls back the
	//     statement (1205),
	//   - ctx.Err() when ctx is cancelled (KILL QUERY).
	Lock(ctx context.Context, key []byte, wait time.Duration) error
	// Locked reports whether this txn holds the lock on key.
	Locked(key []byte) bool

	// BeginStatement starts recording what RollbackStatement undoes.
	// Calling it while a statement is open keeps that statement's writes.
	// Writes outside a statement are not undoable.
	BeginStatement()
	// EndStatement keeps the statement's writes.
	EndStatement()
	// RollbackStatement undoes every Set/Delete since BeginStatement and
	// ends the statement; without an open statement it does nothing. If it
	// fails, the caller rolls back the whole transaction.
	RollbackStatement() error

	// Savepoint marks the txn's writes so far. Writes made inside
	// statements after it can be undone by RollbackToSavepoint; writes
	// outside statements cannot.
	Savepoint() Savepoint
	// RollbackToSavepoint undoes every write made after sp (a savepoint of
	// this txn, not rolled back past) and ends any open statement. Locks
	// stay held, as in InnoDB. If it fails, the caller rolls back the whole
	// transaction.
	RollbackToSavepoint(sp Savepoint) error

	// Dirty reports whether the txn has writes to commit (writes undone by
	// RollbackStatement do not count).
	Dirty() bool
	// Commit makes every write visible atomically, durably unless the txn
	// was begun with NoSync, then releases the locks. The txn is finished
	// even when Commit fails; the error means the writes are lost.
	Commit() error
	// Rollback discards the writes and releases the locks. It is a no-op
	// after Commit or Rollback.
	Rollback()
	// ID identifies the transaction in logs; unique within the engine.
	ID() uint64
}

// Iterator walks keys in order within its bounds.
//
// Key and Value return slices owned by the iterator: they are valid only until
// the next positioning call (First, Last, Next, Prev, SeekGE) or Close, and
// must not be modified. Copy them to keep them.
type Iterator interface {
	// First, Last, SeekGE, Next and Prev position the iterator and report
	// whether it now points at an entry.
	First() bool
	Last() bool
	SeekGE(key []byte) bool
	Next() bool
	Prev() bool
	Valid() bool
	Key() []byte
	// Value returns nil and records an error (see Error) if the value could
	// not be read.
	Value() []byte
	// Error reports any error met while iterating; check it after a loop ends.
	Error() error
	Close() error
}

// Rebounder is the optional capability of an Iterator to move to new
// bounds [lower, upper) without being closed and opened again: a join
// reads its inner table once per outer row, and opening an iterator costs
// more than the lookup it serves. SetBounds reports false when this
// iterator cannot (then nothing changed); after true, the iterator is
// unpositioned until First, Last or SeekGE, and the caller may reuse the
// bound slices.
type Rebounder interface {
	SetBounds(lower, upper []byte) bool
}

// Shared is the optional capability of an Engine whose data other
// processes change too (several loopdb front ends over one TiKV cluster).
// Whatever exec caches from storage (the catalog) must then be checked
// against storage before each statement; over an engine without it, this
// process is the only writer and its caches are the truth.
type Shared interface {
	SharedByFrontEnds() bool
}

// LockStats counts row-lock waits since the engine opened.
type LockStats struct {
	Waits        uint64        // lock requests that had to wait
	Deadlocks    uint64        // requests refused because waiting would close a cycle
	Timeouts     uint64        // waits that ended at the lock wait timeout
	CurrentWaits int64         // requests waiting now
	WaitTime     time.Duration // summed time of finished waits
	MaxWait      time.Duration // longest finished wait
}

// LockReporter is the optional capability of an Engine that keeps its own
// lock table and can count its waits (SHOW STATUS's Innodb_row_lock_*).
type LockReporter interface {
	LockStats() LockStats
}

// SizeEstimator is the optional capability of an Engine that can estimate
// cheaply how many bytes of stored data lie in the key range [lo, hi)
// (Pebble: the on-disk tables' share of it, at block granularity; writes
// still in memtables are not counted). The planner compares a secondary
// index range with the whole index to choose between the index and a full
// scan (plan's rangeTooWide).
type SizeEstimator interface {
	EstimateSize(lo, hi []byte) (uint64, error)
}

// ChangeMarker is the optional capability of a Txn that can say cheaply
// whether what its reads see may have changed: the mark moves whenever a
// transaction of this process commits and whenever this one writes (or
// undoes a write). A writer that learned a fact about the data ("no row key
// of the table sorts after K") may rely on it while the mark stays put.
//
// A commit's mark moves after its writes are visible and before it releases
// its locks: a txn that holds the lock on a key and sees the mark where it
// was knows that nobody committed that key since.
type ChangeMarker interface {
	// ChangeMark returns the current mark; ok is false when the engine
	// cannot tell (then nothing may be concluded).
	ChangeMark() (mark ChangeMark, ok bool)
}

// ChangeMark is a ChangeMarker's mark: the engine's commits and the txn's
// own writes, each only ever counted up.
type ChangeMark struct {
	Commits uint64
	Writes  uint64
}

package storage

import (
	"errors"
	"log/slog"
	"sync/atomic"
)

// ErrDeadlock is returned by Txn.Lock when waiting would close a cycle of
// transactions waiting on each other. The caller should roll back the whole
// transaction, like InnoDB (MySQL error 1213).
var ErrDeadlock = errors.New("storage: deadlock found when trying to get lock")

// ErrLockWaitTimeout is returned by Txn.Lock when the lock stayed held by
// another transaction for the whole wait. Only the statement needs to be
// rolled back (MySQL error 1205).
var ErrLockWaitTimeout = errors.New("storage: lock wait timeout exceeded")

// ErrTxnDone is returned when a transaction is used after Commit or Rollback.
var ErrTxnDone = errors.New("storage: transaction already committed or rolled back")

// TxnOptions configure a TxnManager.
type TxnOptions struct {
	// Sync makes every Commit wait for the WAL fsync, so a committed
	// transaction survives a crash. Beware: the zero value is false (not
	// durable); DefaultTxnOptions sets it. An engine opened with DisableSync
	// skips the fsync regardless.
	Sync bool
	// Logger receives deadlock (debug) and commit failure (error) lines.
	// Nil uses slog.Default().
	Logger *slog.Logger
}

// DefaultTxnOptions is the durable configuration.
func DefaultTxnOptions() TxnOptions {
	return TxnOptions{Sync: true}
}

// TxnStats are cumulative counters since the manager was created, except
// Active.
type TxnStats struct {
	Begun            uint64
	Commits          uint64 // successful Commit calls, read-only ones included
	CommitErrors     uint64
	Rollbacks        uint64
	Active           int64  // transactions begun and not yet finished
	LockWaits        uint64 // Lock calls that had to block
	Deadlocks        uint64
	LockWaitTimeouts uint64
}

// TxnManager creates transactions over one engine and owns their lock table.
// It is safe for concurrent use. Commits are not serialised here: concurrent
// Sync commits reach Pebble's commit pipeline together and share fsyncs.
type TxnManager struct {
	eng   Engine
	sync  bool
	log   *slog.Logger
	locks *lockTable

	nextID       atomic.Uint64
	commits      atomic.Uint64
	commitErrors atomic.Uint64
	rollbacks    atomic.Uint64
	active       atomic.Int64
}

// NewTxnManager returns the manager for eng. Use one per engine: locks only
// exclude transactions of the same manager.
func NewTxnManager(eng Engine, opts TxnOptions) *TxnManager {
	if eng == nil {
		eng = noEngine{} // misuse fails with ErrClosed instead of a nil dereference
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &TxnManager{eng: eng, sync: opts.Sync, log: log, locks: newLockTable()}
}

// Begin starts a transaction. It costs no I/O; the write batch is created on
// the first write.
func (m *TxnManager) Begin() *Txn {
	m.active.Add(1)
	return &Txn{m: m, id: m.nextID.Add(1)}
}

// Stats returns a snapshot of the counters.
func (m *TxnManager) Stats() TxnStats {
	return TxnStats{
		Begun:            m.nextID.Load(),
		Commits:          m.commits.Load(),
		CommitErrors:     m.commitErrors.Load(),
		Rollbacks:        m.rollbacks.Load(),
		Active:           m.active.Load(),
		LockWaits:        m.locks.waits.Load(),
		Deadlocks:        m.locks.deadlocks.Load(),
		LockWaitTimeouts: m.locks.timeouts.Load(),
	}
}

// noEngine stands in for a nil engine: every operation fails cleanly.
type noEngine struct{}

func (noEngine) Get([]byte) ([]byte, error)            { return nil, ErrClosed }
func (noEngine) NewIter(_, _ []byte) (Iterator, error) { return nil, ErrClosed }
func (noEngine) NewBatch() Batch                       { return closedBatch{} }
func (noEngine) NewSnapshot() Snapshot                 { return closedSnapshot{} }
func (noEngine) Close() error                          { return ErrClosed }

package pebble

import (
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// TxnOptions configure a TxnManager.
type TxnOptions struct {
	// Sync makes every Commit of a txn from Begin wait for the WAL fsync,
	// so a committed transaction survives a crash. Beware: the zero value is
	// false (not durable); DefaultTxnOptions sets it. An engine opened with
	// DisableSync skips the fsync regardless. Engine.Begin decides per txn
	// instead (storage.TxnOptions.NoSync).
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
	Snapshots        int64  // snapshots taken by transactions and not yet released
	LockWaits        uint64 // Lock calls that had to block
	Deadlocks        uint64
	LockWaitTimeouts uint64
}

// TxnManager creates transactions over one KV and owns their lock table.
// It is safe for concurrent use. Commits are not serialised here: concurrent
// Sync commits reach Pebble's commit pipeline together and share fsyncs.
type TxnManager struct {
	eng   KV
	sync  bool
	log   *slog.Logger
	locks *lockTable

	nextID       atomic.Uint64
	commits      atomic.Uint64
	commitErrors atomic.Uint64
	rollbacks    atomic.Uint64
	active       atomic.Int64
	snapshots    atomic.Int64
}

// NewTxnManager returns the manager for eng. Use one per KV: locks only
// exclude transactions of the same manager.
func NewTxnManager(eng KV, opts TxnOptions) *TxnManager {
	if eng == nil {
		eng = noEngine{} // misuse fails with storage.ErrClosed instead of a nil dereference
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &TxnManager{eng: eng, sync: opts.Sync, log: log, locks: newLockTable()}
}

// Begin starts a transaction that commits with the manager's Sync setting.
// It costs no I/O; the write batch is created on the first write.
func (m *TxnManager) Begin() *Txn {
	return m.begin(m.sync, false)
}

// BeginSnapshot starts a transaction whose consistent reads see one
// snapshot, taken at the first of them (storage.TxnOptions.Snapshot).
func (m *TxnManager) BeginSnapshot() *Txn {
	return m.begin(m.sync, true)
}

// begin starts a transaction whose Commit syncs when sync is set and whose
// consistent reads see a snapshot when snapReads is.
func (m *TxnManager) begin(sync, snapReads bool) *Txn {
	m.active.Add(1)
	t := &Txn{m: m, id: m.nextID.Add(1), sync: sync, snapReads: snapReads}
	t.current.t = t
	return t
}

// Stats returns a snapshot of the counters.
func (m *TxnManager) Stats() TxnStats {
	return TxnStats{
		Begun:            m.nextID.Load(),
		Commits:          m.commits.Load(),
		CommitErrors:     m.commitErrors.Load(),
		Rollbacks:        m.rollbacks.Load(),
		Active:           m.active.Load(),
		Snapshots:        m.snapshots.Load(),
		LockWaits:        m.locks.waits.Load(),
		Deadlocks:        m.locks.deadlocks.Load(),
		LockWaitTimeouts: m.locks.timeouts.Load(),
	}
}

// LockStats reports the lock table's waits (storage.LockReporter).
func (m *TxnManager) LockStats() storage.LockStats {
	return storage.LockStats{
		Waits:        m.locks.waits.Load(),
		Deadlocks:    m.locks.deadlocks.Load(),
		Timeouts:     m.locks.timeouts.Load(),
		CurrentWaits: m.locks.waiting.Load(),
		WaitTime:     time.Duration(m.locks.waitNanos.Load()),
		MaxWait:      time.Duration(m.locks.maxWait.Load()),
	}
}

// noEngine stands in for a nil engine: every operation fails cleanly.
type noEngine struct{}

func (noEngine) Get([]byte) ([]byte, error)                    { return nil, storage.ErrClosed }
func (noEngine) NewIter(_, _ []byte) (storage.Iterator, error) { return nil, storage.ErrClosed }
func (noEngine) NewBatch() Batch                               { return closedBatch{} }
func (noEngine) NewSnapshot() Snapshot                         { return closedSnapshot{} }
func (noEngine) Close() error                                  { return storage.ErrClosed }

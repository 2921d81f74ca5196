package pebble

import (
	"log/slog"

	pebbledb "github.com/cockroachdb/pebble/v2"

	"github.com/loopdb/loopdb/storage"
)

// Engine is the storage.Engine over one DB: reads outside a transaction go
// to the DB, transactions come from its TxnManager.
type Engine struct {
	db   *DB
	txns *TxnManager
}

var (
	_ storage.Engine        = (*Engine)(nil)
	_ storage.LockReporter  = (*Engine)(nil)
	_ storage.SizeEstimator = (*Engine)(nil)
)

// EstimateSize reports the bytes of sstables holding keys in [lo, hi)
// (storage.SizeEstimator): Pebble's EstimateDiskUsage, which reads the
// boundary tables' index blocks (cached) and nothing else.
func (e *Engine) EstimateSize(lo, hi []byte) (uint64, error) {
	return e.db.db.EstimateDiskUsage(lo, hi)
}

// LockStats reports row-lock waits (storage.LockReporter).
func (e *Engine) LockStats() storage.LockStats { return e.txns.LockStats() }

// NewEngine serves db as a storage.Engine; transactions log deadlocks
// (debug) and commit failures (error) to log, nil meaning slog.Default().
// The engine owns db: Close closes it.
func NewEngine(db *DB, log *slog.Logger) *Engine {
	return &Engine{db: db, txns: NewTxnManager(db, TxnOptions{Sync: true, Logger: log})}
}

// Get returns the latest committed value under key, or storage.ErrNotFound.
func (e *Engine) Get(key []byte) ([]byte, error) { return e.db.Get(key) }

// NewIter iterates the latest committed state in [lower, upper).
func (e *Engine) NewIter(lower, upper []byte) (storage.Iterator, error) {
	return e.db.NewIter(lower, upper)
}

// Begin starts a transaction; it commits with fsync unless opts.NoSync, and
// its consistent reads see a snapshot if opts.Snapshot.
func (e *Engine) Begin(opts storage.TxnOptions) storage.Txn {
	return e.txns.begin(!opts.NoSync, opts.Snapshot)
}

// Close closes the DB.
func (e *Engine) Close() error { return e.db.Close() }

// Compact implements storage.Compacter.
func (e *Engine) Compact(start, end []byte) error { return e.db.Compact(start, end) }

// Checkpoint writes a consistent copy of the database into dir (which must
// not exist) while the engine keeps serving. Pebble hard-links the
// immutable table files and copies the live WAL, flushed first so the
// copy's memtable contents are in it; every commit is one atomic batch, so
// the copy holds whole transactions up to one sequence number.
func (e *Engine) Checkpoint(dir string) error { return e.db.Checkpoint(dir) }

var _ storage.Checkpointer = (*Engine)(nil)

// Metrics is Pebble's own view of the store (compactions, memtables, block
// cache, WAL) for the metrics endpoint; it takes Pebble's locks briefly, so
// call it at scrape time, not per statement.
func (e *Engine) Metrics() *pebbledb.Metrics { return e.db.db.Metrics() }

// GoHeapBytes is how much of the Go heap Pebble's own buffers take: the
// block cache's blocks and the memtables' arenas. The shipped static build
// (CGO_ENABLED=0) allocates them with make, so the garbage collector counts
// them as live heap; a cgo build puts them in C memory and this is 0. Like
// Metrics it takes Pebble's locks briefly: call it a few times a second at
// most (the server's GC pacer does, after a collection).
func (e *Engine) GoHeapBytes() int64 {
	if !buffersOnGoHeap {
		return 0
	}
	m := e.Metrics()
	// Zombie memtables are flushed ones still referenced (by an open
	// iterator's read state, or kept for reuse by the next rotation): their
	// arenas are still allocated.
	return m.BlockCache.Size + int64(m.MemTable.Size+m.MemTable.ZombieSize)
}

package pebble

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"

	pebbledb "github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/loopdb/loopdb/storage"
)

// Options configure Open.
type Options struct {
	// Logger receives Pebble's log lines (Info at debug level). Nil uses
	// slog.Default().
	Logger *slog.Logger
	// DisableSync makes Commit(true) skip the WAL fsync: faster, but a crash
	// of the machine (not just the process) may lose recent commits.
	DisableSync bool
	// CacheSize is the block cache size in bytes; 0 keeps Pebble's default.
	CacheSize int64
	// MemTableSize caps one memtable in bytes; 0 keeps DefaultMemTableSize.
	MemTableSize uint64
	// FS is the file system Pebble writes through; nil is the real disk.
	// Tests only: it is how they inject disk faults (write_fault_test.go);
	// no server flag sets it.
	FS vfs.FS
}

// DefaultMemTableSize is the memtable cap Open uses unless told otherwise.
//
// Pebble's 4 MB default flushes bulk writes into many small L0 tables that
// compaction then rewrites: a 600,000-row LOAD DATA ran 1.66x faster with
// half the CPU at 32 MB. Memtables start small and grow to this under write
// load, so an idle server's memory is unchanged (bench/RESULTS.md).
const DefaultMemTableSize = 32 << 20

// dataBlockSize is the target size of an sstable's data blocks (see Open).
const dataBlockSize = 16 << 10

// DB is the KV backed by a Pebble database on local disk.
type DB struct {
	db          *pebbledb.DB
	disableSync bool
	closed      atomic.Bool
	stale       staleFlusher
	guard       writeGuard    // stops writes after a failed disk write (write_fault.go)
	commits     atomic.Uint64 // batches committed (or attempted), for storage.ChangeMarker
}

// Commits counts the batches committed through this DB; it moves after a
// commit's writes are visible.
func (p *DB) Commits() uint64 { return p.commits.Load() }

var _ KV = (*DB)(nil)

// Open opens (creating if needed) the Pebble database in dir.
func Open(dir string, opts Options) (*DB, error) {
	if dir == "" {
		return nil, errors.New("storage: empty data directory")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("storage: create %s: %w", dir, err)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	p := &DB{disableSync: opts.DisableSync}
	p.guard.log = logger
	pebbleOpts := &pebbledb.Options{
		FormatMajorVersion: pebbledb.FormatNewest,
		Logger:             pebbleLogger{log: logger},
		MemTableSize:       DefaultMemTableSize,
		FS:                 opts.FS,
		EventListener: &pebbledb.EventListener{
			BackgroundError: p.guard.backgroundError,
			// Every completed flush (Pebble's own when a memtable fills,
			// and the early ones) leaves the scans' waste in sstables:
			// the stale-memtable counts start again.
			FlushEnd: func(pebbledb.FlushInfo) { p.stale.flushed() },
		},
	}
	if opts.MemTableSize > 0 {
		pebbleOpts.MemTableSize = opts.MemTableSize
	}
	// Bloom filters on every level: a Get for a key that does not exist
	// (every INSERT's duplicate check) then skips a table's data blocks
	// instead of reading and decompressing them.
	// 16 KB data blocks (Pebble's default is 4 KB; InnoDB's pages are 16
	// KB): a scan loads a quarter as many blocks, each a block-cache
	// lookup and an iterator set-up, which made a full scan of sysbench's
	// rows 15-20 % cheaper; a point read still seeks one cached block.
	for i := range pebbleOpts.Levels {
		pebbleOpts.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
		pebbleOpts.Levels[i].BlockSize = dataBlockSize
	}
	if opts.CacheSize > 0 {
		pebbleOpts.CacheSize = opts.CacheSize
	}
	db, err := pebbledb.Open(dir, pebbleOpts)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", dir, err)
	}
	p.db = db
	return p, nil
}

// Checkpoint writes a consistent copy of the database into dir (see
// Engine.Checkpoint).
func (p *DB) Checkpoint(dir string) error {
	if p.closed.Load() {
		return storage.ErrClosed
	}
	return p.db.Checkpoint(dir, pebbledb.WithFlushedWAL())
}

// Compact compacts [start, end) down the LSM (OPTIMIZE TABLE): deleted
// keys and overwritten versions in it are dropped, memtable entries
// included (they are flushed first).
func (p *DB) Compact(start, end []byte) error {
	if p.closed.Load() {
		return storage.ErrClosed
	}
	return p.db.Compact(context.Background(), start, end, true)
}

// Get returns a copy of the value under key, or storage.ErrNotFound.
func (p *DB) Get(key []byte) ([]byte, error) {
	if p.closed.Load() {
		return nil, storage.ErrClosed
	}
	return getCopy(p.db, key)
}

// NewIter returns an iterator over [lower, upper).
func (p *DB) NewIter(lower, upper []byte) (storage.Iterator, error) {
	if p.closed.Load() {
		return nil, storage.ErrClosed
	}
	return newIterator(p.db, lower, upper, p)
}

// NewBatch returns a batch whose reads see its own writes (indexed on its
// first read: pebbleBatch).
func (p *DB) NewBatch() Batch {
	if p.closed.Load() {
		return closedBatch{}
	}
	return &pebbleBatch{engine: p, b: p.db.NewBatch()}
}

// NewSnapshot returns a point-in-time view of the engine.
func (p *DB) NewSnapshot() Snapshot {
	if p.closed.Load() {
		return closedSnapshot{}
	}
	return &pebbleSnapshot{engine: p, snap: p.db.NewSnapshot()}
}

// Close flushes nothing extra (committed data is already in the WAL) and
// releases the database. A second Close returns storage.ErrClosed.
func (p *DB) Close() error {
	if !p.closed.CompareAndSwap(false, true) {
		return storage.ErrClosed
	}
	p.stale.wg.Wait()
	if p.guard.failed.Load() != nil {
		return p.closeAfterFailure()
	}
	return p.db.Close()
}

// writeOptions maps the caller's sync wish onto Pebble, honouring DisableSync.
func (p *DB) writeOptions(sync bool) *pebbledb.WriteOptions {
	if sync && !p.disableSync {
		return pebbledb.Sync
	}
	return pebbledb.NoSync
}

// getCopy reads key from any Pebble reader and copies the value out, since
// Pebble's slice is only valid until its closer is closed.
func getCopy(r pebbledb.Reader, key []byte) ([]byte, error) {
	value, closer, err := r.Get(key)
	if errors.Is(err, pebbledb.ErrNotFound) {
		return nil, storage.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(value))
	copy(out, value)
	return out, closeQuietly(closer)
}

func closeQuietly(c io.Closer) error {
	if c == nil {
		return nil
	}
	return c.Close()
}

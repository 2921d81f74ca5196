package pebble

import (
	"errors"

	"github.com/loopdb/loopdb/storage"
)

// ErrBatchCommitted is returned when a batch is written to, read or committed
// again after Commit.
var ErrBatchCommitted = errors.New("storage: batch already committed")

// KV is the key-value layer the transactions are built on: ordered point
// reads, bounded iterators, atomic indexed batches and snapshots. DB
// implements it; tests wrap it to count or fail commits.
type KV interface {
	storage.Reader
	// NewBatch returns an indexed batch: its Get and NewIter see the batch's
	// own writes layered over the engine's current state.
	NewBatch() Batch
	// NewSnapshot returns a consistent read-only view of the engine as of now.
	NewSnapshot() Snapshot
	// Close releases the engine. Iterators, batches and snapshots must be
	// closed first.
	Close() error
}

// Batch collects writes that Commit applies atomically. A batch is not safe
// for concurrent use.
type Batch interface {
	storage.Reader
	Set(key, value []byte) error
	Delete(key []byte) error
	// DeleteRange deletes every key in [start, end), including keys written
	// earlier in this batch. Used to drop or truncate a table in O(1).
	DeleteRange(start, end []byte) error
	// Commit applies the batch. With sync the write is on stable storage when
	// Commit returns (unless the engine was opened with DisableSync).
	Commit(sync bool) error
	// Close releases the batch; required whether or not it was committed.
	// Iterators from the batch must be closed before it.
	Close()
}

// Snapshot is a point-in-time read-only view; later writes are invisible.
type Snapshot interface {
	storage.Reader
	Close() error
}

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
	// NewBatch returns a batch whose Get and NewIter see the batch's own
	// writes layered over the engine's current state.
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
	// NewOwnIter iterates only the batch's own writes in [lower, upper):
	// keys it set, not the engine's state (a key it deleted is absent).
	NewOwnIter(lower, upper []byte) (storage.Iterator, error)
	// WrittenKeys calls fn with every key the batch wrote (set or deleted;
	// for a range deletion, fn(start, end)) from position from on, in the
	// order written, and returns the position after the last: pass it as
	// from next time to see only the writes made since. Position 0 is the
	// start. The slices point into the batch: copy what is kept.
	WrittenKeys(from int, fn func(key, rangeEnd []byte)) (int, error)
	// Close releases the batch; required whether or not it was committed.
	// Iterators from the batch must be closed before it.
	Close()
}

// Snapshot is a point-in-time read-only view; later writes are invisible.
type Snapshot interface {
	storage.Reader
	// NewIterSkipping iterates [lower, upper) leaving out every key for
	// which skip returns true (skip must give the same answer for a key
	// every time it is asked).
	NewIterSkipping(lower, upper []byte, skip func(key []byte) bool) (storage.Iterator, error)
	Close() error
}

// Package storage is loopdb's narrow key-value engine: ordered point reads,
// bounded iterators, atomic indexed batches and snapshots. Everything above it
// speaks only these interfaces, so a distributed KV could later replace Pebble.
package storage

import "errors"

// ErrNotFound is returned by Get when the key is absent.
var ErrNotFound = errors.New("storage: key not found")

// ErrClosed is returned when an engine, batch, snapshot or iterator is used
// after Close.
var ErrClosed = errors.New("storage: used after close")

// ErrBatchCommitted is returned when a batch is written to, read or committed
// again after Commit.
var ErrBatchCommitted = errors.New("storage: batch already committed")

// Reader is the read side shared by the engine, batches and snapshots.
type Reader interface {
	// Get returns a copy of the value stored under key, or ErrNotFound.
	Get(key []byte) ([]byte, error)
	// NewIter returns an iterator over keys in [lower, upper). A nil bound
	// means unbounded on that side. The bounds are copied. The iterator must
	// be closed, and closed before the reader it came from.
	NewIter(lower, upper []byte) (Iterator, error)
}

// Engine is an open key-value store. It is safe for concurrent use.
type Engine interface {
	Reader
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
	Reader
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
	Reader
	Close() error
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

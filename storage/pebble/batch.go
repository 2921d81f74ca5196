package pebble

import (
	"bytes"
	"context"
	"errors"

	pebbledb "github.com/cockroachdb/pebble/v2"
	"github.com/loopdb/loopdb/storage"
)

// pebbleBatch wraps a Pebble batch. It tracks its own state because Pebble
// panics on a second Commit or Close.
//
// The batch starts unindexed and is indexed on its first read. An indexed
// batch keeps a skiplist of its keys so that reads see its writes; building
// it was a tenth of a bulk load's CPU, and most batches are never read:
// an autocommit INSERT, UPDATE or DELETE reads before it writes, a LOAD
// DATA appending past the table's last key does not read at all. The first
// Get or iterator copies the writes so far into an indexed batch (Pebble's
// Apply, which keeps their encoding and so the positions WrittenKeys
// hands out) and the batch stays indexed from then on.
type pebbleBatch struct {
	engine    *DB
	b         *pebbledb.Batch
	indexed   bool
	committed bool
	closed    bool
}

func (b *pebbleBatch) usable() error {
	switch {
	case b.closed || b.engine.closed.Load():
		return storage.ErrClosed
	case b.committed:
		return ErrBatchCommitted
	}
	return nil
}

// readable is usable for a read: it indexes the batch first.
func (b *pebbleBatch) readable() error {
	if err := b.usable(); err != nil {
		return err
	}
	if b.indexed {
		return nil
	}
	ib := b.engine.db.NewIndexedBatch()
	if err := ib.Apply(b.b, nil); err != nil {
		_ = ib.Close()
		return err
	}
	_ = b.b.Close()
	b.b, b.indexed = ib, true
	return nil
}

func (b *pebbleBatch) Get(key []byte) ([]byte, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return getCopy(b.b, key)
}

func (b *pebbleBatch) NewIter(lower, upper []byte) (storage.Iterator, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return newIterator(b.b, lower, upper, b.engine)
}

func (b *pebbleBatch) NewOwnIter(lower, upper []byte) (storage.Iterator, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	if lower != nil && upper != nil && bytes.Compare(lower, upper) > 0 {
		upper = lower // Pebble panics on inverted bounds
	}
	it, err := b.b.NewBatchOnlyIter(context.Background(), &pebbledb.IterOptions{
		LowerBound: cloneBytes(lower),
		UpperBound: cloneBytes(upper),
	})
	if err != nil {
		return nil, err
	}
	return &pebbleIter{it: it}, nil
}

// WrittenKeys reads the batch's encoded writes from byte offset from (past
// the header); the offset it returns is where the next call resumes.
func (b *pebbleBatch) WrittenKeys(from int, fn func(key, rangeEnd []byte)) (int, error) {
	if err := b.usable(); err != nil {
		return from, err
	}
	all := b.b.Reader()
	if from > len(all) {
		return from, errors.New("storage: batch position past its end")
	}
	r := all[from:]
	for {
		kind, key, value, ok, err := r.Next()
		if err != nil {
			return from, err
		}
		if !ok {
			return len(all), nil
		}
		switch kind {
		case pebbledb.InternalKeyKindRangeDelete:
			fn(key, value) // a range tombstone's value is its end key
		case pebbledb.InternalKeyKindSet, pebbledb.InternalKeyKindDelete, pebbledb.InternalKeyKindSingleDelete:
			fn(key, nil)
		}
	}
}

func (b *pebbleBatch) Set(key, value []byte) error {
	if err := b.usable(); err != nil {
		return err
	}
	return b.b.Set(key, value, nil)
}

func (b *pebbleBatch) Delete(key []byte) error {
	if err := b.usable(); err != nil {
		return err
	}
	return b.b.Delete(key, nil)
}

func (b *pebbleBatch) DeleteRange(start, end []byte) error {
	if err := b.usable(); err != nil {
		return err
	}
	return b.b.DeleteRange(start, end, nil)
}

func (b *pebbleBatch) Commit(sync bool) error {
	if err := b.usable(); err != nil {
		return err
	}
	b.committed = true
	wo := b.engine.writeOptions(sync)
	// Keys written more than once commit only their last write, so the
	// memtable gets no versions that nobody can ever read.
	commit := b.b
	if last := collapsed(b.engine.db, b.b); last != nil {
		defer func() { _ = last.Close() }()
		commit = last
	}
	if err := b.engine.commitGuarded(commit, wo); err != nil {
		return err
	}
	b.engine.stale.committed(commit.Len())
	return nil
}

func (b *pebbleBatch) Close() {
	if b.closed {
		return
	}
	b.closed = true
	// Pebble's Close only returns the batch to its pool; its error is
	// always nil.
	_ = b.b.Close()
}

// closedBatch is what a closed engine hands out: every call fails cleanly.
type closedBatch struct{}

func (closedBatch) Get([]byte) ([]byte, error)                       { return nil, storage.ErrClosed }
func (closedBatch) NewIter(_, _ []byte) (storage.Iterator, error)    { return nil, storage.ErrClosed }
func (closedBatch) Set(_, _ []byte) error                            { return storage.ErrClosed }
func (closedBatch) Delete([]byte) error                              { return storage.ErrClosed }
func (closedBatch) DeleteRange(_, _ []byte) error                    { return storage.ErrClosed }
func (closedBatch) Commit(bool) error                                { return storage.ErrClosed }
func (closedBatch) NewOwnIter(_, _ []byte) (storage.Iterator, error) { return nil, storage.ErrClosed }
func (closedBatch) WrittenKeys(from int, _ func(_, _ []byte)) (int, error) {
	return from, storage.ErrClosed
}
func (closedBatch) Close() {}

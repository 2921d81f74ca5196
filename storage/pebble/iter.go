package pebble

import (
	"bytes"

	pebbledb "github.com/cockroachdb/pebble/v2"
	"github.com/loopdb/loopdb/storage"
)

// pebbleIter adapts *pebbledb.Iterator to storage.Iterator and makes use
// after Close harmless instead of a panic.
type pebbleIter struct {
	it       *pebbledb.Iterator
	valueErr error
	closed   bool
	// rows counts the positioning calls that found an entry; at Close it
	// is set against the internal entries Pebble visited, and the
	// difference reported to db's staleFlusher (nil db: not reported).
	rows int
	db   *DB
}

// newIterator opens a bounded iterator on any Pebble reader. Pebble keeps
// referencing the bound slices, so they are copied. db, if not nil, learns
// at Close how many obsolete entries the scan stepped over.
func newIterator(r pebbledb.Reader, lower, upper []byte, db *DB) (storage.Iterator, error) {
	return newIteratorOpts(r, lower, upper, db, nil)
}

// newIteratorOpts is newIterator with a key filter (nil: none) passed to
// Pebble as SkipPoint.
func newIteratorOpts(r pebbledb.Reader, lower, upper []byte, db *DB, skip func([]byte) bool) (storage.Iterator, error) {
	if lower != nil && upper != nil && bytes.Compare(lower, upper) > 0 {
		// Pebble rejects inverted bounds by panicking; an empty range is the
		// honest answer.
		upper = lower
	}
	it, err := r.NewIter(&pebbledb.IterOptions{
		LowerBound: cloneBytes(lower),
		UpperBound: cloneBytes(upper),
		SkipPoint:  skip,
	})
	if err != nil {
		return nil, err
	}
	return &pebbleIter{it: it, db: db}, nil
}

// SetBounds implements storage.Rebounder (Pebble copies the bounds).
func (i *pebbleIter) SetBounds(lower, upper []byte) bool {
	if i.closed {
		return false
	}
	if lower != nil && upper != nil && bytes.Compare(lower, upper) > 0 {
		upper = lower // as in newIteratorOpts: empty, not a panic
	}
	i.it.SetBounds(lower, upper)
	return true
}

func (i *pebbleIter) First() bool {
	return !i.closed && i.found(i.it.First())
}

func (i *pebbleIter) Last() bool {
	return !i.closed && i.found(i.it.Last())
}

func (i *pebbleIter) SeekGE(key []byte) bool {
	return !i.closed && i.found(i.it.SeekGE(key))
}

// found counts a positioning call that landed on an entry.
func (i *pebbleIter) found(ok bool) bool {
	if ok {
		i.rows++
	}
	return ok
}

func (i *pebbleIter) Next() bool {
	return !i.closed && i.found(i.it.Next())
}

func (i *pebbleIter) Prev() bool {
	return !i.closed && i.found(i.it.Prev())
}

func (i *pebbleIter) Valid() bool {
	return !i.closed && i.it.Valid()
}

func (i *pebbleIter) Key() []byte {
	if !i.Valid() {
		return nil
	}
	return i.it.Key()
}

func (i *pebbleIter) Value() []byte {
	if !i.Valid() {
		return nil
	}
	v, err := i.it.ValueAndErr()
	if err != nil {
		i.valueErr = err
		return nil
	}
	return v
}

func (i *pebbleIter) Error() error {
	if i.closed {
		return storage.ErrClosed
	}
	if i.valueErr != nil {
		return i.valueErr
	}
	return i.it.Error()
}

func (i *pebbleIter) Close() error {
	if i.closed {
		return storage.ErrClosed
	}
	i.closed = true
	if i.db != nil {
		i.db.stale.scanned(i.db, i.rows, i.it.Stats().InternalStats.PointCount)
	}
	err := i.it.Close()
	if err == nil {
		err = i.valueErr
	}
	return err
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

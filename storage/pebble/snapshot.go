package pebble

import (
	pebbledb "github.com/cockroachdb/pebble/v2"
	"github.com/loopdb/loopdb/storage"
)

// pebbleSnapshot wraps a Pebble snapshot; Pebble panics on a double Close.
type pebbleSnapshot struct {
	engine *DB
	snap   *pebbledb.Snapshot
	closed bool
}

func (s *pebbleSnapshot) Get(key []byte) ([]byte, error) {
	if s.closed || s.engine.closed.Load() {
		return nil, storage.ErrClosed
	}
	return getCopy(s.snap, key)
}

func (s *pebbleSnapshot) NewIter(lower, upper []byte) (storage.Iterator, error) {
	if s.closed || s.engine.closed.Load() {
		return nil, storage.ErrClosed
	}
	// The engine learns how many obsolete entries the scan stepped over, as
	// for any other read: a flush drops the versions no open snapshot still
	// sees, and a transaction's snapshot lives only as long as it does.
	return newIterator(s.snap, lower, upper, s.engine)
}

func (s *pebbleSnapshot) NewIterSkipping(lower, upper []byte, skip func([]byte) bool) (storage.Iterator, error) {
	if s.closed || s.engine.closed.Load() {
		return nil, storage.ErrClosed
	}
	return newIteratorOpts(s.snap, lower, upper, s.engine, skip)
}

func (s *pebbleSnapshot) Close() error {
	if s.closed {
		return storage.ErrClosed
	}
	s.closed = true
	return s.snap.Close()
}

// closedSnapshot is what a closed engine hands out.
type closedSnapshot struct{}

func (closedSnapshot) Get([]byte) ([]byte, error)                    { return nil, storage.ErrClosed }
func (closedSnapshot) NewIter(_, _ []byte) (storage.Iterator, error) { return nil, storage.ErrClosed }
func (closedSnapshot) NewIterSkipping(_, _ []byte, _ func([]byte) bool) (storage.Iterator, error) {
	return nil, storage.ErrClosed
}
func (closedSnapshot) Close() error { return nil }

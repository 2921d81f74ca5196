package storage

import "github.com/cockroachdb/pebble/v2"

// pebbleSnapshot wraps a Pebble snapshot; Pebble panics on a double Close.
type pebbleSnapshot struct {
	engine *Pebble
	snap   *pebble.Snapshot
	closed bool
}

func (s *pebbleSnapshot) Get(key []byte) ([]byte, error) {
	if s.closed || s.engine.closed.Load() {
		return nil, ErrClosed
	}
	return getCopy(s.snap, key)
}

func (s *pebbleSnapshot) NewIter(lower, upper []byte) (Iterator, error) {
	if s.closed || s.engine.closed.Load() {
		return nil, ErrClosed
	}
	return newIterator(s.snap, lower, upper)
}

func (s *pebbleSnapshot) Close() error {
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	return s.snap.Close()
}

// closedSnapshot is what a closed engine hands out.
type closedSnapshot struct{}

func (closedSnapshot) Get([]byte) ([]byte, error)            { return nil, ErrClosed }
func (closedSnapshot) NewIter(_, _ []byte) (Iterator, error) { return nil, ErrClosed }
func (closedSnapshot) Close() error                          { return nil }

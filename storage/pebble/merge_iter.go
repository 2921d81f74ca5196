package pebble

import (
	"bytes"
	"errors"

	"github.com/loopdb/loopdb/storage"
)

// mergeIter merges two iterators over disjoint key sets into one ordered
// walk: a transaction's snapshot (with the keys the txn wrote left out) and
// its own writes. Because no key is in both, the current entry is simply
// the smaller (forward) or larger (backward) of the two heads.
type mergeIter struct {
	a, b     storage.Iterator
	cur      storage.Iterator // the one at the current entry; nil: not valid
	backward bool
}

func newMergeIter(a, b storage.Iterator) *mergeIter { return &mergeIter{a: a, b: b} }

// pick makes cur the head that comes first in the current direction.
func (m *mergeIter) pick() bool {
	av, bv := m.a.Valid(), m.b.Valid()
	switch {
	case av && bv:
		c := bytes.Compare(m.a.Key(), m.b.Key())
		if (c < 0) != m.backward {
			m.cur = m.a
		} else {
			m.cur = m.b
		}
	case av:
		m.cur = m.a
	case bv:
		m.cur = m.b
	default:
		m.cur = nil
	}
	return m.cur != nil
}

func (m *mergeIter) other() storage.Iterator {
	if m.cur == m.a {
		return m.b
	}
	return m.a
}

func (m *mergeIter) First() bool {
	m.backward = false
	m.a.First()
	m.b.First()
	return m.pick()
}

func (m *mergeIter) Last() bool {
	m.backward = true
	m.a.Last()
	m.b.Last()
	return m.pick()
}

func (m *mergeIter) SeekGE(key []byte) bool {
	m.backward = false
	m.a.SeekGE(key)
	m.b.SeekGE(key)
	return m.pick()
}

func (m *mergeIter) Next() bool {
	if m.cur == nil {
		return false
	}
	if m.backward {
		// The other head is behind the current key (or exhausted): bring
		// it to the first key after it. Keys are disjoint, so >= is >.
		m.other().SeekGE(m.cur.Key())
		m.backward = false
	}
	m.cur.Next()
	return m.pick()
}

func (m *mergeIter) Prev() bool {
	if m.cur == nil {
		return false
	}
	if !m.backward {
		// The other head is past the current key (or exhausted): bring it
		// to the last key before it.
		o, key := m.other(), m.cur.Key()
		if o.Valid() {
			o.Prev()
		} else {
			o.Last()
		}
		for o.Valid() && bytes.Compare(o.Key(), key) >= 0 {
			o.Prev()
		}
		m.backward = true
	}
	m.cur.Prev()
	return m.pick()
}

func (m *mergeIter) Valid() bool { return m.cur != nil && m.cur.Valid() }

func (m *mergeIter) Key() []byte {
	if !m.Valid() {
		return nil
	}
	return m.cur.Key()
}

func (m *mergeIter) Value() []byte {
	if !m.Valid() {
		return nil
	}
	return m.cur.Value()
}

func (m *mergeIter) Error() error { return errors.Join(m.a.Error(), m.b.Error()) }

func (m *mergeIter) Close() error {
	m.cur = nil
	return errors.Join(m.a.Close(), m.b.Close())
}

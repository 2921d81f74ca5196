package tikv

import (
	"bytes"

	"github.com/tikv/client-go/v2/tikv"
	"github.com/tikv/client-go/v2/txnkv/txnsnapshot"
)

// A source opens one-way iterators; iter.go builds storage's two-way
// iterator on top of it (client-go scans in one direction per scanner).
type source interface {
	// fwd walks [lower, upper) up; rev walks [lower, upper) down.
	fwd(lower, upper []byte) (tikv.Iterator, error)
	rev(lower, upper []byte) (tikv.Iterator, error)
}

// snapSource reads committed data at one snapshot timestamp. client-go's
// scanner fetches scanBatch keys per Scan RPC, so a scan that stops early
// (LIMIT, a range end) never reads a whole region.
type snapSource struct {
	e    *Engine
	snap *txnsnapshot.KVSnapshot
}

func (s *snapSource) fwd(lower, upper []byte) (tikv.Iterator, error) {
	s.e.stats.Scans.Add(1)
	it, err := s.snap.Iter(lower, upper)
	if err != nil {
		return nil, mapErr(err)
	}
	return it, nil
}

func (s *snapSource) rev(lower, upper []byte) (tikv.Iterator, error) {
	s.e.stats.Scans.Add(1)
	it, err := s.snap.IterReverse(upper, lower)
	if err != nil {
		return nil, mapErr(err)
	}
	return it, nil
}

// unionSource lays a transaction's own writes over a snapshot. The own
// writes in the range are copied when an iterator opens, so the iterator
// sees exactly the writes made before it opened, and the txn may keep
// writing (the write buffer's own iterators do not survive inserts).
type unionSource struct {
	snap *snapSource
	mem  tikv.MemBuffer
}

// kvPair is one own write; an empty value is a delete (TiKV's memory
// buffer marks deletes that way; stored values are never empty, see
// value.go).
type kvPair struct{ key, value []byte }

func (u *unionSource) own(lower, upper []byte, reverse bool) ([]kvPair, error) {
	var (
		it  tikv.Iterator
		err error
	)
	if reverse {
		it, err = u.mem.IterReverse(upper, lower)
	} else {
		it, err = u.mem.Iter(lower, upper)
	}
	if err != nil {
		return nil, mapErr(err)
	}
	defer it.Close()
	var out []kvPair
	for it.Valid() {
		out = append(out, kvPair{bytes.Clone(it.Key()), bytes.Clone(it.Value())})
		if err := it.Next(); err != nil {
			return nil, mapErr(err)
		}
	}
	return out, nil
}

func (u *unionSource) fwd(lower, upper []byte) (tikv.Iterator, error) {
	return u.open(lower, upper, false)
}

func (u *unionSource) rev(lower, upper []byte) (tikv.Iterator, error) {
	return u.open(lower, upper, true)
}

func (u *unionSource) open(lower, upper []byte, reverse bool) (tikv.Iterator, error) {
	own, err := u.own(lower, upper, reverse)
	if err != nil {
		return nil, err
	}
	var base tikv.Iterator
	if reverse {
		base, err = u.snap.rev(lower, upper)
	} else {
		base, err = u.snap.fwd(lower, upper)
	}
	if err != nil {
		return nil, err
	}
	m := &mergeIter{own: own, base: base, reverse: reverse}
	if err := m.settle(); err != nil {
		base.Close()
		return nil, err
	}
	return m, nil
}

// mergeIter merges the copied own writes with a snapshot scanner in one
// direction: on equal keys the own write wins, and own deletes hide the
// key.
type mergeIter struct {
	own     []kvPair
	base    tikv.Iterator
	reverse bool
	fromOwn bool // the current entry is own[0]
	valid   bool
}

// before reports whether a comes first in the walk's direction.
func (m *mergeIter) before(a, b []byte) bool {
	if m.reverse {
		return bytes.Compare(a, b) > 0
	}
	return bytes.Compare(a, b) < 0
}

// settle positions on the next visible entry, skipping own deletes and
// the snapshot entries they or own writes shadow.
func (m *mergeIter) settle() error {
	for {
		baseOK := m.base.Valid()
		if len(m.own) == 0 {
			m.fromOwn, m.valid = false, baseOK
			return nil
		}
		o := m.own[0]
		if baseOK {
			bk := m.base.Key()
			if m.before(bk, o.key) {
				m.fromOwn, m.valid = false, true
				return nil
			}
			if bytes.Equal(bk, o.key) {
				if err := m.base.Next(); err != nil {
					return mapErr(err)
				}
			}
		}
		if len(o.value) > 0 {
			m.fromOwn, m.valid = true, true
			return nil
		}
		m.own = m.own[1:] // a delete: nothing to show
	}
}

func (m *mergeIter) Valid() bool { return m.valid }

func (m *mergeIter) Key() []byte {
	if m.fromOwn {
		return m.own[0].key
	}
	return m.base.Key()
}

func (m *mergeIter) Value() []byte {
	if m.fromOwn {
		return m.own[0].value
	}
	return m.base.Value()
}

func (m *mergeIter) Next() error {
	if !m.valid {
		return nil
	}
	if m.fromOwn {
		m.own = m.own[1:]
	} else if err := m.base.Next(); err != nil {
		m.valid = false
		return mapErr(err)
	}
	return m.settle()
}

func (m *mergeIter) Close() { m.base.Close() }

package plan

import (
	"bytes"
	"sort"

	"github.com/loopdb/loopdb/storage"
)

// Rows held in memory and read like a table's: a derived table's
// materialised rows (relation.go) and information_schema's. The planner
// scans them through the same storage.Reader interface as stored rows.

// MemRows is a storage.Reader over sorted in-memory key/value pairs.
type MemRows struct {
	keys, vals [][]byte
}

// Add appends a pair; keys must come in ascending order.
func (m *MemRows) Add(k, v []byte) {
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
}

func (m *MemRows) Get(key []byte) ([]byte, error) {
	i := sort.Search(len(m.keys), func(i int) bool { return bytes.Compare(m.keys[i], key) >= 0 })
	if i < len(m.keys) && bytes.Equal(m.keys[i], key) {
		return m.vals[i], nil
	}
	return nil, storage.ErrNotFound
}

func (m *MemRows) NewIter(lower, upper []byte) (storage.Iterator, error) {
	lo := 0
	if lower != nil {
		lo = sort.Search(len(m.keys), func(i int) bool { return bytes.Compare(m.keys[i], lower) >= 0 })
	}
	hi := len(m.keys)
	if upper != nil {
		hi = sort.Search(len(m.keys), func(i int) bool { return bytes.Compare(m.keys[i], upper) >= 0 })
	}
	return &memIter{m: m, lo: lo, hi: max(lo, hi), i: -1}, nil
}

// memIter walks MemRows[lo:hi].
type memIter struct {
	m         *MemRows
	lo, hi, i int
}

func (it *memIter) valid(i int) bool { return i >= it.lo && i < it.hi }

func (it *memIter) First() bool { it.i = it.lo; return it.Valid() }
func (it *memIter) Last() bool  { it.i = it.hi - 1; return it.Valid() }
func (it *memIter) Next() bool  { it.i++; return it.Valid() }
func (it *memIter) Prev() bool  { it.i--; return it.Valid() }
func (it *memIter) Valid() bool { return it.valid(it.i) }
func (it *memIter) SeekGE(key []byte) bool {
	it.i = it.lo + sort.Search(it.hi-it.lo, func(i int) bool { return bytes.Compare(it.m.keys[it.lo+i], key) >= 0 })
	return it.Valid()
}
func (it *memIter) Key() []byte   { return it.m.keys[it.i] }
func (it *memIter) Value() []byte { return it.m.vals[it.i] }
func (it *memIter) Error() error  { return nil }
func (it *memIter) Close() error  { return nil }

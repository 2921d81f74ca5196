package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
)

// tableScan reads a table's rows along an access path. Row keys and
// decoded rows are valid until the next call to next.
type tableScan struct {
	t    *table.Table
	r    storage.Reader
	path accessPath
	ri   int // current range
	it   storage.Iterator
	key  []byte
	row  []expr.Value
	err  error
}

func newTableScan(t *table.Table, r storage.Reader, path accessPath) *tableScan {
	return &tableScan{t: t, r: r, path: path, row: make([]expr.Value, len(t.Columns))}
}

// next advances to the next row; false at the end or on error (see err).
func (sc *tableScan) next() bool {
	if sc.err != nil || sc.path.empty {
		return false
	}
	for {
		if sc.it != nil {
			if sc.advanceIter() {
				return true
			}
			if sc.err != nil {
				return false
			}
			continue
		}
		if sc.ri >= len(sc.path.ranges) {
			return false
		}
		rg := sc.path.ranges[sc.ri]
		sc.ri++
		if sc.path.points {
			if ok := sc.point(rg.lo); ok || sc.err != nil {
				return ok
			}
			continue
		}
		it, err := sc.r.NewIter(rg.lo, rg.hi)
		if err != nil {
			sc.err = err
			return false
		}
		sc.it = it
		if !it.First() {
			if sc.closeIter(); sc.err != nil {
				return false
			}
			continue
		}
		if sc.load(it.Key(), it.Value()) {
			return true
		}
		if sc.err != nil {
			return false
		}
	}
}

// advanceIter steps the open iterator to a row (skipping dangling index
// entries); false when the range is exhausted.
func (sc *tableScan) advanceIter() bool {
	for sc.it.Next() {
		if sc.load(sc.it.Key(), sc.it.Value()) {
			return true
		}
		if sc.err != nil {
			return false
		}
	}
	sc.closeIter()
	return false
}

func (sc *tableScan) closeIter() {
	if err := sc.it.Error(); err != nil && sc.err == nil {
		sc.err = err
	}
	if err := sc.it.Close(); err != nil && sc.err == nil {
		sc.err = err
	}
	sc.it = nil
}

// point reads one key of a unique path.
func (sc *tableScan) point(key []byte) bool {
	v, err := sc.r.Get(key)
	if err == storage.ErrNotFound {
		return false
	}
	if err != nil {
		sc.err = err
		return false
	}
	return sc.load(key, v)
}

// load decodes the row for a row-key/value pair, or follows an index
// entry (value = pk suffix) to its row.
func (sc *tableScan) load(key, value []byte) bool {
	if sc.path.index != nil {
		rowKey := sc.t.RowKeyFromSuffix(value)
		v, err := sc.r.Get(rowKey)
		if err == storage.ErrNotFound {
			return false
		}
		if err != nil {
			sc.err = err
			return false
		}
		key, value = rowKey, v
	}
	sc.key = append(sc.key[:0], key...)
	if err := sc.t.DecodeRow(value, sc.row); err != nil {
		sc.err = err
		return false
	}
	return true
}

func (sc *tableScan) close() {
	if sc.it != nil {
		sc.closeIter()
	}
}

package plan

import (
	"bytes"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// TableScan reads a table's rows along an access path. Row keys and
// decoded rows are valid until the next call to Next.
type TableScan struct {
	t    *table.Table
	r    storage.Reader
	path AccessPath
	ri   int // current range
	it   storage.Iterator
	// spare is an iterator whose range is done, kept open to be moved to
	// the next range's bounds (storage.Rebounder) instead of opening one;
	// spareIn is the prefix it spans when it was opened for a seekIn path.
	spare   storage.Iterator
	spareIn []byte
	// hi is the end of the current range when the scan checks it itself
	// (a seekIn path); nil when the iterator's bounds do.
	hi  []byte
	Key []byte
	Row []expr.Value
	Err error

	// reads says which columns to decode (see Reading); nil: all.
	reads []bool

	// arena, when set, receives the text and byte values the scan decodes
	// from an iterator (see InArena); nil: one allocation per row.
	arena *table.StringArena
	// inPlace: the rows' text and byte values point into the iterator's
	// buffer (see InPlace).
	inPlace bool

	// batched holds the values of every point of a multi-point path, read
	// in one request when the reader can batch (a distributed backend);
	// nil otherwise.
	batched map[string][]byte

	killed func() bool   // KILL QUERY or a closed connection; nil: never asked
	ctx    *expr.EvalCtx // counts RowsExamined; nil: not counted
	steps  uint32
}

// killCheckEvery is how many rows a scan reads between looks at KILL: the
// look is two atomic loads, and at ~1 µs a row a kill lands within a
// fraction of a millisecond.
const killCheckEvery = 256

// ErrInterrupted is what a statement stopped by KILL QUERY (or by its
// connection closing) reports, as MySQL does.
func ErrInterrupted() error {
	return mysqldef.NewError(mysqldef.ErrQueryInterrupted, "Query execution was interrupted")
}

// Interruptible makes the scan stop with ErrInterrupted once the
// statement of ctx is killed. It returns sc.
func (sc *TableScan) Interruptible(ctx *expr.EvalCtx) *TableScan {
	sc.ctx = ctx
	if ctx != nil && ctx.Env != nil {
		sc.killed = ctx.Env.Killed
	}
	return sc
}

// Reading limits the scan to the columns reads marks (one entry per
// column of the table; nil: all): the others hold their default in Row,
// set here once instead of by every row's decoding. It returns sc.
func (sc *TableScan) Reading(reads []bool) *TableScan {
	sc.reads = reads
	if reads != nil {
		sc.t.FillDefaults(sc.Row)
	}
	return sc
}

// InArena copies the strings of rows read from an iterator into a (see
// table.StringArena: only for a consumer that keeps almost nothing of a
// row). It returns sc.
func (sc *TableScan) InArena(a *table.StringArena) *TableScan {
	sc.arena = a
	return sc
}

// InPlace lets the rows' text and byte values point into the storage
// iterator's buffer instead of being copied out: they are valid only until
// the next call to Next. Only for a consumer that reads each row and keeps
// nothing of it (a result streamed to the client with no expression
// between the scan and the wire). It returns sc.
func (sc *TableScan) InPlace() *TableScan {
	sc.inPlace = true
	return sc
}

// NewTableScan reads t through r along path; Close releases its iterator.
func NewTableScan(t *table.Table, r storage.Reader, path AccessPath) *TableScan {
	return &TableScan{t: t, r: r, path: path, Row: make([]expr.Value, len(t.Columns))}
}

// Next advances to the next row; false at the end or on error (see Err).
func (sc *TableScan) Next() bool {
	if sc.Err != nil || sc.path.Empty {
		return false
	}
	if sc.steps++; sc.killed != nil && sc.steps%killCheckEvery == 0 && sc.killed() {
		sc.Err = ErrInterrupted()
		return false
	}
	if !sc.next() {
		return false
	}
	if sc.ctx != nil {
		sc.ctx.RowsExamined++
	}
	return true
}

func (sc *TableScan) next() bool {
	for {
		if sc.it != nil {
			if sc.advanceIter() {
				return true
			}
			if sc.Err != nil {
				return false
			}
			continue
		}
		if sc.ri >= len(sc.path.Ranges) {
			return false
		}
		rg := sc.path.Ranges[sc.ri]
		if sc.path.Reverse {
			rg = sc.path.Ranges[len(sc.path.Ranges)-1-sc.ri]
		}
		sc.ri++
		if sc.path.Points {
			if sc.ri == 1 && len(sc.path.Ranges) > 1 && storage.CanBatch(sc.r) {
				sc.prefetchPoints()
				if sc.Err != nil {
					return false
				}
			}
			if ok := sc.point(rg.lo); ok || sc.Err != nil {
				return ok
			}
			continue
		}
		it, ok, err := sc.openRange(rg)
		if err != nil {
			sc.Err = err
			return false
		}
		sc.it = it
		if h := sc.handler(); h != nil {
			if sc.fullTable() || sc.path.wholeIndex() {
				h.ReadFirst++
			} else {
				h.ReadKey++
			}
		}
		if !ok {
			if sc.closeIter(); sc.Err != nil {
				return false
			}
			continue
		}
		if sc.load(it.Key(), it.Value(), false) {
			return true
		}
		if sc.Err != nil {
			return false
		}
	}
}

// advanceIter steps the open iterator to a row (skipping dangling index
// entries); false when the range is exhausted.
func (sc *TableScan) advanceIter() bool {
	h := sc.handler()
	full := h != nil && sc.fullTable()
	for sc.step() {
		if sc.hi != nil && bytes.Compare(sc.it.Key(), sc.hi) >= 0 {
			break // past a seekIn range's end
		}
		switch {
		case h == nil:
		case full:
			h.ReadRndNext++
		default:
			h.ReadNext++
		}
		if sc.load(sc.it.Key(), sc.it.Value(), false) {
			return true
		}
		if sc.Err != nil {
			return false
		}
	}
	sc.closeIter()
	return false
}

// first and step move the open iterator along the path's direction.
func (sc *TableScan) first() bool {
	if sc.path.Reverse {
		return sc.it.Last()
	}
	return sc.it.First()
}

func (sc *TableScan) step() bool {
	if sc.path.Reverse {
		return sc.it.Prev()
	}
	return sc.it.Next()
}

// closeIter ends the open iterator's range: it is kept as the spare when
// it can move to other bounds, closed otherwise.
func (sc *TableScan) closeIter() {
	it := sc.it
	sc.it = nil
	if err := it.Error(); err != nil {
		if sc.Err == nil {
			sc.Err = err
		}
		sc.closeOne(it)
		return
	}
	if _, ok := it.(storage.Rebounder); ok && sc.spare == nil {
		sc.spare = it
		return
	}
	sc.closeOne(it)
}

func (sc *TableScan) closeOne(it storage.Iterator) {
	if err := it.Close(); err != nil && sc.Err == nil {
		sc.Err = err
	}
}

// openRange returns an iterator positioned at rg's first entry along the
// path's direction; ok is false when rg holds none. On a seekIn path the
// iterator spans the whole prefix and seeks to rg (the spare is reused as
// it is when it spans the same prefix: a seek past the previous one then
// continues from where that stopped, or does nothing when the iterator
// already stands beyond the new start); elsewhere its bounds are rg's.
func (sc *TableScan) openRange(rg keyRange) (it storage.Iterator, ok bool, err error) {
	in := sc.path.seekIn
	if in == nil || sc.path.Reverse {
		sc.hi = nil
		if it, err = sc.openIter(rg.lo, rg.hi, nil); err != nil {
			return nil, false, err
		}
		sc.it = it // first() steps sc.it
		return it, sc.first(), nil
	}
	if it, err = sc.openIter(nil, nil, in); err != nil {
		return nil, false, err
	}
	sc.hi = rg.hi
	ok = it.SeekGE(rg.lo) && (rg.hi == nil || bytes.Compare(it.Key(), rg.hi) < 0)
	return it, ok, nil
}

// openIter returns an iterator over [lo, hi), or over the keys with
// prefix in when in is set: the spare moved there (or kept as it is when it
// was opened for the same prefix), or a new one.
func (sc *TableScan) openIter(lo, hi, in []byte) (storage.Iterator, error) {
	if it := sc.spare; it != nil && in != nil && bytes.Equal(sc.spareIn, in) {
		sc.spare = nil
		return it, nil
	}
	if in != nil {
		lo, hi = in, storage.PrefixEnd(in)
	}
	if it := sc.spare; it != nil {
		sc.spare = nil
		if it.(storage.Rebounder).SetBounds(lo, hi) {
			sc.spareIn = in
			return it, nil
		}
		sc.closeOne(it)
	}
	sc.spareIn = in
	return sc.r.NewIter(lo, hi)
}

// Restart makes the scan read path from its start, as a new scan of the
// same table and columns would, keeping its iterator for the new bounds:
// a join restarts its inner relation's scan for every outer row.
func (sc *TableScan) Restart(path AccessPath) {
	if sc.it != nil {
		sc.closeIter()
	}
	sc.path, sc.ri, sc.batched = path, 0, nil
}

// prefetchPoints reads every point of the path in one batch (an IN list
// on a unique key: one round trip instead of one per value).
func (sc *TableScan) prefetchPoints() {
	keys := make([][]byte, len(sc.path.Ranges))
	for i, rg := range sc.path.Ranges {
		keys[i] = rg.lo
	}
	sc.batched, sc.Err = storage.BatchGet(sc.r, keys)
}

// handler is where the scan counts its reads (Handler_*), or nil.
func (sc *TableScan) handler() *expr.HandlerCounts {
	if sc.ctx == nil {
		return nil
	}
	return sc.ctx.Handler
}

// fullTable reports a scan of the whole table in row order, which MySQL
// counts as Handler_read_first then Handler_read_rnd_next per row; key
// lookups and ranges count Handler_read_key then Handler_read_next, and a
// whole index Handler_read_first then Handler_read_next.
func (sc *TableScan) fullTable() bool { return sc.path.Full && sc.path.Index == nil }

// point reads one key of a unique path.
func (sc *TableScan) point(key []byte) bool {
	if h := sc.handler(); h != nil {
		h.ReadKey++
	}
	if sc.batched != nil {
		v, ok := sc.batched[string(key)]
		if !ok {
			return false
		}
		return sc.load(key, v, true)
	}
	v, err := sc.r.Get(key)
	if err == storage.ErrNotFound {
		return false
	}
	if err != nil {
		sc.Err = err
		return false
	}
	return sc.load(key, v, true)
}

// load decodes the row for a row-key/value pair, or follows an index
// entry (value = pk suffix) to its row. owned: value is a copy from Get,
// which the row's strings may point into (an iterator's value is not).
func (sc *TableScan) load(key, value []byte, owned bool) bool {
	if sc.path.IndexOnly {
		rowKey, err := sc.t.DecodeIndexEntry(sc.path.Index, key, value, sc.Row, sc.reads, sc.Key[:0])
		if err != nil {
			sc.Err = err
			return false
		}
		sc.Key = rowKey
		return true
	}
	if sc.path.Index != nil {
		rowKey := sc.t.RowKeyFromSuffix(value)
		v, err := sc.r.Get(rowKey)
		if err == storage.ErrNotFound {
			return false
		}
		if err != nil {
			sc.Err = err
			return false
		}
		key, value, owned = rowKey, v, true
	}
	sc.Key = append(sc.Key[:0], key...)
	var err error
	switch {
	case owned || sc.inPlace:
		err = sc.t.DecodeOwnedRowColumns(value, sc.Row, sc.reads)
	case sc.arena != nil:
		err = sc.t.DecodeRowColumnsIn(value, sc.Row, sc.reads, sc.arena)
	default:
		err = sc.t.DecodeRowColumns(value, sc.Row, sc.reads)
	}
	if err != nil {
		sc.Err = err
		return false
	}
	return true
}

// Close releases the scan's iterators.
func (sc *TableScan) Close() {
	if sc.it != nil {
		sc.closeOne(sc.it)
		sc.it = nil
	}
	if sc.spare != nil {
		sc.closeOne(sc.spare)
		sc.spare = nil
	}
}

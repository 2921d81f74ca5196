package plan

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// collector buffers rows that must be deduplicated or sorted, within a
// memory bound.
type collector struct {
	rows  [][]expr.Value
	keys  [][]expr.Value
	bytes int
	limit int
	top   topRows // ORDER BY ... LIMIT: only the first rows are kept (see keepTop)
	// groupRow is emitGroup's scratch row when no window keeps it.
	groupRow []expr.Value
	slab     rowSlab // the rows' and keys' values, when the caller fills them from values
	bufs     *collectorBufs
	// transient: the rows go to a consumer that keeps nothing of them
	// (RowsTransient), so once the statement is done its slab's first
	// chunk may serve the next statement.
	transient bool
}

// collectorBufs are a collector's row and key lists and sort order, reused
// by later statements: a range select buffers about a hundred rows on every
// execution, and growing these lists was a sixth of what it allocated.
// Only the lists are reused; the rows in them belong to whoever got them.
type collectorBufs struct {
	rows, keys  [][]expr.Value
	idx         []int
	weightsFrom []int      // see outputWeights
	pairs       []keyedRow // see sortOneKey
	arena       keyArena   // text sort keys' weights; see keyArena
	// slab is a chunk of values a transient statement's rows were cut
	// from, cleared (see collector.values).
	slab []expr.Value
}

var collectorPool = sync.Pool{New: func() any { return new(collectorBufs) }}

// maxPooledRows bounds the lists kept for reuse: a statement that sorted a
// million rows does not leave its lists behind.
const maxPooledRows = 4096

// release hands the lists back for reuse, emptied.
func (c *collector) release() {
	b := c.bufs
	if b == nil {
		return
	}
	c.bufs = nil
	if cap(c.rows) > maxPooledRows || cap(c.keys) > maxPooledRows || cap(b.idx) > maxPooledRows {
		return
	}
	clear(c.rows)
	clear(c.keys)
	b.rows, b.keys = c.rows[:0], c.keys[:0]
	c.rows, c.keys = nil, nil
	// The statement's sort keys are dead now (they never leave the
	// collector): the last chunk is written over by the next statement.
	b.arena.buf = b.arena.buf[:0]
	if cap(b.arena.buf) > maxPooledKeyBytes {
		b.arena.buf = nil
	}
	if first := c.slab.first; c.transient && first != nil && len(first) <= slabChunk {
		// Nobody holds these rows now: clear them (so the chunk pins no
		// strings) and keep the chunk for the next statement.
		clear(first)
		b.slab = first
	}
	c.slab = rowSlab{}
	collectorPool.Put(b)
}

// values returns n values for a buffered row or its sort keys, cut from
// the statement's slab; the slab's first chunk is the pooled one when an
// earlier transient statement left it.
func (c *collector) values(n int) []expr.Value {
	if c.slab.first == nil && n > 0 {
		c.takeBufs()
		if ch := c.bufs.slab; len(ch) >= n {
			c.bufs.slab = nil
			c.slab.free, c.slab.first = ch, ch
		}
	}
	return c.slab.take(n)
}

// maxPooledKeyBytes bounds the key chunk kept for reuse.
const maxPooledKeyBytes = 4 * keyChunk

// sortKeyArena is where this statement's text sort keys go; it takes the
// pooled lists on first use.
func (c *collector) sortKeyArena() *keyArena {
	c.takeBufs()
	return &c.bufs.arena
}

// takeBufs takes reusable lists from the pool, once per statement.
func (c *collector) takeBufs() {
	if c.bufs != nil {
		return
	}
	c.bufs = collectorPool.Get().(*collectorBufs)
	c.rows, c.keys = c.bufs.rows[:0], c.bufs.keys[:0]
	if c.rows == nil {
		// Range selects buffer around a hundred rows: start near
		// that rather than doubling up from one.
		c.rows, c.keys = make([][]expr.Value, 0, 64), make([][]expr.Value, 0, 64)
	}
}

// rowSlab hands out short value slices cut from shared chunks, so that
// buffering a hundred rows costs a few allocations rather than two per row.
// A slice handed out is capped at its length: appending to it cannot run
// into its neighbour.
type rowSlab struct {
	free  []expr.Value
	first []expr.Value // the first chunk, whole (collector.release may keep it)
}

// slabChunk is a slab chunk's size in values.
const slabChunk = 256

func (s *rowSlab) take(n int) []expr.Value {
	if n == 0 {
		return nil
	}
	if n > len(s.free) {
		s.free = make([]expr.Value, max(slabChunk, n))
		if s.first == nil {
			s.first = s.free
		}
	}
	v := s.free[:n:n]
	s.free = s.free[n:]
	return v
}

// add buffers one row, within tmp_table_size bytes per statement.
func (c *collector) add(env Env, vals, keys []expr.Value) error {
	if c.limit == 0 {
		c.limit = expr.MaxResultMemory
		if v, err := env.SystemVar("tmp_table_size", false); err == nil {
			c.limit = int(v.Int())
		}
	}
	c.bytes += rowBytes(vals, keys)
	if c.bytes > c.limit {
		return mysqldef.NewError(mysqldef.ErrOutOfSortMemory, "Out of sort memory: ORDER BY, GROUP BY and DISTINCT may buffer tmp_table_size (%d) bytes per statement; raise it or narrow the query", c.limit)
	}
	c.takeBufs()
	c.rows = append(c.rows, vals)
	c.keys = append(c.keys, keys)
	if c.top.n > 0 && len(c.rows) >= 2*c.top.n+topSlack {
		return c.pruneToTop()
	}
	return nil
}

// sorted returns the buffered rows' numbers in p.Order's order (arrival
// order among ties, and with no ORDER BY), and what each sort key holds.
// The list is the collector's to reuse: valid until the next call.
func (c *collector) sorted(ctx *expr.EvalCtx, p *SelectPlan) ([]int, []sortKind, error) {
	var idx []int
	if c.bufs != nil && cap(c.bufs.idx) >= len(c.rows) {
		idx = c.bufs.idx[:len(c.rows)]
	} else {
		idx = make([]int, len(c.rows))
		if c.bufs != nil {
			c.bufs.idx = idx
		}
	}
	for i := range idx {
		idx[i] = i
	}
	var kinds []sortKind
	if len(p.Order) == 1 && c.oneTextKey() {
		kinds = []sortKind{sortBytes}
		if err := c.sortOneKey(ctx, idx, p.Order[0].desc); err != nil {
			return nil, nil, err
		}
	} else if len(p.Order) > 0 {
		kinds = c.sortKinds(len(p.Order))
		err := sortRowNumbers(ctx, idx, func(a, b int) int {
			ka, kb := c.keys[a], c.keys[b]
			for i, k := range p.Order {
				if x := compareSortKey(ctx, kinds[i], ka[i], kb[i]); x != 0 {
					if k.desc {
						return -x
					}
					return x
				}
			}
			return 0
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return idx, kinds, nil
}

// rowBytes is what a buffered row counts against tmp_table_size: its
// values and sort keys, 48 bytes each plus their text.
func rowBytes(vals, keys []expr.Value) int {
	n := 0
	for _, v := range vals {
		n += 48 + len(v.Str())
	}
	for _, v := range keys {
		n += 48 + len(v.Str())
	}
	return n
}

func (c *collector) emit(ctx *expr.EvalCtx, p *SelectPlan, out RowSink) error {
	idx, kinds, err := c.sorted(ctx, p)
	if err != nil {
		return err
	}
	d := distinctFilter{on: p.Distinct, runs: len(p.Order) > 0 && orderOnOutputs(p.Order)}
	if d.on {
		d.weightsFrom = c.outputWeights(p)
	}
	var skipped, sent uint64
	for n, i := range idx {
		vals := c.rows[i]
		if d.on {
			newRun := !d.runs || n == 0 || !c.sameKeys(ctx, kinds, idx[n-1], i)
			if d.dup(vals, c.keys[i], newRun) {
				continue
			}
		}
		if skipped < p.Offset {
			skipped++
			continue
		}
		if sent >= p.Limit {
			break
		}
		if err := out.Row(vals); err != nil {
			return err
		}
		sent++
	}
	return nil
}

// sameKeys reports whether rows a and b have equal sort keys.
func (c *collector) sameKeys(ctx *expr.EvalCtx, kinds []sortKind, a, b int) bool {
	ka, kb := c.keys[a], c.keys[b]
	for i, kind := range kinds {
		if compareSortKey(ctx, kind, ka[i], kb[i]) != 0 {
			return false
		}
	}
	return true
}

// sortOneKey sorts idx by a single sort key that is a byte string (or
// NULL) in every row, the shape of ORDER BY one text column: the keys are
// gathered beside their row numbers and sorted in place, which spares each
// comparison two lookups through the row lists. Ties keep arrival order;
// KILL is looked at as in sortRowNumbers.
func (c *collector) sortOneKey(ctx *expr.EvalCtx, idx []int, desc bool) error {
	var pairs []keyedRow
	if c.bufs != nil && cap(c.bufs.pairs) >= len(idx) {
		pairs = c.bufs.pairs[:len(idx)]
	} else {
		pairs = make([]keyedRow, len(idx))
		if c.bufs != nil {
			c.bufs.pairs = pairs
		}
	}
	for i, keys := range c.keys {
		pairs[i] = keyedRow{key: keys[0].Str(), null: keys[0].IsNull(), row: i}
	}
	sign := 1
	if desc {
		sign = -1
	}
	var compared uint32
	killed := false
	slices.SortFunc(pairs, func(a, b keyedRow) int {
		if compared++; compared%4096 == 0 && !killed && ctx.Env != nil {
			killed = ctx.Env.Killed()
		}
		if !killed {
			x := 0
			switch {
			case a.null || b.null:
				x = cmp.Compare(b2i(a.null), b2i(b.null)) * -1
			default:
				x = strings.Compare(a.key, b.key)
			}
			if x != 0 {
				return x * sign
			}
		}
		return cmp.Compare(a.row, b.row)
	})
	for i := range pairs {
		idx[i] = pairs[i].row
	}
	clear(pairs) // the keys belong to the statement
	if killed {
		return ErrInterrupted()
	}
	return nil
}

// oneTextKey reports whether the first sort key is a byte string or NULL
// in every buffered row (see sortOneKey).
func (c *collector) oneTextKey() bool {
	for _, keys := range c.keys {
		if k := keys[0].Kind(); k != expr.KindBytes && k != expr.KindNull {
			return false
		}
	}
	return true
}

// keyedRow is a buffered row's number beside its one sort key.
type keyedRow struct {
	key  string
	null bool
	row  int
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sortKind is what one sort key holds in every buffered row, NULLs aside:
// a sort's comparisons were a tenth of a sorted range select's CPU through
// the general comparison, which asks at every call what it compares.
type sortKind uint8

const (
	sortAny   sortKind = iota // mixed or other kinds: expr.CompareForSort
	sortBytes                 // byte strings (text keys are collation weights)
	sortInt                   // signed integers
)

// sortKinds classifies the sort keys of the buffered rows.
func (c *collector) sortKinds(n int) []sortKind {
	kinds := make([]sortKind, n)
	for i := range kinds {
		kind, first := sortAny, true
		for _, keys := range c.keys {
			var k sortKind
			switch keys[i].Kind() {
			case expr.KindNull:
				continue
			case expr.KindBytes:
				k = sortBytes
			case expr.KindInt:
				k = sortInt
			}
			if first {
				kind, first = k, false
			} else if k != kind {
				kind = sortAny
			}
			if kind == sortAny {
				break
			}
		}
		kinds[i] = kind
	}
	return kinds
}

// compareSortKey orders two values of one sort key as expr.CompareForSort
// does (NULL first), taking the short way when every row's key is of one
// kind.
func compareSortKey(ctx *expr.EvalCtx, kind sortKind, a, b expr.Value) int {
	if kind == sortAny {
		return expr.CompareForSort(ctx, a, b)
	}
	if an, bn := a.IsNull(), b.IsNull(); an || bn {
		switch {
		case an && bn:
			return 0
		case an:
			return -1
		}
		return 1
	}
	if kind == sortBytes {
		return strings.Compare(a.Str(), b.Str())
	}
	return cmp.Compare(a.Int(), b.Int())
}

// orderOnOutputs reports whether every ORDER BY key is an output column:
// then rows DISTINCT finds equal have equal sort keys, so after the sort
// they sit in one run of equal keys.
func orderOnOutputs(order []orderKey) bool {
	for _, k := range order {
		if k.out < 0 {
			return false
		}
	}
	return true
}

// outputWeights says, for DISTINCT after a sort, which sort key holds each
// output column's collation weights: the i-th entry is the ORDER BY key
// naming output column i directly (not through an ENUM's member order), or
// -1. Nil when no key does.
func (c *collector) outputWeights(p *SelectPlan) []int {
	var from []int
	for j, k := range p.Order {
		if k.out < 0 || k.enum != nil {
			continue
		}
		if from == nil {
			if c.bufs != nil && cap(c.bufs.weightsFrom) >= len(p.Fields) {
				from = c.bufs.weightsFrom[:len(p.Fields)]
			} else {
				from = make([]int, len(p.Fields))
				if c.bufs != nil {
					c.bufs.weightsFrom = from
				}
			}
			for i := range from {
				from[i] = -1
			}
		}
		if k.out < len(from) && from[k.out] < 0 {
			from[k.out] = j
		}
	}
	return from
}

// distinctFilter drops repeated rows for DISTINCT. With runs (the rows
// come sorted on output columns) a repeat can only be in the current run
// of equal sort keys: most runs are one row long, so a row is compared
// with the previous one and nothing is kept per row. Otherwise every kept
// row's key goes into one map.
type distinctFilter struct {
	on, runs  bool
	cur, prev []byte
	seen      map[string]struct{}

	// weightsFrom and weights: the row's text outputs' collation weights,
	// taken from its sort keys (see outputWeights) so the row's key does
	// not compute them a second time.
	weightsFrom []int
	weights     []expr.Value
}

// dup reports whether vals repeats a row already kept; keys are its sort
// keys, newRun says they changed since the previous row (always true
// without runs).
func (d *distinctFilter) dup(vals, keys []expr.Value, newRun bool) bool {
	var weights []expr.Value
	if d.weightsFrom != nil {
		if d.weights == nil {
			d.weights = make([]expr.Value, len(vals))
		}
		weights = d.weights[:min(len(vals), len(d.weightsFrom))]
		for i := range weights {
			weights[i] = expr.Value{}
			if j := d.weightsFrom[i]; j >= 0 && vals[i].Kind() == expr.KindString {
				weights[i] = keys[j]
			}
		}
	}
	d.cur = expr.AppendGroupKeyWeights(d.cur[:0], vals, weights)
	if !d.runs {
		if _, ok := d.seen[string(d.cur)]; ok {
			return true
		}
		if d.seen == nil {
			d.seen = make(map[string]struct{})
		}
		d.seen[string(d.cur)] = struct{}{}
		return false
	}
	if newRun {
		clear(d.seen)
	} else {
		if string(d.cur) == string(d.prev) {
			return true
		}
		if _, ok := d.seen[string(d.cur)]; ok {
			return true
		}
		// A run with several distinct rows: remember them all.
		if d.seen == nil {
			d.seen = make(map[string]struct{})
		}
		d.seen[string(d.prev)] = struct{}{}
		d.seen[string(d.cur)] = struct{}{}
	}
	d.prev, d.cur = d.cur, d.prev
	return false
}

// RowCollector gathers rows in memory (INSERT ... SELECT, subqueries).
type RowCollector struct {
	Cols []expr.Column
	Rows [][]expr.Value
}

// Begin and Row implement RowSink.
func (rc *RowCollector) Begin(cols []expr.Column) error { rc.Cols = cols; return nil }

func (rc *RowCollector) Row(vals []expr.Value) error {
	rc.Rows = append(rc.Rows, append([]expr.Value(nil), vals...))
	return nil
}

// sortRowNumbers sorts idx (row numbers) by compare, ties kept in arrival
// order: stable like MySQL's filesort, by pdqsort on the numbers (O(n log n)
// comparisons where a merge-based stable sort needs more, and no
// reflection swapper). A sort of tmp_table_size bytes can take seconds:
// every few thousand comparisons it looks at KILL, and once killed every
// comparison answers at once so the sort runs out quickly.
func sortRowNumbers(ctx *expr.EvalCtx, idx []int, compare func(a, b int) int) error {
	var compared uint32
	killed := false
	slices.SortFunc(idx, func(a, b int) int {
		if compared++; compared%4096 == 0 && !killed && ctx.Env != nil {
			killed = ctx.Env.Killed()
		}
		if !killed {
			if x := compare(a, b); x != 0 {
				return x
			}
		}
		return cmp.Compare(a, b)
	})
	if killed {
		return ErrInterrupted()
	}
	return nil
}

// collectRow projects a finished row (a group's, a window pass's) and
// buffers it with its sort keys.
func (p *SelectPlan) collectRow(ctx *expr.EvalCtx, row []expr.Value, coll *collector) error {
	vals, err := p.project(ctx, row)
	if err != nil {
		return err
	}
	keys, err := p.orderValues(ctx, row, vals)
	if err != nil {
		return err
	}
	return coll.add(p.pl.Env, vals, keys)
}

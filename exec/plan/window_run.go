package plan

import (
	"sort"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Window functions, running side. The rows the windows read (after WHERE,
// or the groups after HAVING) are buffered whole, each with room for the
// window values at its end. Each window pass sorts the buffer by its
// PARTITION BY and ORDER BY keys, walks the partitions and lets every
// function of the pass fill its column; the select list and the query's
// ORDER BY are evaluated afterwards, over the completed rows.

// windowBuffer holds the pre-window rows within tmp_table_size bytes,
// past which the statement fails as MySQL's temporary table would (1114).
type windowBuffer struct {
	rows  [][]expr.Value
	bytes int
	limit int
}

func (b *windowBuffer) add(env Env, wp *windowPlan, row []expr.Value) error {
	if b.limit == 0 {
		b.limit = expr.MaxResultMemory
		if v, err := env.SystemVar("tmp_table_size", false); err == nil {
			b.limit = int(v.Int())
		}
	}
	r := make([]expr.Value, wp.base+wp.slots)
	copy(r, row[:min(len(row), wp.base)])
	for _, v := range r[:wp.base] {
		b.bytes += 48 + len(v.Str())
	}
	b.bytes += 48 * wp.slots
	if b.bytes > b.limit {
		return mysqldef.NewError(mysqldef.ErrRecordFileFull, "The table '#sql_window' is full")
	}
	b.rows = append(b.rows, r)
	return nil
}

// run computes every window value of the buffered rows and returns the
// rows in the last pass's order (the order MySQL hands them on in when
// the query has no ORDER BY of its own).
func (wp *windowPlan) run(ctx *expr.EvalCtx, rows [][]expr.Value) ([][]expr.Value, error) {
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	for _, pass := range wp.passes {
		if err := pass.run(ctx, rows, idx); err != nil {
			return nil, err
		}
	}
	out := make([][]expr.Value, len(rows))
	for i, j := range idx {
		out[i] = rows[j]
	}
	return out, nil
}

// finishWindows computes the window values over the buffered rows, then
// projects each completed row into the collector.
func (p *SelectPlan) finishWindows(ctx *expr.EvalCtx, rows [][]expr.Value, coll *collector) error {
	rows, err := p.win.run(ctx, rows)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := p.collectRow(ctx, row, coll); err != nil {
			return err
		}
	}
	return nil
}

// sortKeys are one row's keys for a pass: partition keys, then order keys
// (strings as collation weights, compared bytewise), and the first order
// key as a number for RANGE offsets.
type sortKeys struct {
	part, order []expr.Value
	num         *apd.Decimal
}

func (pass *windowPass) run(ctx *expr.EvalCtx, rows [][]expr.Value, idx []int) error {
	offs, err := pass.frame.offsets(ctx, pass.name)
	if err != nil {
		return err
	}
	rangeOffsets := !pass.frame.rows && (pass.frame.start.off != nil || pass.frame.end.off != nil)
	keys := make([]sortKeys, len(rows))
	for i, row := range rows {
		k := &keys[i]
		if k.part, err = evalSortKeys(ctx, pass.partition, row); err != nil {
			return err
		}
		if k.order, err = evalSortKeys(ctx, pass.order, row); err != nil {
			return err
		}
		if rangeOffsets {
			v, err := pass.order[0].Eval(ctx, row)
			if err != nil {
				return err
			}
			if !v.IsNull() {
				k.num = expr.ToDecimal(ctx, v)
			}
		}
	}
	if len(pass.partition)+len(pass.order) > 0 {
		if err := sortWindowRows(ctx, idx, keys, pass.desc); err != nil {
			return err
		}
	}
	for s := 0; s < len(idx); {
		if ctx.Env != nil && ctx.Env.Killed() {
			return ErrInterrupted()
		}
		e := s + 1
		for e < len(idx) && compareKeys(ctx, keys[idx[s]].part, keys[idx[e]].part, nil) == 0 {
			e++
		}
		if err := pass.runPartition(ctx, rows, idx[s:e], keys, offs); err != nil {
			return err
		}
		s = e
	}
	return nil
}

func evalSortKeys(ctx *expr.EvalCtx, xs []expr.Expr, row []expr.Value) ([]expr.Value, error) {
	if len(xs) == 0 {
		return nil, nil
	}
	out := make([]expr.Value, len(xs))
	for i, x := range xs {
		v, err := x.Eval(ctx, row)
		if err != nil {
			return nil, err
		}
		if v.Kind() == expr.KindString {
			v = expr.BinaryStringValue(string(expr.CollationKey(v.Str())))
		}
		out[i] = v
	}
	return out, nil
}

// compareKeys orders two key lists (NULL first ascending, last descending).
func compareKeys(ctx *expr.EvalCtx, a, b []expr.Value, desc []bool) int {
	for i := range a {
		c := expr.CompareForSort(ctx, a[i], b[i])
		if c != 0 {
			if desc != nil && desc[i] {
				return -c
			}
			return c
		}
	}
	return 0
}

// sortWindowRows sorts idx by partition, then window order. Like the
// query's own sort it looks at KILL every few thousand comparisons.
func sortWindowRows(ctx *expr.EvalCtx, idx []int, keys []sortKeys, desc []bool) error {
	return sortRowNumbers(ctx, idx, func(a, b int) int {
		ka, kb := &keys[a], &keys[b]
		if c := compareKeys(ctx, ka.part, kb.part, nil); c != 0 {
			return c
		}
		return compareKeys(ctx, ka.order, kb.order, desc)
	})
}

// runPartition fills the pass's columns for one partition (its rows in
// window order: part indexes rows).
func (pass *windowPass) runPartition(ctx *expr.EvalCtx, rows [][]expr.Value, part []int, keys []sortKeys, offs frameOffsets) error {
	n := len(part)
	wpart := &expr.WindowPartition{Rows: make([][]expr.Value, n), PeerStart: make([]int, n), PeerEnd: make([]int, n)}
	for i, j := range part {
		wpart.Rows[i] = rows[j]
	}
	for s := 0; s < n; {
		e := s + 1
		for e < n && compareKeys(ctx, keys[part[s]].order, keys[part[e]].order, nil) == 0 {
			e++
		}
		for i := s; i < e; i++ {
			wpart.PeerStart[i], wpart.PeerEnd[i] = s, e
		}
		s = e
	}
	fr := &partitionFrame{f: pass.frame, offs: offs, part: wpart, n: n}
	if !pass.frame.rows && (pass.frame.start.off != nil || pass.frame.end.off != nil) {
		fr.nums = make([]*apd.Decimal, n)
		for i, j := range part {
			fr.nums[i] = keys[j].num
		}
		fr.nonNullRange()
	}
	wpart.Frame = fr.bounds
	for fi, f := range pass.funcs {
		slot := pass.slots[fi]
		err := f.Compute(ctx, wpart, func(i int, v expr.Value) { wpart.Rows[i][slot] = v })
		if err != nil {
			return err
		}
	}
	return nil
}

// partitionFrame computes row i's frame in one partition.
type partitionFrame struct {
	f    *frame
	offs frameOffsets
	part *expr.WindowPartition
	n    int
	nums []*apd.Decimal // RANGE with offsets: the ORDER BY key, nil for NULL
	// nnLo, nnHi bound the rows whose key is not NULL (NULLs sort first
	// ascending, last descending).
	nnLo, nnHi int
}

func (pf *partitionFrame) nonNullRange() {
	pf.nnLo, pf.nnHi = 0, pf.n
	for pf.nnLo < pf.n && pf.nums[pf.nnLo] == nil {
		pf.nnLo++
	}
	for pf.nnHi > pf.nnLo && pf.nums[pf.nnHi-1] == nil {
		pf.nnHi--
	}
}

func (pf *partitionFrame) bounds(i int) (int, int) {
	lo := pf.bound(i, pf.f.start, pf.offs.rows[0], pf.offs.rangeDelta[0], true)
	hi := pf.bound(i, pf.f.end, pf.offs.rows[1], pf.offs.rangeDelta[1], false)
	lo, hi = max(0, min(lo, pf.n)), max(0, min(hi, pf.n))
	return lo, hi
}

// bound is where a frame edge falls for row i: the first row of the frame
// for its start, one past the last for its end.
func (pf *partitionFrame) bound(i int, b frameBound, rows int64, delta *apd.Decimal, start bool) int {
	switch b.kind {
	case unboundedPreceding:
		return 0
	case unboundedFollowing:
		return pf.n
	case currentRow:
		if pf.f.rows {
			if start {
				return i
			}
			return i + 1
		}
		if start {
			return pf.part.PeerStart[i]
		}
		return pf.part.PeerEnd[i]
	}
	if pf.f.rows {
		off := int(min(rows, int64(pf.n)+1))
		if b.kind == offsetPreceding {
			off = -off
		}
		if start {
			return i + off
		}
		return i + off + 1
	}
	k := pf.nums[i]
	if k == nil { // a NULL key: its frame is its peers, the other NULLs
		if start {
			return pf.part.PeerStart[i]
		}
		return pf.part.PeerEnd[i]
	}
	// The key value the edge sits at: n PRECEDING is toward the start of
	// the order, which is smaller keys ascending and larger descending.
	target := new(apd.Decimal)
	towardLarger := (b.kind == offsetFollowing) != pf.f.orderDesc
	if towardLarger {
		expr.DecimalContext.Add(target, k, delta)
	} else {
		expr.DecimalContext.Sub(target, k, delta)
	}
	// Within the non-NULL rows, the keys run ascending (or descending):
	// the frame starts at the first row at or past target and ends after
	// the last row not beyond it.
	desc := pf.f.orderDesc
	return pf.nnLo + sort.Search(pf.nnHi-pf.nnLo, func(j int) bool {
		c := pf.nums[pf.nnLo+j].Cmp(target)
		if desc {
			c = -c
		}
		if start {
			return c >= 0
		}
		return c > 0
	})
}

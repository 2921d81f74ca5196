package plan

import "github.com/loopdb/loopdb/exec/expr"

// ORDER BY ... LIMIT n (with OFFSET m: the first m+n rows) needs only the
// rows that can still be among the first m+n; the collector keeps no more
// than twice that: when its buffer reaches 2(m+n) rows (plus topSlack) it
// sorts them and drops all but the first m+n. Each pruning sorts O(m+n)
// rows and happens once per m+n arrivals, so the statement's sorting is
// O(rows log(m+n)) and its buffer O(m+n) instead of every row: ORDER BY c
// LIMIT 10 over a table sorted the whole table, and one over a table
// larger than tmp_table_size failed where MySQL's priority queue does not.
//
// The rows kept stay in sorted order ahead of the later arrivals, so ties
// still come in arrival order, as the final sort (which breaks ties by
// position) orders them without pruning.
type topRows struct {
	n    int // rows to keep; 0: keep everything
	ctx  *expr.EvalCtx
	p    *SelectPlan
	kept [][]expr.Value // pruneToTop's scratch
}

// maxTopRows is the largest m+n kept this way; past it the buffer would
// be large anyway and the whole sort is as good.
const maxTopRows = 100_000

// topSlack lets a small LIMIT buffer a few rows more between prunings, so
// that LIMIT 1 does not sort every other row.
const topSlack = 64

// keepTop makes the collector keep only p's first Offset+Limit rows in
// p.Order, when that applies: an ORDER BY, a LIMIT, and no DISTINCT or
// windows (they need every row before the LIMIT can count).
func (c *collector) keepTop(ctx *expr.EvalCtx, p *SelectPlan) {
	if len(p.Order) == 0 || p.Distinct || p.win != nil || p.Limit > maxTopRows || p.Offset > maxTopRows-p.Limit {
		return
	}
	c.top = topRows{n: int(p.Offset + p.Limit), ctx: ctx, p: p}
}

// pruneToTop sorts the buffered rows and keeps the first top.n.
func (c *collector) pruneToTop() error {
	idx, _, err := c.sorted(c.top.ctx, c.top.p)
	if err != nil {
		return err
	}
	n := c.top.n
	if cap(c.top.kept) < 2*n {
		c.top.kept = make([][]expr.Value, 2*n)
	}
	kept := c.top.kept[:2*n]
	for i, r := range idx[:n] {
		kept[i], kept[n+i] = c.rows[r], c.keys[r]
	}
	copy(c.rows, kept[:n])
	copy(c.keys, kept[n:])
	clear(kept)
	clear(c.rows[n:]) // the dropped rows are garbage now
	clear(c.keys[n:])
	c.rows, c.keys = c.rows[:n], c.keys[:n]
	c.bytes = 0
	for i := range c.rows {
		c.bytes += rowBytes(c.rows[i], c.keys[i])
	}
	return nil
}

package plan

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// GROUP BY at run time: one group per distinct key, with its aggregate
// states, finished into rows for the collector.

// group is one GROUP BY group: its first row and its aggregate states.
type group struct {
	rep    []expr.Value
	states []*expr.AggState
	key    []byte // the group's key, kept only by accumulateInOrder
}

// groupScratch is reused for every row accumulate sees: the row's GROUP BY
// values and their key, which is copied only for a new group.
type groupScratch struct {
	vals []expr.Value
	key  []byte
}

// groupKey computes the row's GROUP BY values and their key into gs.
func (p *SelectPlan) groupKey(ctx *expr.EvalCtx, row []expr.Value, gs *groupScratch) error {
	gs.vals = gs.vals[:0]
	for _, g := range p.group {
		v, err := g.Eval(ctx, row)
		if err != nil {
			return err
		}
		gs.vals = append(gs.vals, v)
	}
	gs.key = expr.AppendGroupKey(gs.key[:0], gs.vals)
	return nil
}

// add feeds the row to the group's aggregates.
func (g *group) add(ctx *expr.EvalCtx, row []expr.Value) error {
	for _, st := range g.states {
		if err := st.Add(ctx, row); err != nil {
			return err
		}
	}
	return nil
}

func (p *SelectPlan) accumulate(ctx *expr.EvalCtx, row []expr.Value, groups map[string]*group, order *[]*group, gs *groupScratch) error {
	if len(p.group) > 0 {
		if err := p.groupKey(ctx, row, gs); err != nil {
			return err
		}
	}
	var g *group
	if len(p.group) == 0 && len(*order) == 1 {
		g = (*order)[0] // aggregates without GROUP BY: the one group, no lookup per row
	} else {
		g = groups[string(gs.key)]
	}
	if g == nil {
		if len(groups) >= maxGroups {
			return mysqldef.NewError(mysqldef.ErrOutOfSortMemory, "Out of sort memory, consider increasing server sort buffer size (more than %d groups)", maxGroups)
		}
		g = &group{rep: append([]expr.Value(nil), row...), states: expr.NewAggStates(p.aggs)}
		groups[string(gs.key)] = g
		*order = append(*order, g)
	}
	return g.add(ctx, row)
}

const (
	maxGroups = 1 << 20
)

// accumulateInOrder is accumulate for rows that come in GROUP BY order:
// *cur holds the open group (at most one), finished when a row with
// another key arrives. Nothing is kept per group, so there is no limit on
// their number.
func (p *SelectPlan) accumulateInOrder(ctx *expr.EvalCtx, row []expr.Value, cur *[]*group, coll *collector, wbuf *windowBuffer, gs *groupScratch) error {
	if err := p.groupKey(ctx, row, gs); err != nil {
		return err
	}
	var g *group
	switch {
	case len(*cur) == 1 && string((*cur)[0].key) == string(gs.key):
		g = (*cur)[0]
	case len(*cur) == 1:
		// The group before is finished: emit it, then take its place and
		// buffers (emitGroup copies what it keeps) for the new one.
		g = (*cur)[0]
		if err := p.emitGroup(ctx, g.rep, g.states, coll, wbuf); err != nil {
			return err
		}
		g.rep = append(g.rep[:0], row...)
		g.key = append(g.key[:0], gs.key...)
		for _, st := range g.states {
			st.Reset()
		}
	default:
		g = &group{rep: append([]expr.Value(nil), row...), states: expr.NewAggStates(p.aggs), key: append([]byte(nil), gs.key...)}
		*cur = append((*cur)[:0], g)
	}
	return g.add(ctx, row)
}

func (p *SelectPlan) finishGroups(ctx *expr.EvalCtx, groups map[string]*group, order []*group, coll *collector, wbuf *windowBuffer) error {
	if len(order) == 0 && len(p.group) == 0 {
		// Aggregates over no rows still give one row (COUNT 0, SUM NULL).
		order = []*group{{rep: make([]expr.Value, p.width), states: expr.NewAggStates(p.aggs)}}
	}
	for _, g := range order {
		if err := p.emitGroup(ctx, g.rep, g.states, coll, wbuf); err != nil {
			return err
		}
	}
	return nil
}

// emitGroup finishes one group (its first row rep and its aggregate
// states, none for rowGroups) into a result row: HAVING, then the windows'
// buffer or the collector.
func (p *SelectPlan) emitGroup(ctx *expr.EvalCtx, rep []expr.Value, states []*expr.AggState, coll *collector, wbuf *windowBuffer) error {
	// The group's row (its first source row and the aggregates' results)
	// is kept only by the windows' buffer; otherwise the projection and the
	// sort keys copy what they need, and one scratch row serves every
	// group, as the select list and sort keys come from the collector's
	// slab.
	var row []expr.Value
	if p.win == nil {
		row = append(coll.groupRow[:0], rep...)
		defer func() { coll.groupRow = row[:0] }()
	} else {
		row = append([]expr.Value(nil), rep...)
	}
	for _, st := range states {
		v, err := st.Result(ctx)
		if err != nil {
			return err
		}
		row = append(row, v)
	}
	var vals []expr.Value
	if p.win == nil {
		var err error
		if vals, err = p.projectInto(ctx, row, coll.values(len(p.Fields))); err != nil {
			return err
		}
	}
	if p.having != nil {
		hrow := row
		if _, ok := p.having.(*outputRef); ok {
			if vals == nil {
				// A HAVING over select-list aliases before the windows
				// ran: the aliases it may name hold no window function
				// (3594 at planning), so the window slots stay NULL.
				var err error
				wide := append(append([]expr.Value(nil), row...), make([]expr.Value, p.win.slots)...)
				if vals, err = p.project(ctx, wide); err != nil {
					return err
				}
			}
			hrow = vals
		}
		v, err := p.having.Eval(ctx, hrow)
		if err != nil {
			return err
		}
		if !isTrue(ctx, v) {
			return nil
		}
	}
	if p.win != nil {
		return wbuf.add(p.pl.Env, p.win, row)
	}
	keys, err := p.orderValuesInto(ctx, row, vals, coll.values(len(p.Order)), coll.sortKeyArena())
	if err != nil {
		return err
	}
	return coll.add(p.pl.Env, vals, keys)
}

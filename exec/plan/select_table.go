package plan

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// RowSink receives a statement's result rows: the client (a resultSink)
// or a collector (INSERT ... SELECT, subqueries).
type RowSink interface {
	Begin(cols []expr.Column) error
	Row(vals []expr.Value) error
}

// SelectPlan is a compiled single-table SELECT.
type SelectPlan struct {
	pl       *Planner     // chose the plan; its env runs it
	Rels     []*Relation  // FROM items, joined left to right
	width    int          // columns in the joined row
	reads    [][]bool     // per relation, the columns the statement reads (nil: all)
	Table    *table.Table // the table when there is one relation
	alias    string
	Path     AccessPath
	where    expr.Expr
	aggs     []*expr.AggSpec
	group    []expr.Expr
	Grouped  bool // GROUP BY or aggregates present
	having   expr.Expr
	Fields   []expr.Expr
	Cols     []expr.Column
	Order    []orderKey
	Distinct bool
	Limit    uint64
	Offset   uint64
	update   bool // FOR UPDATE: lock the rows read
	// fullOrder is ORDER BY as written: order may drop it when the access
	// path already yields it, which a reused plan decides again per run.
	fullOrder []orderKey
	// src, when set, is where the rows come from instead of the
	// transaction: information_schema's rows, built in memory.
	src storage.Reader
	// win computes the window functions (window*.go): set, every row is
	// buffered after WHERE/HAVING and projected once the windows are done.
	win *windowPlan
}

type orderKey struct {
	out  int       // output column, or -1
	expr expr.Expr // evaluated over the source or grouped row
	desc bool
	enum []string // an ENUM column sorts by its members' positions
}

// PlanSelect compiles a SELECT over one table.
func (pl *Planner) PlanSelect(sel *ast.SelectStmt, t *table.Table, alias string) (*SelectPlan, error) {
	return pl.PlanSelectRels(sel, []*Relation{{Table: t, Alias: alias}})
}

// PlanSelectRels compiles a SELECT over one or more joined relations.
func (pl *Planner) PlanSelectRels(sel *ast.SelectStmt, rels []*Relation) (*SelectPlan, error) {
	p := &SelectPlan{pl: pl, Rels: rels, Distinct: sel.Distinct, Limit: ^uint64(0)}
	p.reads = columnsRead(sel, rels)
	for _, r := range rels {
		p.width += len(r.Table.Columns)
	}
	t, alias := rels[0].Table, rels[0].Alias
	if len(rels) == 1 {
		p.Table, p.alias = t, alias
	}
	src := pl.JoinedScope(rels, len(rels))
	if sel.Where != nil {
		if expr.HasAggregate(sel.Where) {
			return nil, mysqldef.NewError(mysqldef.ErrInvalidGroupFuncUse, "Invalid use of group function")
		}
		x, err := expr.Compile(sel.Where, src)
		if err != nil {
			return nil, err
		}
		p.where = x
	}
	if len(rels) == 1 {
		p.Path = pl.PlanAccess(t, alias, sel.Where)
		rels[0].path = p.Path
	} else if err := pl.planJoins(rels, sel.Where); err != nil {
		return nil, err
	}
	if sel.LockInfo != nil && sel.LockInfo.LockType == ast.SelectLockForUpdate {
		if len(rels) > 1 || rels[0].Src != nil {
			return nil, expr.Unsupported("FOR UPDATE with joins or derived tables")
		}
		p.update = true
	}

	// Expand * and lift aggregates out of fields, HAVING and ORDER BY.
	var calls []*ast.AggregateFuncExpr
	type field struct {
		expr ast.ExprNode
		name string
		col  int // a plain column reference to t, for metadata
	}
	var fields []field
	for _, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			q := f.WildCard.Table.O
			found := false
			for _, r := range rels {
				if q != "" && !strings.EqualFold(q, r.Alias) {
					continue
				}
				found = true
				for i, c := range r.Table.Columns {
					ref := &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(r.Alias), Name: ast.NewCIStr(c.Name)}}
					fields = append(fields, field{expr: ref, name: c.Name, col: r.Offset + i})
				}
			}
			if !found {
				return nil, mysqldef.NewError(mysqldef.ErrBadTable, "Unknown table '%s'", q)
			}
			continue
		}
		name := f.AsName.O
		if name == "" {
			name = expr.ColumnName(f)
		}
		fields = append(fields, field{expr: f.Expr, name: name, col: p.sourceColumn(f.Expr)})
	}
	winExprs := make([]ast.ExprNode, 0, len(fields)+len(orderAST0(sel)))
	windowed := map[string]bool{} // aliases of select-list expressions holding a window function
	for _, f := range fields {
		winExprs = append(winExprs, f.expr)
		if hasWindow(f.expr) {
			windowed[strings.ToLower(f.name)] = true
		}
	}
	winCalls, err := collectWindows(sel, append(winExprs, orderAST0(sel)...))
	if err != nil {
		return nil, err
	}
	p.Grouped = sel.GroupBy != nil
	for i := range fields {
		p.Grouped = p.Grouped || expr.HasAggregate(fields[i].expr)
	}
	for _, c := range winCalls {
		p.Grouped = p.Grouped || c.hasAggregate()
	}
	if sel.Having != nil {
		p.Grouped = true
	}
	scope := src
	var havingAST ast.ExprNode
	var groupASTs []ast.ExprNode // GROUP BY items, positions and aliases resolved
	var orderAST []*ast.ByItem
	if sel.OrderBy != nil {
		orderAST = sel.OrderBy.Items
	}
	if p.Grouped {
		for i := range fields {
			fields[i].expr = expr.LiftAggregates(fields[i].expr, &calls)
		}
		if sel.Having != nil {
			havingAST = expr.LiftAggregates(sel.Having.Expr, &calls)
		}
		lifted := make([]*ast.ByItem, len(orderAST))
		for i, it := range orderAST {
			c := *it
			c.Expr = expr.LiftAggregates(it.Expr, &calls)
			lifted[i] = &c
		}
		orderAST = lifted
		for _, c := range winCalls {
			c.liftAggregates(&calls)
		}
		for _, c := range calls {
			spec, err := expr.CompileAgg(c, src)
			if err != nil {
				return nil, err
			}
			p.aggs = append(p.aggs, spec)
		}
		scope = &expr.Scope{Env: pl.Env, Columns: append([]expr.ScopeColumn(nil), src.Columns...)}
		for i, a := range p.aggs {
			scope.Columns = append(scope.Columns, expr.ScopeColumn{Table: expr.AggTable, Name: expr.SyntheticName("a" + itoaSmall(i)), Type: a.Type()})
		}
		if sel.GroupBy != nil {
			for _, it := range sel.GroupBy.Items {
				e := it.Expr
				if pos, ok := e.(*ast.PositionExpr); ok && pos.N >= 1 && pos.N <= len(fields) {
					e = fields[pos.N-1].expr
				} else if c, ok := e.(*ast.ColumnNameExpr); ok && c.Name.Table.O == "" && !p.hasColumn(c.Name.Name.O) {
					for _, f := range fields {
						if strings.EqualFold(f.name, c.Name.Name.O) {
							e = f.expr
						}
					}
				}
				if expr.HasAggregate(e) {
					return nil, mysqldef.NewError(mysqldef.ErrWrongGroupField, "Can't group on '%s'", it.Expr.Text())
				}
				if err := checkWindowAliasUse(it.Expr, windowed); err != nil {
					return nil, err
				}
				x, err := expr.Compile(e, src)
				if err != nil {
					return nil, err
				}
				p.group = append(p.group, x)
				groupASTs = append(groupASTs, e)
			}
		}
	}
	if p.Grouped && pl.Env.SQLModeHas("ONLY_FULL_GROUP_BY") {
		exprs := make([]ast.ExprNode, len(fields))
		for i, f := range fields {
			exprs[i] = f.expr
		}
		if err := p.checkFullGroupBy(exprs, groupASTs, sel.GroupBy != nil); err != nil {
			return nil, err
		}
	}
	// The select list and ORDER BY see the window values as columns after
	// the pre-window row's; HAVING and GROUP BY do not (3593).
	fieldScope := scope
	if len(winCalls) > 0 {
		if p.win, fieldScope, err = pl.compileWindows(winCalls, scope); err != nil {
			return nil, err
		}
	}
	for _, f := range fields {
		x, err := expr.Compile(f.expr, fieldScope)
		if err != nil {
			return nil, err
		}
		p.Fields = append(p.Fields, x)
		col := expr.Column{Name: f.name, Type: x.Type()}
		if f.col >= 0 && !p.Grouped {
			r, c := p.columnAt(f.col)
			col.Schema, col.Table, col.OrgTable, col.OrgName = r.Table.DB, r.Alias, r.Table.Name, c.Name
		}
		p.Cols = append(p.Cols, col)
	}
	if havingAST != nil {
		// HAVING may name select-list aliases.
		hs := &expr.Scope{Env: pl.Env, Columns: append([]expr.ScopeColumn(nil), scope.Columns...)}
		x, err := expr.Compile(havingAST, hs)
		if err != nil {
			if werr := checkWindowAliasUse(havingAST, windowed); werr != nil {
				return nil, werr
			}
			x, err = pl.compileOverOutput(havingAST, scope, p.Cols)
			if err != nil {
				return nil, err
			}
			p.having = &outputRef{x}
		} else {
			p.having = x
		}
	}
	for _, it := range orderAST {
		k, err := pl.orderKeyFor(it, fieldScope, p.Cols, p)
		if err != nil {
			return nil, err
		}
		k.enum = p.enumMembers(k)
		p.Order = append(p.Order, k)
	}
	p.fullOrder = p.Order
	if p.pkOrdered() {
		p.Order = nil // the scan already yields this order
	}
	if sel.Limit != nil {
		count, offset, err := pl.Env.LimitOf(sel.Limit)
		if err != nil {
			return nil, err
		}
		p.Limit, p.Offset = count, offset
	}
	return p, nil
}

func itoaSmall(n int) string {
	b := []byte{}
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}

// outputRef marks a HAVING compiled over the output columns.
type outputRef struct{ expr.Expr }

// compileOverOutput compiles e over the select list (for HAVING alias).
func (pl *Planner) compileOverOutput(e ast.ExprNode, _ *expr.Scope, cols []expr.Column) (expr.Expr, error) {
	sc := &expr.Scope{Env: pl.Env}
	for _, c := range cols {
		sc.Columns = append(sc.Columns, expr.ScopeColumn{Name: c.Name, Type: c.Type})
	}
	return expr.Compile(e, sc)
}

// orderKeyFor resolves one ORDER BY item: a position, a select alias, or
// an expression over the source rows.
func (pl *Planner) orderKeyFor(it *ast.ByItem, scope *expr.Scope, cols []expr.Column, p *SelectPlan) (orderKey, error) {
	k := orderKey{out: -1, desc: it.Desc}
	switch x := it.Expr.(type) {
	case *ast.PositionExpr:
		if x.N < 1 || x.N > len(cols) {
			return k, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%d' in 'order clause'", x.N)
		}
		k.out = x.N - 1
		return k, nil
	case *ast.ColumnNameExpr:
		if x.Name.Table.O == "" {
			for i, c := range cols {
				if strings.EqualFold(c.Name, x.Name.Name.O) && (c.OrgName == "" || strings.EqualFold(c.OrgName, c.Name) || !p.hasColumn(c.Name)) {
					k.out = i
					return k, nil
				}
			}
		}
	}
	e, err := expr.Compile(it.Expr, scope)
	if err != nil {
		return k, err
	}
	k.expr = e
	return k, nil
}

// pkOrdered reports whether ORDER BY asks for exactly the order the scan
// produces (ascending primary key), so no sort is needed.
func (p *SelectPlan) pkOrdered() bool {
	if p.Table == nil || len(p.Order) == 0 || p.Grouped || p.Distinct || p.win != nil || !p.Path.ordered || p.Path.Index != nil || !p.Table.HasPrimaryKey() {
		return false
	}
	if len(p.Order) > len(p.Table.PKOffsets()) {
		return false
	}
	for i, k := range p.Order {
		if k.desc {
			return false
		}
		x := k.expr
		if k.out >= 0 {
			x = p.Fields[k.out]
		}
		if idx, ok := expr.ColumnIndex(x); !ok || idx != p.Table.PKOffsets()[i] {
			return false
		}
	}
	return true
}

// Run executes the plan inside tx, sending rows to out.
func (p *SelectPlan) Run(tx storage.Txn, out RowSink) error {
	ctx := p.pl.Env.EvalCtx()
	streaming := !p.Grouped && !p.Distinct && len(p.Order) == 0 && p.win == nil
	// A buffered result announces its columns only once it is complete,
	// so an error while buffering (tmp_table_size) is a plain ERR.
	if streaming {
		if err := out.Begin(p.Cols); err != nil {
			return err
		}
	}
	var (
		skipped, sent uint64
		coll          collector
		groups        map[string]*group
		groupOrder    []*group
		tw            *table.Writer
		wbuf          windowBuffer
		gscratch      groupScratch
	)
	defer coll.release()
	if p.Grouped {
		groups = map[string]*group{}
	}
	if p.update {
		tw = p.pl.Env.NewTableWriter(p.Table, tx)
	}
	if streaming && p.Limit == 0 {
		return nil
	}
	err := p.EachRow(tx, ctx, func(key []byte, row []expr.Value) (bool, error) {
		if tw != nil {
			ok, err := p.lockRow(ctx, tw, key, row)
			if err != nil || !ok {
				return false, err
			}
		} else if ok, err := p.Matches(ctx, row); err != nil || !ok {
			return false, err
		}
		if p.Grouped {
			return false, p.accumulate(ctx, row, groups, &groupOrder, &gscratch)
		}
		if p.win != nil {
			return false, wbuf.add(p.pl.Env, p.win, row)
		}
		if streaming {
			vals, err := p.project(ctx, row)
			if err != nil {
				return false, err
			}
			if skipped < p.Offset {
				skipped++
				return false, nil
			}
			if err := out.Row(vals); err != nil {
				return false, err
			}
			sent++
			return sent >= p.Limit, nil
		}
		vals, err := p.projectInto(ctx, row, coll.slab.take(len(p.Fields)))
		if err != nil {
			return false, err
		}
		keys, err := p.orderValuesInto(ctx, row, vals, coll.slab.take(len(p.Order)))
		if err != nil {
			return false, err
		}
		return false, coll.add(p.pl.Env, vals, keys)
	})
	if err != nil {
		return p.pl.Env.MapStorageErr(err)
	}
	if streaming {
		return nil
	}
	if p.Grouped {
		if err := p.finishGroups(ctx, groups, groupOrder, &coll, &wbuf); err != nil {
			return err
		}
	}
	if p.win != nil {
		if err := p.finishWindows(ctx, wbuf.rows, &coll); err != nil {
			return err
		}
	}
	if err := out.Begin(p.Cols); err != nil {
		return err
	}
	return coll.emit(ctx, p, out)
}

// Matches applies WHERE.
func (p *SelectPlan) Matches(ctx *expr.EvalCtx, row []expr.Value) (bool, error) {
	if p.where == nil {
		return true, nil
	}
	v, err := p.where.Eval(ctx, row)
	if err != nil {
		return false, err
	}
	return isTrue(ctx, v), nil
}

// lockRow implements FOR UPDATE: lock the row, re-read its latest version
// and re-check WHERE against it.
func (p *SelectPlan) lockRow(ctx *expr.EvalCtx, tw *table.Writer, key []byte, row []expr.Value) (bool, error) {
	if ok, err := p.Matches(ctx, row); err != nil || !ok {
		return false, err
	}
	if err := tw.Lock(key); err != nil {
		return false, err
	}
	ok, err := tw.ReadRow(key, row)
	if err != nil || !ok {
		return false, err
	}
	return p.Matches(ctx, row)
}

func (p *SelectPlan) project(ctx *expr.EvalCtx, row []expr.Value) ([]expr.Value, error) {
	return p.projectInto(ctx, row, make([]expr.Value, len(p.Fields)))
}

// projectInto evaluates the select list into vals (len(p.Fields) long).
func (p *SelectPlan) projectInto(ctx *expr.EvalCtx, row, vals []expr.Value) ([]expr.Value, error) {
	for i, f := range p.Fields {
		v, err := f.Eval(ctx, row)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

func (p *SelectPlan) orderValues(ctx *expr.EvalCtx, row, vals []expr.Value) ([]expr.Value, error) {
	if len(p.Order) == 0 {
		return nil, nil
	}
	return p.orderValuesInto(ctx, row, vals, make([]expr.Value, len(p.Order)))
}

// orderValuesInto computes the sort keys into keys (len(p.Order) long; nil
// without ORDER BY).
func (p *SelectPlan) orderValuesInto(ctx *expr.EvalCtx, row, vals, keys []expr.Value) ([]expr.Value, error) {
	if len(p.Order) == 0 {
		return nil, nil
	}
	for i, k := range p.Order {
		if k.out >= 0 {
			keys[i] = vals[k.out]
		} else {
			v, err := k.expr.Eval(ctx, row)
			if err != nil {
				return nil, err
			}
			keys[i] = v
		}
		switch {
		case k.enum != nil && !keys[i].IsNull():
			keys[i] = expr.IntValue(int64(enumPosition(k.enum, keys[i].Str())))
		case keys[i].Kind() == expr.KindString:
			// Sort by the collation's weights, computed once per row rather
			// than per comparison.
			keys[i] = expr.BinaryStringValue(expr.CollationKeyString(keys[i].Str()))
		}
	}
	return keys, nil
}

// enumMembers returns the members of the ENUM column an ORDER BY key
// names directly, or nil.
func (p *SelectPlan) enumMembers(k orderKey) []string {
	x := k.expr
	if k.out >= 0 {
		x = p.Fields[k.out]
	}
	idx, ok := expr.ColumnIndex(x)
	if !ok || idx >= p.width {
		return nil
	}
	if _, c := p.columnAt(idx); c != nil && c.Type.Tp == mysqldef.TypeEnum {
		return c.Type.Elems
	}
	return nil
}

// enumPosition is a member's 1-based position (” sorts first, as 0).
func enumPosition(members []string, v string) int {
	for i, m := range members {
		if m == v {
			return i + 1
		}
	}
	return 0
}

// group is one GROUP BY group: its first row and its aggregate states.
type group struct {
	rep    []expr.Value
	states []*expr.AggState
}

// groupScratch is reused for every row accumulate sees: the row's GROUP BY
// values and their key, which is copied only for a new group.
type groupScratch struct {
	vals []expr.Value
	key  []byte
}

func (p *SelectPlan) accumulate(ctx *expr.EvalCtx, row []expr.Value, groups map[string]*group, order *[]*group, gs *groupScratch) error {
	if len(p.group) > 0 {
		gs.vals = gs.vals[:0]
		for _, g := range p.group {
			v, err := g.Eval(ctx, row)
			if err != nil {
				return err
			}
			gs.vals = append(gs.vals, v)
		}
		gs.key = expr.AppendGroupKey(gs.key[:0], gs.vals)
	}
	g := groups[string(gs.key)]
	if g == nil {
		if len(groups) >= maxGroups {
			return mysqldef.NewError(mysqldef.ErrOutOfSortMemory, "Out of sort memory, consider increasing server sort buffer size (more than %d groups)", maxGroups)
		}
		g = &group{rep: append([]expr.Value(nil), row...), states: expr.NewAggStates(p.aggs)}
		groups[string(gs.key)] = g
		*order = append(*order, g)
	}
	for _, st := range g.states {
		if err := st.Add(ctx, row); err != nil {
			return err
		}
	}
	return nil
}

const (
	maxGroups = 1 << 20
)

func (p *SelectPlan) finishGroups(ctx *expr.EvalCtx, groups map[string]*group, order []*group, coll *collector, wbuf *windowBuffer) error {
	if len(order) == 0 && len(p.group) == 0 {
		// Aggregates over no rows still give one row (COUNT 0, SUM NULL).
		order = []*group{{rep: make([]expr.Value, p.width), states: expr.NewAggStates(p.aggs)}}
	}
	for _, g := range order {
		row := append([]expr.Value(nil), g.rep...)
		for _, st := range g.states {
			v, err := st.Result(ctx)
			if err != nil {
				return err
			}
			row = append(row, v)
		}
		var vals []expr.Value
		if p.win == nil {
			var err error
			if vals, err = p.project(ctx, row); err != nil {
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
				continue
			}
		}
		if p.win != nil {
			if err := wbuf.add(p.pl.Env, p.win, row); err != nil {
				return err
			}
			continue
		}
		keys, err := p.orderValues(ctx, row, vals)
		if err != nil {
			return err
		}
		if err := coll.add(p.pl.Env, vals, keys); err != nil {
			return err
		}
	}
	return nil
}

// collector buffers rows that must be deduplicated or sorted, within a
// memory bound.
type collector struct {
	rows  [][]expr.Value
	keys  [][]expr.Value
	bytes int
	limit int
	slab  rowSlab // the rows' and keys' values, when the caller fills them from it
	bufs  *collectorBufs
}

// collectorBufs are a collector's row and key lists and sort order, reused
// by later statements: a range select buffers about a hundred rows on every
// execution, and growing these lists was a sixth of what it allocated.
// Only the lists are reused; the rows in them belong to whoever got them.
type collectorBufs struct {
	rows, keys [][]expr.Value
	idx        []int
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
	collectorPool.Put(b)
}

// rowSlab hands out short value slices cut from shared chunks, so that
// buffering a hundred rows costs a few allocations rather than two per row.
// A slice handed out is capped at its length: appending to it cannot run
// into its neighbour.
type rowSlab struct{ free []expr.Value }

func (s *rowSlab) take(n int) []expr.Value {
	if n == 0 {
		return nil
	}
	if n > len(s.free) {
		s.free = make([]expr.Value, max(256, n))
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
	for _, v := range vals {
		c.bytes += 48 + len(v.Str())
	}
	for _, v := range keys {
		c.bytes += 48 + len(v.Str())
	}
	if c.bytes > c.limit {
		return mysqldef.NewError(mysqldef.ErrOutOfSortMemory, "Out of sort memory: ORDER BY, GROUP BY and DISTINCT may buffer tmp_table_size (%d) bytes per statement; raise it or narrow the query", c.limit)
	}
	if c.bufs == nil {
		c.bufs = collectorPool.Get().(*collectorBufs)
		c.rows, c.keys = c.bufs.rows[:0], c.bufs.keys[:0]
		if c.rows == nil {
			// Range selects buffer around a hundred rows: start near
			// that rather than doubling up from one.
			c.rows, c.keys = make([][]expr.Value, 0, 64), make([][]expr.Value, 0, 64)
		}
	}
	c.rows = append(c.rows, vals)
	c.keys = append(c.keys, keys)
	return nil
}

func (c *collector) emit(ctx *expr.EvalCtx, p *SelectPlan, out RowSink) error {
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
	if len(p.Order) > 0 {
		// A sort of tmp_table_size bytes can take seconds: every few
		// thousand comparisons it looks at KILL, and once killed every
		// comparison answers at once so the sort runs out quickly.
		var compared uint32
		killed := false
		// pdqsort on row numbers, ties broken by arrival order: stable
		// like MySQL's filesort, with O(n log n) comparisons where a
		// merge-based stable sort needs more, and no reflection swapper.
		slices.SortFunc(idx, func(a, b int) int {
			if compared++; compared%4096 == 0 && !killed && ctx.Env != nil {
				killed = ctx.Env.Killed()
			}
			if !killed {
				ka, kb := c.keys[a], c.keys[b]
				for i, k := range p.Order {
					if x := expr.CompareForSort(ctx, ka[i], kb[i]); x != 0 {
						if k.desc {
							return -x
						}
						return x
					}
				}
			}
			return cmp.Compare(a, b)
		})
		if killed {
			return ErrInterrupted()
		}
	}
	d := distinctFilter{on: p.Distinct, runs: len(p.Order) > 0 && orderOnOutputs(p.Order)}
	var skipped, sent uint64
	for n, i := range idx {
		vals := c.rows[i]
		if d.on {
			newRun := !d.runs || n == 0 || !c.sameKeys(ctx, idx[n-1], i, len(p.Order))
			if d.dup(vals, newRun) {
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
func (c *collector) sameKeys(ctx *expr.EvalCtx, a, b, n int) bool {
	ka, kb := c.keys[a], c.keys[b]
	for i := 0; i < n; i++ {
		if expr.CompareForSort(ctx, ka[i], kb[i]) != 0 {
			return false
		}
	}
	return true
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

// distinctFilter drops repeated rows for DISTINCT. With runs (the rows
// come sorted on output columns) a repeat can only be in the current run
// of equal sort keys: most runs are one row long, so a row is compared
// with the previous one and nothing is kept per row. Otherwise every kept
// row's key goes into one map.
type distinctFilter struct {
	on, runs  bool
	cur, prev []byte
	seen      map[string]struct{}
}

// dup reports whether vals repeats a row already kept; newRun says the
// sort keys changed since the previous row (always true without runs).
func (d *distinctFilter) dup(vals []expr.Value, newRun bool) bool {
	d.cur = expr.AppendGroupKey(d.cur[:0], vals)
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

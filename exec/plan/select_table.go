package plan

import (
	"errors"
	"slices"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// RowSink receives a statement's result rows: the client (a resultSink)
// or a collector (INSERT ... SELECT, subqueries).
type RowSink interface {
	Begin(cols []expr.Column) error
	// Row takes one result row. vals is only read during the call: a
	// streaming plan reuses it for the next row, so a sink that keeps
	// rows copies the slice (the values themselves are immutable).
	Row(vals []expr.Value) error
}

// Transient is implemented by a row consumer that may say it keeps
// nothing of a row, not even its strings, once it has taken it: the client
// connection, which encodes the row into its packet buffer (exec's result
// writers and the sink over them forward the question). A streamed result
// to such a sink decodes its strings into a per-scan arena
// (table.StringArena) instead of allocating for every row, or, when no
// expression sees the row either, leaves them in the storage iterator's
// buffer (TableScan.InPlace).
type Transient interface {
	RowsTransient() bool
}

// RowsTransient reports whether consumer (a RowSink, or a writer behind
// one) implements Transient and keeps nothing of a row.
func RowsTransient(consumer any) bool {
	t, ok := consumer.(Transient)
	return ok && t.RowsTransient()
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
	conds    []expr.Expr    // WHERE's conjuncts, compiled
	condASTs []ast.ExprNode // the same conjuncts as written, to match AccessPath.Exact
	filter   []expr.Expr    // the conjuncts rows are checked against this run (usePath)
	aggs     []*expr.AggSpec
	group    []expr.Expr
	Grouped  bool // GROUP BY or aggregates present, or HAVING
	// rowGroups: HAVING without GROUP BY or aggregates; each row is a
	// group of its own, finished as it is read (emitGroup).
	rowGroups bool
	// groupsInOrder: this run's access path yields the rows in GROUP BY
	// order, so each group is finished when the next begins
	// (accumulateInOrder) instead of being held in a map.
	groupsInOrder bool
	having        expr.Expr
	Fields        []expr.Expr
	Cols          []expr.Column
	Order         []orderKey
	Distinct      bool
	Limit         uint64
	Offset        uint64
	update        bool // FOR UPDATE: lock the rows read
	// fullOrder is ORDER BY as written: order may drop it when the access
	// path already yields it, which a reused plan decides again per run.
	fullOrder []orderKey
	// src, when set, is where the rows come from instead of the
	// transaction: information_schema's rows, built in memory.
	src storage.Reader
	// win computes the window functions (window*.go): set, every row is
	// buffered after WHERE/HAVING and projected once the windows are done.
	win *windowPlan
	// rowOut: the select list is the row's columns in order, as stored
	// (SELECT * of one table): a streamed row goes out as it is read.
	// plainOut: it is stored columns, in any order (a gather that keeps
	// nothing of the row).
	rowOut, plainOut bool
	// distinctAdjacent: DISTINCT over a select list that is the ORDER BY's
	// columns (plain ones, any order): once the rows come in that order
	// (the access path yields it), duplicates are adjacent and DISTINCT
	// streams (see distinctStreams).
	distinctAdjacent bool
}

type orderKey struct {
	out  int       // output column, or -1
	expr expr.Expr // evaluated over the source or grouped row
	desc bool
	enum []string // an ENUM column sorts by its members' positions

	// withOutputs is set when expr names select-list aliases (ORDER BY
	// LENGTH(l)): it is evaluated over the row's first withOutputs values
	// followed by the output values (see orderKeyOverAliases).
	withOutputs int
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
		for _, c := range conjuncts(sel.Where) {
			x, err := expr.CompileCondition(c, src)
			if err != nil {
				return nil, err
			}
			p.conds = append(p.conds, x)
			p.condASTs = append(p.condASTs, c)
		}
	}
	if len(rels) == 1 {
		p.usePath(pl.planAccess(t, alias, sel.Where, nil, p.reads[0]))
	} else if err := pl.planJoins(rels, sel.Where, p.reads); err != nil {
		return nil, err
	} else {
		p.usePath(AccessPath{})
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
	aggregated := map[string]bool{} // aliases of select-list expressions holding an aggregate
	for i := range fields {
		if expr.HasAggregate(fields[i].expr) {
			p.Grouped = true
			aggregated[strings.ToLower(fields[i].name)] = true
		}
	}
	for _, c := range winCalls {
		p.Grouped = p.Grouped || c.hasAggregate()
	}
	if sel.Having != nil {
		// HAVING without GROUP BY or any aggregate does not group the
		// query in MySQL: it filters the rows after the select list (whose
		// aliases it may name). It runs as the grouped path with each row
		// its own group.
		p.rowGroups = !p.Grouped && sel.GroupBy == nil && !expr.HasAggregate(sel.Having.Expr) && !orderHasAggregate(sel.OrderBy)
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
	if p.Grouped && !p.rowGroups && pl.Env.SQLModeHas("ONLY_FULL_GROUP_BY") {
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
		if f.col >= 0 && (!p.Grouped || p.rowGroups) {
			r, c := p.columnAt(f.col)
			col.Schema, col.Table, col.OrgTable, col.OrgName = r.Table.DB, r.Alias, r.Table.Name, c.Name
		}
		p.Cols = append(p.Cols, col)
	}
	p.plainOut = p.win == nil && !p.Grouped
	p.rowOut = p.plainOut && len(p.Fields) == p.width
	for i := 0; p.plainOut && i < len(p.Fields); i++ {
		idx, ok := expr.StoredColumn(p.Fields[i])
		p.plainOut = ok
		p.rowOut = p.rowOut && ok && idx == i
	}
	if havingAST != nil && p.rowGroups {
		// Not grouped: HAVING sees the select list only (MySQL: 1054 for
		// a column the select list does not name).
		if err := checkWindowAliasUse(havingAST, windowed); err != nil {
			return nil, err
		}
		x, err := pl.compileOverOutput(havingAST, scope, p.Cols)
		if err != nil {
			return nil, inClause(err, "having clause")
		}
		p.having = &outputRef{x}
	} else if havingAST != nil {
		// HAVING may name select-list aliases.
		hs := &expr.Scope{Env: pl.Env, Columns: append([]expr.ScopeColumn(nil), scope.Columns...)}
		x, err := expr.CompileCondition(havingAST, hs)
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
		if lit, ok := it.Expr.(*test_driver.ValueExpr); ok && lit.Kind() == test_driver.KindNull {
			continue // ORDER BY NULL: MySQL's way of asking for no order
		}
		k, err := pl.orderKeyFor(it, fieldScope, p.Cols, p, aggregated)
		if err != nil {
			return nil, err
		}
		k.enum = p.enumMembers(k)
		p.Order = append(p.Order, k)
	}
	if sel.Limit != nil {
		count, offset, err := pl.Env.LimitOf(sel.Limit)
		if err != nil {
			return nil, err
		}
		p.Limit, p.Offset = count, offset
	}
	p.fullOrder = p.Order
	p.distinctAdjacent = p.Distinct && p.orderCoversOutputs()
	if want := p.orderWanted(); want != nil {
		if path := pl.planAccess(p.Table, p.alias, sel.Where, want, p.reads[0]); path.InOrder {
			p.usePath(path)
		}
	}
	if p.Path.InOrder || p.pkOrdered() {
		p.Order = nil // the scan already yields this order
	}
	if want := p.groupWanted(); want != nil {
		if path := pl.planAccess(p.Table, p.alias, sel.Where, want, p.reads[0]); path.InOrder {
			p.usePath(path)
			p.groupsInOrder = true
		}
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
		sc.Columns = append(sc.Columns, expr.ScopeColumn{Table: c.Table, Name: c.Name, Type: c.Type})
	}
	return expr.CompileCondition(e, sc)
}

// inClause names the clause in an unknown-column error (1054), which the
// compiler words for the select list.
func inClause(err error, clause string) error {
	var se *mysqldef.SQLError
	if errors.As(err, &se) && se.Code == mysqldef.ErrBadField {
		return mysqldef.NewError(mysqldef.ErrBadField, "%s", strings.Replace(se.Message, "'field list'", "'"+clause+"'", 1))
	}
	return err
}

// Run executes the plan inside tx, sending rows to out.
func (p *SelectPlan) Run(tx storage.Txn, out RowSink) error {
	ctx := p.pl.Env.EvalCtx()
	streaming := !p.Grouped && (!p.Distinct || p.distinctStreams()) && len(p.Order) == 0 && p.win == nil
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
		adjacent      adjacentDistinct
		streamed      []expr.Value // a streamed row, reused (RowSink.Row does not keep it)
	)
	defer coll.release()
	coll.transient = RowsTransient(out)
	coll.keepTop(ctx, p)
	if p.Grouped {
		groups = map[string]*group{}
	}
	if p.update {
		tw = p.pl.Env.NewTableWriter(p.Table, tx)
	}
	if streaming && p.Limit == 0 {
		return nil
	}
	// A streamed row is gone once the sink has it, so its strings may
	// share arena blocks; an expression keeping a value (a user variable,
	// a cache) keeps at most a block per value it keeps. With no WHERE and
	// a select list of plain columns nothing but the sink sees the row,
	// which may then point straight into the storage iterator's buffer.
	// Aggregates with no GROUP BY form one group: what it keeps of the rows
	// (its first row, a MIN or MAX, GROUP_CONCAT's pieces) pins a block
	// per value kept, or else every row is kept (an ordered GROUP_CONCAT),
	// where blocks cost no more than a buffer per row; SUM(LENGTH(c)) over
	// a table keeps nothing and allocates per block instead of per row.
	// Rows that are buffered (sorted, grouped by key, locked for update)
	// allocate their own, so that a sparse few kept rows cannot pin
	// the blocks of every row read.
	var rows rowMemory
	switch {
	case streaming && tw == nil && RowsTransient(out):
		if len(p.filter) == 0 && p.plainOut {
			rows.inPlace = true
		} else {
			rows.arena = new(table.StringArena)
		}
	case p.Grouped && len(p.group) == 0 && !p.rowGroups && tw == nil && p.win == nil:
		rows.arena = new(table.StringArena)
	}
	err := p.eachRow(tx, ctx, func(key []byte, row []expr.Value) (bool, error) {
		if tw != nil {
			ok, err := p.lockRow(ctx, tw, key, row)
			if err != nil || !ok {
				return false, err
			}
		} else if ok, err := p.Matches(ctx, row); err != nil || !ok {
			return false, err
		}
		if p.rowGroups {
			return false, p.emitGroup(ctx, row, nil, &coll, &wbuf)
		}
		if p.groupsInOrder {
			return false, p.accumulateInOrder(ctx, row, &groupOrder, &coll, &wbuf, &gscratch)
		}
		if p.Grouped {
			return false, p.accumulate(ctx, row, groups, &groupOrder, &gscratch)
		}
		if p.win != nil {
			return false, wbuf.add(p.pl.Env, p.win, row)
		}
		if streaming {
			vals := row
			if !p.rowOut {
				if streamed == nil {
					streamed = make([]expr.Value, len(p.Fields))
				}
				var err error
				if vals, err = p.projectInto(ctx, row, streamed); err != nil {
					return false, err
				}
			}
			if p.Distinct && adjacent.repeats(vals) {
				return false, nil
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
		vals, err := p.projectInto(ctx, row, coll.values(len(p.Fields)))
		if err != nil {
			return false, err
		}
		keys, err := p.orderValuesInto(ctx, row, vals, coll.values(len(p.Order)), coll.sortKeyArena())
		if err != nil {
			return false, err
		}
		return false, coll.add(p.pl.Env, vals, keys)
	}, rows)
	if err != nil {
		return p.pl.Env.MapStorageErr(err)
	}
	if streaming {
		return nil
	}
	if p.groupsInOrder {
		if len(groupOrder) == 1 { // the last group
			g := groupOrder[0]
			if err := p.emitGroup(ctx, g.rep, g.states, &coll, &wbuf); err != nil {
				return err
			}
		}
	} else if p.Grouped && !p.rowGroups {
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
	return matchAll(ctx, p.filter, row)
}

// orderHasAggregate reports an ORDER BY naming an aggregate, which groups
// the query.
func orderHasAggregate(ob *ast.OrderByClause) bool {
	if ob == nil {
		return false
	}
	for _, it := range ob.Items {
		if expr.HasAggregate(it.Expr) {
			return true
		}
	}
	return false
}

// ConstantsHold evaluates the WHERE conjuncts that do not depend on the row
// (expr.CompileCondition caches them for the statement) and reports false
// when one is false or NULL: then no row can match and none is read, as
// MySQL's "Impossible WHERE". Evaluated before the first row, so that a
// warning they raise is raised once even when the table is empty. Every
// reader of the plan's rows calls it first; Matches would still be right
// without it (it evaluates them too, from the cache).
func (p *SelectPlan) ConstantsHold(ctx *expr.EvalCtx) (bool, error) {
	for _, c := range p.conds {
		if !expr.IsStatementConstant(c) {
			continue
		}
		v, err := c.Eval(ctx, nil)
		if err != nil {
			return false, err
		}
		if t, null := expr.TruthValue(ctx, v); null || !t {
			return false, nil
		}
	}
	return true, nil
}

// matchAll checks conjuncts in order, as AND evaluates them: a false one
// decides, a NULL one does not stop the others (their errors still count).
func matchAll(ctx *expr.EvalCtx, conds []expr.Expr, row []expr.Value) (bool, error) {
	null := false
	for _, c := range conds {
		v, err := c.Eval(ctx, row)
		if err != nil {
			return false, err
		}
		t, isNull := expr.TruthValue(ctx, v)
		if isNull {
			null = true
		} else if !t {
			return false, nil
		}
	}
	return !null, nil
}

// usePath makes path the plan's access path for this run (one relation:
// its path; several: each relation has its own, path is unused) and
// decides which conjuncts rows are checked against: all of them but those
// the single relation's key ranges already enforce.
func (p *SelectPlan) usePath(path AccessPath) {
	if len(p.Rels) == 1 {
		p.Path = path
		p.Rels[0].path = path
	}
	p.filter = p.filter[:0]
	for i, c := range p.conds {
		if len(p.Rels) == 1 && slices.Contains(path.Exact, p.condASTs[i]) {
			continue
		}
		p.filter = append(p.filter, c)
	}
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
	// The latest version may have moved out of the range its index entry
	// was read in (another transaction changed the key column since the
	// snapshot): every conjunct is checked again, those the path enforced
	// on the version it read too.
	return matchAll(ctx, p.conds, row)
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

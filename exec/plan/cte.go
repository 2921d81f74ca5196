package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Common table expressions. A WITH clause opens a scope for the statement
// (or subquery) it belongs to: EnterWith puts its CTEs in front of the
// ones already visible, and the returned func takes them away again. A
// table name without a database that matches a CTE in scope reads the
// CTE's rows instead of a table (relationFor, addFrom). Each CTE is run
// once per scope, on its first reference, and its rows are materialised
// like a derived table's; a CTE nobody references never runs.
//
// Visibility follows MySQL: a CTE sees the CTEs before it in its WITH
// and those of enclosing scopes; under WITH RECURSIVE it also sees
// itself. A recursive CTE is a UNION [ALL] of non-recursive blocks (the
// anchor) followed by blocks that name it; the recursive blocks run
// again and again over the rows the previous round produced, until a
// round produces none, at most cte_max_recursion_depth rounds (3636).

// cteDef is one CTE of a scope.
type cteDef struct {
	name      string
	colNames  []string          // WITH x(a, b): the column names, or nil
	query     ast.ResultSetNode // the CTE's SELECT or UNION
	recursive bool              // WITH RECURSIVE and the query names the CTE
	parent    *cteDef           // what was visible before this CTE

	// Its rows once materialised; while a recursive CTE runs, the rows
	// of the previous round, which its recursive blocks read.
	table *table.Table
	rows  *MemRows
	// err is a failed materialisation's error, answered again to every
	// later reference (one that a name check swallowed must not leave a
	// later reference reading partial rows).
	err     error
	running bool
}

// EnterWith makes w's CTEs visible until the returned func runs. A nil
// w opens nothing.
func (pl *Planner) EnterWith(w *ast.WithClause) (leave func(), err error) {
	saved := pl.ctes
	leave = func() { pl.ctes = saved }
	if w == nil {
		return leave, nil
	}
	seen := map[string]bool{}
	for _, c := range w.CTEs {
		if seen[c.Name.L] {
			pl.ctes = saved
			return nil, mysqldef.NewError(mysqldef.ErrNonUniqTable, "Not unique table/alias: '%s'", c.Name.O)
		}
		seen[c.Name.L] = true
		d := &cteDef{name: c.Name.O, query: c.Query.Query, parent: pl.ctes}
		for _, n := range c.ColNameList {
			d.colNames = append(d.colNames, n.O)
		}
		d.recursive = (w.IsRecursive || c.IsRecursive) && namesTable(d.query, c.Name.L)
		pl.ctes = d
	}
	return leave, nil
}

// HideCTEs makes no CTE visible until the returned func runs: a view's
// SELECT does not see the CTEs of the statement reading the view.
func (pl *Planner) HideCTEs() (leave func()) {
	saved := pl.ctes
	pl.ctes = nil
	return func() { pl.ctes = saved }
}

// WithOf is the WITH clause of a statement that may carry one.
func WithOf(n ast.Node) *ast.WithClause {
	switch x := n.(type) {
	case *ast.SelectStmt:
		return x.With
	case *ast.SetOprStmt:
		return x.With
	case *ast.UpdateStmt:
		return x.With
	case *ast.DeleteStmt:
		return x.With
	}
	return nil
}

// IsCTE reports whether tn names a CTE in scope (a CTE is never a
// statement's write target: 1288).
func (pl *Planner) IsCTE(tn *ast.TableName) bool { return pl.findCTE(tn) != nil }

// findCTE is the CTE a table name refers to, or nil.
func (pl *Planner) findCTE(tn *ast.TableName) *cteDef {
	if tn.Schema.O != "" {
		return nil
	}
	for d := pl.ctes; d != nil; d = d.parent {
		if strings.EqualFold(d.name, tn.Name.O) {
			return d
		}
	}
	return nil
}

// cteRows materialises d on its first reference (while a recursive d
// runs, its recursive blocks read the previous round's rows).
func (pl *Planner) cteRows(d *cteDef) (*table.Table, *MemRows, error) {
	if d.err != nil {
		return nil, nil, d.err
	}
	if d.table != nil {
		return d.table, d.rows, nil
	}
	if d.running {
		// Only an anchor block can get here (the recursive ones see the
		// working rows): MySQL's 3574 shape error.
		return nil, nil, errNonRecursiveFirst(d.name)
	}
	saved := pl.ctes
	defer func() { pl.ctes = saved }()
	var cols []expr.Column
	var rows [][]expr.Value
	var err error
	if d.recursive {
		pl.ctes = d
		d.running = true
		cols, rows, err = pl.recursiveRows(d)
		d.running = false
	} else {
		pl.ctes = d.parent
		cols, rows, err = pl.Env.QueryRowsCols(d.query)
		if err == nil {
			err = d.rename(cols)
		}
	}
	if err != nil {
		d.table, d.rows, d.err = nil, nil, err
		return nil, nil, err
	}
	d.table, d.rows = materialize(d.name, cols, rows)
	return d.table, d.rows, nil
}

// rename applies the CTE's column list to its result's columns.
func (d *cteDef) rename(cols []expr.Column) error {
	if d.colNames == nil {
		return nil
	}
	if len(d.colNames) != len(cols) {
		return mysqldef.NewError(mysqldef.ErrViewWrongList,
			"In definition of view, derived table or common table expression, SELECT list and column names list have different column counts")
	}
	for i := range cols {
		cols[i].Name = d.colNames[i]
	}
	return nil
}

// recursiveRows runs a recursive CTE: the anchor blocks once, then the
// recursive blocks over the previous round's new rows until a round adds
// none. UNION DISTINCT anywhere drops rows already produced.
func (pl *Planner) recursiveRows(d *cteDef) ([]expr.Column, [][]expr.Value, error) {
	anchors, steps, distinct, err := splitRecursive(d)
	if err != nil {
		return nil, nil, err
	}
	u := d.query.(*ast.SetOprStmt)
	if u.OrderBy != nil {
		return nil, nil, expr.Unsupported("ORDER BY over UNION in recursive Common Table Expression")
	}
	limit := ^uint64(0)
	var offset uint64
	if u.Limit != nil {
		if limit, offset, err = pl.Env.LimitOf(u.Limit); err != nil {
			return nil, nil, err
		}
	}
	depthVal, err := pl.Env.SystemVar("cte_max_recursion_depth", false)
	if err != nil {
		return nil, nil, err
	}
	maxDepth := depthVal.Uint()
	// The rows produced are held in memory: within tmp_table_size bytes
	// (counted as the sort buffers count them), past which the CTE's table
	// is full, MySQL's 1114.
	memLimit, memBytes := int(expr.MaxResultMemory), 0
	if v, err := pl.Env.SystemVar("tmp_table_size", false); err == nil {
		memLimit = int(v.Int())
	}

	var cols []expr.Column
	var all [][]expr.Value
	var narrow *cteNarrowing // set once the anchor is in: recursive rows only
	seen := map[string]bool{}
	// add appends a block's rows to the result, returning the new ones.
	add := func(block *ast.SelectStmt) ([][]expr.Value, error) {
		c, rows, err := pl.Env.QueryRowsCols(block)
		if err != nil {
			return nil, err
		}
		if cols == nil {
			cols = c
			if err := d.rename(cols); err != nil {
				return nil, err
			}
		} else if len(c) != len(cols) {
			return nil, mysqldef.NewError(mysqldef.ErrWrongNumberOfColumnsInSelect, "The used SELECT statements have a different number of columns")
		}
		start := len(all)
		for _, r := range rows {
			if narrow != nil {
				if err := narrow.apply(r, len(all)+1); err != nil {
					return nil, err
				}
			}
			if distinct {
				k := string(expr.GroupKey(r))
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			for _, v := range r {
				memBytes += 48 + len(v.Str())
			}
			if memBytes > memLimit {
				return nil, mysqldef.NewError(mysqldef.ErrRecordFileFull, "The table '%s' is full", d.name)
			}
			all = append(all, r)
		}
		return all[start:], nil
	}
	full := func() bool { return limit != ^uint64(0) && uint64(len(all)) >= limit+offset }

	var working [][]expr.Value
	for _, a := range anchors {
		added, err := add(a)
		if err != nil {
			return nil, nil, err
		}
		working = append(working, added...)
	}
	if cols != nil {
		narrow = pl.newCTENarrowing(cols)
	}
	for round := uint64(1); len(working) > 0 && !full(); round++ {
		if round > maxDepth {
			return nil, nil, mysqldef.NewError(mysqldef.ErrCTEMaxRecursionDepth,
				"Recursive query aborted after %d iterations. Try increasing @@cte_max_recursion_depth to a larger value.", round)
		}
		if pl.Env.Killed() {
			return nil, nil, mysqldef.NewError(mysqldef.ErrQueryInterrupted, "Query execution was interrupted")
		}
		// The recursive blocks see the working rows as the CTE.
		d.table, d.rows = materialize(d.name, cols, working)
		var next [][]expr.Value
		for _, s := range steps {
			added, err := add(s)
			if err != nil {
				return nil, nil, err
			}
			next = append(next, added...)
		}
		working = next
	}
	d.table, d.rows = nil, nil
	if limit != ^uint64(0) {
		if offset >= uint64(len(all)) {
			all = nil
		} else {
			all = all[offset:min(uint64(len(all)), offset+limit)]
		}
	}
	return cols, all, nil
}

// splitRecursive checks a recursive CTE's shape as MySQL does and splits
// its blocks into the anchor and the recursive ones.
func splitRecursive(d *cteDef) (anchors, steps []*ast.SelectStmt, distinct bool, err error) {
	u, ok := d.query.(*ast.SetOprStmt)
	if !ok || u.SelectList == nil || len(u.SelectList.Selects) < 2 {
		return nil, nil, false, mysqldef.NewError(mysqldef.ErrCTERecursiveRequiresUnion,
			"Recursive Common Table Expression '%s' should contain a UNION", d.name)
	}
	lower := strings.ToLower(d.name)
	for i, node := range u.SelectList.Selects {
		sel, ok := node.(*ast.SelectStmt)
		if !ok {
			return nil, nil, false, expr.Unsupported("nested UNION in a recursive Common Table Expression")
		}
		if i > 0 && sel.AfterSetOperator != nil {
			switch *sel.AfterSetOperator {
			case ast.Union:
				distinct = true
			case ast.UnionAll:
			default:
				return nil, nil, false, expr.Unsupported("INTERSECT and EXCEPT in a recursive Common Table Expression")
			}
		}
		if !namesTable(sel, lower) {
			if len(steps) > 0 {
				return nil, nil, false, errNonRecursiveFirst(d.name)
			}
			anchors = append(anchors, sel)
			continue
		}
		if err := checkRecursiveBlock(d.name, sel); err != nil {
			return nil, nil, false, err
		}
		steps = append(steps, sel)
	}
	if len(anchors) == 0 || len(steps) == 0 {
		return nil, nil, false, errNonRecursiveFirst(d.name)
	}
	return anchors, steps, distinct, nil
}

func errNonRecursiveFirst(name string) error {
	return mysqldef.NewError(mysqldef.ErrCTERecursiveNonRecursive1st,
		"Recursive Common Table Expression '%s' should have one or more non-recursive query blocks followed by one or more recursive ones", name)
}

// checkRecursiveBlock refuses what MySQL refuses in a recursive block:
// aggregation and window functions (3575), ORDER BY, LIMIT and DISTINCT
// (1235).
func checkRecursiveBlock(name string, sel *ast.SelectStmt) error {
	aggregated := sel.GroupBy != nil || sel.Having != nil || len(sel.WindowSpecs) > 0
	for _, f := range sel.Fields.Fields {
		if f.Expr != nil && (expr.HasAggregate(f.Expr) || hasWindow(f.Expr)) {
			aggregated = true
		}
	}
	if aggregated {
		return mysqldef.NewError(mysqldef.ErrCTERecursiveAggregation,
			"Recursive Common Table Expression '%s' can contain neither aggregation nor window functions in recursive query block", name)
	}
	if sel.OrderBy != nil || sel.Limit != nil || sel.Distinct {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet,
			"This version of MySQL doesn't yet support 'ORDER BY / LIMIT / SELECT DISTINCT in recursive query block of Common Table Expression'")
	}
	return nil
}

// namesTable reports whether a table name without a database equal to
// lower (lower case) appears anywhere in node.
func namesTable(node ast.Node, lower string) bool {
	v := &tableNameFinder{lower: lower}
	node.Accept(v)
	return v.found
}

type tableNameFinder struct {
	lower string
	found bool
}

func (v *tableNameFinder) Enter(n ast.Node) (ast.Node, bool) {
	if tn, ok := n.(*ast.TableName); ok && tn.Schema.O == "" && tn.Name.L == v.lower {
		v.found = true
	}
	return n, v.found
}

func (v *tableNameFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// hasWindow reports a window function call in e.
func hasWindow(e ast.ExprNode) bool {
	v := &windowFinder{}
	e.Accept(v)
	return v.found
}

type windowFinder struct{ found bool }

func (v *windowFinder) Enter(n ast.Node) (ast.Node, bool) {
	if _, ok := n.(*ast.WindowFuncExpr); ok {
		v.found = true
	}
	return n, v.found
}

func (v *windowFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// cteNarrowing stores a recursive CTE's rows in the columns its anchor
// defined, as MySQL does: a value that does not fit is an error in strict
// mode (1406, 1264, ...) and is cut to fit with a warning otherwise.
type cteNarrowing struct {
	cols []*table.TableColumn // nil entry: a type kept as computed
	wc   table.WriteCtx
}

func (pl *Planner) newCTENarrowing(cols []expr.Column) *cteNarrowing {
	n := &cteNarrowing{cols: make([]*table.TableColumn, len(cols)),
		wc: table.WriteCtx{Eval: pl.Env.EvalCtx(), Strict: pl.Env.SQLModeHas("STRICT_TRANS_TABLES") || pl.Env.SQLModeHas("STRICT_ALL_TABLES")}}
	for i, c := range cols {
		switch c.Type.Type {
		case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong,
			mysqldef.TypeNewDecimal, mysqldef.TypeVarchar, mysqldef.TypeVarString, mysqldef.TypeString,
			mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime:
			n.cols[i] = &table.TableColumn{Name: c.Name, Type: expr.SQLTypeOfResult(c.Type)}
			if c.Type.Type == mysqldef.TypeTimestamp {
				// The CTE's rows stay in the session zone: narrow as DATETIME,
				// which Coerce does not convert to UTC.
				n.cols[i].Type.Tp = mysqldef.TypeDatetime
			}
		}
	}
	return n
}

// apply narrows one row in place; rowNum is its 1-based position.
func (n *cteNarrowing) apply(row []expr.Value, rowNum int) error {
	n.wc.Row = rowNum
	for i, col := range n.cols {
		if col == nil || i >= len(row) || row[i].IsNull() {
			continue
		}
		v, err := n.wc.Coerce(col, row[i])
		if err != nil {
			return err
		}
		row[i] = v
	}
	return nil
}

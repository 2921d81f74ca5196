package plan

import (
	"strconv"
	"strings"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// Correlated subqueries. The statement's resolver leaves a subquery that
// names outer columns in the AST, and the expression compiler hands it to
// the session (SubqueryCompiler, reached through the Scope's Env). It is
// compiled once into
//   - a SQL text of the subquery in which each outer column reference is a
//     placeholder name (a private copy: running a SELECT rewrites its AST
//     in place, so every run parses a fresh one), and
//   - the outer scope's index of each placeholder's column.
// Each evaluation reads those columns from the outer row, binds them as
// `?` parameters of the fresh copy (so they are constants to the access
// path planner: `d.id = e.dept_id` becomes a key lookup) and runs it in a
// nested mode: an EvalCtx of its own (the outer statement's Params, Now and
// scratch stay untouched; the copy's params are only the statement's ? it
// uses plus the bindings), the statement's transaction without a new
// statement boundary (which would drop the outer statement's undo log),
// and the subquery's tables counted as locked. Results are memoized per
// distinct binding for the statement.

type subqueryKind uint8

const (
	sqScalar  subqueryKind = iota
	sqExists               // EXISTS / NOT EXISTS
	sqCompare              // IN, NOT IN, op ANY, op ALL
)

// outerPrefix names the placeholders of outer references in the text.
const outerPrefix = "__loopdb_outer_"

// maxMemo bounds the memoized bindings of one subquery in one statement.
const maxMemo = 1 << 16

// correlatedExpr is a compiled correlated subquery.
type correlatedExpr struct {
	pl    *Planner
	kind  subqueryKind
	text  string    // the subquery, outer references as placeholders
	stmt  []int     // the statement's ? markers in the text (traversal order): their orders
	outer []int     // outer-scope column of each placeholder slot
	utc   []bool    // the slot is a stored TIMESTAMP (UTC in the row): bind its session-zone value
	left  expr.Expr // sqCompare: the left operand
	op    opcode.Op
	all   bool // sqCompare: ALL rather than ANY (IN is = ANY)
	not   bool // NOT EXISTS, NOT IN
	typ   expr.ColumnType
	held  any // its tables' metadata locks: the session's handle (Env.LockSubqueryTables)

	// Per statement: results by binding. A compiled Expr may outlive its
	// statement, so the memo is dropped when the statement start changes.
	memo    map[string]*subqueryResult
	memoFor time.Time
}

// subqueryResult is one run's outcome: the first column of its rows.
type subqueryResult struct {
	vals []expr.Value
}

// CompileSubquery compiles a correlated subquery for the expression
// compiler (Session.CompileSubquery).
func (pl *Planner) CompileSubquery(n ast.ExprNode, scope *expr.Scope) (expr.Expr, error) {
	e := &correlatedExpr{pl: pl}
	var sub ast.ExprNode
	switch x := n.(type) {
	case *ast.SubqueryExpr:
		e.kind, sub = sqScalar, x
	case *ast.ExistsSubqueryExpr:
		e.kind, sub, e.not = sqExists, x.Sel, x.Not
	case *ast.PatternInExpr:
		e.kind, sub, e.op, e.not = sqCompare, x.Sel, opcode.EQ, x.Not
		left, err := expr.Compile(x.Expr, scope)
		if err != nil {
			return nil, err
		}
		e.left = left
	case *ast.CompareSubqueryExpr:
		e.kind, sub, e.op, e.all = sqCompare, x.R, x.Op, x.All
		switch x.Op {
		case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE:
		default:
			return nil, expr.Unsupported("this subquery comparison")
		}
		left, err := expr.Compile(x.L, scope)
		if err != nil {
			return nil, err
		}
		e.left = left
	default:
		return nil, expr.Unsupported("this subquery form")
	}
	for {
		p, ok := sub.(*ast.ParenthesesExpr)
		if !ok {
			break
		}
		sub = p.Expr
	}
	sq, ok := sub.(*ast.SubqueryExpr)
	if !ok {
		return nil, expr.Unsupported("this subquery form")
	}
	sel, ok := sq.Query.(*ast.SelectStmt)
	if !ok {
		return nil, expr.Unsupported("correlated UNION subqueries")
	}
	if err := e.prepare(sel, scope); err != nil {
		return nil, err
	}
	return e, nil
}

// prepare finds the outer references, renders the private text and plans
// one copy (with the bindings NULL) for its column count and type.
func (e *correlatedExpr) prepare(sel *ast.SelectStmt, scope *expr.Scope) error {
	pl := e.pl
	own, all := pl.ownNames(sel), pl.treeNames(sel)
	type ref struct {
		c    *ast.ColumnNameExpr
		slot int
	}
	var refs []ref
	slotOf := map[int]int{}
	var resolveErr error
	sel.Accept(&columnWalker{fn: func(c *ast.ColumnNameExpr, depth int) bool {
		names := own
		if depth > 0 {
			names = all
		}
		if names.knows(c.Name) || (c.Name.Table.L == "" && names.unknown) {
			return false
		}
		idx, _, err := expr.ResolveColumn(scope, c.Name)
		if err != nil {
			if se, ok := err.(*mysqldef.SQLError); ok && se.Code == mysqldef.ErrNonUniq {
				resolveErr = err
				return true
			}
			return false // unknown everywhere: planning the subquery reports it
		}
		slot, seen := slotOf[idx]
		if !seen {
			slot = len(e.outer)
			slotOf[idx] = slot
			e.outer = append(e.outer, idx)
			e.utc = append(e.utc, scope.Columns[idx].UTC)
		}
		refs = append(refs, ref{c: c, slot: slot})
		return false
	}})
	if resolveErr != nil {
		return resolveErr
	}
	// Render with the outer references renamed, then put the names back:
	// the statement's AST must stay as it was.
	saved := make([]*ast.ColumnName, len(refs))
	for i, r := range refs {
		saved[i] = r.c.Name
		r.c.Name = &ast.ColumnName{Name: ast.NewCIStr(outerPrefix + strconv.Itoa(r.slot))}
	}
	text, err := restoreSQL(sel)
	for i, r := range refs {
		r.c.Name = saved[i]
	}
	if err != nil {
		return expr.Unsupported("this subquery (" + err.Error() + ")")
	}
	e.text = text
	for _, m := range expr.ParamMarkers(sel) {
		e.stmt = append(e.stmt, m.Order)
	}
	return e.plan()
}

// plan compiles one copy, reading nothing: it checks the subquery, takes
// its tables' metadata locks for the statement and learns its columns.
func (e *correlatedExpr) plan() error {
	pl := e.pl
	copySel, err := e.bind(pl.Env.EvalCtx(), make([]expr.Value, len(e.outer)))
	if err != nil {
		return err
	}
	e.held = pl.Env.LockSubqueryTables(copySel.sel)
	var cols []expr.Column
	err = pl.Env.Nested(pl.Env.EvalCtx(), copySel.params, e.held, func(storage.Txn) error {
		if copySel.sel.From == nil {
			for _, f := range copySel.sel.Fields.Fields {
				if f.WildCard != nil {
					return mysqldef.NewError(mysqldef.ErrNoTablesUsed, "No tables used")
				}
				x, err := expr.Compile(f.Expr, &expr.Scope{Env: pl.Env})
				if err != nil {
					return err
				}
				cols = append(cols, expr.Column{Name: expr.ColumnName(f), Type: x.Type()})
			}
			return nil
		}
		isStats := NeedsColumns(copySel.sel, "TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH", "INDEX_LENGTH", "CARDINALITY")
		rels, release, err := pl.RelationsOf(copySel.sel.From, isStats)
		if err != nil {
			return err
		}
		defer release()
		p, err := pl.PlanSelectRels(copySel.sel, rels)
		if err != nil {
			return err
		}
		cols = p.Cols
		return nil
	})
	if err != nil {
		return err
	}
	switch e.kind {
	case sqExists:
		e.typ = expr.BoolType(false)
		return nil
	case sqCompare:
		e.typ = expr.BoolType(true)
	case sqScalar:
		if len(cols) > 0 {
			e.typ = cols[0].Type
			e.typ.Flags &^= mysqldef.FlagNotNull | mysqldef.FlagPriKey | mysqldef.FlagUniqueKey | mysqldef.FlagMultipleKey | mysqldef.FlagAutoIncrement
		}
	}
	if len(cols) != 1 {
		return mysqldef.NewError(mysqldef.ErrOperandColumns, "Operand should contain 1 column(s)")
	}
	return nil
}

func (e *correlatedExpr) Type() expr.ColumnType { return e.typ }

func (e *correlatedExpr) Eval(ctx *expr.EvalCtx, row []expr.Value) (expr.Value, error) {
	var left expr.Value
	if e.left != nil {
		v, err := e.left.Eval(ctx, row)
		if err != nil {
			return expr.Value{}, err
		}
		left = v
	}
	bound := make([]expr.Value, len(e.outer))
	for i, idx := range e.outer {
		if idx >= len(row) {
			return expr.Value{}, mysqldef.NewError(mysqldef.ErrUnknownError, "row has %d columns, subquery wants column %d", len(row), idx+1)
		}
		bound[i] = row[idx]
		if e.utc[i] {
			bound[i] = expr.TimestampFromUTC(row[idx], ctx.Location())
		}
	}
	res, err := e.result(ctx, bound)
	if err != nil {
		return expr.Value{}, err
	}
	switch e.kind {
	case sqScalar:
		if len(res.vals) == 0 {
			return expr.Value{}, nil
		}
		return res.vals[0], nil
	case sqExists:
		return expr.BoolValue((len(res.vals) > 0) != e.not), nil
	}
	v := quantified(ctx, left, e.op, e.all, res.vals)
	if e.not && !v.IsNull() {
		return expr.BoolValue(!isTrue(ctx, v)), nil
	}
	return v, nil
}

// quantified is `left op ANY (vals)` or `left op ALL (vals)` with SQL's
// three-valued logic: over no rows ANY is false and ALL true, whatever
// left is; otherwise a NULL left or a NULL row that could decide the
// answer makes it NULL.
func quantified(ctx *expr.EvalCtx, left expr.Value, op opcode.Op, all bool, vals []expr.Value) expr.Value {
	if len(vals) == 0 {
		return expr.BoolValue(all)
	}
	if left.IsNull() {
		return expr.Value{}
	}
	sawNull := false
	for _, w := range vals {
		if w.IsNull() {
			sawNull = true
			continue
		}
		if holds(op, expr.CompareValues(ctx, left, w)) != all {
			return expr.BoolValue(!all) // ANY: one true decides; ALL: one false
		}
	}
	if sawNull {
		return expr.Value{}
	}
	return expr.BoolValue(all)
}

func holds(op opcode.Op, c int) bool {
	switch op {
	case opcode.EQ:
		return c == 0
	case opcode.NE:
		return c != 0
	case opcode.LT:
		return c < 0
	case opcode.LE:
		return c <= 0
	case opcode.GT:
		return c > 0
	case opcode.GE:
		return c >= 0
	}
	return false
}

// result returns the memoized outcome for a binding, running the
// subquery the first time.
func (e *correlatedExpr) result(ctx *expr.EvalCtx, bound []expr.Value) (*subqueryResult, error) {
	if e.memo == nil || !e.memoFor.Equal(ctx.Now) || len(e.memo) >= maxMemo {
		e.memo, e.memoFor = map[string]*subqueryResult{}, ctx.Now
	}
	key := string(expr.BindingKey(bound))
	if r, ok := e.memo[key]; ok {
		return r, nil
	}
	r, err := e.run(ctx, bound)
	if err != nil {
		return nil, err
	}
	e.memo[key] = r
	return r, nil
}

// run executes the subquery once for a binding.
func (e *correlatedExpr) run(ctx *expr.EvalCtx, bound []expr.Value) (*subqueryResult, error) {
	pl := e.pl
	b, err := e.bind(ctx, bound)
	if err != nil {
		return nil, err
	}
	if b.sel.Limit == nil {
		// EXISTS needs one row; a scalar subquery two, to report 1242.
		switch e.kind {
		case sqExists:
			b.sel.Limit = &ast.Limit{Count: ast.NewValueExpr(int64(1), "", "")}
		case sqScalar:
			b.sel.Limit = &ast.Limit{Count: ast.NewValueExpr(int64(2), "", "")}
		}
	}
	var rows [][]expr.Value
	err = pl.Env.Nested(ctx, b.params, e.held, func(tx storage.Txn) error {
		var err error
		_, rows, err = pl.SelectIn(tx, b.sel)
		return err
	})
	if err != nil {
		return nil, err
	}
	if e.kind == sqScalar && len(rows) > 1 {
		return nil, mysqldef.NewError(mysqldef.ErrSubqueryNo1Row, "Subquery returns more than 1 row")
	}
	r := &subqueryResult{vals: make([]expr.Value, 0, len(rows))}
	for _, row := range rows {
		if len(row) == 0 {
			continue
		}
		r.vals = append(r.vals, row[0])
	}
	if e.kind == sqExists && len(rows) > 0 && len(r.vals) == 0 {
		r.vals = append(r.vals, expr.Value{})
	}
	return r, nil
}

// boundCopy is a fresh copy of the subquery with its parameters.
type boundCopy struct {
	sel    *ast.SelectStmt
	params []expr.Value
}

// bind parses the text and numbers its markers: the statement's own ?
// first (values from ctx), then one per placeholder slot.
func (e *correlatedExpr) bind(ctx *expr.EvalCtx, bound []expr.Value) (*boundCopy, error) {
	node, err := e.pl.Env.ParseResultSet(e.text)
	if err != nil {
		return nil, err
	}
	sel, ok := node.(*ast.SelectStmt)
	if !ok {
		return nil, expr.Unsupported("this subquery form")
	}
	b := &boundCopy{sel: sel, params: make([]expr.Value, len(e.stmt), len(e.stmt)+len(bound))}
	for i, order := range e.stmt {
		if order >= 0 && order < len(ctx.Params) {
			b.params[i] = ctx.Params[order]
		}
	}
	b.params = append(b.params, bound...)
	v := &binder{base: len(e.stmt)}
	sel.Accept(v)
	if v.err != nil {
		return nil, v.err
	}
	if v.marks != len(e.stmt) {
		return nil, expr.Unsupported("parameters in this subquery")
	}
	return b, nil
}

// binder renumbers a fresh copy's ? markers in traversal order and turns
// the placeholders into markers after them.
type binder struct {
	base  int
	marks int
	err   error
}

func (v *binder) Enter(n ast.Node) (ast.Node, bool) { return n, v.err != nil }

func (v *binder) Leave(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *test_driver.ParamMarkerExpr:
		x.SetOrder(v.marks)
		v.marks++
	case *ast.ColumnNameExpr:
		if x.Name.Table.L != "" || !strings.HasPrefix(x.Name.Name.L, outerPrefix) {
			break
		}
		slot, err := strconv.Atoi(x.Name.Name.L[len(outerPrefix):])
		if err != nil {
			v.err = expr.Unsupported("this subquery")
			return n, false
		}
		m := &test_driver.ParamMarkerExpr{}
		m.SetOrder(v.base + slot)
		return m, true
	}
	return n, v.err == nil
}

// restoreSQL renders a statement as SQL text.
func restoreSQL(n ast.Node) (string, error) {
	var b strings.Builder
	flags := format.DefaultRestoreFlags | format.RestoreStringEscapeBackslash | format.RestoreStringWithoutDefaultCharset
	if err := n.Restore(format.NewRestoreCtx(flags, &b)); err != nil {
		return "", err
	}
	return b.String(), nil
}

// SelectIn runs a SELECT inside tx (a nested run: no statement boundary,
// no commit).
func (pl *Planner) SelectIn(tx storage.Txn, sel *ast.SelectStmt) ([]expr.Column, [][]expr.Value, error) {
	leave, err := pl.EnterWith(sel.With)
	if err != nil {
		return nil, nil, err
	}
	defer leave()
	resolved, err := pl.ResolveSubqueries(sel)
	if err != nil {
		return nil, nil, err
	}
	sel = resolved.(*ast.SelectStmt)
	if sel.From == nil {
		cols, row, err := pl.Env.ConstRow(sel)
		if err != nil || row == nil {
			return cols, nil, err
		}
		return cols, [][]expr.Value{row}, nil
	}
	isStats := NeedsColumns(sel, "TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH", "INDEX_LENGTH", "CARDINALITY")
	rels, release, err := pl.RelationsOf(sel.From, isStats)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	p, err := pl.PlanSelectRels(sel, rels)
	if err != nil {
		return nil, nil, err
	}
	rc := &RowCollector{}
	if err := p.Run(tx, rc); err != nil {
		return nil, nil, err
	}
	return rc.Cols, rc.Rows, nil
}

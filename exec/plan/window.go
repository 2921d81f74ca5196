package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Window functions, planning side. A SELECT's window function calls (in
// its select list and ORDER BY) are collected before anything is
// compiled; each call's OVER clause is resolved against the WINDOW clause
// (OVER w, OVER (w ORDER BY ...)) and checked as MySQL 8 checks it. The
// calls are then compiled over the rows the windows read (after WHERE, or
// the groups after GROUP BY and HAVING), and the select list and ORDER BY
// see each call as one more column of that row (expr.Scope.Windows).
// Running them is window_run.go; the functions are exec/expr/window.go.

const unnamedWindow = "<unnamed window>"

// windowSpec is one call's OVER clause with its inheritance resolved.
type windowSpec struct {
	name      string // for messages: the window's name or <unnamed window>
	partition []ast.ExprNode
	order     []*ast.ByItem
	frame     *ast.FrameClause
}

// windowCall is one window function call and its resolved window.
type windowCall struct {
	call *ast.WindowFuncExpr
	spec windowSpec
}

// windowPlan is a SELECT's windows: where their values go in the row and
// the sorted passes that compute them.
type windowPlan struct {
	base   int // the first window column: the pre-window row's width
	passes []*windowPass
	slots  int
}

// windowPass is the calls that share one window (partitioning, ordering
// and frame): one sort computes them all.
type windowPass struct {
	name      string
	partition []expr.Expr
	order     []expr.Expr
	desc      []bool
	frame     *frame
	funcs     []*expr.WindowFunc
	slots     []int // row index of each function's value
}

// collectWindows finds the window calls in exprs (not descending into
// subqueries, nor into a window call: one nested in another's arguments
// is refused when the outer one is compiled) and resolves their windows.
// It also checks the WINDOW clause itself, used or not.
func collectWindows(sel *ast.SelectStmt, exprs []ast.ExprNode) ([]*windowCall, error) {
	named := map[string]*ast.WindowSpec{}
	for i := range sel.WindowSpecs {
		w := &sel.WindowSpecs[i]
		if _, dup := named[w.Name.L]; dup {
			return nil, mysqldef.NewError(mysqldef.ErrWindowDuplicateName, "Window '%s' is defined twice.", w.Name.O)
		}
		named[w.Name.L] = w
	}
	for i := range sel.WindowSpecs {
		if _, err := resolveWindow(&sel.WindowSpecs[i], named, nil); err != nil {
			return nil, err
		}
	}
	v := &windowCollector{}
	for _, e := range exprs {
		if e != nil {
			e.Accept(v)
		}
	}
	var calls []*windowCall
	for _, c := range v.calls {
		spec, err := resolveWindow(&c.Spec, named, nil)
		if err != nil {
			return nil, err
		}
		calls = append(calls, &windowCall{call: c, spec: spec})
	}
	return calls, nil
}

type windowCollector struct{ calls []*ast.WindowFuncExpr }

func (v *windowCollector) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.WindowFuncExpr:
		v.calls = append(v.calls, x)
		return n, true
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr:
		return n, true
	}
	return n, false
}

func (v *windowCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// resolveWindow merges w with the window it names, as MySQL does: OVER w
// is w; (w ORDER BY x) takes w's partitioning and adds an ordering and
// frame, which w may not have itself.
func resolveWindow(w *ast.WindowSpec, named map[string]*ast.WindowSpec, visiting map[string]bool) (windowSpec, error) {
	name := unnamedWindow
	if w.Name.O != "" {
		name = w.Name.O
	}
	if w.OnlyAlias { // OVER w
		def, ok := named[w.Name.L]
		if !ok {
			return windowSpec{}, mysqldef.NewError(mysqldef.ErrWindowNoSuchWindow, "Window name '%s' is not defined.", w.Name.O)
		}
		return resolveWindow(def, named, visiting)
	}
	spec := windowSpec{name: name, frame: w.Frame}
	if w.PartitionBy != nil {
		for _, it := range w.PartitionBy.Items {
			spec.partition = append(spec.partition, it.Expr)
		}
	}
	if w.OrderBy != nil {
		spec.order = w.OrderBy.Items
	}
	if w.Ref.O != "" {
		def, ok := named[w.Ref.L]
		if !ok {
			return windowSpec{}, mysqldef.NewError(mysqldef.ErrWindowNoSuchWindow, "Window name '%s' is not defined.", w.Ref.O)
		}
		if visiting == nil {
			visiting = map[string]bool{}
		}
		if visiting[w.Ref.L] || (w.Name.L != "" && w.Name.L == w.Ref.L) {
			return windowSpec{}, mysqldef.NewError(mysqldef.ErrWindowCircularity, "There is a circularity in the window dependency graph.")
		}
		if w.Name.L != "" {
			visiting[w.Name.L] = true
		}
		visiting[w.Ref.L] = true
		base, err := resolveWindow(def, named, visiting)
		if err != nil {
			return windowSpec{}, err
		}
		if w.PartitionBy != nil {
			return windowSpec{}, mysqldef.NewError(mysqldef.ErrWindowNoChildPartitioning, "A window which depends on another cannot define partitioning.")
		}
		if base.frame != nil {
			return windowSpec{}, mysqldef.NewError(mysqldef.ErrWindowNoInheritFrame, "Window '%s' has a frame definition, so cannot be referenced by another window.", def.Name.O)
		}
		if base.order != nil && spec.order != nil {
			return windowSpec{}, mysqldef.NewError(mysqldef.ErrWindowNoRedefineOrderBy, "Window '%s' cannot inherit '%s' since both contain an ORDER BY clause.", name, def.Name.O)
		}
		spec.partition = base.partition
		if spec.order == nil {
			spec.order = base.order
		}
	}
	for _, e := range spec.partition {
		if err := checkWindowItem(spec.name, e); err != nil {
			return windowSpec{}, err
		}
	}
	for _, it := range spec.order {
		if err := checkWindowItem(spec.name, it.Expr); err != nil {
			return windowSpec{}, err
		}
	}
	if err := checkFrameShape(spec); err != nil {
		return windowSpec{}, err
	}
	return spec, nil
}

// checkWindowItem refuses what MySQL refuses in PARTITION BY and ORDER BY
// of a window: a position (ORDER BY 1) and a window function.
func checkWindowItem(name string, e ast.ExprNode) error {
	if _, ok := e.(*ast.PositionExpr); ok {
		return mysqldef.NewError(mysqldef.ErrWindowIllegalOrderBy, "Window '%s': ORDER BY or PARTITION BY uses legacy position indication which is not supported, use expression.", name)
	}
	if hasWindow(e) {
		return mysqldef.NewError(mysqldef.ErrWindowNestedInSpec, "You cannot nest a window function in the specification of window '%s'.", name)
	}
	return nil
}

// hasAggregate reports an aggregate in a call's arguments or window,
// which makes the SELECT a grouped one (SUM(SUM(x)) OVER ()).
func (c *windowCall) hasAggregate() bool {
	for _, a := range c.call.Args {
		if expr.HasAggregate(a) {
			return true
		}
	}
	for _, e := range c.spec.partition {
		if expr.HasAggregate(e) {
			return true
		}
	}
	for _, it := range c.spec.order {
		if expr.HasAggregate(it.Expr) {
			return true
		}
	}
	return false
}

// liftAggregates lifts the aggregates of the call's window out (as the
// select list's are lifted), for a grouped SELECT. The arguments were
// lifted with the expression the call sits in.
func (c *windowCall) liftAggregates(calls *[]*ast.AggregateFuncExpr) {
	part := make([]ast.ExprNode, len(c.spec.partition))
	for i, e := range c.spec.partition {
		part[i] = expr.LiftAggregates(e, calls)
	}
	c.spec.partition = part
	order := make([]*ast.ByItem, len(c.spec.order))
	for i, it := range c.spec.order {
		cp := *it
		cp.Expr = expr.LiftAggregates(it.Expr, calls)
		order[i] = &cp
	}
	c.spec.order = order
}

// compileWindows compiles the calls over scope (the rows the windows
// read) and returns the plan and the scope the select list and ORDER BY
// compile in: scope's columns, then one per call.
func (pl *Planner) compileWindows(calls []*windowCall, scope *expr.Scope) (*windowPlan, *expr.Scope, error) {
	wp := &windowPlan{base: len(scope.Columns)}
	out := &expr.Scope{Env: scope.Env, Columns: append([]expr.ScopeColumn(nil), scope.Columns...), Windows: map[*ast.WindowFuncExpr]int{}}
	byKey := map[string]*windowPass{}
	for i, c := range calls {
		f, err := expr.CompileWindowFunc(c.call, scope)
		if err != nil {
			return nil, nil, err
		}
		key := c.spec.key()
		pass := byKey[key]
		if pass == nil {
			if pass, err = pl.compileWindowPass(c.spec, scope); err != nil {
				return nil, nil, err
			}
			byKey[key] = pass
			wp.passes = append(wp.passes, pass)
		}
		slot := wp.base + i
		pass.funcs = append(pass.funcs, f)
		pass.slots = append(pass.slots, slot)
		out.Columns = append(out.Columns, expr.ScopeColumn{Table: windowTable, Name: expr.SyntheticName("w" + itoaSmall(i)), Type: f.Type()})
		out.Windows[c.call] = slot
	}
	wp.slots = len(calls)
	return wp, out, nil
}

// windowTable names the synthetic columns holding window values.
const windowTable = "__win__"

// key identifies a window by its text: calls over equal windows share
// one sort.
func (s windowSpec) key() string {
	var b strings.Builder
	for _, e := range s.partition {
		b.WriteString(exprText(e))
		b.WriteByte(0)
	}
	b.WriteByte(1)
	for _, it := range s.order {
		b.WriteString(exprText(it.Expr))
		if it.Desc {
			b.WriteString(" desc")
		}
		b.WriteByte(0)
	}
	b.WriteByte(1)
	if s.frame != nil {
		if t, ok := ASTText(s.frame); ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

func (pl *Planner) compileWindowPass(s windowSpec, scope *expr.Scope) (*windowPass, error) {
	pass := &windowPass{name: s.name}
	for _, e := range s.partition {
		x, err := expr.Compile(e, scope)
		if err != nil {
			return nil, err
		}
		pass.partition = append(pass.partition, x)
	}
	for _, it := range s.order {
		x, err := expr.Compile(it.Expr, scope)
		if err != nil {
			return nil, err
		}
		pass.order = append(pass.order, x)
		pass.desc = append(pass.desc, it.Desc)
	}
	f, err := compileFrame(s, pass.order, scope.Env)
	if err != nil {
		return nil, err
	}
	pass.frame = f
	return pass, nil
}

// checkWindowAliasUse refuses, as MySQL's 3594 does, a HAVING or GROUP BY
// that names the alias of a select-list expression holding a window
// function.
func checkWindowAliasUse(e ast.ExprNode, windowed map[string]bool) error {
	if e == nil || len(windowed) == 0 {
		return nil
	}
	for _, ref := range columnRefs(e) {
		if ref.Name.Table.O == "" && windowed[strings.ToLower(ref.Name.Name.O)] {
			return mysqldef.NewError(mysqldef.ErrWindowInvalidFuncAliasUse, "You cannot use the alias '%s' of an expression containing a window function in this context.'", ref.Name.Name.O)
		}
	}
	return nil
}

// orderAST0 is the SELECT's ORDER BY expressions as written.
func orderAST0(sel *ast.SelectStmt) []ast.ExprNode {
	if sel.OrderBy == nil {
		return nil
	}
	out := make([]ast.ExprNode, len(sel.OrderBy.Items))
	for i, it := range sel.OrderBy.Items {
		out[i] = it.Expr
	}
	return out
}

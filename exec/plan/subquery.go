package plan

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/pingcap/tidb/pkg/parser/types"
)

// Uncorrelated subqueries in expressions are run once, before the
// statement, and their results enter the statement as parameters (the
// compiler's `?` support): a scalar subquery becomes one parameter, IN
// (SELECT ...) a list of them, EXISTS a boolean. A subquery that may name
// an outer column (correlated), and comparisons with ANY/ALL other than
// = ANY, stay in the AST for the expression compiler, which hands them to
// the session (subquery_correlated.go).

// subqueryResolver rewrites the subqueries of one statement.
type subqueryResolver struct {
	pl     *Planner
	params *[]expr.Value
	err    error
}

// ResolveSubqueries rewrites node's subqueries into parameters appended to
// the running statement's EvalCtx.Params.
func (pl *Planner) ResolveSubqueries(node ast.Node) (ast.Node, error) {
	r := &subqueryResolver{pl: pl, params: &pl.Env.EvalCtx().Params}
	out, _ := node.Accept(r)
	return out, r.err
}

func (r *subqueryResolver) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.WithClause:
		// A CTE's query is not a subquery of this statement: it runs
		// (resolving its own subqueries) when first referenced, in the
		// scope EnterWith opened. The walk must not reach it either: the
		// parser's CommonTableExpression wants its Query back as a
		// *SubqueryExpr, and a resolved subquery is a parameter.
		return n, true
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr, *ast.CompareSubqueryExpr:
		return n, true // evaluated whole in Leave
	case *ast.PatternInExpr:
		// With a subquery, Leave handles it whole (its Sel must not be
		// taken for a scalar subquery).
		return n, n.(*ast.PatternInExpr).Sel != nil
	}
	return n, r.err != nil
}

func (r *subqueryResolver) Leave(n ast.Node) (ast.Node, bool) {
	if r.err != nil {
		return n, false
	}
	switch x := n.(type) {
	case *ast.SubqueryExpr:
		if r.pl.mayBeCorrelated(x.Query) {
			return n, true
		}
		cols, rows, err := r.rowsCols(x, true)
		if err != nil {
			r.err = err
			return n, false
		}
		if len(rows) > 1 {
			r.err = mysqldef.NewError(mysqldef.ErrSubqueryNo1Row, "Subquery returns more than 1 row")
			return n, false
		}
		v := expr.Value{}
		if len(rows) == 1 {
			v = rows[0][0]
		}
		return r.typedParam(v, cols[0].Type), true
	case *ast.ExistsSubqueryExpr:
		sub, ok := x.Sel.(*ast.SubqueryExpr)
		if !ok {
			r.err = expr.Unsupported("this EXISTS form")
			return n, false
		}
		if r.pl.mayBeCorrelated(sub.Query) {
			return n, true
		}
		rows, err := r.rows(sub, false)
		if err != nil {
			r.err = err
			return n, false
		}
		return r.param(expr.BoolValue((len(rows) > 0) != x.Not)), true
	case *ast.PatternInExpr:
		if x.Sel == nil {
			return n, true
		}
		sub, ok := x.Sel.(*ast.SubqueryExpr)
		if !ok {
			r.err = expr.Unsupported("this IN form")
			return n, false
		}
		if r.pl.mayBeCorrelated(sub.Query) {
			return n, true
		}
		left, _ := x.Expr.Accept(r)
		if r.err != nil {
			return n, false
		}
		rows, err := r.rows(sub, true)
		if err != nil {
			r.err = err
			return n, false
		}
		list := make([]ast.ExprNode, 0, len(rows))
		for _, row := range rows {
			list = append(list, r.param(row[0]))
		}
		if len(list) == 0 {
			// x IN (empty set) is false, NOT IN is true: never NULL.
			return r.param(expr.BoolValue(x.Not)), true
		}
		return &ast.PatternInExpr{Expr: left.(ast.ExprNode), List: list, Not: x.Not}, true
	case *ast.CompareSubqueryExpr:
		sub, ok := x.R.(*ast.SubqueryExpr)
		if !ok {
			r.err = expr.Unsupported("comparisons with ALL/ANY subqueries")
			return n, false
		}
		if x.Op != opcode.EQ || x.All || r.pl.mayBeCorrelated(sub.Query) {
			return n, true // the compiler's subquery path evaluates these
		}
		rows, err := r.rows(sub, true)
		if err != nil {
			r.err = err
			return n, false
		}
		list := make([]ast.ExprNode, 0, len(rows))
		for _, row := range rows {
			list = append(list, r.param(row[0]))
		}
		if len(list) == 0 {
			return r.param(expr.BoolValue(false)), true
		}
		return &ast.PatternInExpr{Expr: x.L, List: list}, true
	}
	return n, true
}

// rows runs a subquery; oneColumn requires a single column.
func (r *subqueryResolver) rows(sub *ast.SubqueryExpr, oneColumn bool) ([][]expr.Value, error) {
	_, rows, err := r.rowsCols(sub, oneColumn)
	return rows, err
}

func (r *subqueryResolver) rowsCols(sub *ast.SubqueryExpr, oneColumn bool) ([]expr.Column, [][]expr.Value, error) {
	cols, rows, err := r.pl.Env.QueryRowsCols(sub.Query)
	if err != nil {
		if e, ok := err.(*mysqldef.SQLError); ok && e.Code == mysqldef.ErrBadField {
			return nil, nil, expr.Unsupported("correlated subqueries")
		}
		return nil, nil, err
	}
	if oneColumn && len(cols) != 1 {
		return nil, nil, mysqldef.NewError(mysqldef.ErrOperandColumns, "Operand should contain 1 column(s)")
	}
	return cols, rows, nil
}

// typedParam is a parameter holding a scalar subquery's value. A bare
// parameter is typed as text, so arithmetic on it goes through DOUBLE; a
// DECIMAL or integer keeps its type through a CAST to that same type, as
// MySQL computes (SELECT MAX(d) ...) - 1 exactly. The CAST is still a
// constant to the access-path planner.
func (r *subqueryResolver) typedParam(v expr.Value, t expr.ColumnType) ast.ExprNode {
	m := r.param(v)
	var ft *types.FieldType
	switch t.Type {
	case mysqldef.TypeNewDecimal:
		if int(t.Decimals) > expr.MaxDecimalScale {
			return m
		}
		ft = types.NewFieldType(mysql.TypeNewDecimal)
		ft.SetFlen(expr.MaxDecimalPrecision) // never narrower than the value
		ft.SetDecimal(int(t.Decimals))
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeBit:
		// A BIT is its number here (exact, all 64 bits).
		ft = types.NewFieldType(mysql.TypeLonglong)
		if t.Flags&mysqldef.FlagUnsigned != 0 {
			ft.AddFlag(mysql.UnsignedFlag)
		}
	default:
		return m
	}
	return &ast.FuncCastExpr{Expr: m, Tp: ft, FunctionType: ast.CastFunction}
}

func (r *subqueryResolver) param(v expr.Value) ast.ExprNode {
	m := &test_driver.ParamMarkerExpr{}
	m.SetOrder(len(*r.params))
	*r.params = append(*r.params, v)
	return m
}

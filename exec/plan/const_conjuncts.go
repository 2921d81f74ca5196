package plan

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// Conjuncts that do not depend on the row: a false one makes the access
// path Empty (nothing is read); see also expr.CompileCondition, which
// evaluates them once per statement.

// neverTrue reports a conjunct that is false or NULL whatever the row:
// `WHERE 1 = 0` or `WHERE FALSE`, which ORMs write for an empty IN list.
// Then nothing is read (MySQL's "Impossible WHERE"). Only numeric and NULL
// literals under comparisons and logical operators qualify: they evaluate
// without warnings, so evaluating the conjunct once here raises none that
// the rows would not have raised.
//
// Any other conjunct that is constant for the statement (`'x1' = 0`,
// CAST(...) = 12) is compiled as the plan compiles it and evaluated
// through the statement's cache of constant conditions
// (expr.CompileCondition): the rows' check then finds the value there, so
// its warnings are raised once, here, even when no row is read.
func (pl *Planner) neverTrue(ctx *expr.EvalCtx, e ast.ExprNode) bool {
	if !plainConst(e, ctx.Params) {
		if !expr.StatementConstant(e) {
			return false
		}
		x, err := expr.CompileCondition(e, nil)
		if err != nil || !expr.IsStatementConstant(x) {
			return false
		}
		val, err := x.Eval(ctx, nil)
		if err != nil {
			return false // the rows' check reports it
		}
		t, null := expr.TruthValue(ctx, val)
		return null || !t
	}
	val, err := pl.Env.EvalConst(e)
	if err != nil {
		return false
	}
	return val.IsNull() || !isTrue(ctx, val)
}

// plainConst reports an expression of numeric and NULL literals and
// parameters (the text cache turns `1 = 0` into `? = ?`) under comparisons
// and logical operators; anything else (columns, variables, strings,
// functions, arithmetic that may overflow) is refused. It walks the tree
// without allocating: every WHERE conjunct of every execution asks.
func plainConst(e ast.ExprNode, params []expr.Value) bool {
	switch x := e.(type) {
	case *test_driver.ValueExpr:
		switch x.Kind() {
		case test_driver.KindNull, test_driver.KindInt64, test_driver.KindUint64, test_driver.KindFloat64, test_driver.KindMysqlDecimal:
			return true
		}
	case *test_driver.ParamMarkerExpr:
		if x.Order >= 0 && x.Order < len(params) {
			v := params[x.Order]
			return v.IsNull() || v.IsNumeric()
		}
	case *ast.ParenthesesExpr:
		return plainConst(x.Expr, params)
	case *ast.IsNullExpr:
		return plainConst(x.Expr, params)
	case *ast.IsTruthExpr:
		return plainConst(x.Expr, params)
	case *ast.UnaryOperationExpr:
		return (x.Op == opcode.Not || x.Op == opcode.Not2) && plainConst(x.V, params)
	case *ast.BinaryOperationExpr:
		switch x.Op {
		case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE, opcode.NullEQ,
			opcode.LogicAnd, opcode.LogicOr, opcode.LogicXor:
			return plainConst(x.L, params) && plainConst(x.R, params)
		}
	}
	return false
}

// isConstExpr reports an expression without column references, subqueries
// or non-deterministic functions.
func isConstExpr(e ast.ExprNode) bool {
	v := &constChecker{ok: true}
	e.Accept(v)
	return v.ok
}

type constChecker struct{ ok bool }

func (c *constChecker) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.ColumnNameExpr, *ast.SubqueryExpr, *ast.ExistsSubqueryExpr, *ast.DefaultExpr, *ast.AggregateFuncExpr, *ast.WindowFuncExpr:
		c.ok = false
	case *ast.FuncCallExpr:
		if expr.PerCallFunc(x.FnName.L) {
			c.ok = false
		}
	case *ast.VariableExpr:
		if x.Value != nil {
			c.ok = false // an assignment
		}
	}
	return n, !c.ok
}

func (c *constChecker) Leave(n ast.Node) (ast.Node, bool) { return n, c.ok }

package expr

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// Constant conditions, evaluated once per statement.
//
// A WHERE or ON condition such as `'x1' = 0`, `CAST('12abc' AS SIGNED) =
// 12` or the `'y' = 0` of `id > 3 OR 'y' = 0` does not depend on the row.
// MySQL evaluates such parts once per statement (its optimizer folds
// constant conditions and caches constant expressions of WHERE, HAVING and
// ON), so a warning they raise is raised once, not once per row, and a
// constant false conjunct reads no rows at all. CompileCondition wraps each
// maximal constant operand of a condition's AND / OR / XOR / NOT structure
// in a constCache, which remembers its value for the rest of the statement.
//
// Constant here means: literals, ? parameters (fixed for one execution),
// operators, CASE, CAST and built-in functions whose result is fixed for a
// statement. Columns, subqueries, variables (a statement may assign them),
// aggregates and functions that differ per call (RAND, UUID, SLEEP,
// LAST_INSERT_ID, the lock functions, ...) are not.

// CompileCondition compiles a condition (a WHERE or ON conjunct) like
// Compile, caching its constant operands per statement.
func CompileCondition(e ast.ExprNode, scope *Scope) (Expr, error) {
	c := &compiler{scope: scope, condition: true}
	return c.compile(e)
}

// CompileConstant compiles e, which the caller evaluates without a row,
// so that when it is constant for the statement its value is shared with
// CompileCondition's compilations of the same parsed node (one evaluation,
// one set of warnings, per statement).
func CompileConstant(e ast.ExprNode, scope *Scope) (Expr, error) {
	if !StatementConstant(e) {
		return Compile(e, scope)
	}
	inner, err := Compile(e, scope)
	if err != nil {
		return nil, err
	}
	return &constCache{inner: inner, node: e}, nil
}

// StatementConstant reports whether a condition operand is constant for
// the statement and worth caching: CompileCondition compiles it into a
// cached Expr (IsStatementConstant). It walks e without allocating.
func StatementConstant(e ast.ExprNode) bool {
	return !isBareLiteral(e) && statementConstant(e)
}

// IsStatementConstant reports an Expr compiled by CompileCondition whose
// value is fixed for the statement: the whole condition was constant.
func IsStatementConstant(e Expr) bool {
	_, ok := e.(*constCache)
	return ok
}

// condOperand handles n when the compiler is inside a condition's logical
// structure or at a direct argument of one of its predicates: a constant
// operand or argument is compiled once, wrapped in a constCache. An
// operator of the logical structure keeps its children in it (not
// handled here); a predicate (a comparison, BETWEEN, IN, LIKE, IS ...)
// has its direct arguments checked; anything else leaves the condition.
func (c *compiler) condOperand(n ast.ExprNode) (e Expr, handled bool, err error) {
	cond, arg := c.condition, c.predicateArg
	defer func() { c.condition, c.predicateArg = cond, arg }()
	c.condition, c.predicateArg = false, false
	if StatementConstant(n) {
		inner, err := c.compileNode(n)
		if err != nil {
			return nil, true, err
		}
		return &constCache{inner: inner, node: n}, true, nil
	}
	if cond && isLogical(n) {
		c.condition = true
		return nil, false, nil
	}
	c.predicateArg = cond && isPredicate(n)
	e, err = c.compileNode(n)
	return e, true, err
}

// isPredicate reports the nodes whose direct constant arguments are
// cached (`created > NOW() - INTERVAL 1 DAY`: the bound is computed once,
// as MySQL caches constant arguments of WHERE's comparisons).
func isPredicate(n ast.ExprNode) bool {
	switch x := n.(type) {
	case *ast.BinaryOperationExpr:
		switch x.Op {
		case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE, opcode.NullEQ:
			return true
		}
	case *ast.BetweenExpr, *ast.PatternLikeOrIlikeExpr, *ast.PatternRegexpExpr, *ast.IsNullExpr, *ast.IsTruthExpr:
		return true
	case *ast.PatternInExpr:
		return x.Sel == nil
	}
	return false
}

// isLogical reports the nodes of a condition's logical structure.
func isLogical(n ast.ExprNode) bool {
	switch x := n.(type) {
	case *ast.ParenthesesExpr:
		return true
	case *ast.BinaryOperationExpr:
		return x.Op == opcode.LogicAnd || x.Op == opcode.LogicOr || x.Op == opcode.LogicXor
	case *ast.UnaryOperationExpr:
		return x.Op == opcode.Not || x.Op == opcode.Not2
	}
	return false
}

// isBareLiteral reports a literal or parameter, which costs nothing to
// evaluate and raises nothing: not worth a cache.
func isBareLiteral(n ast.ExprNode) bool {
	switch x := n.(type) {
	case *test_driver.ValueExpr, *test_driver.ParamMarkerExpr:
		return true
	case *ast.ParenthesesExpr:
		return isBareLiteral(x.Expr)
	}
	return false
}

// PerCallFunc reports a built-in function whose result may differ between
// two calls in one statement, or that acts on something: never a constant.
func PerCallFunc(name string) bool { return perCallFuncs[name] }

// perCallFuncs are the functions PerCallFunc names.
var perCallFuncs = map[string]bool{
	"rand": true, "uuid": true, "uuid_short": true, "sleep": true, "benchmark": true,
	"last_insert_id": true, "found_rows": true, "row_count": true, "sysdate": true,
	"get_lock": true, "release_lock": true, "release_all_locks": true,
	"is_free_lock": true, "is_used_lock": true, "random_bytes": true,
}

// statementConstant reports whether n's value is fixed for a statement
// (see the top of this file). It walks n without allocating.
func statementConstant(n ast.ExprNode) bool {
	switch x := n.(type) {
	case *test_driver.ValueExpr, *test_driver.ParamMarkerExpr:
		return true
	case *ast.ParenthesesExpr:
		return statementConstant(x.Expr)
	case *ast.BinaryOperationExpr:
		return statementConstant(x.L) && statementConstant(x.R)
	case *ast.UnaryOperationExpr:
		return statementConstant(x.V)
	case *ast.IsNullExpr:
		return statementConstant(x.Expr)
	case *ast.IsTruthExpr:
		return statementConstant(x.Expr)
	case *ast.BetweenExpr:
		return statementConstant(x.Expr) && statementConstant(x.Left) && statementConstant(x.Right)
	case *ast.PatternInExpr:
		return x.Sel == nil && statementConstant(x.Expr) && allConstant(x.List)
	case *ast.PatternLikeOrIlikeExpr:
		return statementConstant(x.Expr) && statementConstant(x.Pattern)
	case *ast.PatternRegexpExpr:
		return statementConstant(x.Expr) && statementConstant(x.Pattern)
	case *ast.FuncCastExpr:
		return statementConstant(x.Expr)
	case *ast.SetCollationExpr:
		return statementConstant(x.Expr)
	case *ast.CaseExpr:
		if (x.Value != nil && !statementConstant(x.Value)) || (x.ElseClause != nil && !statementConstant(x.ElseClause)) {
			return false
		}
		for _, w := range x.WhenClauses {
			if !statementConstant(w.Expr) || !statementConstant(w.Result) {
				return false
			}
		}
		return true
	case *ast.FuncCallExpr:
		if x.Schema.L != "" || perCallFuncs[x.FnName.L] {
			return false
		}
		if _, ok := builtins[x.FnName.L]; !ok {
			return false
		}
		return allConstant(x.Args)
	case *ast.TimeUnitExpr, *ast.GetFormatSelectorExpr, *ast.TrimDirectionExpr:
		return true // keyword arguments (DATE_ADD's unit, TRIM's direction)
	}
	return false
}

func allConstant(list []ast.ExprNode) bool {
	for _, e := range list {
		if !statementConstant(e) {
			return false
		}
	}
	return true
}

// constCache is a constant operand of a condition: evaluated the first
// time a statement asks, then answered from the statement's EvalCtx until
// the next statement (EvalCtx.Reset). The value is kept by the parsed
// node, not by the compiled one, so that two compilations of one
// statement's WHERE (an UPDATE's key search and its per-row check) share
// one evaluation, and one warning.
type constCache struct {
	inner Expr
	node  ast.ExprNode
}

// constValue is a constCache's value for one statement.
type constValue struct {
	val Value
	err error
}

func (c *constCache) Eval(ctx *EvalCtx, _ []Value) (Value, error) {
	if cv, ok := ctx.consts[c.node]; ok {
		return cv.val, cv.err
	}
	v, err := c.inner.Eval(ctx, nil)
	if ctx.consts == nil {
		ctx.consts = make(map[ast.ExprNode]constValue)
	}
	ctx.consts[c.node] = constValue{val: v, err: err}
	return v, err
}

func (c *constCache) Type() ColumnType { return c.inner.Type() }

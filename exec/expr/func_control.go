package expr

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Flow-control functions: IF, IFNULL, NULLIF, COALESCE, ISNULL, GREATEST, LEAST.

func init() {
	register("if", funcSpec{min: 3, max: 3, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return newIf(args), nil
	}})
	register("ifnull", funcSpec{min: 2, max: 2, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return newCoalesce(args), nil
	}})
	register("coalesce", funcSpec{min: 1, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return newCoalesce(args), nil
	}})
	register("nullif", funcSpec{min: 2, max: 2, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		typ := args[0].Type().withNull(true)
		return &funcExpr{args: args, typ: typ, fn: func(ctx *EvalCtx, v []Value) (Value, error) {
			if v[0].k != KindNull && v[1].k != KindNull && CompareValues(ctx, v[0], v[1]) == 0 {
				return Value{}, nil
			}
			return v[0], nil
		}}, nil
	}})
	simple("isnull", 1, 1, false, fixedType(BoolType(false)), func(_ *EvalCtx, v []Value) (Value, error) {
		return BoolValue(v[0].k == KindNull), nil
	})
	register("greatest", funcSpec{min: 2, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return newExtreme(args, 1), nil
	}})
	register("least", funcSpec{min: 2, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return newExtreme(args, -1), nil
	}})
}

// newExtreme builds GREATEST (sign 1) or LEAST (sign -1): arguments are
// converted to their aggregated type, then compared; any NULL gives NULL.
func newExtreme(args []Expr, sign int) Expr {
	typ := aggregateType(typesOf(args))
	return &funcExpr{args: args, typ: typ, nullIn: true, fn: func(ctx *EvalCtx, v []Value) (Value, error) {
		best := coerce(ctx, v[0], typ)
		for _, x := range v[1:] {
			x = coerce(ctx, x, typ)
			if CompareValues(ctx, x, best)*sign > 0 {
				best = x
			}
		}
		return best, nil
	}}
}

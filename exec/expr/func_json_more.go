package expr

import (
	"strconv"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// JSON_VALUE(doc, path) and JSON_OVERLAPS(a, b), MySQL 8.0.21 and 8.0.17.
//
// JSON_VALUE here is the form without RETURNING (the parser has no
// grammar for it): the scalar at path as text, VARCHAR(512) as MySQL
// returns by default, NULL when the path finds nothing, a JSON null, or an
// array or object (MySQL's default NULL ON EMPTY / NULL ON ERROR).

func init() {
	register("json_value", funcSpec{min: 2, max: 2, build: jsonBuilder("json_value", true, func([]Expr) ColumnType { return stringType(512, true) }, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		docType := args[0].Type()
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], docType, 1, "json_value")
			if err != nil {
				return Value{}, err
			}
			hit, err := seekOne(doc, paths[1], a[1])
			if err != nil {
				return Value{}, err
			}
			if hit == jsonMissing {
				return Value{}, nil
			}
			switch x := hit.(type) {
			case string:
				return StringValue(x), nil
			case bool:
				return StringValue(strconv.FormatBool(x)), nil
			case nil, []any, map[string]any:
				return Value{}, nil
			}
			return StringValue(jsonText(hit)), nil
		}, nil
	})})
	register("json_overlaps", funcSpec{min: 2, max: 2, build: jsonBuilder("json_overlaps", true, intNull(1), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return func(_ *EvalCtx, a []Value) (Value, error) {
			x, err := jsonArg(a[0], args[0].Type(), 1, "json_overlaps")
			if err != nil {
				return Value{}, err
			}
			y, err := jsonArg(a[1], args[1].Type(), 2, "json_overlaps")
			if err != nil {
				return Value{}, err
			}
			if jsonOverlaps(x, y) {
				return IntValue(1), nil
			}
			return IntValue(0), nil
		}, nil
	})})
}

// jsonOverlaps: two arrays share an element, two objects a key with equal
// values, an array holds a scalar or object, or two non-arrays are equal.
func jsonOverlaps(x, y any) bool {
	xa, xArr := x.([]any)
	ya, yArr := y.([]any)
	switch {
	case xArr && yArr:
		for _, e := range xa {
			for _, f := range ya {
				if jsonEqual(e, f) {
					return true
				}
			}
		}
		return false
	case xArr:
		for _, e := range xa {
			if jsonEqual(e, y) {
				return true
			}
		}
		return false
	case yArr:
		for _, f := range ya {
			if jsonEqual(f, x) {
				return true
			}
		}
		return false
	}
	xo, xObj := x.(map[string]any)
	yo, yObj := y.(map[string]any)
	if xObj && yObj {
		for k, v := range xo {
			if w, ok := yo[k]; ok && jsonEqual(v, w) {
				return true
			}
		}
		return false
	}
	return jsonEqual(x, y)
}

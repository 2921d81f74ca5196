package expr

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// The SQL JSON functions (JSON_EXTRACT, JSON_SET, JSON_CONTAINS, ...):
// converting SQL values to JSON documents and back, path arguments, and
// registration. The DOM, parser and printer are in json_text.go; paths
// in json_path.go.

// sqlErr builds an error with an explicit SQLSTATE (mysqldef's table does not
// know every JSON error).
func sqlErr(code uint16, state, format string, args ...any) error {
	e := mysqldef.NewError(code, format, args...)
	e.State = state
	return e
}

func jsonTypeOf(nullable bool) ColumnType {
	t := ColumnType{Type: mysqldef.TypeJSON, Flags: mysqldef.FlagBlob | mysqldef.FlagBinary, Length: longBlobLen, Collation: mysqldef.CollationBinary}
	return t.withNull(nullable)
}

func isJSONType(t ColumnType) bool { return t.Type == mysqldef.TypeJSON }

// ---------------------------------------------------------------------------
// Converting SQL values.

// jsonArg reads argument n (1-based) of fn as a JSON document.
func jsonArg(v Value, t ColumnType, n int, fn string) (any, error) {
	if v.IsNumeric() || v.IsTemporal() {
		return nil, sqlErr(mysqldef.ErrInvalidTypeForJSON, "22032", "Invalid data type for JSON data in argument %d to function %s; a JSON string or JSON type is required.", n, fn)
	}
	doc, e := parseJSONText(TextOf(v))
	if e != nil {
		return nil, jsonTextError(e, n, fn)
	}
	return doc, nil
}

func jsonTextError(e *jsonSyntaxError, n int, fn string) error {
	if e.deep {
		return sqlErr(mysqldef.ErrJSONDocumentTooDeep, "22032", "The JSON document exceeds the maximum depth of %d.", jsonMaxDepth)
	}
	return sqlErr(mysqldef.ErrInvalidJSONTextInParam, "22032", "Invalid JSON text in argument %d to function %s: \"%s\" at position %d.", n, fn, e.msg, e.pos)
}

// jsonOfValue converts a SQL value to a JSON value as JSON_ARRAY,
// JSON_OBJECT and JSON_SET do: strings become JSON strings, JSON-typed
// arguments are embedded, boolean expressions become true/false.
func jsonOfValue(v Value, t ColumnType, boolean bool, n int, fn string) (any, error) {
	if v.k == KindNull {
		return nil, nil
	}
	if isJSONType(t) {
		return jsonArg(v, t, n, fn)
	}
	if boolean {
		return v.k != KindInt || v.n != 0, nil
	}
	if t.Type == mysqldef.TypeBit && (v.k == KindUint || v.k == KindInt) {
		// MySQL 8 keeps a BIT as an opaque value of its type (16): its bytes.
		return "base64:type16:" + base64.StdEncoding.EncodeToString([]byte(bitBytes(v, bitByteLen(t)).s)), nil
	}
	switch v.k {
	case KindInt:
		return int64(v.n), nil
	case KindUint:
		return v.n, nil
	case KindFloat:
		return v.Float(), nil
	case KindDecimal:
		return jsonDecimal(appendDecimal(nil, v.d)), nil
	case KindBytes:
		typ := 15
		switch t.Type {
		case mysqldef.TypeString:
			typ = 254
		case mysqldef.TypeBlob, mysqldef.TypeTinyBlob, mysqldef.TypeMediumBlob, mysqldef.TypeLongBlob:
			typ = 252
		}
		return "base64:type" + strconv.Itoa(typ) + ":" + base64.StdEncoding.EncodeToString([]byte(v.s)), nil
	case KindDate:
		return TextOf(v), nil
	case KindDatetime:
		t := UnpackDateTime(v.n)
		b := appendDate(nil, t)
		b = append(b, ' ')
		return string(appendClock(b, int64(t.Hour), t.Minute, t.Second, t.Micro, 6)), nil
	case KindTime:
		return string(appendTimeValue(nil, int64(v.n), 6)), nil
	}
	return TextOf(v), nil
}

// isBoolNode reports whether MySQL treats an argument as a boolean when
// converting it to JSON (TRUE, FALSE, comparisons, logic operators...).
func isBoolNode(n ast.ExprNode) bool {
	switch x := n.(type) {
	case *ast.ParenthesesExpr:
		return isBoolNode(x.Expr)
	case *test_driver.ValueExpr:
		return x.Kind() == test_driver.KindInt64 && mysql.HasIsBooleanFlag(x.Type.GetFlag())
	case *ast.BinaryOperationExpr:
		switch x.Op {
		case opcode.LT, opcode.LE, opcode.EQ, opcode.NE, opcode.GT, opcode.GE, opcode.NullEQ,
			opcode.LogicAnd, opcode.LogicOr, opcode.LogicXor:
			return true
		}
	case *ast.UnaryOperationExpr:
		return x.Op == opcode.Not || x.Op == opcode.Not2
	case *ast.IsNullExpr, *ast.IsTruthExpr, *ast.PatternLikeOrIlikeExpr, *ast.PatternInExpr,
		*ast.BetweenExpr, *ast.PatternRegexpExpr, *ast.ExistsSubqueryExpr:
		return true
	case *ast.FuncCallExpr:
		switch x.FnName.L {
		case "isnull", "regexp_like", "json_contains", "json_contains_path", "json_valid", "json_memberof":
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Path arguments.

// pathArg is a compiled path argument: parsed once when constant.
type pathArg struct {
	path *jsonPath
	err  error
}

func constPaths(args []Expr) []pathArg {
	out := make([]pathArg, len(args))
	for i, a := range args {
		if k, ok := a.(*constExpr); ok && k.v.k != KindNull {
			p, err := parseJSONPath(TextOf(k.v))
			out[i] = pathArg{path: p, err: err}
		}
	}
	return out
}

// pathAt returns the path in argument value v, using the cached parse
// when the argument was constant.
func (p pathArg) get(v Value) (*jsonPath, error) {
	if p.path != nil || p.err != nil {
		return p.path, p.err
	}
	return parseJSONPath(TextOf(v))
}

func wildPathError() error {
	return sqlErr(mysqldef.ErrInvalidJSONPathWild, "42000", "In this situation, path expressions may not contain the * and ** tokens or an array range.")
}

// jsonResult wraps a DOM value as a JSON-typed SQL value.
func jsonResult(v any) Value { return StringValue(jsonText(v)) }

// ---------------------------------------------------------------------------
// Registration.

func jsonBuilder(fn string, nullIn bool, typ func(args []Expr) ColumnType, mk func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error)) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		f, err := mk(x, args)
		if err != nil {
			return nil, err
		}
		return &funcExpr{args: args, nullIn: nullIn, typ: typ(args), fn: f}, nil
	}
}

func jsonNullable(args []Expr) ColumnType { return jsonTypeOf(true) }

func init() {
	register("json_extract", funcSpec{min: 2, max: -1, build: jsonBuilder("json_extract", true, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args[1:])
		docType := args[0].Type()
		return func(ctx *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], docType, 1, "json_extract")
			if err != nil {
				return Value{}, err
			}
			var hits []any
			wrap := len(a) > 2
			for i, pv := range a[1:] {
				p, err := paths[i].get(pv)
				if err != nil {
					return Value{}, err
				}
				wrap = wrap || p.wild
				hits = jsonSeek(doc, p.legs, hits)
			}
			switch {
			case len(hits) == 0:
				return Value{}, nil
			case !wrap:
				return jsonResult(hits[0]), nil
			}
			return jsonResult(hits), nil
		}, nil
	})})
	register("json_unquote", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &funcExpr{args: args, nullIn: true, typ: longTextType(true), fn: func(_ *EvalCtx, a []Value) (Value, error) {
			s := TextOf(a[0])
			if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
				return StringValue(s), nil
			}
			v, e := parseJSONText(s)
			if e != nil {
				return Value{}, jsonTextError(e, 1, "json_unquote")
			}
			if str, ok := v.(string); ok {
				return StringValue(str), nil
			}
			return StringValue(s), nil
		}}, nil
	}})
	register("json_quote", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		n := castLength(args[0].Type())*6 + 2
		return &funcExpr{args: args, nullIn: true, typ: stringType(n, args[0].Type().Nullable()), fn: func(_ *EvalCtx, a []Value) (Value, error) {
			return StringValue(string(appendJSONString(nil, TextOf(a[0])))), nil
		}}, nil
	}})
	register("json_array", funcSpec{min: 0, max: -1, build: jsonBuilder("json_array", false, func([]Expr) ColumnType { return jsonTypeOf(false) }, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		bools := make([]bool, len(args))
		for i, n := range x.Args {
			bools[i] = isBoolNode(n)
		}
		return func(_ *EvalCtx, a []Value) (Value, error) {
			arr := make([]any, len(a))
			for i, v := range a {
				j, err := jsonOfValue(v, args[i].Type(), bools[i], i+1, "json_array")
				if err != nil {
					return Value{}, err
				}
				arr[i] = j
			}
			return jsonResult(arr), nil
		}, nil
	})})
	register("json_object", funcSpec{min: 0, max: -1, build: jsonBuilder("json_object", false, func([]Expr) ColumnType { return jsonTypeOf(false) }, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		if len(args)%2 != 0 {
			return nil, wrongArgCount(x.FnName.O)
		}
		bools := make([]bool, len(args))
		for i, n := range x.Args {
			bools[i] = isBoolNode(n)
		}
		return func(_ *EvalCtx, a []Value) (Value, error) {
			obj := make(map[string]any, len(a)/2)
			for i := 0; i < len(a); i += 2 {
				if a[i].k == KindNull {
					return Value{}, sqlErr(mysqldef.ErrJSONDocumentNullKey, "22032", "JSON documents may not contain NULL member names.")
				}
				j, err := jsonOfValue(a[i+1], args[i+1].Type(), bools[i+1], i+2, "json_object")
				if err != nil {
					return Value{}, err
				}
				obj[TextOf(a[i])] = j
			}
			return jsonResult(obj), nil
		}, nil
	})})
	register("json_length", funcSpec{min: 1, max: 2, build: jsonBuilder("json_length", true, intNull(10), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_length")
			if err != nil {
				return Value{}, err
			}
			if len(a) == 2 {
				if doc, err = seekOne(doc, paths[1], a[1]); err != nil || doc == jsonMissing {
					return Value{}, err
				}
			}
			switch x := doc.(type) {
			case []any:
				return IntValue(int64(len(x))), nil
			case map[string]any:
				return IntValue(int64(len(x))), nil
			}
			return IntValue(1), nil
		}, nil
	})})
	register("json_depth", funcSpec{min: 1, max: 1, build: jsonBuilder("json_depth", true, intNull(10), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_depth")
			if err != nil {
				return Value{}, err
			}
			return IntValue(int64(jsonDepth(doc))), nil
		}, nil
	})})
	register("json_type", funcSpec{min: 1, max: 1, build: jsonBuilder("json_type", true, func([]Expr) ColumnType { return stringType(51, true) }, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_type")
			if err != nil {
				return Value{}, err
			}
			return StringValue(jsonTypeName(doc)), nil
		}, nil
	})})
	register("json_valid", funcSpec{min: 1, max: 1, build: jsonBuilder("json_valid", true, func(args []Expr) ColumnType { return BoolType(anyNullable(args)) }, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		jsonTyped := isJSONType(args[0].Type())
		return func(_ *EvalCtx, a []Value) (Value, error) {
			if jsonTyped {
				return IntValue(1), nil
			}
			if !a[0].IsStringKind() {
				return IntValue(0), nil
			}
			_, e := parseJSONText(a[0].s)
			return BoolValue(e == nil), nil
		}, nil
	})})
	register("json_contains", funcSpec{min: 2, max: 3, build: jsonBuilder("json_contains", true, intNull(1), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_contains")
			if err != nil {
				return Value{}, err
			}
			cand, err := jsonArg(a[1], args[1].Type(), 2, "json_contains")
			if err != nil {
				return Value{}, err
			}
			if len(a) == 3 {
				if doc, err = seekOne(doc, paths[2], a[2]); err != nil || doc == jsonMissing {
					return Value{}, err
				}
			}
			return BoolValue(jsonContains(doc, cand)), nil
		}, nil
	})})
	register("json_contains_path", funcSpec{min: 3, max: -1, build: jsonBuilder("json_contains_path", true, intNull(1), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_contains_path")
			if err != nil {
				return Value{}, err
			}
			one := strings.ToLower(TextOf(a[1]))
			if one != "one" && one != "all" {
				return Value{}, sqlErr(mysqldef.ErrJSONBadOneOrAll, "42000", "The oneOrAll argument to json_contains_path may take these values: 'one' or 'all'.")
			}
			found := 0
			for i := 2; i < len(a); i++ {
				p, err := paths[i].get(a[i])
				if err != nil {
					return Value{}, err
				}
				if len(jsonSeek(doc, p.legs, nil)) > 0 {
					found++
				}
			}
			if one == "one" {
				return BoolValue(found > 0), nil
			}
			return BoolValue(found == len(a)-2), nil
		}, nil
	})})
	register("json_memberof", funcSpec{min: 2, max: 2, build: jsonBuilder("json_memberof", true, intNull(1), func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		boolean := isBoolNode(x.Args[0])
		return func(_ *EvalCtx, a []Value) (Value, error) {
			v, err := jsonOfValue(a[0], args[0].Type(), boolean, 1, "member of")
			if err != nil {
				return Value{}, err
			}
			doc, err := jsonArg(a[1], args[1].Type(), 2, "member of")
			if err != nil {
				return Value{}, err
			}
			arr, ok := doc.([]any)
			if !ok {
				return BoolValue(jsonEqual(doc, v)), nil
			}
			for _, e := range arr {
				if jsonEqual(e, v) {
					return IntValue(1), nil
				}
			}
			return IntValue(0), nil
		}, nil
	})})
	register("json_keys", funcSpec{min: 1, max: 2, build: jsonBuilder("json_keys", true, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_keys")
			if err != nil {
				return Value{}, err
			}
			if len(a) == 2 {
				if doc, err = seekOne(doc, paths[1], a[1]); err != nil || doc == jsonMissing {
					return Value{}, err
				}
			}
			m, ok := doc.(map[string]any)
			if !ok {
				return Value{}, nil
			}
			keys := jsonKeys(m)
			out := make([]any, len(keys))
			for i, k := range keys {
				out[i] = k
			}
			return jsonResult(out), nil
		}, nil
	})})
	modify := func(name string, mode int) {
		register(name, funcSpec{min: 3, max: -1, build: jsonBuilder(name, false, jsonNullable, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
			if len(args)%2 != 1 {
				return nil, wrongArgCount(x.FnName.O)
			}
			return modifyFn(name, mode, x, args), nil
		})})
	}
	modify("json_set", jsonSetMode)
	modify("json_insert", jsonInsertMode)
	modify("json_replace", jsonReplaceMode)
	register("json_remove", funcSpec{min: 2, max: -1, build: jsonBuilder("json_remove", false, jsonNullable, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return modifyFn("json_remove", jsonRemoveMode, x, args), nil
	})})
	register("json_array_append", funcSpec{min: 3, max: -1, build: jsonBuilder("json_array_append", false, jsonNullable, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		if len(args)%2 != 1 {
			return nil, wrongArgCount(x.FnName.O)
		}
		return arrayAppendFn(x, args), nil
	})})
	register("json_merge_preserve", funcSpec{min: 2, max: -1, build: jsonBuilder("json_merge_preserve", true, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return mergeFn("json_merge_preserve", args, jsonMergePreserve), nil
	})})
	alias("json_merge", "json_merge_preserve")
	register("json_merge_patch", funcSpec{min: 2, max: -1, build: jsonBuilder("json_merge_patch", false, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return mergePatchFn(args), nil
	})})
}

// jsonMissingT marks "the path selects nothing".
type jsonMissingT struct{}

var jsonMissing any = jsonMissingT{}

// seekOne evaluates a path that must not contain wildcards and returns
// the single value it selects, or jsonMissing.
func seekOne(doc any, pa pathArg, pv Value) (any, error) {
	p, err := pa.get(pv)
	if err != nil {
		return nil, err
	}
	if p.wild {
		return nil, wildPathError()
	}
	hits := jsonSeek(doc, p.legs, nil)
	if len(hits) == 0 {
		return jsonMissing, nil
	}
	return hits[0], nil
}

func modifyFn(name string, mode int, x *ast.FuncCallExpr, args []Expr) scalarFn {
	paths := constPaths(args)
	bools := make([]bool, len(args))
	for i, n := range x.Args {
		bools[i] = isBoolNode(n)
	}
	step := 2
	if mode == jsonRemoveMode {
		step = 1
	}
	return func(_ *EvalCtx, a []Value) (Value, error) {
		if a[0].k == KindNull {
			return Value{}, nil
		}
		doc, err := jsonArg(a[0], args[0].Type(), 1, name)
		if err != nil {
			return Value{}, err
		}
		for i := 1; i < len(a); i += step {
			if a[i].k == KindNull {
				return Value{}, nil
			}
			p, err := paths[i].get(a[i])
			if err != nil {
				return Value{}, err
			}
			if p.wild {
				return Value{}, wildPathError()
			}
			if mode == jsonRemoveMode {
				if len(p.legs) == 0 {
					return Value{}, sqlErr(mysqldef.ErrJSONVacuousPath, "42000", "The path expression '$' is not allowed in this context.")
				}
				doc = jsonModify(doc, p.legs, nil, mode)
				continue
			}
			val, err := jsonOfValue(a[i+1], args[i+1].Type(), bools[i+1], i+2, name)
			if err != nil {
				return Value{}, err
			}
			doc = jsonModify(doc, p.legs, val, mode)
		}
		return jsonResult(doc), nil
	}
}

// arrayAppendFn is JSON_ARRAY_APPEND(doc, path, val...): the value at path
// becomes an array (auto-wrapped) with val appended.
func arrayAppendFn(x *ast.FuncCallExpr, args []Expr) scalarFn {
	paths := constPaths(args)
	bools := make([]bool, len(args))
	for i, n := range x.Args {
		bools[i] = isBoolNode(n)
	}
	return func(_ *EvalCtx, a []Value) (Value, error) {
		if a[0].k == KindNull {
			return Value{}, nil
		}
		doc, err := jsonArg(a[0], args[0].Type(), 1, "json_array_append")
		if err != nil {
			return Value{}, err
		}
		for i := 1; i < len(a); i += 2 {
			if a[i].k == KindNull {
				return Value{}, nil
			}
			p, err := paths[i].get(a[i])
			if err != nil {
				return Value{}, err
			}
			if p.wild {
				return Value{}, wildPathError()
			}
			val, err := jsonOfValue(a[i+1], args[i+1].Type(), bools[i+1], i+2, "json_array_append")
			if err != nil {
				return Value{}, err
			}
			hits := jsonSeek(doc, p.legs, nil)
			if len(hits) == 0 {
				continue
			}
			var arr []any
			if cur, ok := hits[0].([]any); ok {
				arr = append(cur, val)
			} else {
				arr = []any{hits[0], val}
			}
			doc = jsonModify(doc, p.legs, arr, jsonReplaceMode)
		}
		return jsonResult(doc), nil
	}
}

func mergeFn(name string, args []Expr, merge func(a, b any) any) scalarFn {
	return func(_ *EvalCtx, a []Value) (Value, error) {
		var out any
		for i, v := range a {
			doc, err := jsonArg(v, args[i].Type(), i+1, name)
			if err != nil {
				return Value{}, err
			}
			if i == 0 {
				out = doc
			} else {
				out = merge(out, doc)
			}
		}
		return jsonResult(out), nil
	}
}

// jsonMergePreserve: arrays concatenate, objects merge recursively,
// anything else is wrapped into an array first.
func jsonMergePreserve(a, b any) any {
	ma, okA := a.(map[string]any)
	mb, okB := b.(map[string]any)
	if okA && okB {
		for k, v := range mb {
			if old, ok := ma[k]; ok {
				ma[k] = jsonMergePreserve(old, v)
			} else {
				ma[k] = v
			}
		}
		return ma
	}
	aa, ok := a.([]any)
	if !ok {
		aa = []any{a}
	}
	if ab, ok := b.([]any); ok {
		return append(aa, ab...)
	}
	return append(aa, b)
}

// mergePatchFn is JSON_MERGE_PATCH (RFC 7396); a NULL argument makes the
// result NULL unless a later argument is an object-free patch.
func mergePatchFn(args []Expr) scalarFn {
	return func(_ *EvalCtx, a []Value) (Value, error) {
		var out any
		null := false
		for i, v := range a {
			if v.k == KindNull {
				null = true
				continue
			}
			doc, err := jsonArg(v, args[i].Type(), i+1, "json_merge_patch")
			if err != nil {
				return Value{}, err
			}
			if i == 0 {
				out = doc
				continue
			}
			if _, isObj := doc.(map[string]any); !isObj {
				out, null = doc, false
				continue
			}
			if null {
				continue
			}
			out = jsonMergePatch(out, doc)
		}
		if null {
			return Value{}, nil
		}
		return jsonResult(out), nil
	}
}

func jsonMergePatch(target, patch any) any {
	mp, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	mt, ok := target.(map[string]any)
	if !ok {
		mt = map[string]any{}
	}
	for k, v := range mp {
		if v == nil {
			delete(mt, k)
			continue
		}
		if old, ok := mt[k]; ok {
			mt[k] = jsonMergePatch(old, v)
		} else {
			mt[k] = jsonMergePatch(nil, v)
		}
	}
	return mt
}

package expr

import (
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// scalarFn computes a function from evaluated arguments. args is scratch
// space owned by the caller: read it, do not keep it.
type scalarFn func(ctx *EvalCtx, args []Value) (Value, error)

// funcExpr is a call of a scalar function with eagerly evaluated arguments.
type funcExpr struct {
	args   []Expr
	fn     scalarFn
	typ    ColumnType
	nullIn bool // any NULL argument makes the result NULL without calling fn
}

func (e *funcExpr) Type() ColumnType { return e.typ }

// Eval evaluates the arguments onto ctx's stack (no allocation once the
// stack has grown) and calls fn on that window.
func (e *funcExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	base := len(ctx.stack)
	for _, a := range e.args {
		v, err := a.Eval(ctx, row)
		if err != nil {
			ctx.stack = ctx.stack[:base]
			return Value{}, err
		}
		if v.k == KindNull && e.nullIn {
			ctx.stack = ctx.stack[:base]
			return Value{}, nil
		}
		ctx.stack = append(ctx.stack, v)
	}
	v, err := e.fn(ctx, ctx.stack[base:])
	ctx.stack = ctx.stack[:base]
	return v, err
}

// funcSpec describes one built-in: its arity and how to build its Expr.
type funcSpec struct {
	min, max int // max < 0: variadic
	// build gets compiled arguments, unless raw is set: then it compiles
	// x.Args itself (INTERVAL units, TRIM directions are not expressions).
	build func(c *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error)
	raw   bool
}

// builtins maps lower-case names to specs; filled by the func_*.go files'
// init functions.
var builtins = map[string]funcSpec{}

func register(name string, spec funcSpec) { builtins[name] = spec }

// simple registers a function whose result type depends only on its
// arguments' types and whose value is fn over evaluated arguments.
func simple(name string, min, max int, nullIn bool, typ func(args []Expr) ColumnType, fn scalarFn) {
	register(name, funcSpec{min: min, max: max, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &funcExpr{args: args, fn: fn, typ: typ(args), nullIn: nullIn}, nil
	}})
}

// alias makes name behave exactly like target.
func alias(name, target string) { builtins[name] = builtins[target] }

func (c *compiler) compileFunc(x *ast.FuncCallExpr) (Expr, error) {
	name := x.FnName.L
	spec, ok := builtins[name]
	if !ok || x.Schema.L != "" {
		return nil, c.unknownFunction(x)
	}
	n := len(x.Args)
	if !spec.raw && (n < spec.min || (spec.max >= 0 && n > spec.max)) {
		return nil, wrongArgCount(x.FnName.O)
	}
	var args []Expr
	if !spec.raw {
		var err error
		if args, err = c.compileAll(x.Args); err != nil {
			return nil, err
		}
		bitStringArgs(name, args)
	}
	return spec.build(c, x, args)
}

func wrongArgCount(name string) error {
	return mysqldef.NewError(mysqldef.ErrWrongParamcountToNativeFct, "Incorrect parameter count in the call to native function '%s'", name)
}

// unknownFunction is MySQL's 1305, which names the function inside the
// current database (or the schema given).
func (c *compiler) unknownFunction(x *ast.FuncCallExpr) error {
	db := x.Schema.O
	if db == "" && c.env() != nil {
		db = c.env().CurrentDB()
	}
	name := x.FnName.O
	if db != "" {
		return mysqldef.NewError(mysqldef.ErrSPDoesNotExist, "FUNCTION %s.%s does not exist", db, name)
	}
	return mysqldef.NewError(mysqldef.ErrSPDoesNotExist, "FUNCTION %s does not exist", name)
}

// Type helpers shared by the registrations.

func fixedType(t ColumnType) func([]Expr) ColumnType { return func([]Expr) ColumnType { return t } }

func anyNullable(args []Expr) bool {
	for _, a := range args {
		if a.Type().Nullable() {
			return true
		}
	}
	return false
}

func intOf(n int) func([]Expr) ColumnType {
	return func(args []Expr) ColumnType { return intType(n, anyNullable(args)) }
}

func intNull(n int) func([]Expr) ColumnType {
	return func([]Expr) ColumnType { return intType(n, true) }
}

func doubleOf(args []Expr) ColumnType { return doubleType(0, anyNullable(args)) }
func doubleNull([]Expr) ColumnType    { return doubleType(0, true) }

// anyBinary reports whether some argument is a binary string, which makes
// a string function's result binary.
func anyBinary(args []Expr) bool {
	for _, a := range args {
		if a.Type().isBinaryString() {
			return true
		}
	}
	return false
}

// strOf is a string result of n characters, binary if any argument is.
func strOf(args []Expr, n int, nullable bool) ColumnType {
	if anyBinary(args) {
		return binaryType(n, nullable)
	}
	return stringType(n, nullable)
}

// strResult builds a string value of the same flavour as binary says.
func strResult(s string, binary bool) Value {
	if binary {
		return BinaryStringValue(s)
	}
	return StringValue(s)
}

// constInt returns the value of a constant integer argument.
func constInt(e Expr) (int64, bool) {
	k, ok := e.(*constExpr)
	if !ok || (k.v.k != KindInt && k.v.k != KindUint) {
		return 0, false
	}
	return int64(k.v.n), true
}

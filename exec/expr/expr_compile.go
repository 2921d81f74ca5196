package expr

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// Compile turns a parsed expression into an Expr. scope resolves column
// names (nil: no columns) and optionally supplies the session, whose
// current database names unknown functions in errors and whose variables'
// current values type @var and @@var columns, as MySQL does at prepare time.
func Compile(e ast.ExprNode, scope *Scope) (Expr, error) {
	c := &compiler{scope: scope}
	return c.compile(e)
}

type compiler struct {
	scope *Scope
	// condition: compiling the logical structure of a WHERE, ON or
	// HAVING condition, whose constant operands are cached; predicateArg:
	// compiling a direct argument of one of its comparisons, cached when
	// constant (const_cache.go).
	condition    bool
	predicateArg bool
}

func (c *compiler) env() SessionEnv {
	if c.scope == nil {
		return nil
	}
	return c.scope.Env
}

func (c *compiler) compileAll(list []ast.ExprNode) ([]Expr, error) {
	out := make([]Expr, len(list))
	for i, n := range list {
		e, err := c.compile(n)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

func (c *compiler) compile(n ast.ExprNode) (Expr, error) {
	if (c.condition || c.predicateArg) && n != nil {
		if e, handled, err := c.condOperand(n); handled {
			return e, err
		}
	}
	return c.compileNode(n)
}

// compileNode compiles n itself (compile adds the condition handling).
func (c *compiler) compileNode(n ast.ExprNode) (Expr, error) {
	switch x := n.(type) {
	case nil:
		return nil, mysqldef.NewError(mysqldef.ErrUnknownError, "missing expression")
	case *test_driver.ParamMarkerExpr:
		return &paramExpr{order: x.Order}, nil
	case *test_driver.ValueExpr:
		return compileLiteral(x)
	case *ast.ParenthesesExpr:
		return c.compile(x.Expr)
	case *ast.ColumnNameExpr:
		idx, typ, err := ResolveColumn(c.scope, x.Name)
		if err != nil {
			return nil, err
		}
		sc := c.scope.Columns[idx]
		return &columnExpr{idx: idx, typ: typ, elems: sc.Elems, utc: sc.UTC}, nil
	case *ast.BinaryOperationExpr:
		return c.compileBinary(x)
	case *ast.UnaryOperationExpr:
		return c.compileUnary(x)
	case *ast.IsNullExpr:
		arg, err := c.compile(x.Expr)
		if err != nil {
			return nil, err
		}
		return &isNullExpr{arg: arg, not: x.Not}, nil
	case *ast.IsTruthExpr:
		arg, err := c.compile(x.Expr)
		if err != nil {
			return nil, err
		}
		return &isTruthExpr{arg: arg, not: x.Not, want: x.True != 0}, nil
	case *ast.BetweenExpr:
		args, err := c.compileAll([]ast.ExprNode{x.Expr, x.Left, x.Right})
		if err != nil {
			return nil, err
		}
		yearOperands(args[0], args[1:])
		return &betweenExpr{v: args[0], lo: args[1], hi: args[2], not: x.Not}, nil
	case *ast.PatternInExpr:
		if x.Sel != nil {
			return c.compileSubquery(x)
		}
		args, err := c.compileAll(append([]ast.ExprNode{x.Expr}, x.List...))
		if err != nil {
			return nil, err
		}
		yearOperands(args[0], args[1:])
		return &inExpr{v: args[0], list: args[1:], not: x.Not}, nil
	case *ast.PatternLikeOrIlikeExpr:
		return c.compileLike(x)
	case *ast.PatternRegexpExpr:
		return c.compileRegexp(x)
	case *ast.CaseExpr:
		return c.compileCase(x)
	case *ast.FuncCallExpr:
		return c.compileFunc(x)
	case *ast.FuncCastExpr:
		return c.compileCast(x)
	case *ast.VariableExpr:
		return c.compileVariable(x)
	case *ast.SetCollationExpr:
		return c.compileCollate(x)
	case *ast.DefaultExpr:
		return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'DEFAULT()'")
	case *ast.RowExpr:
		return nil, mysqldef.NewError(mysqldef.ErrOperandColumns, "Operand should contain 1 column(s)")
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr, *ast.CompareSubqueryExpr:
		return c.compileSubquery(x)
	case *ast.AggregateFuncExpr:
		return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'aggregate functions here'")
	case *ast.WindowFuncExpr:
		if c.scope != nil {
			if idx, ok := c.scope.Windows[x]; ok {
				return &columnExpr{idx: idx, typ: c.scope.Columns[idx].Type, utc: c.scope.Columns[idx].UTC}, nil
			}
		}
		return nil, ErrWindowMisuse(x.Name)
	}
	return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support '%s'", restoreText(n))
}

// compileSubquery hands a subquery the statement did not run up front (a
// correlated one) to the session, when the scope's Env can run queries.
func (c *compiler) compileSubquery(n ast.ExprNode) (Expr, error) {
	if sc, ok := c.env().(SubqueryCompiler); ok {
		return sc.CompileSubquery(n, c.scope)
	}
	return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'subqueries'")
}

// compileLiteral turns a parser literal into a constant with MySQL's metadata.
func compileLiteral(x *test_driver.ValueExpr) (Expr, error) {
	switch x.Kind() {
	case test_driver.KindNull:
		return &constExpr{typ: nullType()}, nil
	case test_driver.KindInt64:
		i := x.GetInt64()
		return &constExpr{v: IntValue(i), typ: intType(len(strconv.FormatInt(i, 10)), false)}, nil
	case test_driver.KindUint64:
		u := x.GetUint64()
		return &constExpr{v: UintValue(u), typ: uintType(len(strconv.FormatUint(u, 10)), false)}, nil
	case test_driver.KindFloat32, test_driver.KindFloat64:
		f := x.GetFloat64()
		return &constExpr{v: FloatValue(f), typ: doubleType(len(appendFloat(nil, f)), false)}, nil
	case test_driver.KindMysqlDecimal:
		s := x.GetMysqlDecimal().String()
		d, _, err := apd.NewFromString(s)
		if err != nil {
			return nil, mysqldef.NewError(mysqldef.ErrParse, "invalid decimal literal '%s'", s)
		}
		prec := int(d.NumDigits())
		scale := decScale(d)
		if prec < scale {
			prec = scale
		}
		return &constExpr{v: DecimalValue(d), typ: decimalType(prec, scale, false)}, nil
	case test_driver.KindString:
		s := x.GetString()
		if x.Type.GetCharset() == "binary" {
			return &constExpr{v: BinaryStringValue(s), typ: binaryType(len(s), false)}, nil
		}
		return &constExpr{v: StringValue(s), typ: stringType(utf8Len(s), false)}, nil
	case test_driver.KindBytes:
		b := x.GetBytes()
		return &constExpr{v: BytesValue(b), typ: binaryType(len(b), false)}, nil
	case test_driver.KindBinaryLiteral:
		b := x.GetBinaryLiteral()
		return &constExpr{v: BytesValue(b), typ: binaryType(len(b), false), hex: true}, nil
	}
	return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support literal '%s'", restoreText(x))
}

func (c *compiler) compileUnary(x *ast.UnaryOperationExpr) (Expr, error) {
	arg, err := c.compile(x.V)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case opcode.Plus:
		return arg, nil
	case opcode.Minus:
		// -9223372036854775808 is a BIGINT literal, not an overflow
		if k, ok := arg.(*constExpr); ok && k.v.k == KindUint && k.v.n == 1<<63 {
			return &constExpr{v: IntValue(-1 << 63), typ: intType(20, false)}, nil
		}
		arg = numericContext(arg)
		return &negExpr{arg: arg, typ: negType(arg.Type()), desc: exprDesc{x}}, nil
	case opcode.Not, opcode.Not2:
		return &notExpr{arg: arg}, nil
	case opcode.BitNeg:
		return &bitExpr{op: opcode.BitNeg, l: numericContext(arg), typ: uintType(20, arg.Type().Nullable())}, nil
	}
	return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support operator '%s'", x.Op.String())
}

func (c *compiler) compileBinary(x *ast.BinaryOperationExpr) (Expr, error) {
	l, err := c.compile(x.L)
	if err != nil {
		return nil, err
	}
	r, err := c.compile(x.R)
	if err != nil {
		return nil, err
	}
	nullable := l.Type().Nullable() || r.Type().Nullable()
	switch x.Op {
	case opcode.Plus, opcode.Minus, opcode.Mul, opcode.Div, opcode.IntDiv, opcode.Mod:
		return newArith(x.Op, numericContext(l), numericContext(r), exprDesc{x}), nil
	case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE, opcode.NullEQ:
		// A hex literal compared with a number is a number (0x41 = 65).
		if isNumericType(r.Type()) {
			l = hexAsNumber(l)
		}
		if isNumericType(l.Type()) {
			r = hexAsNumber(r)
		}
		if x.Op == opcode.NullEQ {
			nullable = false
		}
		pair := []Expr{l, r}
		yearOperands(l, pair[1:])
		yearOperands(r, pair[:1])
		l, r = pair[0], pair[1]
		return &cmpExpr{op: x.Op, l: l, r: r, typ: BoolType(nullable)}, nil
	case opcode.LogicAnd, opcode.LogicOr, opcode.LogicXor:
		return &logicExpr{op: x.Op, l: l, r: r, typ: BoolType(nullable)}, nil
	case opcode.And, opcode.Or, opcode.Xor, opcode.LeftShift, opcode.RightShift:
		return &bitExpr{op: x.Op, l: numericContext(l), r: numericContext(r), typ: uintType(20, nullable)}, nil
	}
	return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support operator '%s'", x.Op.String())
}

func opSymbol(op opcode.Op) string {
	switch op {
	case opcode.Plus:
		return "+"
	case opcode.Minus:
		return "-"
	case opcode.Mul:
		return "*"
	case opcode.Div:
		return "/"
	case opcode.IntDiv:
		return "DIV"
	case opcode.Mod:
		return "%"
	case opcode.LeftShift:
		return "<<"
	case opcode.RightShift:
		return ">>"
	}
	return op.String()
}

// exprDesc is an expression as MySQL quotes it in error messages such as "BIGINT value is out
// of range in '(a + b)'". It is rendered only when such an error is raised: rendering it
// while compiling made every level of a deeply nested expression print the whole subtree
// below it, cubic time in the nesting depth (a statement 1000 levels deep took minutes).
type exprDesc struct{ n ast.ExprNode }

func (d exprDesc) String() string {
	if d.n == nil {
		return ""
	}
	return sqlText(d.n)
}

// sqlText renders an expression the way MySQL quotes it in error messages
// such as "BIGINT value is out of range in '(a + b)'".
func sqlText(n ast.ExprNode) string {
	var b strings.Builder
	writeSQLText(&b, n)
	return b.String()
}

// writeSQLText appends n's text to b: one pass, linear in the output.
func writeSQLText(b *strings.Builder, n ast.ExprNode) {
	switch x := n.(type) {
	case *test_driver.ParamMarkerExpr:
		b.WriteString("?")
		return
	case *test_driver.ValueExpr:
		switch x.Kind() {
		case test_driver.KindNull:
			b.WriteString("NULL")
			return
		case test_driver.KindInt64:
			b.WriteString(strconv.FormatInt(x.GetInt64(), 10))
			return
		case test_driver.KindUint64:
			b.WriteString(strconv.FormatUint(x.GetUint64(), 10))
			return
		case test_driver.KindFloat32, test_driver.KindFloat64:
			b.Write(appendFloat(nil, x.GetFloat64()))
			return
		case test_driver.KindMysqlDecimal:
			b.WriteString(x.GetMysqlDecimal().String())
			return
		case test_driver.KindString:
			b.WriteString("'" + x.GetString() + "'")
			return
		}
	case *ast.ParenthesesExpr:
		writeSQLText(b, x.Expr)
		return
	case *ast.ColumnNameExpr:
		if x.Name.Table.O != "" {
			b.WriteString("`" + x.Name.Table.O + "`.")
		}
		b.WriteString("`" + x.Name.Name.O + "`")
		return
	case *ast.BinaryOperationExpr:
		b.WriteString("(")
		writeSQLText(b, x.L)
		b.WriteString(" " + opSymbol(x.Op) + " ")
		writeSQLText(b, x.R)
		b.WriteString(")")
		return
	case *ast.UnaryOperationExpr:
		if x.Op == opcode.Minus {
			b.WriteString("-(")
			writeSQLText(b, x.V)
			b.WriteString(")")
			return
		}
	case *ast.FuncCallExpr:
		b.WriteString(x.FnName.L + "(")
		for i, a := range x.Args {
			if i > 0 {
				b.WriteString(",")
			}
			writeSQLText(b, a)
		}
		b.WriteString(")")
		return
	case *ast.VariableExpr:
		if x.IsSystem {
			b.WriteString("@@" + x.Name)
		} else {
			b.WriteString("@" + x.Name)
		}
		return
	}
	b.WriteString(restoreText(n))
}

// restoreText prints n in the lower-case style MySQL uses when it quotes
// an expression back.
func restoreText(n ast.Node) string {
	var b strings.Builder
	flags := format.RestoreKeyWordLowercase | format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes
	if err := n.Restore(format.NewRestoreCtx(flags, &b)); err != nil {
		return ""
	}
	return b.String()
}

func utf8Len(s string) int { return utf8.RuneCountInString(s) }

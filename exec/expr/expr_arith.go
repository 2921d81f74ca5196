package expr

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// numClass orders the numeric result classes of MySQL's type promotion.
type numClass uint8

const (
	classInt numClass = iota
	classDecimal
	classDouble
)

// staticClass is the class a column of type t takes in arithmetic.
func staticClass(t ColumnType) numClass {
	switch t.Type {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeInt24, mysqldef.TypeYear, mysqldef.TypeBit:
		return classInt
	case mysqldef.TypeNewDecimal, mysqldef.TypeDecimal:
		return classDecimal
	case mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime:
		if t.Decimals > 0 {
			return classDecimal
		}
		return classInt
	}
	return classDouble
}

// intDigits is the integer-part width of a numeric column.
func intDigits(t ColumnType) int {
	switch staticClass(t) {
	case classDecimal:
		n := int(t.Length) - int(t.Decimals) - 1
		if t.Decimals > 0 {
			n--
		}
		return max(n, 1)
	case classInt:
		return max(int(t.Length), 1)
	}
	return 17
}

func scaleOf(t ColumnType) int {
	if staticClass(t) == classDecimal {
		return int(t.Decimals)
	}
	return 0
}

// arithExpr is + - * / DIV %.
type arithExpr struct {
	op   opcode.Op
	l, r Expr
	typ  ColumnType
	desc exprDesc // the expression as MySQL quotes it in range errors
}

func newArith(op opcode.Op, l, r Expr, desc exprDesc) *arithExpr {
	lt, rt := l.Type(), r.Type()
	nullable := lt.Nullable() || rt.Nullable() || op == opcode.Div || op == opcode.IntDiv || op == opcode.Mod
	class := max(staticClass(lt), staticClass(rt))
	unsigned := lt.Flags&mysqldef.FlagUnsigned != 0 || rt.Flags&mysqldef.FlagUnsigned != 0
	var typ ColumnType
	switch {
	case op == opcode.IntDiv:
		typ = intType(intDigits(lt), nullable)
	case class == classDouble:
		typ = doubleType(0, nullable)
	case op == opcode.Div:
		scale := min(scaleOf(lt)+divPrecisionIncrement, MaxDecimalScale)
		typ = decimalType(intDigits(lt)+scaleOf(rt)+scale, scale, nullable)
	case class == classDecimal:
		ls, rs := scaleOf(lt), scaleOf(rt)
		switch op {
		case opcode.Mul:
			typ = decimalType(intDigits(lt)+intDigits(rt)+ls+rs, min(ls+rs, MaxDecimalScale), nullable)
		default:
			s := max(ls, rs)
			typ = decimalType(max(intDigits(lt), intDigits(rt))+1+s, s, nullable)
		}
	default:
		n := max(intDigits(lt), intDigits(rt)) + 1
		if op == opcode.Mul {
			n = intDigits(lt) + intDigits(rt)
		}
		if unsigned {
			typ = uintType(n, nullable)
		} else {
			typ = intType(n, nullable)
		}
	}
	return &arithExpr{op: op, l: l, r: r, typ: typ, desc: desc}
}

func (e *arithExpr) Type() ColumnType { return e.typ }

func (e *arithExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	a, err := e.l.Eval(ctx, row)
	if err != nil || a.k == KindNull {
		return Value{}, err
	}
	b, err := e.r.Eval(ctx, row)
	if err != nil || b.k == KindNull {
		return Value{}, err
	}
	return arith(ctx, e.op, toNumber(ctx, a), toNumber(ctx, b), e.desc)
}

// divByZero is what dividing by zero does: NULL with warning 1365, or
// error 1365 where the statement makes it one (DivZeroIsError).
func divByZero(ctx *EvalCtx) error {
	if ctx.DivZeroIsError {
		return mysqldef.NewError(mysqldef.ErrDivisionByZero, "Division by 0")
	}
	ctx.Warn(mysqldef.ErrDivisionByZero, "Division by 0")
	return nil
}

// arith applies op to two numbers following MySQL's promotion: any double
// makes the operation double, else any decimal makes it decimal, else it
// is integer arithmetic (unsigned if either side is unsigned). '/' on
// integers and decimals is decimal division.
func arith(ctx *EvalCtx, op opcode.Op, a, b Value, desc exprDesc) (Value, error) {
	isF := a.k == KindFloat || b.k == KindFloat
	isD := a.k == KindDecimal || b.k == KindDecimal
	switch {
	case op == opcode.IntDiv:
		return intDiv(ctx, a, b, desc)
	case isF:
		return floatArith(ctx, op, ToFloat(ctx, a), ToFloat(ctx, b), desc)
	case isD || op == opcode.Div:
		return decimalArith(ctx, op, ToDecimal(ctx, a), ToDecimal(ctx, b), desc)
	}
	if a.k == KindInt && b.k == KindInt {
		return signedArith(ctx, op, int64(a.n), int64(b.n), desc)
	}
	return unsignedArith(ctx, op, a, b, desc)
}

func floatArith(ctx *EvalCtx, op opcode.Op, x, y float64, desc exprDesc) (Value, error) {
	var r float64
	switch op {
	case opcode.Plus:
		r = x + y
	case opcode.Minus:
		r = x - y
	case opcode.Mul:
		r = x * y
	case opcode.Div:
		if y == 0 {
			return Value{}, divByZero(ctx)
		}
		r = x / y
	case opcode.Mod:
		if y == 0 {
			return Value{}, divByZero(ctx)
		}
		r = math.Mod(x, y)
	}
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return Value{}, outOfRange("DOUBLE", desc.String())
	}
	return FloatValue(r), nil
}

func decimalArith(ctx *EvalCtx, op opcode.Op, x, y *apd.Decimal, desc exprDesc) (Value, error) {
	r := new(apd.Decimal)
	var err error
	switch op {
	case opcode.Plus:
		_, err = DecimalContext.Add(r, x, y)
	case opcode.Minus:
		_, err = DecimalContext.Sub(r, x, y)
	case opcode.Mul:
		_, err = DecimalContext.Mul(r, x, y)
		if err == nil && decScale(r) > MaxDecimalScale {
			r, err = RoundDecimal(r, MaxDecimalScale)
		}
	case opcode.Div:
		if y.IsZero() {
			return Value{}, divByZero(ctx)
		}
		scale := min(decScale(x)+divPrecisionIncrement, MaxDecimalScale)
		if _, err = DecimalContext.Quo(r, x, y); err == nil {
			r, err = RoundDecimal(r, scale)
		}
	case opcode.Mod:
		if y.IsZero() {
			return Value{}, divByZero(ctx)
		}
		_, err = DecimalContext.Rem(r, x, y)
		if err == nil {
			r, err = RoundDecimal(r, max(decScale(x), decScale(y)))
		}
	}
	if err != nil || !decimalFits(r) {
		return Value{}, outOfRange("DECIMAL", desc.String())
	}
	return DecimalValue(r), nil
}

func signedArith(ctx *EvalCtx, op opcode.Op, x, y int64, desc exprDesc) (Value, error) {
	switch op {
	case opcode.Plus:
		r := x + y
		if (x >= 0) == (y >= 0) && (r >= 0) != (x >= 0) {
			return Value{}, outOfRange("BIGINT", desc.String())
		}
		return IntValue(r), nil
	case opcode.Minus:
		r := x - y
		if (x >= 0) != (y >= 0) && (r >= 0) != (x >= 0) {
			return Value{}, outOfRange("BIGINT", desc.String())
		}
		return IntValue(r), nil
	case opcode.Mul:
		if x == 0 || y == 0 {
			return IntValue(0), nil
		}
		r := x * y
		if r/y != x || (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64) {
			return Value{}, outOfRange("BIGINT", desc.String())
		}
		return IntValue(r), nil
	case opcode.Mod:
		if y == 0 {
			return Value{}, divByZero(ctx)
		}
		if y == -1 {
			return IntValue(0), nil
		}
		return IntValue(x % y), nil
	}
	return Value{}, mysqldef.NewError(mysqldef.ErrUnknownError, "bad integer operator")
}

// unsignedArith handles integer operations with an unsigned side: the
// result is unsigned and must fit BIGINT UNSIGNED.
func unsignedArith(ctx *EvalCtx, op opcode.Op, a, b Value, desc exprDesc) (Value, error) {
	if op == opcode.Mod {
		if b.n == 0 {
			return Value{}, divByZero(ctx)
		}
		// MySQL: the result takes the dividend's sign and signedness
		x, y := bigOf(a), bigOf(b)
		r := new(big.Int).Rem(x, y)
		if a.k == KindInt {
			return IntValue(r.Int64()), nil
		}
		return UintValue(r.Uint64()), nil
	}
	if op == opcode.Plus && a.k == KindUint && b.k == KindUint {
		s, carry := bits.Add64(a.n, b.n, 0)
		if carry != 0 {
			return Value{}, outOfRange("BIGINT UNSIGNED", desc.String())
		}
		return UintValue(s), nil
	}
	x, y := bigOf(a), bigOf(b)
	r := new(big.Int)
	switch op {
	case opcode.Plus:
		r.Add(x, y)
	case opcode.Minus:
		r.Sub(x, y)
	case opcode.Mul:
		r.Mul(x, y)
	}
	if r.Sign() < 0 || !r.IsUint64() {
		return Value{}, outOfRange("BIGINT UNSIGNED", desc.String())
	}
	return UintValue(r.Uint64()), nil
}

func bigOf(v Value) *big.Int {
	if v.k == KindUint {
		return new(big.Int).SetUint64(v.n)
	}
	return big.NewInt(int64(v.n))
}

// intDiv is DIV: integer division, truncating; non-integers divide as
// decimals first.
func intDiv(ctx *EvalCtx, a, b Value, desc exprDesc) (Value, error) {
	if (a.k == KindInt || a.k == KindUint) && (b.k == KindInt || b.k == KindUint) {
		if b.n == 0 {
			return Value{}, divByZero(ctx)
		}
		if a.k == KindInt && b.k == KindInt {
			x, y := int64(a.n), int64(b.n)
			if x == math.MinInt64 && y == -1 {
				return Value{}, outOfRange("BIGINT", desc.String())
			}
			return IntValue(x / y), nil
		}
		r := new(big.Int).Quo(bigOf(a), bigOf(b))
		if r.IsUint64() {
			return UintValue(r.Uint64()), nil
		}
		if r.IsInt64() {
			return IntValue(r.Int64()), nil
		}
		return Value{}, outOfRange("BIGINT UNSIGNED", desc.String())
	}
	x, y := ToDecimal(ctx, a), ToDecimal(ctx, b)
	if y.IsZero() {
		return Value{}, divByZero(ctx)
	}
	q := new(apd.Decimal)
	if _, err := DecimalContext.QuoInteger(q, x, y); err != nil {
		return Value{}, outOfRange("BIGINT", desc.String())
	}
	i, err := q.Int64()
	if err != nil {
		return Value{}, outOfRange("BIGINT", desc.String())
	}
	return IntValue(i), nil
}

// negExpr is unary minus.
type negExpr struct {
	arg  Expr
	typ  ColumnType
	desc exprDesc
}

func negType(t ColumnType) ColumnType {
	nullable := t.Nullable()
	switch staticClass(t) {
	case classInt:
		if t.Flags&mysqldef.FlagUnsigned != 0 {
			return decimalType(int(t.Length), 0, nullable)
		}
		return intType(int(t.Length)+1, nullable)
	case classDecimal:
		t.Length++
		return t
	}
	return doubleType(0, nullable)
}

func (e *negExpr) Type() ColumnType { return e.typ }

func (e *negExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil || v.k == KindNull {
		return Value{}, err
	}
	v = toNumber(ctx, v)
	switch v.k {
	case KindInt:
		if int64(v.n) == math.MinInt64 {
			return Value{}, outOfRange("BIGINT", e.desc.String())
		}
		return IntValue(-int64(v.n)), nil
	case KindUint:
		if v.n <= 1<<63 {
			return IntValue(-int64(v.n)), nil
		}
		d := decFromUint(v.n)
		d.Negative = true
		return DecimalValue(d), nil
	case KindFloat:
		return FloatValue(-v.Float()), nil
	case KindDecimal:
		d := new(apd.Decimal).Neg(v.d)
		if d.IsZero() {
			d.Negative = false
		}
		return DecimalValue(d), nil
	}
	return Value{}, nil
}

// bitExpr is & | ^ << >> ~ on 64-bit unsigned integers.
type bitExpr struct {
	op   opcode.Op
	l, r Expr // r is nil for ~
	typ  ColumnType
}

func (e *bitExpr) Type() ColumnType { return e.typ }

func (e *bitExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	a, err := e.l.Eval(ctx, row)
	if err != nil || a.k == KindNull {
		return Value{}, err
	}
	x := ToUint(ctx, a)
	if e.op == opcode.BitNeg {
		return UintValue(^x), nil
	}
	b, err := e.r.Eval(ctx, row)
	if err != nil || b.k == KindNull {
		return Value{}, err
	}
	y := ToUint(ctx, b)
	switch e.op {
	case opcode.And:
		return UintValue(x & y), nil
	case opcode.Or:
		return UintValue(x | y), nil
	case opcode.Xor:
		return UintValue(x ^ y), nil
	case opcode.LeftShift:
		if y >= 64 {
			return UintValue(0), nil
		}
		return UintValue(x << y), nil
	case opcode.RightShift:
		if y >= 64 {
			return UintValue(0), nil
		}
		return UintValue(x >> y), nil
	}
	return Value{}, nil
}

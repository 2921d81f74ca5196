package expr

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
)

// MySQL errors for bad DECIMAL(M,D) specs (codec does not name them).

type castKind uint8

const (
	castSigned castKind = iota
	castUnsigned
	castDecimal
	castChar
	castBinary
	castDouble
	castDate
	castDatetime
	castTime
)

// castExpr is CAST(x AS type) / CONVERT(x, type).
type castExpr struct {
	arg   Expr
	kind  castKind
	n     int // CHAR(n)/BINARY(n) length, -1 unbounded; DECIMAL precision
	scale int // DECIMAL scale, or fsp for temporal targets
	typ   ColumnType
	desc  exprDesc
}

func (c *compiler) compileCast(x *ast.FuncCastExpr) (Expr, error) {
	arg, err := c.compile(x.Expr)
	if err != nil {
		return nil, err
	}
	tp := x.Tp
	nullable := arg.Type().Nullable()
	e := &castExpr{arg: arg, n: tp.GetFlen(), scale: max(tp.GetDecimal(), 0), desc: exprDesc{x}}
	switch tp.GetType() {
	case mysql.TypeLonglong, mysql.TypeLong, mysql.TypeYear, mysql.TypeNewDecimal, mysql.TypeDouble, mysql.TypeFloat:
		arg = numericContext(arg)
		e.arg = arg
	case mysql.TypeVarString, mysql.TypeString, mysql.TypeVarchar, mysql.TypeBlob:
		arg = stringContext(arg) // CAST(bit AS CHAR) is its bytes
		e.arg = arg
	}
	switch tp.GetType() {
	case mysql.TypeLonglong, mysql.TypeLong, mysql.TypeYear:
		if tp.GetFlag()&mysql.UnsignedFlag != 0 {
			e.kind, e.typ = castUnsigned, uintType(max(int(arg.Type().Length), 1), nullable)
		} else {
			e.kind, e.typ = castSigned, intType(max(int(arg.Type().Length), 1), nullable)
		}
	case mysql.TypeNewDecimal:
		prec, scale := tp.GetFlen(), tp.GetDecimal()
		if prec <= 0 {
			prec = 10
		}
		if scale < 0 {
			scale = 0
		}
		switch {
		case prec > MaxDecimalPrecision:
			return nil, mysqldef.NewError(mysqldef.ErrTooBigPrecision, "Too-big precision %d specified for '%s'. Maximum is %d.", prec, sqlText(x.Expr), MaxDecimalPrecision)
		case scale > MaxDecimalScale:
			return nil, mysqldef.NewError(mysqldef.ErrTooBigScale, "Too big scale %d specified for column '%s'. Maximum is %d.", scale, sqlText(x.Expr), MaxDecimalScale)
		case scale > prec:
			return nil, mysqldef.NewError(mysqldef.ErrMBiggerThanD, "For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '%s').", sqlText(x.Expr))
		}
		e.kind, e.n, e.scale, e.typ = castDecimal, prec, scale, decimalType(prec, scale, nullable)
	case mysql.TypeVarString, mysql.TypeString, mysql.TypeVarchar, mysql.TypeBlob:
		n := tp.GetFlen()
		chars := n
		if chars < 0 {
			chars = castLength(arg.Type())
		}
		if tp.GetCharset() == "binary" {
			e.kind, e.typ = castBinary, binaryType(chars, nullable)
		} else {
			e.kind, e.typ = castChar, stringType(chars, nullable)
		}
		e.n = n
	case mysql.TypeDouble, mysql.TypeFloat:
		e.kind, e.typ = castDouble, doubleType(0, nullable)
	case mysql.TypeDate:
		e.kind, e.typ = castDate, dateType(true)
	case mysql.TypeDatetime, mysql.TypeTimestamp:
		e.scale = clampFsp(e.scale)
		e.kind, e.typ = castDatetime, DatetimeType(e.scale, true)
	case mysql.TypeDuration:
		e.scale = clampFsp(e.scale)
		e.kind, e.typ = castTime, timeType(e.scale, true)
	default:
		return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support '%s'", restoreText(x))
	}
	return e, nil
}

// castLength is the display length of a value converted to string.
func castLength(t ColumnType) int {
	if t.isStringType() {
		return t.chars()
	}
	if t.Type == mysqldef.TypeDouble {
		return 22
	}
	return int(t.Length)
}

func (e *castExpr) Type() ColumnType { return e.typ }

func (e *castExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil || v.k == KindNull {
		return Value{}, err
	}
	return castValue(ctx, v, e)
}

func castValue(ctx *EvalCtx, v Value, e *castExpr) (Value, error) {
	switch e.kind {
	case castSigned:
		if v.k == KindUint || v.k == KindInt {
			return IntValue(int64(v.n)), nil
		}
		return IntValue(ToInt(ctx, v)), nil
	case castUnsigned:
		return UintValue(ToUint(ctx, v)), nil
	case castDecimal:
		return castDecimalValue(ctx, ToDecimal(ctx, v), e), nil
	case castChar:
		s := TextOf(v)
		if e.n >= 0 && utf8.RuneCountInString(s) > e.n {
			ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect CHAR("+strconv.Itoa(e.n)+") value: '"+s+"'")
			s = truncRunes(s, e.n)
		}
		return StringValue(s), nil
	case castBinary:
		s := TextOf(v)
		if e.n >= 0 {
			if len(s) > e.n {
				ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect BINARY("+strconv.Itoa(e.n)+") value: '"+s+"'")
				s = s[:e.n]
			} else if len(s) < e.n {
				s += strings.Repeat("\x00", e.n-len(s))
			}
		}
		return BinaryStringValue(s), nil
	case castDouble:
		return FloatValue(ToFloat(ctx, v)), nil
	case castDate:
		d, ok := ToDatetime(ctx, v)
		if !ok {
			return Value{}, nil
		}
		return dateFromParts(UnpackDateTime(d.n)), nil
	case castDatetime:
		d, ok := ToDatetime(ctx, v)
		if !ok {
			return Value{}, nil
		}
		t := UnpackDateTime(d.n)
		t.Micro = int(truncMicros(int64(t.Micro), e.scale))
		return DatetimeFromParts(t, e.scale), nil
	case castTime:
		t, ok := ToTime(ctx, v)
		if !ok {
			return Value{}, nil
		}
		return TimeFromMicros(truncMicros(int64(t.n), e.scale), e.scale), nil
	}
	return v, nil
}

// castDecimalValue rounds d to the target scale and clamps it into
// DECIMAL(p,s) with MySQL's out-of-range warning.
func castDecimalValue(ctx *EvalCtx, d *apd.Decimal, e *castExpr) Value {
	r, err := RoundDecimal(d, e.scale)
	if err == nil && r.NumDigits() <= int64(e.n) {
		return DecimalValue(r)
	}
	ctx.Warn(mysqldef.ErrWarnDataOutOfRange, "Out of range value for column '"+e.desc.String()+"' at row 1")
	// the largest value of the type: p-s nines, point, s nines
	nines := strings.Repeat("9", e.n)
	m, _, _ := apd.NewFromString(nines)
	m.Exponent = int32(-e.scale)
	m.Negative = d.Negative
	return DecimalValue(m)
}

func truncRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

package expr

import (
	"math"
	"math/rand/v2"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// mysqldef.ErrInvalidLogArgument is ER_INVALID_ARGUMENT_FOR_LOGARITHM.

func init() {
	register("abs", funcSpec{min: 1, max: 1, build: func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		desc := exprDesc{x}
		return &funcExpr{args: args, nullIn: true, typ: numericSame(args[0].Type()), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			v := toNumber(ctx, a[0])
			switch v.k {
			case KindInt:
				if int64(v.n) == math.MinInt64 {
					return Value{}, outOfRange("BIGINT", desc.String())
				}
				if int64(v.n) < 0 {
					return IntValue(-int64(v.n)), nil
				}
			case KindFloat:
				return FloatValue(math.Abs(v.Float())), nil
			case KindDecimal:
				return DecimalValue(new(apd.Decimal).Abs(v.d)), nil
			}
			return v, nil
		}}, nil
	}})
	simple("ceiling", 1, 1, true, intPartType, func(ctx *EvalCtx, a []Value) (Value, error) { return intPart(ctx, a[0], math.Ceil, apd.RoundCeiling) })
	alias("ceil", "ceiling")
	simple("floor", 1, 1, true, intPartType, func(ctx *EvalCtx, a []Value) (Value, error) { return intPart(ctx, a[0], math.Floor, apd.RoundFloor) })
	register("round", funcSpec{min: 1, max: 2, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &funcExpr{args: args, nullIn: true, typ: roundType(args), fn: func(ctx *EvalCtx, a []Value) (Value, error) { return roundFn(ctx, a, false) }}, nil
	}})
	register("truncate", funcSpec{min: 2, max: 2, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &funcExpr{args: args, nullIn: true, typ: roundType(args), fn: func(ctx *EvalCtx, a []Value) (Value, error) { return roundFn(ctx, a, true) }}, nil
	}})
	register("pow", funcSpec{min: 2, max: 2, build: func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		desc := exprDesc{x}
		return &funcExpr{args: args, nullIn: true, typ: doubleOf(args), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			r := math.Pow(ToFloat(ctx, a[0]), ToFloat(ctx, a[1]))
			if math.IsInf(r, 0) || math.IsNaN(r) {
				return Value{}, outOfRange("DOUBLE", desc.String())
			}
			return FloatValue(r), nil
		}}, nil
	}})
	alias("power", "pow")
	simple("sqrt", 1, 1, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) {
		f := ToFloat(ctx, a[0])
		if f < 0 {
			return Value{}, nil
		}
		return FloatValue(math.Sqrt(f)), nil
	})
	register("exp", funcSpec{min: 1, max: 1, build: func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		desc := exprDesc{x}
		return &funcExpr{args: args, nullIn: true, typ: doubleOf(args), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			r := math.Exp(ToFloat(ctx, a[0]))
			if math.IsInf(r, 0) {
				return Value{}, outOfRange("DOUBLE", desc.String())
			}
			return FloatValue(r), nil
		}}, nil
	}})
	simple("ln", 1, 1, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) { return logOf(ctx, ToFloat(ctx, a[0]), math.Log) })
	simple("log", 1, 2, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) {
		if len(a) == 1 {
			return logOf(ctx, ToFloat(ctx, a[0]), math.Log)
		}
		b, x := ToFloat(ctx, a[0]), ToFloat(ctx, a[1])
		if b <= 0 || b == 1 || x <= 0 {
			ctx.Warn(mysqldef.ErrInvalidLogArgument, "Invalid argument for logarithm")
			return Value{}, nil
		}
		return FloatValue(math.Log(x) / math.Log(b)), nil
	})
	simple("log2", 1, 1, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) { return logOf(ctx, ToFloat(ctx, a[0]), math.Log2) })
	simple("log10", 1, 1, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) { return logOf(ctx, ToFloat(ctx, a[0]), math.Log10) })
	register("pi", funcSpec{min: 0, max: 0, build: func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
		// MySQL shows PI() with 6 decimals; the value keeps full precision.
		t := doubleType(8, false)
		t.Decimals = 6
		v := FloatValue(math.Pi)
		v.fsp = 6 + 1
		return &constExpr{v: v, typ: t}, nil
	}})
	register("rand", funcSpec{min: 0, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &randExpr{args: args}, nil
	}})
	simple("sign", 1, 1, true, intOf(2), func(ctx *EvalCtx, a []Value) (Value, error) {
		v := toNumber(ctx, a[0])
		switch v.k {
		case KindInt:
			i := int64(v.n)
			return IntValue(int64(min(max(i, -1), 1))), nil
		case KindUint:
			return BoolValue(v.n != 0), nil
		case KindDecimal:
			return IntValue(int64(v.d.Sign())), nil
		}
		f := v.Float()
		switch {
		case f > 0:
			return IntValue(1), nil
		case f < 0:
			return IntValue(-1), nil
		}
		return IntValue(0), nil
	})
}

// numericSame is the type of ABS-like functions: numbers keep their type,
// anything else becomes DOUBLE.
func numericSame(t ColumnType) ColumnType {
	switch staticClass(t) {
	case classInt, classDecimal:
		if t.isStringType() || t.Type == mysqldef.TypeNull {
			break
		}
		return t
	}
	return doubleType(0, t.Nullable())
}

func logOf(ctx *EvalCtx, x float64, f func(float64) float64) (Value, error) {
	if x <= 0 {
		ctx.Warn(mysqldef.ErrInvalidLogArgument, "Invalid argument for logarithm")
		return Value{}, nil
	}
	return FloatValue(f(x)), nil
}

// intPartType: CEILING/FLOOR of an exact number small enough is BIGINT,
// of a big decimal DECIMAL(p,0), of anything else DOUBLE.
func intPartType(args []Expr) ColumnType {
	t := args[0].Type()
	switch staticClass(t) {
	case classInt:
		return intType(int(t.Length), t.Nullable())
	case classDecimal:
		if d := intDigits(t) + 1; d <= 18 {
			return intType(d, t.Nullable())
		}
		return decimalType(intDigits(t)+1, 0, t.Nullable())
	}
	return doubleType(0, t.Nullable())
}

func intPart(ctx *EvalCtx, v Value, ff func(float64) float64, mode apd.Rounder) (Value, error) {
	v = toNumber(ctx, v)
	switch v.k {
	case KindFloat:
		return FloatValue(ff(v.Float())), nil
	case KindDecimal:
		c := DecimalContext
		c.Rounding = mode
		r := new(apd.Decimal)
		if _, err := c.Quantize(r, v.d, 0); err != nil {
			return Value{}, err
		}
		if i, err := r.Int64(); err == nil {
			return IntValue(i), nil
		}
		return DecimalValue(r), nil
	}
	return v, nil
}

// roundType: ROUND/TRUNCATE keep the argument class; a constant second
// argument fixes a decimal's scale.
func roundType(args []Expr) ColumnType {
	t := args[0].Type()
	nullable := anyNullable(args)
	d := int64(0)
	dConst := true
	if len(args) == 2 {
		d, dConst = constInt(args[1])
	}
	switch staticClass(t) {
	case classInt:
		if !t.isStringType() && t.Type != mysqldef.TypeNull {
			return intType(int(t.Length), nullable)
		}
	case classDecimal:
		scale := int(t.Decimals)
		if dConst {
			scale = int(min(max(d, 0), MaxDecimalScale))
		}
		return decimalType(intDigits(t)+1+scale, scale, nullable)
	}
	return doubleType(0, nullable)
}

// roundFn is ROUND(x[, d]) (half away from zero for exact numbers, half to
// even for doubles, like MySQL on glibc) and TRUNCATE(x, d).
func roundFn(ctx *EvalCtx, a []Value, trunc bool) (Value, error) {
	v := toNumber(ctx, a[0])
	d := int64(0)
	if len(a) == 2 {
		d = ToInt(ctx, a[1])
	}
	d = min(max(d, -70), 70)
	switch v.k {
	case KindInt, KindUint:
		if d >= 0 {
			return v, nil
		}
		dec := ToDecimal(ctx, v)
		r, err := scaleRound(dec, int(d), trunc)
		if err != nil {
			return Value{}, err
		}
		if v.k == KindUint {
			u, _ := decToUint(r)
			return UintValue(u), nil
		}
		i, _ := decToInt(r)
		return IntValue(i), nil
	case KindDecimal:
		r, err := scaleRound(v.d, int(min(d, MaxDecimalScale)), trunc)
		if err != nil {
			return Value{}, err
		}
		return DecimalValue(r), nil
	}
	f := v.Float()
	p := math.Pow(10, float64(d))
	var r float64
	switch {
	case trunc && d >= 0:
		r = math.Trunc(f*p) / p
	case trunc:
		r = math.Trunc(f/math.Pow(10, float64(-d))) * math.Pow(10, float64(-d))
	case d >= 0:
		r = math.RoundToEven(f*p) / p
	default:
		q := math.Pow(10, float64(-d))
		r = math.RoundToEven(f/q) * q
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return FloatValue(f), nil
	}
	return FloatValue(r), nil
}

// scaleRound rounds or truncates to d digits after the point; negative d
// rounds to tens, hundreds...; the result keeps scale max(d, 0).
func scaleRound(x *apd.Decimal, d int, trunc bool) (*apd.Decimal, error) {
	c := DecimalContext
	if trunc {
		c.Rounding = apd.RoundDown
	}
	// Padding a long value out to d decimals can need more digits than the context's
	// precision (an 81-digit literal to 30 decimals: 111); the result is exact either way,
	// so widen the precision rather than fail with apd's "invalid operation" (1105).
	if need := x.NumDigits() + int64(x.Exponent) + int64(max(d, 0)) + 1; need > int64(c.Precision) {
		c.Precision = uint32(need)
	}
	r := new(apd.Decimal)
	if _, err := c.Quantize(r, x, int32(-d)); err != nil {
		return nil, err
	}
	if d < 0 {
		out := new(apd.Decimal)
		if _, err := c.Quantize(out, r, 0); err != nil {
			return nil, err
		}
		return out, nil
	}
	return r, nil
}

// mysqlRand is MySQL's RAND(seed) generator, so seeded sequences match.
type mysqlRand struct{ seed1, seed2 uint64 }

const randMax = 0x3FFFFFFF

func newMySQLRand(seed int64) *mysqlRand {
	s := uint64(uint32(seed))
	return &mysqlRand{seed1: (s*0x10001 + 55555555) % randMax, seed2: (s * 0x10000001) % randMax}
}

func (r *mysqlRand) next() float64 {
	r.seed1 = (r.seed1*3 + r.seed2) % randMax
	r.seed2 = (r.seed1 + r.seed2 + 33) % randMax
	return float64(r.seed1) / float64(randMax)
}

// randExpr is RAND([seed]). A seeded RAND starts its sequence once per
// statement (the generator lives in the EvalCtx) and steps per row.
type randExpr struct{ args []Expr }

func (e *randExpr) Type() ColumnType { return doubleType(0, false) }

func (e *randExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	if len(e.args) == 0 {
		return FloatValue(rand.Float64()), nil
	}
	g := ctx.rand[e]
	if g == nil {
		s, err := e.args[0].Eval(ctx, row)
		if err != nil {
			return Value{}, err
		}
		seed := int64(0)
		if s.k != KindNull {
			seed = ToInt(ctx, s)
		}
		g = newMySQLRand(seed)
		if _, isConst := e.args[0].(*constExpr); isConst {
			if ctx.rand == nil {
				ctx.rand = make(map[*randExpr]*mysqlRand)
			}
			ctx.rand[e] = g
		}
	}
	return FloatValue(g.next()), nil
}

package expr

import (
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// aggregateType merges the types of values that may flow into one result
// (CASE branches, IF, COALESCE...) per MySQL's rules: any string makes a
// string, equal temporal types stay, other temporal mixes become strings,
// otherwise double > decimal > integer.
func aggregateType(types []ColumnType) ColumnType {
	var out ColumnType
	have := false
	nullable := false
	anyString, anyBinary, anyDouble, anyDecimal, anyTemporal, allUnsigned := false, false, false, false, false, true
	chars, intD, scale, fsp := 0, 0, 0, 0
	var temporal byte
	mixedTemporal := false
	for _, t := range types {
		nullable = nullable || t.Nullable()
		if t.Type == mysqldef.TypeNull {
			nullable = true
			continue
		}
		if !have {
			out, have = t, true
		}
		switch {
		case t.isStringType():
			anyString = true
			anyBinary = anyBinary || t.Collation == mysqldef.CollationBinary
			chars = max(chars, t.chars())
		case t.Type == mysqldef.TypeDate || t.Type == mysqldef.TypeDatetime || t.Type == mysqldef.TypeTimestamp || t.Type == mysqldef.TypeTime:
			if anyTemporal && temporal != t.Type {
				mixedTemporal = true
			}
			anyTemporal, temporal = true, t.Type
			fsp = max(fsp, int(t.Decimals))
			chars = max(chars, int(t.Length))
		default:
			switch staticClass(t) {
			case classDouble:
				anyDouble = true
			case classDecimal:
				anyDecimal = true
			}
			allUnsigned = allUnsigned && t.Flags&mysqldef.FlagUnsigned != 0
			intD = max(intD, intDigits(t))
			scale = max(scale, scaleOf(t))
			chars = max(chars, int(t.Length))
		}
	}
	if !have {
		return nullType()
	}
	numeric := anyDouble || anyDecimal || intD > 0
	switch {
	case anyString || (anyTemporal && (numeric || mixedTemporal && temporal == mysqldef.TypeTime)):
		if anyBinary {
			return binaryType(chars, nullable)
		}
		return stringType(chars, nullable)
	case anyTemporal:
		if mixedTemporal {
			return DatetimeType(fsp, nullable)
		}
		out.Decimals = uint8(fsp)
		return out.withNull(nullable)
	case anyDouble:
		return doubleType(0, nullable)
	case anyDecimal:
		return decimalType(intD+scale, scale, nullable)
	}
	if allUnsigned {
		return uintType(intD, nullable)
	}
	return intType(intD, nullable)
}

// coerce converts a result value to the aggregated column type, so every
// row of a column has the same kind.
func coerce(ctx *EvalCtx, v Value, t ColumnType) Value {
	if v.k == KindNull {
		return v
	}
	switch {
	case t.Type == mysqldef.TypeNull:
		return v
	case t.isStringType():
		if t.Collation == mysqldef.CollationBinary {
			return BinaryStringValue(TextOf(v))
		}
		if v.k == KindString {
			return v
		}
		return StringValue(TextOf(v))
	case t.Type == mysqldef.TypeDouble:
		if v.k == KindFloat {
			return v
		}
		return FloatValue(ToFloat(ctx, v))
	case t.Type == mysqldef.TypeNewDecimal:
		d := ToDecimal(ctx, v)
		if decScale(d) != int(t.Decimals) {
			if r, err := RoundDecimal(d, int(t.Decimals)); err == nil {
				d = r
			}
		}
		return DecimalValue(d)
	case t.Type == mysqldef.TypeLongLong:
		if v.k == KindInt || v.k == KindUint {
			return v
		}
		if t.Flags&mysqldef.FlagUnsigned != 0 {
			return UintValue(ToUint(ctx, v))
		}
		return IntValue(ToInt(ctx, v))
	case t.Type == mysqldef.TypeDatetime:
		if d, ok := ToDatetime(ctx, v); ok {
			if d.k == KindDate {
				d = DatetimeFromParts(UnpackDateTime(d.n), int(t.Decimals))
			}
			d.fsp = t.Decimals
			return d
		}
		return Value{}
	}
	return v
}

// caseExpr covers both CASE forms; value is nil for the searched form.
type caseExpr struct {
	value Expr
	whens []Expr
	thens []Expr
	els   Expr // may be nil
	typ   ColumnType
}

func (c *compiler) compileCase(x *ast.CaseExpr) (Expr, error) {
	e := &caseExpr{}
	var err error
	if x.Value != nil {
		if e.value, err = c.compile(x.Value); err != nil {
			return nil, err
		}
	}
	types := make([]ColumnType, 0, len(x.WhenClauses)+1)
	for _, w := range x.WhenClauses {
		cond, err := c.compile(w.Expr)
		if err != nil {
			return nil, err
		}
		res, err := c.compile(w.Result)
		if err != nil {
			return nil, err
		}
		e.whens = append(e.whens, cond)
		e.thens = append(e.thens, res)
		types = append(types, res.Type())
	}
	if x.ElseClause != nil {
		if e.els, err = c.compile(x.ElseClause); err != nil {
			return nil, err
		}
		types = append(types, e.els.Type())
	} else {
		types = append(types, nullType())
	}
	e.typ = aggregateType(types)
	if e.typ.isStringType() {
		bitsAsStrings(e.thens)
		if e.els != nil {
			e.els = stringContext(e.els)
		}
	}
	return e, nil
}

// bitsAsStrings makes BIT results that flow into a string result (IF,
// CASE, COALESCE with a string among them) their bytes, as MySQL does.
func bitsAsStrings(args []Expr) {
	for i := range args {
		args[i] = stringContext(args[i])
	}
}

func (e *caseExpr) Type() ColumnType { return e.typ }

func (e *caseExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	var subject Value
	if e.value != nil {
		v, err := e.value.Eval(ctx, row)
		if err != nil {
			return Value{}, err
		}
		subject = v
	}
	for i, w := range e.whens {
		c, err := w.Eval(ctx, row)
		if err != nil {
			return Value{}, err
		}
		hit := false
		if e.value != nil {
			hit = subject.k != KindNull && c.k != KindNull && CompareValues(ctx, subject, c) == 0
		} else {
			t, null := TruthValue(ctx, c)
			hit = t && !null
		}
		if hit {
			return e.result(ctx, row, e.thens[i])
		}
	}
	if e.els == nil {
		return Value{}, nil
	}
	return e.result(ctx, row, e.els)
}

func (e *caseExpr) result(ctx *EvalCtx, row []Value, x Expr) (Value, error) {
	v, err := x.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	return coerce(ctx, v, e.typ), nil
}

// ifExpr is IF(cond, a, b).
type ifExpr struct {
	cond, a, b Expr
	typ        ColumnType
}

func (e *ifExpr) Type() ColumnType { return e.typ }

func (e *ifExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	c, err := e.cond.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	pick := e.b
	if t, null := TruthValue(ctx, c); t && !null {
		pick = e.a
	}
	v, err := pick.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	return coerce(ctx, v, e.typ), nil
}

// coalesceExpr is COALESCE(...) and IFNULL(a, b): the first non-NULL
// argument, evaluated lazily.
type coalesceExpr struct {
	args []Expr
	typ  ColumnType
}

func (e *coalesceExpr) Type() ColumnType { return e.typ }

func (e *coalesceExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	for _, a := range e.args {
		v, err := a.Eval(ctx, row)
		if err != nil {
			return Value{}, err
		}
		if v.k != KindNull {
			return coerce(ctx, v, e.typ), nil
		}
	}
	return Value{}, nil
}

func typesOf(args []Expr) []ColumnType {
	out := make([]ColumnType, len(args))
	for i, a := range args {
		out[i] = a.Type()
	}
	return out
}

func newIf(args []Expr) Expr {
	t := aggregateType(typesOf(args[1:]))
	if t.isStringType() {
		bitsAsStrings(args[1:])
	}
	return &ifExpr{cond: args[0], a: args[1], b: args[2], typ: t}
}

func newCoalesce(args []Expr) Expr {
	t := aggregateType(typesOf(args))
	if t.isStringType() {
		bitsAsStrings(args)
	}
	nullable := true
	for _, a := range args {
		if !a.Type().Nullable() && a.Type().Type != mysqldef.TypeNull {
			nullable = false
		}
	}
	return &coalesceExpr{args: args, typ: t.withNull(nullable)}
}

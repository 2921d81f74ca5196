package expr

import (
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// cmpExpr is = <> < <= > >= and the null-safe <=>.
type cmpExpr struct {
	op   opcode.Op
	l, r Expr
	typ  ColumnType
}

func (e *cmpExpr) Type() ColumnType { return e.typ }

func (e *cmpExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	a, err := e.l.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	if a.k == KindNull && e.op != opcode.NullEQ {
		return Value{}, nil
	}
	b, err := e.r.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	if a.k == KindNull || b.k == KindNull {
		if e.op == opcode.NullEQ {
			return BoolValue(a.k == b.k), nil
		}
		return Value{}, nil
	}
	c := CompareValues(ctx, a, b)
	var r bool
	switch e.op {
	case opcode.EQ, opcode.NullEQ:
		r = c == 0
	case opcode.NE:
		r = c != 0
	case opcode.LT:
		r = c < 0
	case opcode.LE:
		r = c <= 0
	case opcode.GT:
		r = c > 0
	case opcode.GE:
		r = c >= 0
	}
	return BoolValue(r), nil
}

// inExpr is v [NOT] IN (list): NULL when no element matches and v or
// some element is NULL.
type inExpr struct {
	v    Expr
	list []Expr
	not  bool
}

func (e *inExpr) Type() ColumnType {
	nullable := e.v.Type().Nullable()
	for _, x := range e.list {
		nullable = nullable || x.Type().Nullable()
	}
	return BoolType(nullable)
}

func (e *inExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.v.Eval(ctx, row)
	if err != nil || v.k == KindNull {
		return Value{}, err
	}
	sawNull := false
	for _, x := range e.list {
		w, err := x.Eval(ctx, row)
		if err != nil {
			return Value{}, err
		}
		if w.k == KindNull {
			sawNull = true
			continue
		}
		if CompareValues(ctx, v, w) == 0 {
			return BoolValue(!e.not), nil
		}
	}
	if sawNull {
		return Value{}, nil
	}
	return BoolValue(e.not), nil
}

// betweenExpr is v [NOT] BETWEEN lo AND hi, i.e. v >= lo AND v <= hi with
// three-valued logic.
type betweenExpr struct {
	v, lo, hi Expr
	not       bool
}

func (e *betweenExpr) Type() ColumnType {
	return BoolType(e.v.Type().Nullable() || e.lo.Type().Nullable() || e.hi.Type().Nullable())
}

func (e *betweenExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.v.Eval(ctx, row)
	if err != nil || v.k == KindNull {
		return Value{}, err
	}
	lo, err := e.lo.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	hi, err := e.hi.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	// each bound gives true/false/unknown; AND them
	geLo, loNull := false, lo.k == KindNull
	if !loNull {
		geLo = CompareValues(ctx, v, lo) >= 0
	}
	leHi, hiNull := false, hi.k == KindNull
	if !hiNull {
		leHi = CompareValues(ctx, v, hi) <= 0
	}
	if (!loNull && !geLo) || (!hiNull && !leHi) {
		return BoolValue(e.not), nil
	}
	if loNull || hiNull {
		return Value{}, nil
	}
	return BoolValue(!e.not), nil
}

// isNullExpr is IS [NOT] NULL.
type isNullExpr struct {
	arg Expr
	not bool
}

func (e *isNullExpr) Type() ColumnType { return BoolType(false) }

func (e *isNullExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	return BoolValue((v.k == KindNull) != e.not), nil
}

// isTruthExpr is IS [NOT] TRUE / IS [NOT] FALSE; never NULL.
type isTruthExpr struct {
	arg  Expr
	not  bool
	want bool
}

func (e *isTruthExpr) Type() ColumnType { return BoolType(false) }

func (e *isTruthExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	t, null := TruthValue(ctx, v)
	r := !null && t == e.want
	return BoolValue(r != e.not), nil
}

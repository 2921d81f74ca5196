package expr

import "github.com/pingcap/tidb/pkg/parser/opcode"

// logicExpr is AND, OR, XOR with SQL's three-valued logic. AND and OR stop
// early when the left side decides the result.
type logicExpr struct {
	op   opcode.Op
	l, r Expr
	typ  ColumnType
}

func (e *logicExpr) Type() ColumnType { return e.typ }

func (e *logicExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	a, err := e.l.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	at, an := TruthValue(ctx, a)
	switch e.op {
	case opcode.LogicAnd:
		if !an && !at {
			return BoolValue(false), nil
		}
	case opcode.LogicOr:
		if !an && at {
			return BoolValue(true), nil
		}
	case opcode.LogicXor:
		if an {
			return Value{}, nil
		}
	}
	b, err := e.r.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	bt, bn := TruthValue(ctx, b)
	switch e.op {
	case opcode.LogicAnd:
		if !bn && !bt {
			return BoolValue(false), nil
		}
		if an || bn {
			return Value{}, nil
		}
		return BoolValue(true), nil
	case opcode.LogicOr:
		if !bn && bt {
			return BoolValue(true), nil
		}
		if an || bn {
			return Value{}, nil
		}
		return BoolValue(false), nil
	}
	if bn {
		return Value{}, nil
	}
	return BoolValue(at != bt), nil
}

// notExpr is NOT / !.
type notExpr struct{ arg Expr }

func (e *notExpr) Type() ColumnType { return BoolType(e.arg.Type().Nullable()) }

func (e *notExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	t, null := TruthValue(ctx, v)
	if null {
		return Value{}, nil
	}
	return BoolValue(!t), nil
}

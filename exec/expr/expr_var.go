package expr

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// ValueType is the column metadata MySQL derives from a value whose type
// is only known at run time (user and system variables, parameters).
func ValueType(v Value) ColumnType {
	switch v.k {
	case KindInt:
		return intType(len(strconv.FormatInt(int64(v.n), 10)), true)
	case KindUint:
		return uintType(len(strconv.FormatUint(v.n, 10)), true)
	case KindFloat:
		return doubleType(0, true)
	case KindDecimal:
		s := decScale(v.d)
		return decimalType(max(int(v.d.NumDigits()), s), s, true)
	case KindString:
		return stringType(utf8.RuneCountInString(v.s), true)
	case KindBytes:
		return binaryType(len(v.s), true)
	case KindDate:
		return dateType(true)
	case KindDatetime:
		return DatetimeType(int(v.fsp), true)
	case KindTime:
		return timeType(int(v.fsp), true)
	}
	return longTextType(true)
}

func (c *compiler) compileVariable(x *ast.VariableExpr) (Expr, error) {
	if x.IsSystem {
		if x.Value != nil {
			return nil, mysqldef.NewError(mysqldef.ErrParse, "You have an error in your SQL syntax; system variables cannot be assigned here")
		}
		name := strings.ToLower(x.Name)
		e := &sysVarExpr{name: name, global: x.IsGlobal, typ: stringType(64, true)}
		if env := c.env(); env != nil {
			v, err := env.SystemVar(name, x.IsGlobal)
			if err != nil {
				return nil, err
			}
			e.typ = ValueType(v)
		}
		return e, nil
	}
	name := strings.ToLower(x.Name)
	if x.Value != nil {
		arg, err := c.compile(x.Value)
		if err != nil {
			return nil, err
		}
		return &assignExpr{name: name, arg: arg}, nil
	}
	e := &userVarExpr{name: name, typ: longTextType(true)}
	if env := c.env(); env != nil {
		e.typ = ValueType(env.UserVar(name))
	}
	return e, nil
}

// sysVarExpr reads @@[global.|session.]name.
type sysVarExpr struct {
	name   string
	global bool
	typ    ColumnType
}

func (e *sysVarExpr) Type() ColumnType { return e.typ }

func (e *sysVarExpr) Eval(ctx *EvalCtx, _ []Value) (Value, error) {
	if ctx.Env == nil {
		return Value{}, mysqldef.NewError(mysqldef.ErrUnknownSystemVariable, "Unknown system variable '%s'", e.name)
	}
	return ctx.Env.SystemVar(e.name, e.global)
}

// userVarExpr reads @name (NULL when unset).
type userVarExpr struct {
	name string
	typ  ColumnType
}

func (e *userVarExpr) Type() ColumnType { return e.typ }

func (e *userVarExpr) Eval(ctx *EvalCtx, _ []Value) (Value, error) {
	if ctx.Env == nil {
		return Value{}, nil
	}
	return ctx.Env.UserVar(e.name), nil
}

// assignExpr is @name := expr; it yields the assigned value.
type assignExpr struct {
	name string
	arg  Expr
}

func (e *assignExpr) Type() ColumnType { return e.arg.Type() }

func (e *assignExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil {
		return Value{}, err
	}
	if ctx.Env != nil {
		ctx.Env.SetUserVar(e.name, v)
	}
	return v, nil
}

package expr

import (
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
)

// A constant compared with a YEAR column is read as a year first, as MySQL
// (and MariaDB) convert it to the column's type: WHERE y = 24 means 2024,
// y < 70 means before 1970, y = '0' means 2000, y = 0 the zero year. The
// comparison, IN and BETWEEN wrap such a constant (or a ? marker, which a
// statement cache makes of a literal) in yearConstExpr; the planner's key
// bounds convert the same way (YearConstant).

// YearConstant is v read as a YEAR value when it is a two-digit year:
// integers 1-69 are 2001-2069 and 70-99 are 1970-1999; strings of one or
// two digits 0-69 are 2000-2069 and 70-99 1970-1999. Anything else is
// returned as it is.
func YearConstant(v Value) Value {
	switch v.k {
	case KindInt, KindUint:
		n := int64(v.n)
		if v.k == KindUint && v.n > 99 {
			return v
		}
		switch {
		case n >= 1 && n <= 69:
			return IntValue(2000 + n)
		case n >= 70 && n <= 99:
			return IntValue(1900 + n)
		}
	case KindString, KindBytes:
		s := strings.TrimSpace(v.s)
		if len(s) == 0 || len(s) > 2 {
			return v
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return v
		}
		if n < 70 {
			return IntValue(2000 + int64(n))
		}
		return IntValue(1900 + int64(n))
	}
	return v
}

// yearConstExpr reads its constant as a year (YearConstant).
type yearConstExpr struct{ e Expr }

func (y *yearConstExpr) Type() ColumnType { return y.e.Type() }

func (y *yearConstExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := y.e.Eval(ctx, row)
	if err != nil {
		return v, err
	}
	return YearConstant(v), nil
}

// isYearColumn reports a column of type YEAR.
func isYearColumn(e Expr) bool {
	c, ok := e.(*columnExpr)
	return ok && c.typ.Type == mysqldef.TypeYear
}

// asYearConstant wraps e when it is a literal or a ? marker.
func asYearConstant(e Expr) Expr {
	switch e.(type) {
	case *constExpr, *paramExpr:
		return &yearConstExpr{e}
	}
	return e
}

// yearOperands converts the constants compared with a YEAR column: the
// other operand of a comparison, IN's list, BETWEEN's bounds.
func yearOperands(v Expr, others []Expr) {
	if !isYearColumn(v) {
		return
	}
	for i, o := range others {
		others[i] = asYearConstant(o)
	}
}

package table

import (
	"errors"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// ComputeGenerated stores each value converted to its column's type, in
// order, and fails as the column's conversion does (strict) or clips with
// a warning (lenient).
func TestComputeGenerated(t *testing.T) {
	tiny := &TableColumn{Name: "t", Type: expr.SQLType{Tp: mysqldef.TypeTiny}}
	notNull := &TableColumn{Name: "n", Type: expr.SQLType{Tp: mysqldef.TypeLong}, NotNull: true}
	cols := []RowGenerated{
		{Off: 1, Col: tiny, Expr: expr.Constant(expr.IntValue(500), expr.ColumnType{})},
	}
	row := make([]expr.Value, 2)
	strict := &WriteCtx{Eval: &expr.EvalCtx{}, Strict: true, Row: 3}
	err := ComputeGenerated(strict, cols, row)
	var se *mysqldef.SQLError
	if !errors.As(err, &se) || se.Code != mysqldef.ErrWarnDataOutOfRange {
		t.Fatalf("strict out of range: %v", err)
	}
	lenient := &WriteCtx{Eval: &expr.EvalCtx{}, Row: 1}
	if err := ComputeGenerated(lenient, cols, row); err != nil || expr.TextOf(row[1]) != "127" {
		t.Fatalf("lenient: %v %v", err, row[1])
	}
	nulls := []RowGenerated{{Off: 0, Col: notNull, Expr: expr.Constant(expr.Value{}, expr.ColumnType{})}}
	if err := ComputeGenerated(strict, nulls, row); !errors.As(err, &se) || se.Code != mysqldef.ErrBadNull {
		t.Fatalf("NULL into NOT NULL: %v", err)
	}
	broken := []RowGenerated{{Off: 0, Col: notNull, Err: errors.New("no compile")}}
	if err := ComputeGenerated(strict, broken, row); err == nil || err.Error() != "no compile" {
		t.Fatalf("compile error not returned: %v", err)
	}
}

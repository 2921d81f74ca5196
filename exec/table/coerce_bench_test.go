package table

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// BenchmarkCoerceChar is what every row of a LOAD DATA or INSERT into
// sysbench's table pays for its CHAR(120) column: a 119-character value.
func BenchmarkCoerceChar(b *testing.B) {
	col := &TableColumn{Name: "c", Type: expr.SQLType{Tp: mysqldef.TypeString, Flen: 120, Collation: "utf8mb4_0900_ai_ci"}}
	w := &WriteCtx{Eval: &expr.EvalCtx{}, Strict: true, Row: 1}
	v := expr.StringValue(strings.Repeat("83584068-0", 11) + "123456789")
	for b.Loop() {
		if _, err := w.Coerce(col, v); err != nil {
			b.Fatal(err)
		}
	}
}

// A value is measured in characters: 120 two-byte characters fit a
// CHAR(120), 121 do not.
func TestCoerceCharCountsCharacters(t *testing.T) {
	col := &TableColumn{Name: "c", Type: expr.SQLType{Tp: mysqldef.TypeString, Flen: 120, Collation: "utf8mb4_0900_ai_ci"}}
	w := &WriteCtx{Eval: &expr.EvalCtx{}, Strict: true, Row: 1}
	if _, err := w.Coerce(col, expr.StringValue(strings.Repeat("é", 120))); err != nil {
		t.Fatalf("120 characters in 240 bytes: %v", err)
	}
	if _, err := w.Coerce(col, expr.StringValue(strings.Repeat("é", 121))); err == nil {
		t.Fatal("121 characters fit a CHAR(120)")
	}
}

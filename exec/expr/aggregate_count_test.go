package expr

import (
	"testing"
	"time"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// COUNT(*) and COUNT of a constant count every row without evaluating
// anything (AggSpec.countRows); COUNT(NULL), COUNT(a) and COUNT(DISTINCT 1)
// still evaluate, and all of them give what MySQL gives over rows with
// NULLs.
func TestCountRows(t *testing.T) {
	scope := &Scope{Columns: []ScopeColumn{{Name: "a", Type: intType(11, true)}}}
	rows := [][]Value{{IntValue(1)}, {NullValue()}, {IntValue(1)}, {NullValue()}, {IntValue(2)}}
	ctx := NewEvalCtx(nil, time.Time{}, nil)
	for _, c := range []struct {
		sql       string
		countRows bool
		want      int64
	}{
		{"COUNT(*)", true, 5}, {"COUNT(1)", true, 5}, {"COUNT('x')", true, 5}, {"COUNT(NULL)", false, 0},
		{"COUNT(a)", false, 3}, {"COUNT(DISTINCT 1)", false, 1}, {"COUNT(DISTINCT a)", false, 2},
	} {
		stmt, err := parser.New().ParseOneStmt("SELECT "+c.sql, "", "")
		if err != nil {
			t.Fatal(err)
		}
		call := stmt.(*ast.SelectStmt).Fields.Fields[0].Expr.(*ast.AggregateFuncExpr)
		spec, err := CompileAgg(call, scope)
		if err != nil {
			t.Fatal(err)
		}
		if spec.countRows != c.countRows {
			t.Errorf("%s: countRows %v", c.sql, spec.countRows)
		}
		st := NewAggStates([]*AggSpec{spec})[0]
		for _, r := range rows {
			if err := st.Add(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := st.Result(ctx); got.Int() != c.want {
			t.Errorf("%s = %s, want %d", c.sql, TextOf(got), c.want)
		}
	}
}

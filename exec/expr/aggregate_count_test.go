package expr

import (
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"

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

// COUNT(DISTINCT x) counts integers in a set of their own until another
// kind of value comes, then by group key: the counts are those of group
// keys throughout, whatever the order the kinds come in.
func TestCountDistinctIntegersThenOthers(t *testing.T) {
	ctx := NewEvalCtx(nil, time.Time{}, nil)
	dec := DecimalValue(apdFromString(t, "5"))
	for _, vals := range [][]Value{
		{IntValue(5), UintValue(5), IntValue(-1), UintValue(1 << 63), IntValue(5)},
		{IntValue(5), StringValue("5"), IntValue(6), dec, IntValue(6), UintValue(6)},
		{StringValue("a"), IntValue(1), IntValue(1), StringValue("A"), UintValue(1), dec, IntValue(5)},
		{dec, IntValue(5), UintValue(1<<64 - 1), UintValue(1<<64 - 1), IntValue(-9)},
	} {
		keys := map[string]bool{}
		for _, v := range vals {
			keys[string(GroupKey([]Value{v}))] = true
		}
		spec := &AggSpec{fn: "count", args: []Expr{&columnExpr{idx: 0}}, typ: aggTestType("count"), distinct: true}
		st := NewAggStates([]*AggSpec{spec})[0]
		for round := 0; round < 2; round++ { // and again after a Reset
			for _, v := range vals {
				if err := st.Add(ctx, []Value{v}); err != nil {
					t.Fatal(err)
				}
			}
			if got, _ := st.Result(ctx); got.Int() != int64(len(keys)) {
				t.Errorf("COUNT(DISTINCT) of %v = %d, want %d (group keys)", vals, got.Int(), len(keys))
			}
			st.Reset()
		}
	}
}

func apdFromString(t *testing.T, s string) *apd.Decimal {
	t.Helper()
	d, _, err := apd.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

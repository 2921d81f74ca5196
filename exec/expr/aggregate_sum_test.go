package expr

import (
	"math"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"

	"github.com/loopdb/loopdb/mysqldef"
)

// SUM and AVG of integers add in int64 until that would overflow, then go
// on in decimal: the result is exact either way, and mixing integers with
// decimals or NULLs gives what adding them all as decimals gives.
func TestSumIntegersStayExact(t *testing.T) {
	ctx := NewEvalCtx(nil, time.Time{}, nil)
	dec := func(s string) Value {
		d, _, err := apd.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		return DecimalValue(d)
	}
	for _, c := range []struct {
		fn   string
		vals []Value
		want string
	}{
		{"sum", []Value{IntValue(1), IntValue(2), IntValue(3)}, "6"},
		{"sum", []Value{IntValue(math.MaxInt64), IntValue(1), IntValue(1)}, "9223372036854775809"},
		{"sum", []Value{IntValue(math.MinInt64), IntValue(-1)}, "-9223372036854775809"},
		{"sum", []Value{IntValue(math.MaxInt64), IntValue(math.MaxInt64), IntValue(-math.MaxInt64)}, "9223372036854775807"},
		{"sum", []Value{IntValue(5), dec("0.25"), NullValue(), IntValue(-2)}, "3"},
		{"avg", []Value{IntValue(1), IntValue(2)}, "1.5000"},
		{"avg", []Value{IntValue(math.MaxInt64), IntValue(math.MaxInt64)}, "9223372036854775807.0000"},
	} {
		spec := &AggSpec{fn: c.fn, args: []Expr{&columnExpr{idx: 0}}, typ: aggTestType(c.fn)}
		st := NewAggStates([]*AggSpec{spec})[0]
		for _, v := range c.vals {
			if err := st.Add(ctx, []Value{v}); err != nil {
				t.Fatal(err)
			}
		}
		for round := 0; round < 2; round++ { // a window reads the result more than once
			got, err := st.Result(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if TextOf(got) != c.want {
				t.Errorf("%s%v = %s, want %s", c.fn, c.vals, TextOf(got), c.want)
			}
		}
	}
}

func aggTestType(fn string) ColumnType {
	if fn == "avg" {
		return ColumnType{Type: mysqldef.TypeNewDecimal, Decimals: 4}
	}
	return ColumnType{Type: mysqldef.TypeNewDecimal, Decimals: 0}
}

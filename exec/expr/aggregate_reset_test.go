package expr

import (
	"testing"
	"time"
)

// A state Reset for the next group gives what a fresh one gives, and the
// result taken before the Reset does not change (accumulateInOrder reuses
// one group's states for every group).
func TestAggStateResetIsFresh(t *testing.T) {
	ctx := NewEvalCtx(nil, time.Time{}, nil)
	first := []Value{StringValue("b"), IntValue(3), StringValue("a"), IntValue(3), NullValue()}
	second := []Value{IntValue(7), StringValue("a"), IntValue(-1), IntValue(7), IntValue(3)}
	for _, c := range []struct {
		fn       string
		distinct bool
	}{
		{"count", false}, {"count", true}, {"sum", false}, {"sum", true}, {"avg", false}, {"min", false}, {"max", false},
		{"group_concat", false}, {"group_concat", true}, {"bit_or", false}, {"bit_and", false}, {"json_arrayagg", false},
	} {
		spec := &AggSpec{fn: c.fn, args: []Expr{&columnExpr{idx: 0}}, typ: aggTestType(c.fn), distinct: c.distinct, sep: ",",
			json: c.fn == "json_arrayagg"}
		feed := func(st *AggState, vals []Value) Value {
			for _, v := range vals {
				if err := st.Add(ctx, []Value{v}); err != nil {
					t.Fatal(err)
				}
			}
			r, err := st.Result(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		reused := NewAggStates([]*AggSpec{spec})[0]
		before := feed(reused, first)
		beforeText := TextOf(before)
		reused.Reset()
		got := feed(reused, second)
		want := feed(NewAggStates([]*AggSpec{spec})[0], second)
		if TextOf(got) != TextOf(want) || got.Kind() != want.Kind() {
			t.Errorf("%s (distinct %v) after Reset: %s, fresh: %s", c.fn, c.distinct, TextOf(got), TextOf(want))
		}
		if TextOf(before) != beforeText {
			t.Errorf("%s (distinct %v): the first group's result changed to %s after Reset (was %s)", c.fn, c.distinct, TextOf(before), beforeText)
		}
	}
}

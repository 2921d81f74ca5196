package table

import (
	"testing"

	"github.com/cockroachdb/apd/v3"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

func TestFitInt(t *testing.T) {
	typ := func(tp byte, unsigned bool) expr.SQLType { return expr.SQLType{Tp: tp, Unsigned: unsigned} }
	cases := []struct {
		t    expr.SQLType
		v    expr.Value
		ok   bool
		want string
	}{
		{typ(mysqldef.TypeTiny, false), expr.IntValue(127), true, "127"},
		{typ(mysqldef.TypeTiny, false), expr.IntValue(128), false, ""},
		{typ(mysqldef.TypeTiny, false), expr.IntValue(-128), true, "-128"},
		{typ(mysqldef.TypeTiny, false), expr.IntValue(-129), false, ""},
		{typ(mysqldef.TypeTiny, true), expr.IntValue(255), true, "255"},
		{typ(mysqldef.TypeTiny, true), expr.IntValue(256), false, ""},
		{typ(mysqldef.TypeTiny, true), expr.IntValue(-1), false, ""},
		{typ(mysqldef.TypeInt24, false), expr.IntValue(8388607), true, "8388607"},
		{typ(mysqldef.TypeInt24, false), expr.IntValue(-8388609), false, ""},
		{typ(mysqldef.TypeLong, true), expr.UintValue(4294967295), true, "4294967295"},
		{typ(mysqldef.TypeLong, false), expr.UintValue(2147483648), false, ""},
		{typ(mysqldef.TypeLongLong, false), expr.UintValue(1 << 63), false, ""},
		{typ(mysqldef.TypeLongLong, true), expr.UintValue(1<<64 - 1), true, "18446744073709551615"},
		{typ(mysqldef.TypeLongLong, true), expr.IntValue(-5), false, ""},
		{typ(mysqldef.TypeYear, false), expr.IntValue(1999), false, ""},
		{typ(mysqldef.TypeLong, false), expr.StringValue("1"), false, ""},
	}
	for _, c := range cases {
		v, ok := FitInt(c.t, c.v)
		if ok != c.ok || (ok && expr.TextOf(v) != c.want) {
			t.Errorf("FitInt(%v, %v) = %v %v", c.t.Tp, expr.TextOf(c.v), expr.TextOf(v), ok)
		}
	}
}

// Numbers far past every column's range (a DOUBLE like 1e308) must reach the range check, not
// fail in rounding: TestSQLNeverPanics found INSERT ... VALUES (1e100) answered 1105.
func TestRoundToScaleHugeNumbers(t *testing.T) {
	for _, s := range []string{"1e100", "1e308", "-1.7976931348623157e308", "123456789012345678901234567890123456789012345678901234567890123456.5"} {
		d, _, err := apd.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, scale := range []int{0, 2, 30} {
			r, err := roundToScale(d, scale)
			if err != nil || r.Cmp(d) != 0 {
				t.Errorf("roundToScale(%s, %d) = %v, %v; want the number itself", s, scale, r, err)
			}
		}
	}
	d, _, _ := apd.NewFromString("12.345")
	if r, err := roundToScale(d, 2); err != nil || r.String() != "12.35" {
		t.Errorf("roundToScale(12.345, 2) = %v, %v", r, err)
	}
	tiny, _, _ := apd.NewFromString("1e-308")
	if r, err := roundToScale(tiny, 0); err != nil || !r.IsZero() {
		t.Errorf("roundToScale(1e-308, 0) = %v, %v; want 0", r, err)
	}
}

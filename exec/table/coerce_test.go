package table

import (
	"testing"

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
		v, ok := fitInt(c.t, c.v)
		if ok != c.ok || (ok && expr.TextOf(v) != c.want) {
			t.Errorf("fitInt(%v, %v) = %v %v", c.t.Tp, expr.TextOf(c.v), expr.TextOf(v), ok)
		}
	}
}

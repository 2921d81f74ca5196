package table

import (
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/internal/jsoncodec"
)

func TestKeyPartValue(t *testing.T) {
	for _, c := range []struct {
		v    expr.Value
		n    uint32
		want string
	}{
		{expr.StringValue("abcdef"), 3, "abc"},
		{expr.StringValue("ab"), 3, "ab"},
		{expr.StringValue("äöüß-x"), 3, "äöü"}, // characters, not bytes
		{expr.StringValue("日本語テキスト"), 2, "日本"},
		{expr.BinaryStringValue("äöü"), 3, "ä\xc3"}, // bytes for a binary string
		{expr.StringValue("abcdef"), 0, "abcdef"},
	} {
		got := KeyPartValue(c.v, c.n)
		if got.Str() != c.want || got.Kind() != c.v.Kind() {
			t.Errorf("KeyPartValue(%q, %d) = %q, want %q", c.v.Str(), c.n, got.Str(), c.want)
		}
	}
	if v := KeyPartValue(expr.IntValue(12345), 2); v.Int() != 12345 {
		t.Fatalf("an integer is never cut: %v", v)
	}
	if !KeyPartValue(expr.NullValue(), 2).IsNull() {
		t.Fatal("NULL stays NULL")
	}
}

// TestPrefixDescriptorCompat: a descriptor written before prefix lengths
// existed loads with whole-column parts; one with them keeps them.
func TestPrefixDescriptorCompat(t *testing.T) {
	old := []byte(`{"id":7,"db":"d","name":"t","columns":[{"id":1,"name":"a","type":{"tp":15,"flen":20}}],"pk":[1],"indexes":[{"id":1,"name":"a","columns":[1]}],"next_column":1,"next_index":1,"version":1,"create_time":0}`)
	var tb Table
	if err := jsoncodec.Unmarshal(old, &tb); err != nil {
		t.Fatal(err)
	}
	tb.Publish(nil)
	if tb.HasPKPrefix() || tb.Indexes[0].HasPrefix() || tb.Indexes[0].PrefixLen(0) != 0 || tb.PKPrefixLen(0) != 0 {
		t.Fatalf("old descriptor grew prefixes: %+v", tb)
	}
	tb.Indexes[0].Prefix = []uint32{5}
	tb.PKPrefix = []uint32{4}
	data, err := jsoncodec.Marshal(&tb)
	if err != nil {
		t.Fatal(err)
	}
	var back Table
	if err := jsoncodec.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Indexes[0].PrefixLen(0) != 5 || back.PKPrefixLen(0) != 4 {
		t.Fatalf("prefixes lost in %s", data)
	}
	c := back.Clone()
	back.Indexes[0].Prefix[0] = 9
	if c.Indexes[0].PrefixLen(0) != 5 {
		t.Fatal("Clone shares the prefix slice")
	}
}

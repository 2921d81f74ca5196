package expr

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// AppendGroupKey writes non-text values' length in place; the keys must
// still tell apart every split of the same bytes, long values included
// (lengths of 128 and more take a wider prefix), and equal rows must get
// equal keys whatever the buffer held before.
func TestAppendGroupKeyKeepsValuesApart(t *testing.T) {
	long := strings.Repeat("x", 200)
	rows := [][]Value{
		{BytesValue([]byte("ab")), BytesValue([]byte("c"))},
		{BytesValue([]byte("a")), BytesValue([]byte("bc"))},
		{BytesValue([]byte(long)), BytesValue([]byte("c"))},
		{BytesValue([]byte(long + "c"))},
		{BytesValue([]byte(long[:127])), IntValue(1)},
		{BytesValue([]byte(long[:128])), IntValue(1)},
		{IntValue(1), NullValue()},
		{NullValue(), IntValue(1)},
		{StringValue("1"), IntValue(1)},
		{IntValue(1), StringValue("1")},
		{StringValue("Abc")},
		// Text keys are two bytes per character: 64 characters and more
		// take the widened length, 8192 and more a three-byte one.
		{StringValue(long)},
		{StringValue(long[:64]), StringValue(long[64:])},
		{StringValue(long[:63]), StringValue(long[63:])},
		{StringValue(strings.Repeat("y", 9000)), IntValue(7)},
		{StringValue(strings.Repeat("y", 8999)), StringValue("y"), IntValue(7)},
	}
	seen := map[string]int{}
	buf := []byte("left over from an earlier row")
	for i, r := range rows {
		buf = AppendGroupKey(buf[:0], r)
		if j, dup := seen[string(buf)]; dup {
			t.Errorf("rows %d and %d share the key %q", j, i, buf)
		}
		seen[string(buf)] = i
		if !bytes.Equal(buf, GroupKey(r)) {
			t.Errorf("row %d: appended key differs from GroupKey", i)
		}
		if n := groupKeyFields(t, buf); n != len(r) {
			t.Errorf("row %d: key parses as %d values, want %d", i, n, len(r))
		}
	}
	// Text compares by collation: 'abc' and 'ABC' are one group.
	if !bytes.Equal(GroupKey([]Value{StringValue("abc")}), GroupKey([]Value{StringValue("ABC")})) {
		t.Error("'abc' and 'ABC' should group together")
	}
}

func TestCollationKeyStringMatchesCollationKey(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC", "83868641912-28773972837", "Ünïcode", "mixed Case ü", "\x00\x7f"} {
		if got, want := CollationKeyString(s), string(CollationKey(s)); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}

// groupKeyFields walks a group key (tag, then a uvarint length and data
// for non-NULL values) and counts its values, failing on a bad length.
func groupKeyFields(t *testing.T, k []byte) int {
	t.Helper()
	n := 0
	for len(k) > 0 {
		tag := k[0]
		k = k[1:]
		n++
		if tag == 0 {
			continue
		}
		l, w := binary.Uvarint(k)
		if w <= 0 || uint64(len(k)-w) < l {
			t.Fatalf("bad length prefix at value %d", n)
		}
		k = k[w+int(l):]
	}
	return n
}

func BenchmarkAppendGroupKeySysbenchC(b *testing.B) {
	vals := []Value{StringValue("68487932199-96439406143-93774651418-41631865787-96406072701-20604855487-17366578432-83421123907-98731265431-42345")}
	var buf []byte
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = AppendGroupKey(buf[:0], vals)
	}
}

// A caller holding text values' collation weights (a sort before DISTINCT)
// gets the key AppendGroupKey builds, byte for byte; weights that are not
// byte strings (NULL, a number) are ignored and computed.
func TestAppendGroupKeyWeightsMatchesAppendGroupKey(t *testing.T) {
	long := strings.Repeat("Zq", 90)
	rows := [][]Value{
		{StringValue("abc"), IntValue(3)},
		{StringValue(long), StringValue("")},
		{StringValue("Ünïcode"), NullValue(), BytesValue([]byte("raw"))},
	}
	for i, r := range rows {
		want := GroupKey(r)
		all := make([]Value, len(r))
		for j, v := range r {
			if v.Kind() == KindString {
				all[j] = BinaryStringValue(CollationKeyString(v.Str()))
			}
		}
		if got := AppendGroupKeyWeights([]byte("junk"), r, all)[4:]; !bytes.Equal(got, want) {
			t.Errorf("row %d with all weights: %q, want %q", i, got, want)
		}
		if got := AppendGroupKeyWeights(nil, r, all[:1]); !bytes.Equal(got, want) {
			t.Errorf("row %d with the first weight: %q, want %q", i, got, want)
		}
		if got := AppendGroupKeyWeights(nil, r, []Value{IntValue(9), NullValue()}); !bytes.Equal(got, want) {
			t.Errorf("row %d with non-text weights: %q, want %q", i, got, want)
		}
	}
}

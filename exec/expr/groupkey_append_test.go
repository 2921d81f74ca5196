package expr

import (
	"bytes"
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

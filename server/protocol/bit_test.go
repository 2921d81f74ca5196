package protocol

import (
	"bytes"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
)

// A BIT(M) value goes out as (M+7)/8 big-endian bytes in both protocols;
// a value the column type does not expect (a string from an expression
// typed BIT) goes as its text.
func TestAppendBitValue(t *testing.T) {
	for _, c := range []struct {
		v     expr.Value
		width uint32
		want  []byte
	}{
		{expr.UintValue(5), 1, []byte{5}},
		{expr.UintValue(5), 8, []byte{5}},
		{expr.UintValue(5), 9, []byte{0, 5}},
		{expr.UintValue(0xfff), 12, []byte{0x0f, 0xff}},
		{expr.UintValue(1<<63 | 1), 64, []byte{0x80, 0, 0, 0, 0, 0, 0, 1}},
		{expr.IntValue(-1), 64, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{expr.UintValue(0), 0, []byte{0}},
		{expr.BinaryStringValue("ab"), 8, []byte("ab")},
	} {
		if got := appendBitValue([]byte{9}, c.v, c.width); !bytes.Equal(got, append([]byte{9}, c.want...)) {
			t.Errorf("appendBitValue(%s, %d) = %x, want 09%x", expr.TextOf(c.v), c.width, got, c.want)
		}
	}
}

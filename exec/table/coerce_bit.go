package table

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// A BIT(M) column holds an unsigned integer of M bits: rows and index keys
// store it as a Uint value (so keys order numerically), and clients
// receive it as (M+7)/8 big-endian bytes (server/protocol does that from
// the column type).
//
// What is assigned to one, as MySQL 8 reads it: a number is its 64-bit
// two's complement pattern (decimals and doubles rounded first), a string
// or hex/bit literal is its bytes read big-endian (so '1' is 0x31, as in
// MySQL). A value with a set bit above M is too long: 1406 in strict mode,
// otherwise warning 1264 and the column's largest value (all M bits set).

// coerceBit converts v for BIT column c.
func (w *WriteCtx) coerceBit(c *TableColumn, v expr.Value) (expr.Value, error) {
	var u uint64
	fits := true
	switch v.Kind() {
	case expr.KindString, expr.KindBytes:
		u, fits = bitsFromBytes(v.Str())
	default:
		u = expr.ToUint(w.Eval, v)
	}
	if fits && BitFits(u, c.Type.Flen) {
		return expr.UintValue(u), nil
	}
	if w.Strict {
		return v, mysqldef.NewError(mysqldef.ErrDataTooLong, "Data too long for column '%s' at row %d", c.Name, w.Row)
	}
	w.Eval.Warn(mysqldef.ErrWarnDataOutOfRange, fmt.Sprintf("Out of range value for column '%s' at row %d", c.Name, w.Row))
	return expr.UintValue(bitMask(c.Type.Flen)), nil
}

// bitsFromBytes reads s as a big-endian unsigned integer; ok is false when
// it has more than 8 significant bytes.
func bitsFromBytes(s string) (u uint64, ok bool) {
	s = strings.TrimLeft(s, "\x00")
	if len(s) > 8 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		u = u<<8 | uint64(s[i])
	}
	return u, true
}

// BitFits reports whether u fits in width bits.
func BitFits(u uint64, width int) bool {
	return width >= 64 || u>>uint(max(width, 0)) == 0
}

// bitMask is the largest value of width bits.
func bitMask(width int) uint64 {
	if width >= 64 {
		return ^uint64(0)
	}
	return 1<<uint(max(width, 0)) - 1
}

// BitLiteral is u as MySQL shows a BIT default: b'101' with no leading
// zeros (b'0' for zero).
func BitLiteral(u uint64) string {
	var b strings.Builder
	b.WriteString("b'")
	if u == 0 {
		b.WriteByte('0')
	}
	for i := bits.Len64(u) - 1; i >= 0; i-- {
		b.WriteByte('0' + byte(u>>uint(i)&1))
	}
	b.WriteByte('\'')
	return b.String()
}

// ParseBitLiteral reads BitLiteral's form back (a stored BIT default).
func ParseBitLiteral(s string) (uint64, bool) {
	if len(s) < 3 || !strings.HasPrefix(s, "b'") || s[len(s)-1] != '\'' {
		return 0, false
	}
	digits := s[2 : len(s)-1]
	if digits == "" || len(strings.TrimLeft(digits, "0")) > 64 {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(digits); i++ {
		switch digits[i] {
		case '0', '1':
			u = u<<1 | uint64(digits[i]-'0')
		default:
			return 0, false
		}
	}
	return u, true
}

package expr

import (
	"math"

	"github.com/loopdb/loopdb/storage"
)

// Order-preserving key encoding of values, for row keys and index entries.
// Each value starts with a marker byte so NULL sorts first and values of one
// column compare bytewise exactly as SQL compares them:
//
//	0x00              NULL
//	0x01 + payload    a value (payload per kind below)
//
// ints: 8 bytes big-endian with the sign bit flipped; uints: 8 bytes
// big-endian; floats: IEEE bits, sign flipped (all bits for negatives);
// decimals: see appendKeyDecimal; text: the collation's primary weights
// (collation.go) escaped like storage.AppendBytes; binary: the bytes escaped;
// dates, datetimes: the packed value; times: signed micros.
const (
	KeyNullTag  byte = 0x00
	KeyValueTag byte = 0x01
)

// AppendKeyValue appends v's key encoding for a column of type t. v must
// already be coerced to the column type.
func AppendKeyValue(dst []byte, v Value, t SQLType) []byte {
	if v.IsNull() {
		return append(dst, KeyNullTag)
	}
	dst = append(dst, KeyValueTag)
	switch v.k {
	case KindInt, KindTime:
		return storage.AppendInt64(dst, int64(v.n))
	case KindUint, KindDate, KindDatetime:
		return storage.AppendUint64(dst, v.n)
	case KindFloat:
		bits := v.n
		if bits&(1<<63) != 0 {
			bits = ^bits
		} else {
			bits |= 1 << 63
		}
		return storage.AppendUint64(dst, bits)
	case KindDecimal:
		return appendKeyDecimal(dst, v)
	case KindString:
		if t.CaseSensitive() {
			return storage.AppendString(dst, v.s)
		}
		return storage.AppendBytes(dst, CollationKey(v.s))
	default:
		return storage.AppendString(dst, v.s)
	}
}

// appendKeyDecimal encodes a decimal so encodings sort numerically: a sign
// class byte (negative, zero, positive), then for non-zero values the
// adjusted exponent (biased int16) and the significant digits, both
// complemented for negatives, then a terminator that sorts below any digit.
func appendKeyDecimal(dst []byte, v Value) []byte {
	d := v.d
	if d.IsZero() {
		return append(dst, 0x02)
	}
	digits := d.Coeff.String()
	// Strip trailing zeros of the coefficient: 1.50 and 1.5 are equal.
	exp := int(d.Exponent)
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	adjusted := exp + len(digits) // position of the decimal point
	neg := d.Negative
	if neg {
		dst = append(dst, 0x01)
	} else {
		dst = append(dst, 0x03)
	}
	e := uint16(int16(adjusted)) ^ 0x8000
	if neg {
		e = ^e
	}
	dst = append(dst, byte(e>>8), byte(e))
	for i := 0; i < len(digits); i++ {
		c := digits[i] - '0' + 1 // 1..10, so the terminator 0 sorts below
		if neg {
			c = 11 - c
		}
		dst = append(dst, c)
	}
	if neg {
		return append(dst, 0xff)
	}
	return append(dst, 0x00)
}

// keyFloatInf is used for open range bounds on float columns.
var keyFloatInf = math.Inf(1)

package expr

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// Kind tags the variant a Value holds.
type Kind uint8

// Value kinds. Datetime covers DATETIME and TIMESTAMP (the column type tells
// them apart); Time is a signed duration like MySQL's TIME.
const (
	KindNull Kind = iota
	KindInt
	KindUint
	KindFloat
	KindDecimal
	KindString // text: compared with the case-insensitive collation
	KindBytes  // binary string: compared bytewise
	KindDate
	KindDatetime
	KindTime
)

// Value is one SQL value. It is small (40 bytes) because it is copied per
// row: numbers and temporal values live in n, strings in s, decimals behind
// an immutable pointer.
type Value struct {
	s   string
	d   *apd.Decimal
	n   uint64
	k   Kind
	fsp uint8 // fractional-second digits of Datetime/Time; for Float, fixed decimals+1 (0: shortest form)
}

// NullValue is SQL NULL.
func NullValue() Value { return Value{} }

// IntValue is a signed BIGINT.
func IntValue(i int64) Value { return Value{k: KindInt, n: uint64(i)} }

// UintValue is a BIGINT UNSIGNED.
func UintValue(u uint64) Value { return Value{k: KindUint, n: u} }

// FloatValue is a DOUBLE. NaN and infinities have no SQL form: they become NULL.
func FloatValue(f float64) Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Value{}
	}
	return Value{k: KindFloat, n: math.Float64bits(f)}
}

// BoolValue is MySQL's boolean: BIGINT 1 or 0.
func BoolValue(b bool) Value {
	if b {
		return IntValue(1)
	}
	return IntValue(0)
}

// DecimalValue wraps d, which the caller must not modify afterwards. The
// decimal's exponent is its scale (1.50 has exponent -2).
func DecimalValue(d *apd.Decimal) Value {
	if d == nil {
		return Value{}
	}
	return Value{k: KindDecimal, d: d}
}

// StringValue is a text string (utf8mb4, case-insensitive comparisons).
func StringValue(s string) Value { return Value{k: KindString, s: s} }

// BytesValue is a binary string.
func BytesValue(b []byte) Value { return Value{k: KindBytes, s: string(b)} }

// BinaryStringValue is a binary string built from a Go string without copying.
func BinaryStringValue(s string) Value { return Value{k: KindBytes, s: s} }

// IsNull reports whether v is SQL NULL.
func (v Value) IsNull() bool { return v.k == KindNull }

// Kind returns the variant v holds.
func (v Value) Kind() Kind { return v.k }

// Int returns the signed integer (valid for KindInt).
func (v Value) Int() int64 { return int64(v.n) }

// Uint returns the unsigned integer (valid for KindUint).
func (v Value) Uint() uint64 { return v.n }

// Float returns the double (valid for KindFloat).
func (v Value) Float() float64 { return math.Float64frombits(v.n) }

// Decimal returns the decimal (valid for KindDecimal); do not modify it.
func (v Value) Decimal() *apd.Decimal { return v.d }

// Str returns the string payload (valid for KindString and KindBytes).
func (v Value) Str() string { return v.s }

// Fsp returns the fractional-second precision of a temporal value.
func (v Value) Fsp() int { return int(v.fsp) }

// Bits returns the raw 64-bit payload: an Int's or Uint's bits, a Float's
// IEEE bits, a packed Date or Datetime, a Time's signed microseconds. Row
// encodings store it as it is; RawValue takes it back.
func (v Value) Bits() uint64 { return v.n }

// RawFsp returns the raw fsp byte: a temporal value's fractional-second
// digits, or a Float's display mark (fixed decimals+1, FloatShortest32).
func (v Value) RawFsp() uint8 { return v.fsp }

// RawValue assembles a Value of kind k from the parts Bits, RawFsp, Str
// and Decimal return (a row decoder reading back what it stored). The
// parts must be consistent with k; d must not be modified afterwards.
func RawValue(k Kind, bits uint64, fsp uint8, s string, d *apd.Decimal) Value {
	return Value{s: s, d: d, n: bits, k: k, fsp: fsp}
}

// IsNumeric reports whether v is a number kind.
func (v Value) IsNumeric() bool {
	return v.k == KindInt || v.k == KindUint || v.k == KindFloat || v.k == KindDecimal
}

// IsStringKind reports whether v is text or binary string.
func (v Value) IsStringKind() bool { return v.k == KindString || v.k == KindBytes }

// IsTemporal reports whether v is a date, datetime or time.
func (v Value) IsTemporal() bool { return v.k == KindDate || v.k == KindDatetime || v.k == KindTime }

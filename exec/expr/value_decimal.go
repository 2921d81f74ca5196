package expr

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// MySQL's DECIMAL limits: 65 digits in all, at most 30 after the point.
const (
	MaxDecimalPrecision = 65
	MaxDecimalScale     = 30
	// divPrecisionIncrement is div_precision_increment's default: the
	// scale '/' adds to the dividend's.
	divPrecisionIncrement = 4
)

// DecimalContext computes exactly enough for 65-digit operands; results are then
// rounded to the scale MySQL's rules give.
var DecimalContext = apd.Context{
	Precision:   100,
	MaxExponent: apd.MaxExponent,
	MinExponent: apd.MinExponent,
	Rounding:    apd.RoundHalfUp,
	Traps:       apd.InvalidOperation | apd.DivisionByZero,
}

// decScale is the number of digits after the point.
func decScale(d *apd.Decimal) int {
	if d.Exponent >= 0 {
		return 0
	}
	return int(-d.Exponent)
}

// appendDecimal prints d in positional notation with exactly its scale;
// a zero never carries a minus sign.
func appendDecimal(dst []byte, d *apd.Decimal) []byte {
	if d == nil {
		return dst
	}
	if d.IsZero() && d.Negative {
		var z apd.Decimal
		z.Set(d)
		z.Negative = false
		return z.Append(dst, 'f')
	}
	return d.Append(dst, 'f')
}

// RoundDecimal rounds d half-up (away from zero on .5) to scale digits.
func RoundDecimal(d *apd.Decimal, scale int) (*apd.Decimal, error) {
	out := new(apd.Decimal)
	if _, err := DecimalContext.Quantize(out, d, int32(-scale)); err != nil {
		return nil, err
	}
	return out, nil
}

// truncDecimal cuts d toward zero to scale digits.
func truncDecimal(d *apd.Decimal, scale int) (*apd.Decimal, error) {
	c := DecimalContext
	c.Rounding = apd.RoundDown
	out := new(apd.Decimal)
	if _, err := c.Quantize(out, d, int32(-scale)); err != nil {
		return nil, err
	}
	return out, nil
}

// decimalFits reports whether d fits MySQL's 65-digit DECIMAL.
func decimalFits(d *apd.Decimal) bool {
	intDigits := d.NumDigits() + int64(d.Exponent)
	return intDigits+int64(decScale(d)) <= MaxDecimalPrecision || d.IsZero()
}

func decFromInt(i int64) *apd.Decimal { return apd.New(i, 0) }

func decFromUint(u uint64) *apd.Decimal {
	d := new(apd.Decimal)
	d.Coeff.SetUint64(u)
	return d
}

// decFromFloat converts a double through its shortest decimal form, as
// MySQL does when a double meets DECIMAL context.
func decFromFloat(f float64) (*apd.Decimal, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	d, _, err := apd.NewFromString(strconv.FormatFloat(f, 'f', -1, 64))
	if err != nil {
		return nil, false
	}
	return d, true
}

// decToFloat converts d to the nearest double.
func decToFloat(d *apd.Decimal) float64 {
	f, err := strconv.ParseFloat(d.Text('f'), 64)
	if err != nil {
		return 0
	}
	return f
}

// decToInt rounds d half-up to an integer; ok is false outside int64.
func decToInt(d *apd.Decimal) (int64, bool) {
	r, err := RoundDecimal(d, 0)
	if err != nil {
		return 0, false
	}
	i, err := r.Int64()
	return i, err == nil
}

// decToUint rounds d half-up to an unsigned integer; ok is false outside uint64.
func decToUint(d *apd.Decimal) (uint64, bool) {
	r, err := RoundDecimal(d, 0)
	if err != nil || r.Negative && !r.IsZero() {
		return 0, false
	}
	s := r.Text('f')
	u, err := strconv.ParseUint(s, 10, 64)
	return u, err == nil
}

// DecimalFromText reads a DECIMAL written as text (a binary-protocol
// parameter, say) exactly; ok is false when s is no number.
func DecimalFromText(s string) (v Value, ok bool) {
	d, _, err := apd.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return Value{}, false
	}
	return DecimalValue(d), true
}

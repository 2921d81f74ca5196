package exec

import (
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Values for the binary protocol, which carries integers, floats and
// temporal values in fixed forms rather than as text. The protocol side
// decodes COM_STMT_EXECUTE parameters and encodes result rows with these;
// the conversions are exec's, so a value reads the same in both protocols.

// DateTimeParts is a DATE or DATETIME broken into its fields.
type DateTimeParts struct {
	Year, Month, Day, Hour, Minute, Second, Micro int
}

// DatetimeFromParts is a DATETIME value with fsp fractional digits. Zero
// dates (0000-00-00) are allowed, as MySQL sends them.
func DatetimeFromParts(p DateTimeParts, fsp int) Value {
	return datetimeFromParts(dateTime{year: p.Year, month: p.Month, day: p.Day,
		hour: p.Hour, minute: p.Minute, second: p.Second, micro: p.Micro}, fsp)
}

// TimeFromMicros is a TIME value of us microseconds (negative allowed),
// clamped to TIME's range, with fsp fractional digits.
func TimeFromMicros(us int64, fsp int) Value { return timeFromMicros(us, fsp) }

// DecimalFromText reads a DECIMAL parameter's text exactly.
func DecimalFromText(s string) (Value, bool) {
	d, _, err := apd.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return Value{}, false
	}
	return DecimalValue(d), true
}

// IntOf reads v as the integer a column holds; unsigned values travel as
// their bit pattern.
func IntOf(ctx *EvalCtx, v Value, unsigned bool) int64 {
	if unsigned {
		return int64(toUint(ctx, v))
	}
	return toInt(ctx, v)
}

// FloatOf reads v as a DOUBLE.
func FloatOf(ctx *EvalCtx, v Value) float64 { return toFloat(ctx, v) }

// DatetimeOf reads v as a DATETIME's fields; ok is false when v is no
// date (it is then sent as NULL).
func DatetimeOf(ctx *EvalCtx, v Value) (p DateTimeParts, ok bool) {
	dt, ok := toDatetime(ctx, v)
	if !ok {
		return p, false
	}
	t := unpackDateTime(dt.n)
	return DateTimeParts{Year: t.year, Month: t.month, Day: t.day,
		Hour: t.hour, Minute: t.minute, Second: t.second, Micro: t.micro}, true
}

// TimeOf reads v as a TIME in microseconds; ok is false when v is no time.
func TimeOf(ctx *EvalCtx, v Value) (us int64, ok bool) {
	tv, ok := toTime(ctx, v)
	if !ok {
		return 0, false
	}
	return int64(tv.n), true
}

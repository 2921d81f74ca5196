package expr

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/mysqldef"
)

// MySQL warning/error numbers used by conversions that codec does not name.

// NumericPrefix returns the longest prefix of s (after leading spaces) that
// reads as a number, and whether anything but trailing spaces follows it.
func NumericPrefix(s string) (num string, rest bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		fd := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			fd++
		}
		if digits > 0 || fd > 0 {
			i = j
			digits += fd
		}
	}
	if digits == 0 {
		return "", strings.TrimSpace(s) != ""
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	num = s[start:i]
	for j := i; j < len(s); j++ {
		if !isSpace(s[j]) {
			return num, true
		}
	}
	return num, false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func warnTruncated(ctx *EvalCtx, typ, s string) {
	ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect "+typ+" value: '"+s+"'")
}

// stringToFloat converts like MySQL's string-to-double: the numeric prefix,
// with a warning when the string had more than that.
func stringToFloat(ctx *EvalCtx, s string) float64 {
	num, rest := NumericPrefix(s)
	if rest {
		warnTruncated(ctx, "DOUBLE", s)
	}
	if num == "" {
		return 0
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		// out of range: ParseFloat returns +-Inf; MySQL clamps to the max double
		if math.IsInf(f, 1) {
			return math.MaxFloat64
		}
		if math.IsInf(f, -1) {
			return -math.MaxFloat64
		}
	}
	return f
}

// ToFloat converts a non-NULL value to a double.
func ToFloat(ctx *EvalCtx, v Value) float64 {
	switch v.k {
	case KindInt:
		return float64(int64(v.n))
	case KindUint:
		return float64(v.n)
	case KindFloat:
		return v.Float()
	case KindDecimal:
		return decToFloat(v.d)
	case KindString, KindBytes:
		return stringToFloat(ctx, v.s)
	case KindDate, KindDatetime, KindTime:
		return decToFloat(temporalToDecimal(v))
	}
	return 0
}

// temporalToDecimal is the number MySQL gives a temporal value in numeric
// context: YYYYMMDD, YYYYMMDDhhmmss[.ffffff] or hhmmss[.ffffff].
func temporalToDecimal(v Value) *apd.Decimal {
	var n int64
	var us int64
	neg := false
	switch v.k {
	case KindDate:
		t := UnpackDateTime(v.n)
		return decFromInt(int64(t.Year*10000 + t.Month*100 + t.Day))
	case KindDatetime:
		t := UnpackDateTime(v.n)
		n = int64(t.Year*10000+t.Month*100+t.Day)*1000000 + int64(t.Hour*10000+t.Minute*100+t.Second)
		us = int64(t.Micro)
	case KindTime:
		t := int64(v.n)
		if t < 0 {
			neg = true
			t = -t
		}
		secs := t / 1000000
		n = secs/3600*10000 + secs/60%60*100 + secs%60
		us = t % 1000000
	}
	fsp := int(v.fsp)
	coeff := n*pow10[fsp] + us/pow10[6-fsp]
	if neg {
		coeff = -coeff
	}
	return apd.New(coeff, int32(-fsp))
}

// toNumber converts a non-NULL value to the number kind arithmetic uses:
// numbers stay, strings become doubles, temporal values become integers or
// decimals (when they carry fractional seconds).
func toNumber(ctx *EvalCtx, v Value) Value {
	switch v.k {
	case KindInt, KindUint, KindFloat, KindDecimal:
		return v
	case KindString, KindBytes:
		return FloatValue(stringToFloat(ctx, v.s))
	case KindDate, KindDatetime, KindTime:
		d := temporalToDecimal(v)
		if v.fsp == 0 {
			if i, err := d.Int64(); err == nil {
				return IntValue(i)
			}
		}
		return DecimalValue(d)
	}
	return v
}

// ToInt converts a non-NULL value to int64 the way integer arguments of
// functions and CAST(... AS SIGNED) read it: doubles and decimals round
// half away from zero, strings use their integer prefix.
func ToInt(ctx *EvalCtx, v Value) int64 {
	switch v.k {
	case KindInt, KindUint:
		return int64(v.n)
	case KindFloat:
		return floatToInt(v.Float())
	case KindDecimal:
		if i, ok := decToInt(v.d); ok {
			return i
		}
		if v.d.Negative {
			return math.MinInt64
		}
		return math.MaxInt64
	case KindString, KindBytes:
		return stringToInt(ctx, v.s)
	case KindDate, KindDatetime, KindTime:
		return ToInt(ctx, toNumber(ctx, v))
	}
	return 0
}

func floatToInt(f float64) int64 {
	r := math.Round(f)
	if r >= 9.223372036854775807e18 {
		return math.MaxInt64
	}
	if r <= -9.223372036854775808e18 {
		return math.MinInt64
	}
	return int64(r)
}

// stringToInt reads the integer prefix of s; a fraction or exponent makes
// MySQL go through a double, which we do too.
func stringToInt(ctx *EvalCtx, s string) int64 {
	num, rest := NumericPrefix(s)
	if rest {
		warnTruncated(ctx, "INTEGER", s)
	}
	if num == "" {
		return 0
	}
	if strings.ContainsAny(num, ".eE") {
		f, _ := strconv.ParseFloat(num, 64)
		return floatToInt(f)
	}
	i, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		if strings.HasPrefix(num, "-") {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return i
}

// ToUint converts for CAST(... AS UNSIGNED): negative numbers wrap as in
// MySQL (two's complement), strings use their prefix.
func ToUint(ctx *EvalCtx, v Value) uint64 {
	switch v.k {
	case KindUint:
		return v.n
	case KindInt:
		return v.n
	case KindFloat:
		f := math.Round(v.Float())
		if f < 0 {
			return uint64(floatToInt(f))
		}
		if f >= 1.8446744073709552e19 {
			return math.MaxUint64
		}
		return uint64(f)
	case KindDecimal:
		if v.d.Negative {
			return uint64(ToInt(ctx, v))
		}
		if u, ok := decToUint(v.d); ok {
			return u
		}
		return math.MaxUint64
	case KindString, KindBytes:
		num, rest := NumericPrefix(v.s)
		if rest {
			warnTruncated(ctx, "INTEGER", v.s)
		}
		if num == "" {
			return 0
		}
		if strings.HasPrefix(num, "-") || strings.ContainsAny(num, ".eE") {
			return uint64(stringToInt(ctx, num))
		}
		u, err := strconv.ParseUint(strings.TrimPrefix(num, "+"), 10, 64)
		if err != nil {
			return math.MaxUint64
		}
		return u
	case KindDate, KindDatetime, KindTime:
		return uint64(ToInt(ctx, v))
	}
	return 0
}

// ToDecimal converts a non-NULL value to a decimal.
func ToDecimal(ctx *EvalCtx, v Value) *apd.Decimal {
	switch v.k {
	case KindInt:
		return decFromInt(int64(v.n))
	case KindUint:
		return decFromUint(v.n)
	case KindFloat:
		if d, ok := decFromFloat(v.Float()); ok {
			return d
		}
	case KindDecimal:
		return v.d
	case KindString, KindBytes:
		num, rest := NumericPrefix(v.s)
		if rest {
			warnTruncated(ctx, "DECIMAL", v.s)
		}
		if num != "" {
			if d, _, err := apd.NewFromString(num); err == nil {
				return d
			}
		}
	case KindDate, KindDatetime, KindTime:
		return temporalToDecimal(v)
	}
	return decFromInt(0)
}

// TruthValue reports v's truth for AND/OR/IF/WHERE; null is true for NULL.
func TruthValue(ctx *EvalCtx, v Value) (truth, null bool) {
	switch v.k {
	case KindNull:
		return false, true
	case KindInt, KindUint:
		return v.n != 0, false
	case KindFloat:
		return v.Float() != 0, false
	case KindDecimal:
		return !v.d.IsZero(), false
	case KindDate, KindDatetime:
		return v.n != 0, false
	case KindTime:
		return v.n != 0, false
	}
	return ToFloat(ctx, v) != 0, false
}

// ToDatetime converts a non-NULL value to a DATETIME (or DATE when the
// input had no clock part), warning 1292 and returning ok=false on garbage.
func ToDatetime(ctx *EvalCtx, v Value) (Value, bool) {
	switch v.k {
	case KindDate, KindDatetime:
		return v, true
	case KindTime:
		// TIME in datetime context: today's date plus the duration.
		d := dateFromParts(fromGoTime(ctx.Now, 0))
		return AddMicros(d, int64(v.n), int(v.fsp))
	case KindString, KindBytes:
		t, fsp, hasTime, ok := parseDatetime(v.s)
		if !ok {
			ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '"+v.s+"'")
			return Value{}, false
		}
		if !hasTime {
			return dateFromParts(t), true
		}
		return DatetimeFromParts(t, fsp), true
	case KindInt, KindUint, KindDecimal, KindFloat:
		s := TextOf(v)
		t, fsp, hasTime, ok := parseDatetime(s)
		if !ok || strings.HasPrefix(s, "-") {
			ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '"+s+"'")
			return Value{}, false
		}
		if !hasTime {
			return dateFromParts(t), true
		}
		return DatetimeFromParts(t, fsp), true
	}
	return Value{}, false
}

// ToTime converts a non-NULL value to TIME; ok=false (with warning 1292) on garbage.
func ToTime(ctx *EvalCtx, v Value) (Value, bool) {
	switch v.k {
	case KindTime:
		return v, true
	case KindDatetime:
		t := UnpackDateTime(v.n)
		return TimeFromMicros((int64(t.Hour)*3600+int64(t.Minute)*60+int64(t.Second))*1000000+int64(t.Micro), int(v.fsp)), true
	case KindDate:
		return TimeFromMicros(0, 0), true
	}
	s := TextOf(v)
	us, fsp, ok := parseTimeString(s)
	if !ok {
		ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect time value: '"+s+"'")
		return Value{}, false
	}
	if us > maxTimeMicros || us < -maxTimeMicros {
		ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect time value: '"+s+"'")
	}
	return TimeFromMicros(us, fsp), true
}

// outOfRange builds MySQL's 1690 error for a result that does not fit.
func outOfRange(typ, expr string) error {
	return mysqldef.NewError(mysqldef.ErrDataOutOfRange, "%s value is out of range in '%s'", typ, expr)
}

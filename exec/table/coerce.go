package table

import (
	"fmt"
	"github.com/loopdb/loopdb/exec/charset"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/internal/jsoncodec"
	"github.com/loopdb/loopdb/mysqldef"
)

// Errors MySQL gives when a value does not fit its column.

// WriteCtx describes one row being written, for error messages and for
// strict versus lenient (INSERT IGNORE) handling.
type WriteCtx struct {
	Eval   *expr.EvalCtx
	Strict bool
	Row    int // 1-based row number in the statement
}

// Fail reports a value that does not fit: an error in strict mode, a
// warning otherwise (and the caller stores the adjusted value).
func (w *WriteCtx) Fail(code uint16, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if w.Strict {
		return mysqldef.NewError(code, "%s", msg)
	}
	w.Eval.Warn(code, msg)
	return nil
}

// Coerce converts v to column c's type for storage.
func (w *WriteCtx) Coerce(c *TableColumn, v expr.Value) (expr.Value, error) {
	if v.IsNull() {
		if c.NotNull && !c.AutoInc {
			if err := w.Fail(mysqldef.ErrBadNull, "Column '%s' cannot be null", c.Name); err != nil {
				return v, err
			}
			return ZeroValue(c.Type), nil
		}
		return v, nil
	}
	t := c.Type
	switch {
	case t.IsInteger():
		return w.coerceInt(c, v)
	case t.Tp == mysqldef.TypeNewDecimal:
		return w.coerceDecimal(c, v)
	case t.Tp == mysqldef.TypeFloat || t.Tp == mysqldef.TypeDouble:
		return w.coerceFloat(c, v)
	case t.Tp == mysqldef.TypeEnum:
		return w.coerceEnum(c, v)
	case t.Tp == mysqldef.TypeBit:
		return w.coerceBit(c, v)
	case t.IsString():
		return w.coerceString(c, v)
	case t.Tp == mysqldef.TypeDate || t.Tp == mysqldef.TypeDatetime || t.Tp == mysqldef.TypeTimestamp:
		return w.coerceDatetime(c, v)
	case t.Tp == mysqldef.TypeTime:
		return w.coerceTime(c, v)
	case t.Tp == mysqldef.TypeJSON:
		return w.coerceJSON(c, v)
	}
	return v, nil
}

// sqlModeHas reports whether the session's sql_mode holds mode (false
// without a session).
func (w *WriteCtx) sqlModeHas(mode string) bool {
	if w.Eval == nil || w.Eval.Env == nil {
		return false
	}
	v, err := w.Eval.Env.SystemVar("sql_mode", false)
	if err != nil {
		return false
	}
	for _, m := range strings.Split(v.Str(), ",") {
		if strings.EqualFold(m, mode) {
			return true
		}
	}
	return false
}

// ZeroValue is what a lenient write stores for a NULL in a NOT NULL column.
func ZeroValue(t expr.SQLType) expr.Value {
	switch {
	case t.Tp == mysqldef.TypeBit:
		return expr.UintValue(0)
	case t.IsInteger():
		if t.Unsigned {
			return expr.UintValue(0)
		}
		return expr.IntValue(0)
	case t.Tp == mysqldef.TypeNewDecimal:
		return expr.DecimalValue(apd.New(0, int32(-t.Decimal)))
	case t.Tp == mysqldef.TypeFloat || t.Tp == mysqldef.TypeDouble:
		return expr.FloatValue(0)
	case t.Tp == mysqldef.TypeDate:
		return expr.DateValue(0, 0, 0)
	case t.Tp == mysqldef.TypeDatetime || t.Tp == mysqldef.TypeTimestamp:
		return expr.RawValue(expr.KindDatetime, 0, uint8(t.Decimal), "", nil)
	case t.Tp == mysqldef.TypeTime:
		return expr.RawValue(expr.KindTime, 0, uint8(t.Decimal), "", nil)
	case t.Binary:
		return expr.BinaryStringValue("")
	}
	return expr.StringValue("")
}

// intRange is the inclusive range of an integer type.
func intRange(t expr.SQLType) (lo, hi *apd.Decimal) {
	bits := map[byte]uint{mysqldef.TypeTiny: 8, mysqldef.TypeShort: 16, mysqldef.TypeInt24: 24, mysqldef.TypeLong: 32, mysqldef.TypeLongLong: 64}[t.Tp]
	if t.Unsigned {
		return apd.New(0, 0), new(apd.Decimal).SetFinite(0, 0).SetInt64(0).Set(decimalPow2Minus1(bits))
	}
	hi = decimalPow2Minus1(bits - 1)
	lo = new(apd.Decimal).Neg(hi)
	_, _ = expr.DecimalContext.Sub(lo, lo, apd.New(1, 0))
	return lo, hi
}

func decimalPow2Minus1(bits uint) *apd.Decimal {
	d := new(apd.Decimal)
	if bits == 64 {
		d.Coeff.SetUint64(math.MaxUint64)
		return d
	}
	d.SetInt64(int64(1)<<bits - 1)
	return d
}

// numberFromValue reads v as an exact number for a numeric column; ok is
// false for text that is not entirely a number (after trimming spaces).
func (w *WriteCtx) numberFromValue(v expr.Value) (d *apd.Decimal, ok bool) {
	switch v.Kind() {
	case expr.KindString, expr.KindBytes:
		s := strings.TrimSpace(v.Str())
		num, rest := expr.NumericPrefix(s)
		if num == "" {
			return apd.New(0, 0), false
		}
		d, _, err := apd.NewFromString(num)
		if err != nil {
			return apd.New(0, 0), false
		}
		return d, !rest
	case expr.KindFloat:
		d := new(apd.Decimal)
		if _, err := d.SetFloat64(v.Float()); err != nil {
			return apd.New(0, 0), false
		}
		return d, true
	}
	return expr.ToDecimal(w.Eval, v), true
}

func (w *WriteCtx) coerceInt(c *TableColumn, v expr.Value) (expr.Value, error) {
	t := c.Type
	if t.Tp == mysqldef.TypeYear {
		return w.coerceYear(c, v)
	}
	// Fast path: an integer that already fits.
	if v.Kind() == expr.KindInt && (!t.Unsigned || int64(v.Bits()) >= 0) && t.Tp == mysqldef.TypeLongLong && !t.Unsigned {
		return v, nil
	}
	if fv, ok := FitInt(t, v); ok {
		return fv, nil
	}
	d, ok := w.numberFromValue(v)
	if !ok {
		if err := w.Fail(mysqldef.ErrWrongValueForField, "Incorrect integer value: '%s' for column '%s' at row %d", expr.TextOf(v), c.Name, w.Row); err != nil {
			return v, err
		}
	}
	r, err := roundToScale(d, 0)
	if err != nil {
		return v, err
	}
	lo, hi := intRange(t)
	switch {
	case r.Cmp(lo) < 0:
		if err := w.Fail(mysqldef.ErrWarnDataOutOfRange, "Out of range value for column '%s' at row %d", c.Name, w.Row); err != nil {
			return v, err
		}
		r = lo
	case r.Cmp(hi) > 0:
		if err := w.Fail(mysqldef.ErrWarnDataOutOfRange, "Out of range value for column '%s' at row %d", c.Name, w.Row); err != nil {
			return v, err
		}
		r = hi
	}
	if t.Unsigned {
		u, err := r.Int64()
		if err != nil { // above MaxInt64: unsigned BIGINT
			var bi apd.BigInt
			bi.Set(&r.Coeff)
			return expr.UintValue(bi.MathBigInt().Uint64()), nil
		}
		return expr.UintValue(uint64(u)), nil
	}
	i, _ := r.Int64()
	return expr.IntValue(i), nil
}

// FitInt converts an integer value that fits integer type t (not YEAR)
// without the decimal arithmetic of the general path; ok is false when it
// does not fit or is not an integer.
func FitInt(t expr.SQLType, v expr.Value) (expr.Value, bool) {
	var bits uint
	switch t.Tp {
	case mysqldef.TypeTiny:
		bits = 8
	case mysqldef.TypeShort:
		bits = 16
	case mysqldef.TypeInt24:
		bits = 24
	case mysqldef.TypeLong:
		bits = 32
	case mysqldef.TypeLongLong:
		bits = 64
	default:
		return v, false
	}
	switch {
	case v.Kind() == expr.KindInt && t.Unsigned:
		if n := int64(v.Bits()); n >= 0 && (bits == 64 || uint64(n) < 1<<bits) {
			return expr.UintValue(uint64(n)), true
		}
	case v.Kind() == expr.KindInt:
		if n := int64(v.Bits()); bits == 64 || (n >= -(1<<(bits-1)) && n < 1<<(bits-1)) {
			return expr.IntValue(n), true
		}
	case v.Kind() == expr.KindUint && t.Unsigned:
		if bits == 64 || v.Bits() < 1<<bits {
			return expr.UintValue(v.Bits()), true
		}
	case v.Kind() == expr.KindUint:
		if v.Bits() < 1<<(bits-1) {
			return expr.IntValue(int64(v.Bits())), true
		}
	}
	return v, false
}

func (w *WriteCtx) coerceYear(c *TableColumn, v expr.Value) (expr.Value, error) {
	d, ok := w.numberFromValue(v)
	y, err := d.Int64()
	if !ok || err != nil {
		if err := w.Fail(mysqldef.ErrWrongValueForField, "Incorrect integer value: '%s' for column '%s' at row %d", expr.TextOf(v), c.Name, w.Row); err != nil {
			return v, err
		}
		y = 0
	}
	isText := v.Kind() == expr.KindString || v.Kind() == expr.KindBytes
	switch {
	case y == 0 && isText && strings.TrimSpace(v.Str()) != "0000":
		y = 2000 // '0' and '00' mean 2000
	case y >= 1 && y <= 69:
		y += 2000
	case y >= 70 && y <= 99:
		y += 1900
	}
	if y != 0 && (y < 1901 || y > 2155) {
		if err := w.Fail(mysqldef.ErrWarnDataOutOfRange, "Out of range value for column '%s' at row %d", c.Name, w.Row); err != nil {
			return v, err
		}
		y = 0
	}
	return expr.IntValue(y), nil
}

func (w *WriteCtx) coerceDecimal(c *TableColumn, v expr.Value) (expr.Value, error) {
	t := c.Type
	d, ok := w.numberFromValue(v)
	if !ok {
		if err := w.Fail(mysqldef.ErrWrongValueForField, "Incorrect decimal value: '%s' for column '%s' at row %d", expr.TextOf(v), c.Name, w.Row); err != nil {
			return v, err
		}
	}
	r, err := roundToScale(d, t.Decimal)
	if err != nil {
		return v, err
	}
	if r.Cmp(d) != 0 && (v.Kind() == expr.KindString || v.Kind() == expr.KindBytes) {
		w.Eval.Warn(mysqldef.ErrTruncatedField, fmt.Sprintf("Data truncated for column '%s' at row %d", c.Name, w.Row))
	}
	intDigits := int(r.NumDigits()) + int(r.Exponent)
	if !r.IsZero() && intDigits > t.Flen-t.Decimal || (t.Unsigned && r.Negative && !r.IsZero()) {
		if err := w.Fail(mysqldef.ErrWarnDataOutOfRange, "Out of range value for column '%s' at row %d", c.Name, w.Row); err != nil {
			return v, err
		}
		r = maxDecimal(t)
		if d.Negative && !t.Unsigned {
			r.Negative = true
		}
		if t.Unsigned && d.Negative {
			r = apd.New(0, int32(-t.Decimal))
		}
	}
	return expr.DecimalValue(r), nil
}

// maxColumnDigits is more integer digits than any numeric column holds (DECIMAL(65,0)).
const maxColumnDigits = 65

// roundToScale rounds d to scale digits after the point. A number whose integer part is longer
// than any column holds (1e100, a DOUBLE up to 1.8e308) comes back as it is: rounding it within
// DecimalContext's precision fails ("invalid operation", once answered as 1105), and the
// caller's range check clamps it or answers 1264 anyway.
func roundToScale(d *apd.Decimal, scale int) (*apd.Decimal, error) {
	if d.Form == apd.Finite && d.NumDigits()+int64(d.Exponent) > maxColumnDigits {
		return d, nil
	}
	return expr.RoundDecimal(d, scale)
}

// maxDecimal is the largest value of DECIMAL(p,s): p nines, s after the point.
func maxDecimal(t expr.SQLType) *apd.Decimal {
	d, _, _ := apd.NewFromString(strings.Repeat("9", t.Flen))
	d.Exponent = int32(-t.Decimal)
	return d
}

func (w *WriteCtx) coerceFloat(c *TableColumn, v expr.Value) (expr.Value, error) {
	var f float64
	switch v.Kind() {
	case expr.KindFloat:
		f = v.Float()
	case expr.KindString, expr.KindBytes:
		d, ok := w.numberFromValue(v)
		if !ok {
			if err := w.Fail(mysqldef.ErrWrongValueForField, "Incorrect double value: '%s' for column '%s' at row %d", expr.TextOf(v), c.Name, w.Row); err != nil {
				return v, err
			}
		}
		f, _ = d.Float64()
	default:
		f = expr.ToFloat(w.Eval, v)
	}
	if c.Type.Tp == mysqldef.TypeFloat {
		if math.Abs(f) > math.MaxFloat32 {
			if err := w.Fail(mysqldef.ErrWarnDataOutOfRange, "Out of range value for column '%s' at row %d", c.Name, w.Row); err != nil {
				return v, err
			}
			f = math.Copysign(math.MaxFloat32, f)
		}
		f = float64(float32(f))
	}
	if c.Type.Unsigned && f < 0 {
		if err := w.Fail(mysqldef.ErrWarnDataOutOfRange, "Out of range value for column '%s' at row %d", c.Name, w.Row); err != nil {
			return v, err
		}
		f = 0
	}
	out := expr.FloatValue(f)
	if c.Type.Tp == mysqldef.TypeFloat {
		out = expr.RawValue(out.Kind(), out.Bits(), expr.FloatShortest32, "", nil)
	}
	return out, nil
}

func (w *WriteCtx) coerceString(c *TableColumn, v expr.Value) (expr.Value, error) {
	t := c.Type
	s := v.Str()
	if v.Kind() != expr.KindString && v.Kind() != expr.KindBytes {
		s = expr.TextOf(v)
	}
	if t.Tp == mysqldef.TypeString && !t.Binary {
		s = strings.TrimRight(s, " ") // CHAR drops trailing spaces
	}
	if !t.Binary && !utf8.ValidString(s) {
		if err := w.Fail(mysqldef.ErrWrongValueForField, "Incorrect string value: '%s' for column '%s' at row %d", expr.HexPrefix(s), c.Name, w.Row); err != nil {
			return v, err
		}
		s = strings.ToValidUTF8(s, "?")
	}
	cs := t.Charset()
	if cs.NeedsConversion() {
		// A latin1 or ascii column holds only what its charset can: MySQL
		// refuses the rest (1366), or outside strict mode stores '?'.
		if at, _ := charset.FirstUnrepresentable(cs, s); at >= 0 {
			if err := w.Fail(mysqldef.ErrWrongValueForField, "Incorrect string value: '%s' for column '%s' at row %d", printableFrom(s[at:]), c.Name, w.Row); err != nil {
				return v, err
			}
			s = charset.ToUTF8(cs, charset.AppendFromUTF8(nil, cs, s))
		}
	}
	limit, n := t.Flen, len(s)
	if n > limit && !t.Binary && (t.Tp != mysqldef.TypeBlob || cs.MaxLen() == 1) {
		// Characters, not bytes, count; there are never more characters
		// than bytes, so only a value longer in bytes needs counting. (A
		// single-byte charset stores a byte per character.)
		n = utf8.RuneCountInString(s)
	}
	if n > limit {
		if err := w.Fail(mysqldef.ErrDataTooLong, "Data too long for column '%s' at row %d", c.Name, w.Row); err != nil {
			return v, err
		}
		s = truncateTo(s, limit, t.Binary || t.Tp == mysqldef.TypeBlob && cs.MaxLen() > 1)
	}
	if t.Binary {
		if t.Tp == mysqldef.TypeString && len(s) < t.Flen {
			s += strings.Repeat("\x00", t.Flen-len(s)) // BINARY(n) pads with zero bytes
		}
		return expr.BinaryStringValue(s), nil
	}
	return expr.StringValue(s), nil
}

func truncateTo(s string, n int, bytes bool) string {
	if bytes {
		return s[:n]
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

func (w *WriteCtx) coerceEnum(c *TableColumn, v expr.Value) (expr.Value, error) {
	elems := c.Type.Elems
	if v.Kind() == expr.KindInt || v.Kind() == expr.KindUint {
		if i := int64(v.Bits()); i >= 1 && i <= int64(len(elems)) {
			return expr.StringValue(elems[i-1]), nil
		}
	} else {
		s := strings.TrimRight(expr.TextOf(v), " ")
		for _, e := range elems {
			if expr.CollateCompare(e, s) == 0 {
				return expr.StringValue(e), nil
			}
		}
	}
	if err := w.Fail(mysqldef.ErrTruncatedField, "Data truncated for column '%s' at row %d", c.Name, w.Row); err != nil {
		return v, err
	}
	return expr.StringValue(""), nil
}

func (w *WriteCtx) coerceDatetime(c *TableColumn, v expr.Value) (expr.Value, error) {
	t := c.Type
	var dt expr.Value
	ok := true
	switch v.Kind() {
	case expr.KindDate, expr.KindDatetime:
		dt = v
	default:
		// Parse without the session's warning: the column error below is
		// the one MySQL reports.
		quiet := *w.Eval
		quiet.Env = nil
		dt, ok = expr.ToDatetime(&quiet, v)
	}
	if !ok {
		kind := "datetime"
		if t.Tp == mysqldef.TypeDate {
			kind = "date"
		}
		if err := w.Fail(mysqldef.ErrTruncatedWrongValue, "Incorrect %s value: '%s' for column '%s' at row %d", kind, expr.TextOf(v), c.Name, w.Row); err != nil {
			return v, err
		}
		return ZeroValue(t), nil
	}
	parts := expr.UnpackDateTime(dt.Bits())
	if parts.Year == 0 && parts.Month == 0 && parts.Day == 0 && w.sqlModeHas("NO_ZERO_DATE") {
		// MySQL 8's default sql_mode refuses the zero date: an error in
		// strict mode, else a warning (the zero date is still stored).
		kind := "datetime"
		if t.Tp == mysqldef.TypeDate {
			kind = "date"
		}
		if err := w.Fail(mysqldef.ErrTruncatedWrongValue, "Incorrect %s value: '%s' for column '%s' at row %d", kind, expr.TextOf(v), c.Name, w.Row); err != nil {
			return v, err
		}
	}
	if t.Tp == mysqldef.TypeDate {
		if dt.Kind() == expr.KindDatetime && (parts.Hour|parts.Minute|parts.Second|parts.Micro) != 0 {
			w.Eval.Warn(mysqldef.ErrTruncatedField, fmt.Sprintf("Data truncated for column '%s' at row %d", c.Name, w.Row))
		}
		return expr.DateValue(parts.Year, parts.Month, parts.Day), nil
	}
	out := expr.DatetimeFromParts(parts, 6)
	out = roundToFsp(out, t.Decimal)
	if t.Tp == mysqldef.TypeTimestamp {
		return w.timestampToStored(c, v, out)
	}
	return out, nil
}

// timestampToStored converts a TIMESTAMP column's value from the session
// zone to UTC, the form rows and keys hold (MySQL stores TIMESTAMP as
// seconds since the epoch). An instant outside '1970-01-01 00:00:01' ..
// '2038-01-19 03:14:07' UTC is 1292: an error in strict mode, else a
// warning and the zero value. A wall clock the zone skips (a DST gap)
// never happened: 1292 in strict mode, as MySQL (the gap's end and
// warning 1299 otherwise).
func (w *WriteCtx) timestampToStored(c *TableColumn, given, v expr.Value) (expr.Value, error) {
	utc, ok, gap := expr.TimestampToUTCGap(v, w.Eval.Location())
	if ok && gap {
		if w.Strict {
			return given, mysqldef.NewError(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '%s' for column '%s' at row %d", expr.TextOf(given), c.Name, w.Row)
		}
		w.Eval.Warn(mysqldef.ErrWarnInvalidTimestamp, fmt.Sprintf("Invalid TIMESTAMP value in column '%s' at row %d", c.Name, w.Row))
	}
	if ok {
		return utc, nil
	}
	if err := w.Fail(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '%s' for column '%s' at row %d", expr.TextOf(given), c.Name, w.Row); err != nil {
		return given, err
	}
	return ZeroValue(c.Type), nil
}

// roundToFsp rounds a datetime's microseconds to fsp digits (MySQL rounds
// on insert).
func roundToFsp(v expr.Value, fsp int) expr.Value {
	parts := expr.UnpackDateTime(v.Bits())
	unit := int(math.Pow10(6 - fsp))
	if r := parts.Micro % unit; r != 0 {
		parts.Micro -= r
		if r*2 >= unit {
			if next, ok := expr.AddMicros(expr.DatetimeFromParts(parts, 6), int64(unit), 6); ok {
				parts = expr.UnpackDateTime(next.Bits())
			}
		}
	}
	return expr.DatetimeFromParts(parts, fsp)
}

func (w *WriteCtx) coerceTime(c *TableColumn, v expr.Value) (expr.Value, error) {
	quiet := *w.Eval
	quiet.Env = nil
	tv, ok := expr.ToTime(&quiet, v)
	if !ok {
		if err := w.Fail(mysqldef.ErrTruncatedWrongValue, "Incorrect time value: '%s' for column '%s' at row %d", expr.TextOf(v), c.Name, w.Row); err != nil {
			return v, err
		}
		return ZeroValue(c.Type), nil
	}
	us := int64(tv.Bits())
	unit := int64(math.Pow10(6 - c.Type.Decimal))
	us = (us + unit/2*sign64(us)) / unit * unit
	return expr.TimeFromMicros(us, c.Type.Decimal), nil
}

func sign64(x int64) int64 {
	if x < 0 {
		return -1
	}
	return 1
}

func (w *WriteCtx) coerceJSON(c *TableColumn, v expr.Value) (expr.Value, error) {
	s := expr.TextOf(v)
	if !jsoncodec.ValidString(s) {
		return v, mysqldef.NewError(mysqldef.ErrInvalidJSONText, "Invalid JSON text: \"Invalid value.\" at position 0 in value for column '%s'.", c.Name)
	}
	canon, err := expr.CanonicalJSON(s)
	if err != nil {
		return v, mysqldef.NewError(mysqldef.ErrInvalidJSONText, "Invalid JSON text: \"Invalid value.\" at position 0 in value for column '%s'.", c.Name)
	}
	return expr.StringValue(canon), nil
}

// printableFrom is how MySQL quotes the bytes a column's charset cannot
// hold in 1366's message: up to 6 bytes from the first of them, printable
// ASCII as it is and the rest as \xNN, then "..." if there were more.
func printableFrom(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i == 6 {
			b.WriteString("...")
			break
		}
		if c := s[i]; c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\x%02X", c)
		}
	}
	return b.String()
}

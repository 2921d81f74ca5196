package expr

import (
	"strings"
	"time"
)

// DateTime is the unpacked form of a DATE/DATETIME value. Zero fields are
// allowed (MySQL's '0000-00-00'), so it is not a time.Time.
type DateTime struct {
	Year, Month, Day     int
	Hour, Minute, Second int
	Micro                int
}

// The packed layout keeps field order so packed values compare like the
// dates they hold: year(14) month(4) day(5) hour(5) minute(6) second(6) micro(20).
func packDateTime(t DateTime) uint64 {
	return uint64(t.Year)<<46 | uint64(t.Month)<<42 | uint64(t.Day)<<37 |
		uint64(t.Hour)<<32 | uint64(t.Minute)<<26 | uint64(t.Second)<<20 | uint64(t.Micro)
}

func UnpackDateTime(n uint64) DateTime {
	return DateTime{
		Year:   int(n >> 46 & 0x3fff),
		Month:  int(n >> 42 & 0xf),
		Day:    int(n >> 37 & 0x1f),
		Hour:   int(n >> 32 & 0x1f),
		Minute: int(n >> 26 & 0x3f),
		Second: int(n >> 20 & 0x3f),
		Micro:  int(n & 0xfffff),
	}
}

// maxTimeMicros is TIME's range limit, 838:59:59.
const maxTimeMicros = int64((838*3600 + 59*60 + 59) * 1000000)

// DateValue is a DATE.
func DateValue(year, month, day int) Value {
	return Value{k: KindDate, n: packDateTime(DateTime{Year: year, Month: month, Day: day})}
}

// DatetimeValue is a DATETIME with fsp (0-6) fractional digits, taken from
// t's wall clock in t's location; finer digits are truncated.
func DatetimeValue(t time.Time, fsp int) Value {
	fsp = clampFsp(fsp)
	return Value{k: KindDatetime, fsp: uint8(fsp), n: packDateTime(fromGoTime(t, fsp))}
}

// TimeValue is a TIME (a signed duration), clamped to +-838:59:59.
func TimeValue(d time.Duration, fsp int) Value {
	fsp = clampFsp(fsp)
	us := truncMicros(int64(d/time.Microsecond), fsp)
	return TimeFromMicros(us, fsp)
}

func TimeFromMicros(us int64, fsp int) Value {
	if us > maxTimeMicros {
		us = maxTimeMicros
	} else if us < -maxTimeMicros {
		us = -maxTimeMicros
	}
	return Value{k: KindTime, fsp: uint8(fsp), n: uint64(us)}
}

func DatetimeFromParts(t DateTime, fsp int) Value {
	return Value{k: KindDatetime, fsp: uint8(fsp), n: packDateTime(t)}
}

func dateFromParts(t DateTime) Value {
	return Value{k: KindDate, n: packDateTime(DateTime{Year: t.Year, Month: t.Month, Day: t.Day})}
}

// TimeMicros returns a TIME value as signed microseconds.
func (v Value) TimeMicros() int64 { return int64(v.n) }

// GoTime returns a DATE/DATETIME as a time.Time in loc; ok is false for
// zero dates, which time.Time cannot represent.
func (v Value) GoTime(loc *time.Location) (time.Time, bool) {
	t := UnpackDateTime(v.n)
	if t.Month == 0 || t.Day == 0 {
		return time.Time{}, false
	}
	return toGoTime(t, loc), true
}

func toGoTime(t DateTime, loc *time.Location) time.Time {
	return time.Date(t.Year, time.Month(t.Month), t.Day, t.Hour, t.Minute, t.Second, t.Micro*1000, loc)
}

func fromGoTime(t time.Time, fsp int) DateTime {
	return DateTime{
		Year: t.Year(), Month: int(t.Month()), Day: t.Day(),
		Hour: t.Hour(), Minute: t.Minute(), Second: t.Second(),
		Micro: int(truncMicros(int64(t.Nanosecond()/1000), fsp)),
	}
}

func clampFsp(fsp int) int {
	if fsp < 0 {
		return 0
	}
	if fsp > 6 {
		return 6
	}
	return fsp
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000}

// truncMicros drops the sub-second digits beyond fsp.
func truncMicros(us int64, fsp int) int64 {
	unit := pow10[6-clampFsp(fsp)]
	return us / unit * unit
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// validDate accepts real calendar dates and the all-zero date.
func validDate(t DateTime) bool {
	if t.Year == 0 && t.Month == 0 && t.Day == 0 {
		return true
	}
	if t.Year < 0 || t.Year > 9999 || t.Month < 1 || t.Month > 12 || t.Day < 1 {
		return false
	}
	return t.Day <= daysInMonth(t.Year, t.Month)
}

func validClock(t DateTime) bool {
	return t.Hour >= 0 && t.Hour < 24 && t.Minute >= 0 && t.Minute < 60 &&
		t.Second >= 0 && t.Second < 60 && t.Micro >= 0 && t.Micro < 1000000
}

// appendDate writes YYYY-MM-DD.
func appendDate(dst []byte, t DateTime) []byte {
	dst = appendPadded(dst, t.Year, 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, t.Month, 2)
	dst = append(dst, '-')
	return appendPadded(dst, t.Day, 2)
}

// appendClock writes HH:MM:SS[.fraction] with fsp digits.
func appendClock(dst []byte, hour int64, minute, second, micro, fsp int) []byte {
	if hour < 10 {
		dst = append(dst, '0')
	}
	dst = appendInt64(dst, hour)
	dst = append(dst, ':')
	dst = appendPadded(dst, minute, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, second, 2)
	if fsp > 0 {
		dst = append(dst, '.')
		frac := micro / int(pow10[6-fsp])
		dst = appendPadded(dst, frac, fsp)
	}
	return dst
}

func appendPadded(dst []byte, n, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for n > 0 || width > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		width--
		if i == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

func appendInt64(dst []byte, n int64) []byte {
	var buf [20]byte
	i := len(buf)
	if n == 0 {
		return append(dst, '0')
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, buf[i:]...)
}

func appendTimeValue(dst []byte, us int64, fsp int) []byte {
	if us < 0 {
		dst = append(dst, '-')
		us = -us
	}
	secs := us / 1000000
	return appendClock(dst, secs/3600, int(secs/60%60), int(secs%60), int(us%1000000), fsp)
}

// parseDatetime reads MySQL's datetime literal forms: delimited
// 'YYYY-MM-DD[ |T]hh:mm:ss[.frac]' (any punctuation as delimiter, 2-digit
// years mapped to 1970-2069) and the digit runs YYYYMMDD[hhmmss] and
// YYMMDD[hhmmss]. hasTime reports whether a clock part was present; fsp is
// the number of fraction digits given (capped at 6).
func parseDatetime(s string) (t DateTime, fsp int, hasTime bool, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return t, 0, false, false
	}
	if allDigits(s) || (strings.Count(s, ".") == 1 && allDigits(strings.Replace(s, ".", "", 1)) && !strings.HasPrefix(s, ".")) {
		return parseDigitDatetime(s)
	}
	// Delimited form: split into numeric fields.
	var fields [7]int
	var widths [7]int
	n := 0
	i := 0
	for i < len(s) && n < 6 {
		if s[i] < '0' || s[i] > '9' {
			return t, 0, false, false
		}
		start := i
		v := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if i-start < 9 {
				v = v*10 + int(s[i]-'0')
			}
			i++
		}
		fields[n], widths[n] = v, i-start
		n++
		if i >= len(s) {
			break
		}
		if n == 6 {
			break // a '.' after the seconds starts the fraction
		}
		if n == 3 {
			// date/time separator: space(s) or 'T'
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == 'T' || s[j] == '\t') {
				j++
			}
			if j == i {
				if !isPunct(s[i]) {
					return t, 0, false, false
				}
				j++
			}
			i = j
			continue
		}
		if !isPunct(s[i]) {
			return t, 0, false, false
		}
		i++
	}
	if n < 3 {
		return t, 0, false, false
	}
	if i < len(s) {
		if n != 6 || s[i] != '.' {
			return t, 0, false, false
		}
		frac := s[i+1:]
		if !allDigits(frac) && frac != "" {
			return t, 0, false, false
		}
		fsp = min(len(frac), 6)
		us, ok2 := fracMicros(frac)
		if !ok2 {
			return t, 0, false, false
		}
		fields[6] = us
	}
	t = DateTime{Year: fields[0], Month: fields[1], Day: fields[2], Hour: fields[3], Minute: fields[4], Second: fields[5], Micro: fields[6]}
	if widths[0] <= 2 {
		t.Year = twoDigitYear(t.Year)
	}
	hasTime = n > 3
	if !validDate(t) || !validClock(t) {
		return t, 0, false, false
	}
	return t, fsp, hasTime, true
}

// fracMicros turns fraction digits into microseconds, rounding the 7th
// digit half up like MySQL.
func fracMicros(frac string) (int, bool) {
	us := 0
	for i := 0; i < 6; i++ {
		us *= 10
		if i < len(frac) {
			us += int(frac[i] - '0')
		}
	}
	if len(frac) > 6 && frac[6] >= '5' {
		us++
	}
	if us > 999999 {
		us = 999999 // keep it simple: no carry into seconds
	}
	return us, true
}

func parseDigitDatetime(s string) (t DateTime, fsp int, hasTime bool, ok bool) {
	digits, frac, _ := strings.Cut(s, ".")
	var f [6]int
	switch len(digits) {
	case 14:
		f = [6]int{atoiN(digits[0:4]), atoiN(digits[4:6]), atoiN(digits[6:8]), atoiN(digits[8:10]), atoiN(digits[10:12]), atoiN(digits[12:14])}
		hasTime = true
	case 12:
		f = [6]int{twoDigitYear(atoiN(digits[0:2])), atoiN(digits[2:4]), atoiN(digits[4:6]), atoiN(digits[6:8]), atoiN(digits[8:10]), atoiN(digits[10:12])}
		hasTime = true
	case 8:
		f = [6]int{atoiN(digits[0:4]), atoiN(digits[4:6]), atoiN(digits[6:8])}
	case 6:
		f = [6]int{twoDigitYear(atoiN(digits[0:2])), atoiN(digits[2:4]), atoiN(digits[4:6])}
	default:
		return t, 0, false, false
	}
	t = DateTime{Year: f[0], Month: f[1], Day: f[2], Hour: f[3], Minute: f[4], Second: f[5]}
	if frac != "" && hasTime {
		t.Micro, _ = fracMicros(frac)
		fsp = min(len(frac), 6)
	}
	if !validDate(t) || !validClock(t) {
		return t, 0, false, false
	}
	return t, fsp, hasTime, true
}

// parseTimeString reads TIME forms: '[-][D ]hh:mm[:ss][.frac]', digit runs
// [hh]mmss[.frac], and datetime strings (their clock part).
func parseTimeString(s string) (us int64, fsp int, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0, false
	}
	if dt, f, hasTime, ok := parseDatetime(s); ok && hasTime && (strings.Count(s, "-") >= 2 || len(strings.SplitN(s, ".", 2)[0]) >= 12) {
		return (int64(dt.Hour)*3600+int64(dt.Minute)*60+int64(dt.Second))*1000000 + int64(dt.Micro), f, true
	}
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	main, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && !allDigits(frac) && frac != "" {
		return 0, 0, false
	}
	var days, h, m, sec int64
	if d, rest, found := strings.Cut(main, " "); found {
		if !allDigits(d) || d == "" {
			return 0, 0, false
		}
		days = int64(atoiN(d))
		main = strings.TrimSpace(rest)
	}
	if strings.Contains(main, ":") {
		parts := strings.Split(main, ":")
		if len(parts) > 3 {
			return 0, 0, false
		}
		var vals [3]int64
		for i, p := range parts {
			if p == "" || !allDigits(p) || len(p) > 9 {
				return 0, 0, false
			}
			vals[i] = int64(atoiN(p))
		}
		h, m, sec = vals[0], vals[1], vals[2]
	} else {
		if main == "" || !allDigits(main) || len(main) > 9 {
			return 0, 0, false
		}
		n := int64(atoiN(main))
		h, m, sec = n/10000, n/100%100, n%100
	}
	if m > 59 || sec > 59 {
		return 0, 0, false
	}
	us = ((days*24+h)*3600 + m*60 + sec) * 1000000
	if hasFrac {
		f, _ := fracMicros(frac)
		us += int64(f)
		fsp = min(len(frac), 6)
	}
	if neg {
		us = -us
	}
	return us, fsp, true
}

func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoiN parses a short digit run known to be valid.
func atoiN(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 9; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func twoDigitYear(y int) int {
	if y < 70 {
		return 2000 + y
	}
	if y < 100 {
		return 1900 + y
	}
	return y
}

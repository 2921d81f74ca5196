package exec

import (
	"strings"
	"time"
)

// dateTime is the unpacked form of a DATE/DATETIME value. Zero fields are
// allowed (MySQL's '0000-00-00'), so it is not a time.Time.
type dateTime struct {
	year, month, day     int
	hour, minute, second int
	micro                int
}

// The packed layout keeps field order so packed values compare like the
// dates they hold: year(14) month(4) day(5) hour(5) minute(6) second(6) micro(20).
func packDateTime(t dateTime) uint64 {
	return uint64(t.year)<<46 | uint64(t.month)<<42 | uint64(t.day)<<37 |
		uint64(t.hour)<<32 | uint64(t.minute)<<26 | uint64(t.second)<<20 | uint64(t.micro)
}

func unpackDateTime(n uint64) dateTime {
	return dateTime{
		year:   int(n >> 46 & 0x3fff),
		month:  int(n >> 42 & 0xf),
		day:    int(n >> 37 & 0x1f),
		hour:   int(n >> 32 & 0x1f),
		minute: int(n >> 26 & 0x3f),
		second: int(n >> 20 & 0x3f),
		micro:  int(n & 0xfffff),
	}
}

// maxTimeMicros is TIME's range limit, 838:59:59.
const maxTimeMicros = int64((838*3600 + 59*60 + 59) * 1000000)

// DateValue is a DATE.
func DateValue(year, month, day int) Value {
	return Value{k: KindDate, n: packDateTime(dateTime{year: year, month: month, day: day})}
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
	return timeFromMicros(us, fsp)
}

func timeFromMicros(us int64, fsp int) Value {
	if us > maxTimeMicros {
		us = maxTimeMicros
	} else if us < -maxTimeMicros {
		us = -maxTimeMicros
	}
	return Value{k: KindTime, fsp: uint8(fsp), n: uint64(us)}
}

func datetimeFromParts(t dateTime, fsp int) Value {
	return Value{k: KindDatetime, fsp: uint8(fsp), n: packDateTime(t)}
}

func dateFromParts(t dateTime) Value {
	return Value{k: KindDate, n: packDateTime(dateTime{year: t.year, month: t.month, day: t.day})}
}

// TimeMicros returns a TIME value as signed microseconds.
func (v Value) TimeMicros() int64 { return int64(v.n) }

// GoTime returns a DATE/DATETIME as a time.Time in loc; ok is false for
// zero dates, which time.Time cannot represent.
func (v Value) GoTime(loc *time.Location) (time.Time, bool) {
	t := unpackDateTime(v.n)
	if t.month == 0 || t.day == 0 {
		return time.Time{}, false
	}
	return toGoTime(t, loc), true
}

func toGoTime(t dateTime, loc *time.Location) time.Time {
	return time.Date(t.year, time.Month(t.month), t.day, t.hour, t.minute, t.second, t.micro*1000, loc)
}

func fromGoTime(t time.Time, fsp int) dateTime {
	return dateTime{
		year: t.Year(), month: int(t.Month()), day: t.Day(),
		hour: t.Hour(), minute: t.Minute(), second: t.Second(),
		micro: int(truncMicros(int64(t.Nanosecond()/1000), fsp)),
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
func validDate(t dateTime) bool {
	if t.year == 0 && t.month == 0 && t.day == 0 {
		return true
	}
	if t.year < 0 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 {
		return false
	}
	return t.day <= daysInMonth(t.year, t.month)
}

func validClock(t dateTime) bool {
	return t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60 &&
		t.second >= 0 && t.second < 60 && t.micro >= 0 && t.micro < 1000000
}

// appendDate writes YYYY-MM-DD.
func appendDate(dst []byte, t dateTime) []byte {
	dst = appendPadded(dst, t.year, 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, t.month, 2)
	dst = append(dst, '-')
	return appendPadded(dst, t.day, 2)
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
func parseDatetime(s string) (t dateTime, fsp int, hasTime bool, ok bool) {
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
	t = dateTime{year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5], micro: fields[6]}
	if widths[0] <= 2 {
		t.year = twoDigitYear(t.year)
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

func parseDigitDatetime(s string) (t dateTime, fsp int, hasTime bool, ok bool) {
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
	t = dateTime{year: f[0], month: f[1], day: f[2], hour: f[3], minute: f[4], second: f[5]}
	if frac != "" && hasTime {
		t.micro, _ = fracMicros(frac)
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
		return (int64(dt.hour)*3600+int64(dt.minute)*60+int64(dt.second))*1000000 + int64(dt.micro), f, true
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

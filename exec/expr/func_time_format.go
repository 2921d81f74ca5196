package expr

import (
	"time"
)

// appendDateFormat renders v (DATE/DATETIME) with DATE_FORMAT's specifiers.
func appendDateFormat(dst []byte, v Value, f string) []byte {
	t := UnpackDateTime(v.n)
	valid := t.Month != 0 && t.Day != 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			dst = append(dst, f[i])
			continue
		}
		i++
		switch f[i] {
		case 'a':
			if valid {
				dst = append(dst, time.Weekday(weekday(t)).String()[:3]...)
			}
		case 'b':
			if t.Month > 0 {
				dst = append(dst, time.Month(t.Month).String()[:3]...)
			}
		case 'c':
			dst = appendPadded(dst, t.Month, 1)
		case 'D':
			dst = appendPadded(dst, t.Day, 1)
			dst = append(dst, ordinalSuffix(t.Day)...)
		case 'd':
			dst = appendPadded(dst, t.Day, 2)
		case 'e':
			dst = appendPadded(dst, t.Day, 1)
		case 'f':
			dst = appendPadded(dst, t.Micro, 6)
		case 'H':
			dst = appendPadded(dst, t.Hour, 2)
		case 'h', 'I':
			dst = appendPadded(dst, hour12(t.Hour), 2)
		case 'i':
			dst = appendPadded(dst, t.Minute, 2)
		case 'j':
			dst = appendPadded(dst, yearDay(t), 3)
		case 'k':
			dst = appendPadded(dst, t.Hour, 1)
		case 'l':
			dst = appendPadded(dst, hour12(t.Hour), 1)
		case 'M':
			if t.Month > 0 {
				dst = append(dst, time.Month(t.Month).String()...)
			}
		case 'm':
			dst = appendPadded(dst, t.Month, 2)
		case 'p':
			dst = append(dst, ampm(t.Hour)...)
		case 'r':
			dst = appendPadded(dst, hour12(t.Hour), 2)
			dst = append(dst, ':')
			dst = appendPadded(dst, t.Minute, 2)
			dst = append(dst, ':')
			dst = appendPadded(dst, t.Second, 2)
			dst = append(dst, ' ')
			dst = append(dst, ampm(t.Hour)...)
		case 'S', 's':
			dst = appendPadded(dst, t.Second, 2)
		case 'T':
			dst = appendClock(dst, int64(t.Hour), t.Minute, t.Second, 0, 0)
		case 'U':
			w, _ := weekMode0(t)
			dst = appendPadded(dst, w, 2)
		case 'u':
			dst = appendPadded(dst, weekMode1(t), 2)
		case 'V':
			w, _ := weekMode2(t)
			dst = appendPadded(dst, w, 2)
		case 'v':
			if valid {
				_, w := toGoTime(t, time.UTC).ISOWeek()
				dst = appendPadded(dst, w, 2)
			}
		case 'W':
			if valid {
				dst = append(dst, time.Weekday(weekday(t)).String()...)
			}
		case 'w':
			if valid {
				dst = appendPadded(dst, weekday(t), 1)
			}
		case 'X':
			_, y := weekMode2(t)
			dst = appendPadded(dst, y, 4)
		case 'x':
			if valid {
				y, _ := toGoTime(t, time.UTC).ISOWeek()
				dst = appendPadded(dst, y, 4)
			}
		case 'Y':
			dst = appendPadded(dst, t.Year, 4)
		case 'y':
			dst = appendPadded(dst, t.Year%100, 2)
		default:
			// %% and unknown specifiers print the character itself
			dst = append(dst, f[i])
		}
	}
	return dst
}

func hour12(h int) int {
	if h%12 == 0 {
		return 12
	}
	return h % 12
}

func ampm(h int) string {
	if h < 12 {
		return "AM"
	}
	return "PM"
}

func ordinalSuffix(d int) string {
	if d%100 >= 11 && d%100 <= 13 {
		return "th"
	}
	switch d % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// weekMode0 is WEEK mode 0 (%U): weeks start on Sunday, week 1 holds the
// year's first Sunday, earlier days are week 0.
func weekMode0(t DateTime) (int, int) {
	if t.Month == 0 || t.Day == 0 {
		return 0, t.Year
	}
	yd := yearDay(t) - 1
	return (yd + 7 - weekday(t)) / 7, t.Year
}

// weekMode1 is WEEK mode 1 (%u): weeks start on Monday, week 1 is the
// first with four or more days in the year.
func weekMode1(t DateTime) int {
	if t.Month == 0 || t.Day == 0 {
		return 0
	}
	jan1 := (weekday(DateTime{Year: t.Year, Month: 1, Day: 1}) + 6) % 7 // Monday = 0
	w := (yearDay(t) - 1 + jan1) / 7
	if jan1 <= 3 {
		w++
	}
	return w
}

// weekMode2 is WEEK mode 2 (%V with %X): like mode 0 but days before the
// first Sunday belong to the previous year's last week.
func weekMode2(t DateTime) (int, int) {
	w, y := weekMode0(t)
	if w == 0 && t.Month != 0 {
		return weekMode0(DateTime{Year: t.Year - 1, Month: 12, Day: 31})
	}
	return w, y
}

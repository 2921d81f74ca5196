package expr

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // CONVERT_TZ's named zones work without system zoneinfo

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// More date and time functions: TIMESTAMPDIFF, TIMESTAMPADD, LAST_DAY,
// STR_TO_DATE, MAKEDATE, MAKETIME, PERIOD_ADD, PERIOD_DIFF, TO_DAYS,
// FROM_DAYS, TO_SECONDS, WEEK, WEEKOFYEAR, YEARWEEK, CONVERT_TZ, GET_FORMAT.

func init() {
	register("timestampdiff", funcSpec{raw: true, build: compileTimestampDiff})
	register("timestampadd", funcSpec{raw: true, build: compileTimestampAdd})
	simple("last_day", 1, 1, true, fixedType(dateType(true)), func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		t := UnpackDateTime(d.n)
		if t.Month == 0 {
			ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '"+TextOf(a[0])+"'")
			return Value{}, nil
		}
		return DateValue(t.Year, t.Month, daysInMonth(t.Year, t.Month)), nil
	})
	register("str_to_date", funcSpec{min: 2, max: 2, build: compileStrToDate})
	simple("makedate", 2, 2, true, fixedType(dateType(true)), func(ctx *EvalCtx, a []Value) (Value, error) {
		y, yd := ToInt(ctx, a[0]), ToInt(ctx, a[1])
		if y < 0 || y > 9999 || yd <= 0 || yd > 3652500 {
			return Value{}, nil
		}
		if y < 100 {
			y = int64(twoDigitYear(int(y)))
		}
		days := mysqlDayNumber(int(y), 1, 1) + yd - 1
		if days > 3652424 { // past 9999-12-31
			return Value{}, nil
		}
		return dateFromDayNumber(days), nil
	})
	register("maketime", funcSpec{min: 3, max: 3, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		fsp := 0
		if t := args[2].Type(); staticClass(t) == classDecimal {
			fsp = min(int(t.Decimals), 6)
		} else if staticClass(t) == classDouble {
			fsp = 6
		}
		return &funcExpr{args: args, nullIn: true, typ: timeType(fsp, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			h, m := ToInt(ctx, a[0]), ToInt(ctx, a[1])
			sec := ToDecimal(ctx, toNumber(ctx, a[2]))
			us, ok := decToInt(scaled(sec, 6))
			if !ok || m < 0 || m > 59 || us < 0 || us >= 60e6 {
				return Value{}, nil
			}
			us = truncMicros(us, fsp)
			neg := h < 0
			if neg {
				h = -h
			}
			var total int64
			if h > 838 {
				total = maxTimeMicros + 1
			} else {
				total = (h*3600+m*60)*1e6 + us
			}
			if total > maxTimeMicros {
				s := strconv.FormatInt(h, 10) + ":" + strconv.FormatInt(m, 10) + ":" + TextOf(a[2])
				if neg {
					s = "-" + s
				}
				ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect time value: '"+s+"'")
				total = maxTimeMicros
			}
			if neg {
				total = -total
			}
			return TimeFromMicros(total, fsp), nil
		}}, nil
	}})
	simple("period_add", 2, 2, true, intOf(6), func(ctx *EvalCtx, a []Value) (Value, error) {
		p, n := ToInt(ctx, a[0]), ToInt(ctx, a[1])
		if p == 0 {
			return IntValue(0), nil
		}
		if !validPeriod(p) {
			return Value{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to period_add")
		}
		return IntValue(monthToPeriod(periodToMonth(p) + n)), nil
	})
	simple("period_diff", 2, 2, true, intOf(6), func(ctx *EvalCtx, a []Value) (Value, error) {
		p1, p2 := ToInt(ctx, a[0]), ToInt(ctx, a[1])
		if !validPeriod(p1) || !validPeriod(p2) {
			return Value{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to period_diff")
		}
		return IntValue(periodToMonth(p1) - periodToMonth(p2)), nil
	})
	simple("to_days", 1, 1, true, intNull(7), func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		t := UnpackDateTime(d.n)
		if t.Month == 0 || t.Day == 0 {
			ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '"+TextOf(a[0])+"'")
			return Value{}, nil
		}
		return IntValue(mysqlDayNumber(t.Year, t.Month, t.Day)), nil
	})
	simple("to_seconds", 1, 1, true, intNull(20), func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		t := UnpackDateTime(d.n)
		if t.Month == 0 || t.Day == 0 {
			ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '"+TextOf(a[0])+"'")
			return Value{}, nil
		}
		return IntValue(mysqlDayNumber(t.Year, t.Month, t.Day)*86400 + int64(t.Hour*3600+t.Minute*60+t.Second)), nil
	})
	simple("from_days", 1, 1, true, fixedType(dateType(true)), func(ctx *EvalCtx, a []Value) (Value, error) {
		return dateFromDayNumber(ToInt(ctx, a[0])), nil
	})
	weekFn := func(name string, fixedMode int, yearWeek bool) {
		maxArgs := 2
		if fixedMode >= 0 {
			maxArgs = 1
		}
		n := 2
		if yearWeek {
			n = 6
		}
		simple(name, 1, maxArgs, false, intNull(n), func(ctx *EvalCtx, a []Value) (Value, error) {
			if a[0].k == KindNull {
				return Value{}, nil
			}
			mode := int64(max(fixedMode, 0)) // default_week_format is 0
			if len(a) == 2 && a[1].k != KindNull {
				mode = ToInt(ctx, a[1])
			}
			d, ok := ToDatetime(ctx, a[0])
			if !ok {
				return Value{}, nil
			}
			t := UnpackDateTime(d.n)
			if t.Month == 0 || t.Day == 0 {
				ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value: '"+TextOf(a[0])+"'")
				return Value{}, nil
			}
			behaviour := weekMode(int(mode & 7))
			if yearWeek {
				behaviour |= weekYear
			}
			w, y := calcWeek(t, behaviour)
			if yearWeek {
				return IntValue(int64(y*100 + w)), nil
			}
			return IntValue(int64(w)), nil
		})
	}
	weekFn("week", -1, false)
	weekFn("weekofyear", 3, false)
	weekFn("yearweek", -1, true)
	register("convert_tz", funcSpec{min: 3, max: 3, build: compileConvertTZ})
	register("get_format", funcSpec{raw: true, build: compileGetFormat})
}

// mysqlDayNumber is MySQL's calc_daynr: days since year 0 (TO_DAYS).
func mysqlDayNumber(year, month, day int) int64 {
	if year == 0 && month == 0 {
		return 0
	}
	y := int64(year)
	delsum := 365*y + 31*int64(month-1) + int64(day)
	if month <= 2 {
		y--
	} else {
		delsum -= int64(month*4+23) / 10
	}
	temp := ((y/100 + 1) * 3) / 4
	return delsum + y/4 - temp
}

func daysInYear(y int) int {
	if y&3 == 0 && (y%100 != 0 || (y%400 == 0 && y != 0)) {
		return 366
	}
	return 365
}

// dateFromDayNumber is MySQL's get_date_from_daynr (FROM_DAYS): day
// numbers outside 366..3652499 give the zero date.
func dateFromDayNumber(daynr int64) Value {
	if daynr <= 365 || daynr >= 3652500 {
		return DateValue(0, 0, 0)
	}
	year := int(daynr * 100 / 36525)
	temp := (((year - 1) / 100) + 1) * 3 / 4
	dayOfYear := int(daynr-int64(year)*365) - (year-1)/4 + temp
	diy := daysInYear(year)
	for dayOfYear > diy {
		dayOfYear -= diy
		year++
		diy = daysInYear(year)
	}
	leapDay := 0
	if diy == 366 && dayOfYear > 31+28 {
		dayOfYear--
		if dayOfYear == 31+28 {
			leapDay = 1
		}
	}
	month := 1
	for _, dm := range [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31} {
		if dayOfYear <= dm {
			break
		}
		dayOfYear -= dm
		month++
	}
	return DateValue(year, month, dayOfYear+leapDay)
}

// Week calculation flags (MySQL's WEEK_MONDAY_FIRST, WEEK_YEAR,
// WEEK_FIRST_WEEKDAY).
const (
	weekMondayFirst  = 1
	weekYear         = 2
	weekFirstWeekday = 4
)

func weekMode(mode int) int {
	f := mode & 7
	if f&weekMondayFirst == 0 {
		f ^= weekFirstWeekday
	}
	return f
}

// calcWeek is MySQL's calc_week: the week number and the year it
// belongs to.
func calcWeek(t DateTime, behaviour int) (week, year int) {
	daynr := mysqlDayNumber(t.Year, t.Month, t.Day)
	firstDaynr := mysqlDayNumber(t.Year, 1, 1)
	mondayFirst := behaviour&weekMondayFirst != 0
	wYear := behaviour&weekYear != 0
	firstWeekday := behaviour&weekFirstWeekday != 0
	weekdayOf := func(dn int64) int {
		dn += 5
		if !mondayFirst {
			dn++
		}
		return int(dn % 7)
	}
	wd := weekdayOf(firstDaynr)
	year = t.Year
	if t.Month == 1 && t.Day <= 7-wd {
		if !wYear && ((firstWeekday && wd != 0) || (!firstWeekday && wd >= 4)) {
			return 0, year
		}
		wYear = true
		year--
		days := daysInYear(year)
		firstDaynr -= int64(days)
		wd = (wd + 53*7 - days) % 7
	}
	var days int64
	if (firstWeekday && wd != 0) || (!firstWeekday && wd >= 4) {
		days = daynr - (firstDaynr + int64(7-wd))
	} else {
		days = daynr - (firstDaynr - int64(wd))
	}
	if wYear && days >= 52*7 {
		wd = (wd + daysInYear(year)) % 7
		if (!firstWeekday && wd < 4) || (firstWeekday && wd == 0) {
			return 1, year + 1
		}
	}
	return int(days/7) + 1, year
}

func validPeriod(p int64) bool {
	m := p % 100
	return p >= 0 && m >= 1 && m <= 12
}

func periodToMonth(p int64) int64 {
	if p == 0 {
		return 0
	}
	y := p / 100
	if y < 70 {
		y += 2000
	} else if y < 100 {
		y += 1900
	}
	return y*12 + p%100 - 1
}

func monthToPeriod(m int64) int64 {
	if m <= 0 {
		return 0
	}
	y := m / 12
	if y < 100 {
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
	}
	return y*100 + m%12 + 1
}

// timeArgs compiles the (unit, expr...) arguments of TIMESTAMPDIFF and
// TIMESTAMPADD.
func timeArgs(c *compiler, x *ast.FuncCallExpr) (ast.TimeUnitType, []Expr, error) {
	if len(x.Args) != 3 {
		return 0, nil, wrongArgCount(x.FnName.O)
	}
	u, ok := x.Args[0].(*ast.TimeUnitExpr)
	if !ok {
		return 0, nil, wrongArgCount(x.FnName.O)
	}
	args, err := c.compileAll(x.Args[1:])
	return u.Unit, args, err
}

func compileTimestampDiff(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
	unit, args, err := timeArgs(c, x)
	if err != nil {
		return nil, err
	}
	var div int64
	switch unit {
	case ast.TimeUnitMicrosecond, ast.TimeUnitSecond, ast.TimeUnitMinute, ast.TimeUnitHour, ast.TimeUnitDay, ast.TimeUnitWeek:
		div = simpleUnits[unit]
	case ast.TimeUnitMonth, ast.TimeUnitQuarter, ast.TimeUnitYear:
	default:
		return nil, mysqldef.NewError(mysqldef.ErrParse, "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s'", unit.String())
	}
	return &funcExpr{args: args, nullIn: true, typ: intType(20, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		x, ok1 := ToDatetime(ctx, a[0])
		y, ok2 := ToDatetime(ctx, a[1])
		if !ok1 || !ok2 {
			return Value{}, nil
		}
		t1, t2 := UnpackDateTime(x.n), UnpackDateTime(y.n)
		if t1.Month == 0 || t1.Day == 0 || t2.Month == 0 || t2.Day == 0 {
			return Value{}, nil
		}
		if div != 0 {
			us := (mysqlDayNumber(t2.Year, t2.Month, t2.Day)-mysqlDayNumber(t1.Year, t1.Month, t1.Day))*86400e6 +
				clockMicros(t2) - clockMicros(t1)
			return IntValue(us / div), nil
		}
		m := monthsBetween(t1, t2)
		switch unit {
		case ast.TimeUnitQuarter:
			m /= 3
		case ast.TimeUnitYear:
			m /= 12
		}
		return IntValue(m), nil
	}}, nil
}

func clockMicros(t DateTime) int64 {
	return int64(t.Hour*3600+t.Minute*60+t.Second)*1e6 + int64(t.Micro)
}

// monthsBetween counts whole months from a to b (negative when b is
// earlier): a month is complete once day-of-month and time reach a's.
func monthsBetween(a, b DateTime) int64 {
	sign := int64(1)
	if packDateTime(b) < packDateTime(a) {
		a, b = b, a
		sign = -1
	}
	m := int64(b.Year-a.Year)*12 + int64(b.Month-a.Month)
	if b.Day < a.Day || (b.Day == a.Day && clockMicros(b) < clockMicros(a)) {
		m--
	}
	return sign * m
}

func compileTimestampAdd(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
	unit, args, err := timeArgs(c, x)
	if err != nil {
		return nil, err
	}
	if _, ok := simpleUnits[unit]; !ok && unit != ast.TimeUnitMonth && unit != ast.TimeUnitQuarter && unit != ast.TimeUnitYear {
		return nil, mysqldef.NewError(mysqldef.ErrParse, "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s'", unit.String())
	}
	return &funcExpr{args: args, nullIn: true, typ: intervalType(args[1].Type(), unit), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		return dateArith(ctx, a[1], a[0], unit, false)
	}}, nil
}

// strToDateParts says which kinds of fields a STR_TO_DATE format holds.
func strToDateParts(f string) (date, clock, frac bool) {
	for i := 0; i+1 < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		switch f[i] {
		case 'a', 'b', 'c', 'D', 'd', 'e', 'j', 'M', 'm', 'U', 'u', 'V', 'v', 'W', 'w', 'X', 'x', 'Y', 'y':
			date = true
		case 'f':
			frac = true
		case 'H', 'h', 'I', 'i', 'k', 'l', 'p', 'r', 'S', 's', 'T':
			clock = true
		}
	}
	return
}

func compileStrToDate(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
	// the result type follows a constant format's fields
	kind, fsp := KindDatetime, 6
	typ := DatetimeType(6, true)
	if k, ok := args[1].(*constExpr); ok && k.v.k != KindNull {
		date, clock, frac := strToDateParts(TextOf(k.v))
		fsp = 0
		if frac {
			fsp = 6
		}
		switch {
		case date && (clock || frac):
			kind, typ = KindDatetime, DatetimeType(fsp, true)
		case date:
			kind, typ = KindDate, dateType(true)
		default:
			kind, typ = KindTime, timeType(fsp, true)
		}
	}
	return &funcExpr{args: args, nullIn: true, typ: typ, fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		t, trailing, ok := parseStrToDate(s, TextOf(a[1]))
		if ok && kind != KindTime && (t.Month == 0 || t.Day == 0 || !validDate(t)) {
			ok = false
		}
		if !ok {
			ctx.Warn(mysqldef.ErrWrongValueForType, "Incorrect datetime value: '"+s+"' for function str_to_date")
			return Value{}, nil
		}
		if trailing {
			ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect "+map[Kind]string{KindDate: "date", KindDatetime: "datetime", KindTime: "time"}[kind]+" value: '"+s+"'")
		}
		switch kind {
		case KindDate:
			return dateFromParts(t), nil
		case KindTime:
			us := clockMicros(t)
			return TimeFromMicros(truncMicros(us, fsp), fsp), nil
		}
		t.Micro = int(truncMicros(int64(t.Micro), fsp))
		return DatetimeFromParts(t, fsp), nil
	}}, nil
}

var monthNames = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
var dayNames = [...]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// parseStrToDate is MySQL's extract_date_time: s read by format f. Spaces
// in the format are ignored, other literal characters must match; a
// value that ends before the format is fine; trailing non-space text is
// reported through trailing.
func parseStrToDate(s, f string) (t DateTime, trailing, ok bool) {
	i := 0
	usaTime, pm := false, -1
	yday := -1
	num := func(maxDigits int) (int, bool) {
		j := i
		for j < len(s) && j-i < maxDigits && isDigit(s[j]) {
			j++
		}
		if j == i {
			return 0, false
		}
		n, _ := strconv.Atoi(s[i:j])
		i = j
		return n, true
	}
	word := func(names []string, abbrev bool) (int, bool) {
		rest := strings.ToLower(s[i:])
		for k, n := range names {
			if abbrev {
				n = n[:3]
			}
			if strings.HasPrefix(rest, n) {
				i += len(n)
				return k, true
			}
		}
		return 0, false
	}
	for p := 0; p < len(f) && i < len(s); p++ {
		// spaces before each value field are skipped, spaces in the
		// format match nothing
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			break
		}
		c := f[p]
		if isSpace(c) {
			continue
		}
		if c != '%' || p+1 == len(f) {
			if s[i] != c {
				return t, false, false
			}
			i++
			continue
		}
		p++
		var good bool
		switch f[p] {
		case 'Y':
			start := i
			t.Year, good = num(4)
			if good && i-start <= 2 {
				t.Year = twoDigitYear(t.Year)
			}
		case 'y':
			t.Year, good = num(2)
			t.Year = twoDigitYear(t.Year)
		case 'm', 'c':
			t.Month, good = num(2)
		case 'M', 'b':
			var m int
			m, good = word(monthNames[:], f[p] == 'b')
			t.Month = m + 1
		case 'd', 'e':
			t.Day, good = num(2)
		case 'D':
			t.Day, good = num(2)
			if good && i+2 <= len(s) {
				i += 2 // the ordinal suffix
			}
		case 'H', 'k':
			t.Hour, good = num(2)
		case 'h', 'I', 'l':
			t.Hour, good = num(2)
			usaTime = true
		case 'i':
			t.Minute, good = num(2)
		case 's', 'S':
			t.Second, good = num(2)
		case 'f':
			start := i
			t.Micro, good = num(6)
			for k := i - start; k < 6; k++ {
				t.Micro *= 10
			}
		case 'p':
			if i+2 > len(s) {
				return t, false, false
			}
			switch strings.ToUpper(s[i : i+2]) {
			case "AM":
				pm = 0
			case "PM":
				pm = 1
			default:
				return t, false, false
			}
			i += 2
			good = true
		case 'W', 'a':
			_, good = word(dayNames[:], f[p] == 'a')
		case 'j':
			yday, good = num(3)
		case 'U', 'u', 'V', 'v', 'X', 'x', 'w':
			width := 2
			switch f[p] {
			case 'X', 'x':
				width = 4
			case 'w':
				width = 1
			}
			_, good = num(width)
		case 'T':
			if t.Hour, good = num(2); good && i < len(s) && s[i] == ':' {
				i++
				if t.Minute, good = num(2); good && i < len(s) && s[i] == ':' {
					i++
					t.Second, good = num(2)
				}
			}
		case 'r':
			usaTime = true
			if t.Hour, good = num(2); good && i < len(s) && s[i] == ':' {
				i++
				if t.Minute, good = num(2); good && i < len(s) && s[i] == ':' {
					i++
					t.Second, good = num(2)
				}
			}
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if good && i+2 <= len(s) {
				switch strings.ToUpper(s[i : i+2]) {
				case "AM":
					pm, i = 0, i+2
				case "PM":
					pm, i = 1, i+2
				}
			}
		case '%':
			good = i < len(s) && s[i] == '%'
			i++
		default:
			good = i < len(s) && s[i] == f[p]
			i++
		}
		if !good {
			return t, false, false
		}
	}
	if pm >= 0 && !usaTime {
		return t, false, false
	}
	if usaTime {
		if t.Hour > 12 || t.Hour < 1 {
			return t, false, false
		}
		t.Hour %= 12
		if pm == 1 {
			t.Hour += 12
		}
	}
	if yday > 0 && t.Year > 0 {
		d := dateFromDayNumber(mysqlDayNumber(t.Year, 1, 1) + int64(yday) - 1)
		dt := UnpackDateTime(d.n)
		t.Year, t.Month, t.Day = dt.Year, dt.Month, dt.Day
	}
	if t.Month > 12 || t.Day > 31 || t.Hour > 23 || t.Minute > 59 || t.Second > 59 {
		return t, false, false
	}
	for ; i < len(s); i++ {
		if !isSpace(s[i]) {
			return t, true, true
		}
	}
	return t, false, true
}

// parseTZ reads a CONVERT_TZ zone: '+HH:MM' offsets, 'SYSTEM' or a name
// known to Go's zone database.
func parseTZ(s string) (*time.Location, bool) {
	if strings.EqualFold(s, "SYSTEM") {
		return time.Local, true
	}
	if len(s) >= 4 && (s[0] == '+' || s[0] == '-') {
		h, m, ok := strings.Cut(s[1:], ":")
		if !ok || len(m) != 2 || !allDigits(h) || !allDigits(m) || h == "" || len(h) > 2 {
			return nil, false
		}
		hh, mm := atoiN(h), atoiN(m)
		off := hh*60 + mm
		if s[0] == '-' {
			off = -off
		}
		if mm > 59 || off > 14*60 || off < -(13*60+59) {
			return nil, false
		}
		return time.FixedZone(s, off*60), true
	}
	if s == "" || strings.ContainsAny(s, " \\") {
		return nil, false
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, false
	}
	return loc, true
}

func compileConvertTZ(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
	t := args[0].Type()
	fsp := 6
	switch {
	case t.Type == mysqldef.TypeDatetime || t.Type == mysqldef.TypeTimestamp || t.Type == mysqldef.TypeTime:
		fsp = int(t.Decimals)
	case t.Type == mysqldef.TypeDate:
		fsp = 0
	default:
		if k, ok := args[0].(*constExpr); ok && k.v.IsStringKind() {
			if _, f, _, ok := parseDatetime(k.v.s); ok {
				fsp = f
			}
		} else if ok && k.v.IsNumeric() {
			fsp = 0
		}
	}
	return &funcExpr{args: args, nullIn: true, typ: DatetimeType(fsp, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		from, ok1 := parseTZ(TextOf(a[1]))
		to, ok2 := parseTZ(TextOf(a[2]))
		if !ok1 || !ok2 {
			return Value{}, nil
		}
		dt := UnpackDateTime(d.n)
		if dt.Month == 0 || dt.Day == 0 {
			return Value{}, nil
		}
		g := toGoTime(dt, from)
		// outside TIMESTAMP's range nothing is converted
		if u := g.Unix(); u < 1 || u > 1<<31-1 {
			return DatetimeFromParts(dt, fsp), nil
		}
		r := g.In(to)
		if r.Year() < 1 || r.Year() > 9999 {
			return Value{}, nil
		}
		return DatetimeValue(r, fsp), nil
	}}, nil
}

var getFormats = map[ast.GetFormatSelectorType]map[string]string{
	ast.GetFormatSelectorDate: {"USA": "%m.%d.%Y", "JIS": "%Y-%m-%d", "ISO": "%Y-%m-%d", "EUR": "%d.%m.%Y", "INTERNAL": "%Y%m%d"},
	ast.GetFormatSelectorDatetime: {"USA": "%Y-%m-%d %H.%i.%s", "JIS": "%Y-%m-%d %H:%i:%s", "ISO": "%Y-%m-%d %H:%i:%s",
		"EUR": "%Y-%m-%d %H.%i.%s", "INTERNAL": "%Y%m%d%H%i%s"},
	ast.GetFormatSelectorTime: {"USA": "%h:%i:%s %p", "JIS": "%H:%i:%s", "ISO": "%H:%i:%s", "EUR": "%H.%i.%s", "INTERNAL": "%H%i%s"},
}

func compileGetFormat(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
	if len(x.Args) != 2 {
		return nil, wrongArgCount(x.FnName.O)
	}
	sel, ok := x.Args[0].(*ast.GetFormatSelectorExpr)
	if !ok {
		return nil, wrongArgCount(x.FnName.O)
	}
	arg, err := c.compile(x.Args[1])
	if err != nil {
		return nil, err
	}
	table := getFormats[sel.Selector]
	return &funcExpr{args: []Expr{arg}, nullIn: true, typ: stringType(17, true), fn: func(_ *EvalCtx, a []Value) (Value, error) {
		f, ok := table[strings.ToUpper(TextOf(a[0]))]
		if !ok {
			return Value{}, nil
		}
		return StringValue(f), nil
	}}, nil
}

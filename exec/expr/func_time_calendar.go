package expr

import (
	"strconv"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Calendar arithmetic: TIMESTAMPDIFF, TIMESTAMPADD, LAST_DAY, MAKEDATE,
// MAKETIME, PERIOD_ADD, PERIOD_DIFF, TO_DAYS, FROM_DAYS, TO_SECONDS, WEEK,
// WEEKOFYEAR and YEARWEEK, with MySQL's day numbers and week modes.

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

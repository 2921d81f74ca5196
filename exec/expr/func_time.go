package expr

import (
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

func init() {
	for _, n := range []string{"now", "current_timestamp", "localtime", "localtimestamp"} {
		register(n, funcSpec{min: 0, max: 1, build: nowBuilder(func(ctx *EvalCtx) time.Time { return ctx.Now })})
	}
	register("sysdate", funcSpec{min: 0, max: 1, build: nowBuilder(func(ctx *EvalCtx) time.Time { return time.Now().In(ctx.location()) })})
	register("utc_timestamp", funcSpec{min: 0, max: 1, build: nowBuilder(func(ctx *EvalCtx) time.Time { return ctx.Now.UTC() })})
	simple("curdate", 0, 0, false, fixedType(dateType(false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		return dateFromParts(fromGoTime(ctx.Now, 0)), nil
	})
	alias("current_date", "curdate")
	simple("utc_date", 0, 0, false, fixedType(dateType(false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		return dateFromParts(fromGoTime(ctx.Now.UTC(), 0)), nil
	})
	register("curtime", funcSpec{min: 0, max: 1, build: clockBuilder(func(ctx *EvalCtx) time.Time { return ctx.Now })})
	alias("current_time", "curtime")
	register("utc_time", funcSpec{min: 0, max: 1, build: clockBuilder(func(ctx *EvalCtx) time.Time { return ctx.Now.UTC() })})
	register("unix_timestamp", funcSpec{min: 0, max: 1, build: compileUnixTimestamp})
	register("from_unixtime", funcSpec{min: 1, max: 2, build: compileFromUnixtime})
	simple("date_format", 2, 2, true, func([]Expr) ColumnType { return stringType(64, true) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		return StringValue(string(appendDateFormat(nil, d, TextOf(a[1])))), nil
	})
	for _, n := range []string{"date_add", "adddate"} {
		register(n, funcSpec{raw: true, build: intervalBuilder(false)})
	}
	for _, n := range []string{"date_sub", "subdate"} {
		register(n, funcSpec{raw: true, build: intervalBuilder(true)})
	}
	simple("datediff", 2, 2, true, intNull(10), func(ctx *EvalCtx, a []Value) (Value, error) {
		x, ok1 := ToDatetime(ctx, a[0])
		y, ok2 := ToDatetime(ctx, a[1])
		if !ok1 || !ok2 {
			return Value{}, nil
		}
		dx, okx := dayNumber(x)
		dy, oky := dayNumber(y)
		if !okx || !oky {
			return Value{}, nil
		}
		return IntValue(dx - dy), nil
	})
	datePart := func(name string, n int, f func(t DateTime) int) {
		simple(name, 1, 1, true, intNull(n), func(ctx *EvalCtx, a []Value) (Value, error) {
			d, ok := ToDatetime(ctx, a[0])
			if !ok {
				return Value{}, nil
			}
			return IntValue(int64(f(UnpackDateTime(d.n)))), nil
		})
	}
	datePart("year", 4, func(t DateTime) int { return t.Year })
	datePart("month", 2, func(t DateTime) int { return t.Month })
	datePart("day", 2, func(t DateTime) int { return t.Day })
	alias("dayofmonth", "day")
	datePart("quarter", 1, func(t DateTime) int { return (t.Month + 2) / 3 })
	datePart("dayofyear", 3, func(t DateTime) int { return yearDay(t) })
	datePart("dayofweek", 1, func(t DateTime) int { return weekday(t) + 1 })
	datePart("weekday", 1, func(t DateTime) int { return (weekday(t) + 6) % 7 })
	clockPart := func(name string, n int, f func(us int64) int64) {
		simple(name, 1, 1, true, intNull(n), func(ctx *EvalCtx, a []Value) (Value, error) {
			t, ok := ToTime(ctx, a[0])
			if !ok {
				return Value{}, nil
			}
			us := int64(t.n)
			if us < 0 {
				us = -us
			}
			return IntValue(f(us)), nil
		})
	}
	clockPart("hour", 3, func(us int64) int64 { return us / 3600000000 })
	clockPart("minute", 2, func(us int64) int64 { return us / 60000000 % 60 })
	clockPart("second", 2, func(us int64) int64 { return us / 1000000 % 60 })
	clockPart("microsecond", 6, func(us int64) int64 { return us % 1000000 })
	simple("date", 1, 1, true, fixedType(dateType(true)), func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		return dateFromParts(UnpackDateTime(d.n)), nil
	})
	simple("time", 1, 1, true, fixedType(timeType(6, true)), func(ctx *EvalCtx, a []Value) (Value, error) {
		t, ok := ToTime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		return t, nil
	})
	simple("dayname", 1, 1, true, fixedType(stringType(9, true)), func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok || UnpackDateTime(d.n).Month == 0 {
			return Value{}, nil
		}
		return StringValue(time.Weekday(weekday(UnpackDateTime(d.n))).String()), nil
	})
	simple("monthname", 1, 1, true, fixedType(stringType(9, true)), func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		m := UnpackDateTime(d.n).Month
		if !ok || m == 0 {
			return Value{}, nil
		}
		return StringValue(time.Month(m).String()), nil
	})
	simple("time_to_sec", 1, 1, true, intNull(10), func(ctx *EvalCtx, a []Value) (Value, error) {
		t, ok := ToTime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		return IntValue(int64(t.n) / 1000000), nil
	})
	register("sec_to_time", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		// Fractional seconds are kept: the argument's scale, 6 for a double or a string.
		fsp := 0
		if t := args[0].Type(); staticClass(t) == classDecimal {
			fsp = min(int(t.Decimals), 6)
		} else if staticClass(t) == classDouble {
			fsp = 6
		}
		return &funcExpr{args: args, nullIn: true, typ: timeType(fsp, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			if fsp == 0 {
				return clampTime(ctx, clampSecs(ToInt(ctx, a[0]))*1000000, 0), nil
			}
			us, ok := decToInt(scaled(ToDecimal(ctx, toNumber(ctx, a[0])), 6))
			if !ok {
				us = clampSecs(ToInt(ctx, a[0])) * 1000000
			}
			return clampTime(ctx, truncMicros(us, fsp), fsp), nil
		}}, nil
	}})
	register("extract", funcSpec{raw: true, build: compileExtract})
	register("'tidb`.(dateliteral", funcSpec{raw: true, build: literalBuilder(mysqldef.TypeDate)})
	register("'tidb`.(timestampliteral", funcSpec{raw: true, build: literalBuilder(mysqldef.TypeDatetime)})
	register("'tidb`.(timeliteral", funcSpec{raw: true, build: literalBuilder(mysqldef.TypeTime)})
}

// fspArg reads NOW(fsp)-style precision: a constant 0..6.
func fspArg(x *ast.FuncCallExpr, args []Expr) (int, error) {
	if len(args) == 0 {
		return 0, nil
	}
	n, ok := constInt(args[0])
	if !ok || n < 0 {
		return 0, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to %s", x.FnName.L)
	}
	if n > 6 {
		return 0, mysqldef.NewError(mysqldef.ErrTooBigPrecision, "Too-big precision %d specified for '%s'. Maximum is 6.", n, x.FnName.L)
	}
	return int(n), nil
}

func nowBuilder(now func(*EvalCtx) time.Time) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		fsp, err := fspArg(x, args)
		if err != nil {
			return nil, err
		}
		return &funcExpr{typ: DatetimeType(fsp, false), fn: func(ctx *EvalCtx, _ []Value) (Value, error) {
			return DatetimeValue(now(ctx), fsp), nil
		}}, nil
	}
}

func clockBuilder(now func(*EvalCtx) time.Time) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		fsp, err := fspArg(x, args)
		if err != nil {
			return nil, err
		}
		return &funcExpr{typ: timeType(fsp, false), fn: func(ctx *EvalCtx, _ []Value) (Value, error) {
			t := now(ctx)
			us := int64(t.Hour()*3600+t.Minute()*60+t.Second())*1000000 + int64(t.Nanosecond()/1000)
			return TimeFromMicros(truncMicros(us, fsp), fsp), nil
		}}, nil
	}
}

// compileUnixTimestamp: UNIX_TIMESTAMP() is the statement time in
// seconds; with an argument, that datetime read in the session zone,
// a decimal when it has fractional seconds; out-of-range dates give 0.
func compileUnixTimestamp(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
	if len(args) == 0 {
		return &funcExpr{typ: intType(11, false), fn: func(ctx *EvalCtx, _ []Value) (Value, error) {
			return IntValue(ctx.Now.Unix()), nil
		}}, nil
	}
	typ := intType(11, true)
	if d := args[0].Type().Decimals; d > 0 && d <= 6 {
		typ = decimalType(11+int(d), int(d), true)
	}
	// A stored TIMESTAMP column gives its instant directly (MySQL does
	// too): no round trip through the session zone, which a DST
	// fall-back would make ambiguous.
	stored := false
	if ce, ok := args[0].(*columnExpr); ok && ce.utc {
		raw := *ce
		raw.utc = false
		args = []Expr{&raw}
		stored = true
	}
	return &funcExpr{args: args, nullIn: true, typ: typ, fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		dt := UnpackDateTime(d.n)
		if dt.Month == 0 || dt.Day == 0 {
			return IntValue(0), nil
		}
		loc := ctx.location()
		if stored {
			loc = time.UTC
		}
		t := LocalInstant(dt, loc)
		if t.Unix() < 0 {
			return IntValue(0), nil
		}
		if d.fsp == 0 {
			return IntValue(t.Unix()), nil
		}
		fsp := int(d.fsp)
		coeff := t.Unix()*pow10[fsp] + int64(t.Nanosecond()/1000)/pow10[6-fsp]
		return DecimalValue(apd.New(coeff, int32(-fsp))), nil
	}}, nil
}

// compileFromUnixtime: FROM_UNIXTIME(ts[, format]) in the session zone.
func compileFromUnixtime(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
	fsp := 0
	if staticClass(args[0].Type()) == classDecimal {
		fsp = min(int(args[0].Type().Decimals), 6)
	} else if staticClass(args[0].Type()) == classDouble {
		fsp = 6
	}
	typ := DatetimeType(fsp, true)
	if len(args) == 2 {
		typ = stringType(64, true)
	}
	return &funcExpr{args: args, nullIn: true, typ: typ, fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		d := ToDecimal(ctx, toNumber(ctx, a[0]))
		if d.Negative {
			return Value{}, nil
		}
		us, ok := decToInt(new(apd.Decimal).Set(scaled(d, 6)))
		if !ok || us > 32536771199999999 {
			return Value{}, nil
		}
		t := time.UnixMicro(us).In(ctx.location())
		v := DatetimeValue(t, fsp)
		if len(a) == 2 {
			return StringValue(string(appendDateFormat(nil, v, TextOf(a[1])))), nil
		}
		return v, nil
	}}, nil
}

// scaled returns d * 10^n.
func scaled(d *apd.Decimal, n int) *apd.Decimal {
	out := new(apd.Decimal).Set(d)
	out.Exponent += int32(n)
	return out
}

// dayNumber counts days since year 0 for DATEDIFF; zero dates have none.
func dayNumber(v Value) (int64, bool) {
	t := UnpackDateTime(v.n)
	if t.Month == 0 || t.Day == 0 {
		return 0, false
	}
	u := time.Date(t.Year, time.Month(t.Month), t.Day, 0, 0, 0, 0, time.UTC)
	return u.Unix() / 86400, true
}

func weekday(t DateTime) int {
	return int(time.Date(t.Year, time.Month(t.Month), t.Day, 0, 0, 0, 0, time.UTC).Weekday())
}

func yearDay(t DateTime) int {
	if t.Month == 0 || t.Day == 0 {
		return 0
	}
	return time.Date(t.Year, time.Month(t.Month), t.Day, 0, 0, 0, 0, time.UTC).YearDay()
}

// interval is a parsed INTERVAL: months and microseconds, signed.
type interval struct {
	months int64
	micros int64
	fsp    int // fractional digits the interval carries
}

// unitFields lists, for compound units, the fields in order and the
// multiplier of each in microseconds (0 marks months/years).
var unitFields = map[ast.TimeUnitType][]int64{
	ast.TimeUnitSecondMicrosecond: {1e6, 1},
	ast.TimeUnitMinuteMicrosecond: {60e6, 1e6, 1},
	ast.TimeUnitMinuteSecond:      {60e6, 1e6},
	ast.TimeUnitHourMicrosecond:   {3600e6, 60e6, 1e6, 1},
	ast.TimeUnitHourSecond:        {3600e6, 60e6, 1e6},
	ast.TimeUnitHourMinute:        {3600e6, 60e6},
	ast.TimeUnitDayMicrosecond:    {86400e6, 3600e6, 60e6, 1e6, 1},
	ast.TimeUnitDaySecond:         {86400e6, 3600e6, 60e6, 1e6},
	ast.TimeUnitDayMinute:         {86400e6, 3600e6, 60e6},
	ast.TimeUnitDayHour:           {86400e6, 3600e6},
}

var simpleUnits = map[ast.TimeUnitType]int64{
	ast.TimeUnitMicrosecond: 1,
	ast.TimeUnitSecond:      1e6,
	ast.TimeUnitMinute:      60e6,
	ast.TimeUnitHour:        3600e6,
	ast.TimeUnitDay:         86400e6,
	ast.TimeUnitWeek:        7 * 86400e6,
}

// parseInterval reads INTERVAL v unit; ok is false on a malformed value
// (MySQL then returns NULL).
func parseInterval(ctx *EvalCtx, v Value, unit ast.TimeUnitType) (iv interval, ok bool) {
	switch unit {
	case ast.TimeUnitMonth:
		return interval{months: ToInt(ctx, v)}, true
	case ast.TimeUnitQuarter:
		return interval{months: 3 * ToInt(ctx, v)}, true
	case ast.TimeUnitYear:
		return interval{months: 12 * ToInt(ctx, v)}, true
	case ast.TimeUnitSecond:
		// seconds may carry a fraction
		d := ToDecimal(ctx, toNumber(ctx, v))
		us, ok := decToInt(scaled(d, 6))
		fsp := 0
		if decScale(d) > 0 {
			fsp = 6 // any fraction makes the result DATETIME(6)
		}
		return interval{micros: us, fsp: fsp}, ok
	}
	if mul, isSimple := simpleUnits[unit]; isSimple {
		n := ToInt(ctx, v)
		fsp := 0
		if unit == ast.TimeUnitMicrosecond {
			fsp = 6
		}
		return interval{micros: n * mul, fsp: fsp}, true
	}
	s := strings.TrimSpace(TextOf(v))
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var nums []int64
	var widths []int
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i > 18 {
			return iv, false
		}
		n, _ := strconv.ParseInt(s[i:j], 10, 64)
		nums = append(nums, n)
		widths = append(widths, j-i)
		i = j
	}
	if unit == ast.TimeUnitYearMonth {
		if len(nums) == 0 || len(nums) > 2 {
			return iv, false
		}
		m := nums[len(nums)-1]
		if len(nums) == 2 {
			m += nums[0] * 12
		}
		if neg {
			m = -m
		}
		return interval{months: m}, true
	}
	fields, known := unitFields[unit]
	if !known || len(nums) == 0 || len(nums) > len(fields) {
		return iv, false
	}
	// a short value fills the rightmost fields
	off := len(fields) - len(nums)
	for i, n := range nums {
		mul := fields[off+i]
		if mul == 1 {
			// microseconds are written as a fraction: '.5' is 500000
			for w := widths[i]; w < 6; w++ {
				n *= 10
			}
			iv.fsp = 6
		}
		iv.micros += n * mul
	}
	if neg {
		iv.micros = -iv.micros
	}
	return iv, true
}

// addInterval applies iv to a DATE/DATETIME value; ok is false when the
// result leaves years 0-9999.
func addInterval(d Value, iv interval) (Value, bool) {
	t := UnpackDateTime(d.n)
	if t.Month == 0 || t.Day == 0 {
		return Value{}, false
	}
	if iv.months != 0 {
		m := int64(t.Year)*12 + int64(t.Month-1) + iv.months
		if m < 0 || m >= 10000*12 {
			return Value{}, false
		}
		t.Year, t.Month = int(m/12), int(m%12)+1
		t.Day = min(t.Day, daysInMonth(t.Year, t.Month))
	}
	out := d
	out.n = packDateTime(t)
	if iv.micros == 0 {
		return out, true
	}
	fsp := max(int(d.fsp), iv.fsp)
	if d.k == KindDate && iv.micros%86400e6 == 0 {
		return AddMicros(out, iv.micros, 0)
	}
	if out.k == KindDate {
		out = DatetimeFromParts(t, 0)
	}
	return AddMicros(out, iv.micros, fsp)
}

// AddMicros shifts a DATE/DATETIME by us microseconds (a DATE stays a DATE
// only when fsp is 0 and whole days are added, which callers decide).
func AddMicros(d Value, us int64, fsp int) (Value, bool) {
	t := UnpackDateTime(d.n)
	if t.Month == 0 || t.Day == 0 {
		return Value{}, false
	}
	g := toGoTime(t, time.UTC).Add(time.Duration(us) * time.Microsecond)
	if g.Year() < 0 || g.Year() > 9999 {
		return Value{}, false
	}
	nt := fromGoTime(g, 6)
	if d.k == KindDate && nt.Hour == 0 && nt.Minute == 0 && nt.Second == 0 && nt.Micro == 0 && fsp == 0 {
		return dateFromParts(nt), true
	}
	return DatetimeFromParts(nt, max(fsp, int(d.fsp))), true
}

// intervalBuilder builds DATE_ADD/DATE_SUB(date, INTERVAL n unit) and
// ADDDATE/SUBDATE; the parser passes (date, n, unit).
func intervalBuilder(sub bool) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
		if len(x.Args) != 3 {
			return nil, wrongArgCount(x.FnName.O)
		}
		u, ok := x.Args[2].(*ast.TimeUnitExpr)
		if !ok {
			return nil, wrongArgCount(x.FnName.O)
		}
		args, err := c.compileAll(x.Args[:2])
		if err != nil {
			return nil, err
		}
		unit := u.Unit
		return &funcExpr{args: args, nullIn: true, typ: intervalType(args[0].Type(), unit), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			return dateArith(ctx, a[0], a[1], unit, sub)
		}}, nil
	}
}

func dateArith(ctx *EvalCtx, date, n Value, unit ast.TimeUnitType, sub bool) (Value, error) {
	isString := date.IsStringKind() || date.IsNumeric()
	d, ok := ToDatetime(ctx, date)
	if !ok {
		return Value{}, nil
	}
	iv, ok := parseInterval(ctx, n, unit)
	if !ok {
		return Value{}, nil
	}
	if sub {
		iv.months, iv.micros = -iv.months, -iv.micros
	}
	r, ok := addInterval(d, iv)
	if !ok {
		ctx.Warn(mysqldef.ErrDatetimeFunctionOverflow, "Datetime function: datetime field overflow")
		return Value{}, nil
	}
	if isString {
		return StringValue(TextOf(r)), nil
	}
	return r, nil
}

func intervalType(t ColumnType, unit ast.TimeUnitType) ColumnType {
	dayOrMore := unit == ast.TimeUnitDay || unit == ast.TimeUnitWeek || unit == ast.TimeUnitMonth ||
		unit == ast.TimeUnitQuarter || unit == ast.TimeUnitYear || unit == ast.TimeUnitYearMonth
	switch t.Type {
	case mysqldef.TypeDate:
		if dayOrMore {
			return dateType(true)
		}
		return DatetimeType(6, true)
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		fsp := int(t.Decimals)
		if !dayOrMore && unit != ast.TimeUnitHour && unit != ast.TimeUnitMinute {
			fsp = 6
		}
		return DatetimeType(fsp, true)
	}
	return stringType(29, true)
}

// compileExtract is EXTRACT(unit FROM date); the parser passes (unit, date).
func compileExtract(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
	if len(x.Args) != 2 {
		return nil, wrongArgCount(x.FnName.O)
	}
	u, ok := x.Args[0].(*ast.TimeUnitExpr)
	if !ok {
		return nil, wrongArgCount(x.FnName.O)
	}
	arg, err := c.compile(x.Args[1])
	if err != nil {
		return nil, err
	}
	unit := u.Unit
	return &funcExpr{args: []Expr{arg}, nullIn: true, typ: intType(10, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		d, ok := ToDatetime(ctx, a[0])
		if !ok {
			return Value{}, nil
		}
		t := UnpackDateTime(d.n)
		var r int
		switch unit {
		case ast.TimeUnitYear:
			r = t.Year
		case ast.TimeUnitQuarter:
			r = (t.Month + 2) / 3
		case ast.TimeUnitMonth:
			r = t.Month
		case ast.TimeUnitWeek:
			r, _ = weekMode0(t)
		case ast.TimeUnitDay:
			r = t.Day
		case ast.TimeUnitHour:
			r = t.Hour
		case ast.TimeUnitMinute:
			r = t.Minute
		case ast.TimeUnitSecond:
			r = t.Second
		case ast.TimeUnitMicrosecond:
			r = t.Micro
		case ast.TimeUnitYearMonth:
			r = t.Year*100 + t.Month
		case ast.TimeUnitDayHour:
			r = t.Day*100 + t.Hour
		case ast.TimeUnitDayMinute:
			r = (t.Day*100+t.Hour)*100 + t.Minute
		case ast.TimeUnitDaySecond:
			r = ((t.Day*100+t.Hour)*100+t.Minute)*100 + t.Second
		case ast.TimeUnitHourMinute:
			r = t.Hour*100 + t.Minute
		case ast.TimeUnitHourSecond:
			r = (t.Hour*100+t.Minute)*100 + t.Second
		case ast.TimeUnitMinuteSecond:
			r = t.Minute*100 + t.Second
		default:
			return Value{}, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'EXTRACT(%s)'", unit.String())
		}
		return IntValue(int64(r)), nil
	}}, nil
}

// literalBuilder makes DATE 'x', TIMESTAMP 'x', TIME 'x': checked at
// compile time, an invalid literal is error 1525 like MySQL.
func literalBuilder(typ byte) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
		if len(x.Args) != 1 {
			return nil, wrongArgCount(x.FnName.O)
		}
		arg, err := c.compile(x.Args[0])
		if err != nil {
			return nil, err
		}
		k, ok := arg.(*constExpr)
		if !ok || !k.v.IsStringKind() {
			return nil, mysqldef.NewError(mysqldef.ErrIncorrectValue, "Incorrect value")
		}
		s := k.v.s
		switch typ {
		case mysqldef.TypeDate:
			t, _, hasTime, ok := parseDatetime(s)
			if !ok || hasTime {
				return nil, mysqldef.NewError(mysqldef.ErrIncorrectValue, "Incorrect DATE value: '%s'", s)
			}
			return &constExpr{v: dateFromParts(t), typ: dateType(false)}, nil
		case mysqldef.TypeDatetime:
			t, fsp, _, ok := parseDatetime(s)
			if !ok {
				return nil, mysqldef.NewError(mysqldef.ErrIncorrectValue, "Incorrect DATETIME value: '%s'", s)
			}
			return &constExpr{v: DatetimeFromParts(t, fsp), typ: DatetimeType(fsp, false)}, nil
		}
		us, fsp, ok := parseTimeString(s)
		if !ok || us > maxTimeMicros || us < -maxTimeMicros {
			return nil, mysqldef.NewError(mysqldef.ErrIncorrectValue, "Incorrect TIME value: '%s'", s)
		}
		return &constExpr{v: TimeFromMicros(us, fsp), typ: timeType(fsp, false)}, nil
	}
}

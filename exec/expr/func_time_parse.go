package expr

import (
	"strconv"
	"strings"
	_ "time/tzdata" // CONVERT_TZ's named zones work without system zoneinfo

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Dates from text and zones: STR_TO_DATE (with its format parser),
// GET_FORMAT and CONVERT_TZ.

func init() {
	register("str_to_date", funcSpec{min: 2, max: 2, build: compileStrToDate})
	register("convert_tz", funcSpec{min: 3, max: 3, build: compileConvertTZ})
	register("get_format", funcSpec{raw: true, build: compileGetFormat})
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
		from, ok1 := ParseTimeZone(TextOf(a[1]))
		to, ok2 := ParseTimeZone(TextOf(a[2]))
		if !ok1 || !ok2 {
			return Value{}, nil
		}
		dt := UnpackDateTime(d.n)
		if dt.Month == 0 || dt.Day == 0 {
			return Value{}, nil
		}
		g := LocalInstant(dt, from)
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

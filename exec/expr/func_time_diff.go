package expr

import (
	"strings"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// TIMEDIFF, ADDTIME and SUBTIME: arithmetic between a TIME or DATETIME and
// a TIME, as MySQL does it. A TIME result is clamped to +-838:59:59 with
// warning 1292; a DATETIME result outside 0001..9999 is NULL.

func init() {
	register("timediff", funcSpec{min: 2, max: 2, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		fsp := max(argFsp(args[0]), argFsp(args[1]))
		return &funcExpr{args: args, nullIn: true, typ: timeType(fsp, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			us1, dt1, ok1 := timeOrDatetime(ctx, a[0])
			us2, dt2, ok2 := timeOrDatetime(ctx, a[1])
			if !ok1 || !ok2 || dt1 != dt2 {
				// MySQL: both must be TIME or both DATETIME, else NULL.
				return Value{}, nil
			}
			return clampTime(ctx, us1-us2, fsp), nil
		}}, nil
	}})
	register("addtime", funcSpec{min: 2, max: 2, build: addTimeBuilder(1)})
	register("subtime", funcSpec{min: 2, max: 2, build: addTimeBuilder(-1)})
}

// addTimeBuilder builds ADDTIME (sign 1) and SUBTIME (sign -1). The result
// is a DATETIME for a date/datetime first argument, a TIME for a TIME, and
// for a string whichever the string holds (as text, as MySQL types it).
func addTimeBuilder(sign int64) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		fsp := max(argFsp(args[0]), argFsp(args[1]))
		var typ ColumnType
		switch args[0].Type().Type {
		case mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
			typ = DatetimeType(fsp, true)
		case mysqldef.TypeTime:
			typ = timeType(fsp, true)
		default:
			typ = stringType(26, true)
		}
		asText := typ.Type != mysqldef.TypeDatetime && typ.Type != mysqldef.TypeTime
		return &funcExpr{args: args, nullIn: true, typ: typ, fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			us1, isDT, ok := timeOrDatetime(ctx, a[0])
			if !ok {
				return Value{}, nil
			}
			if a[1].k == KindDate || a[1].k == KindDatetime {
				return Value{}, nil // the second argument must be a TIME
			}
			d, ok := ToTime(ctx, a[1])
			if !ok {
				return Value{}, nil
			}
			total := us1 + sign*d.TimeMicros()
			var v Value
			if isDT {
				t, ok := datetimeFromMicros(total)
				if !ok {
					return Value{}, nil
				}
				v = DatetimeFromParts(t, fsp)
			} else {
				v = clampTime(ctx, total, fsp)
			}
			if asText {
				return StringValue(TextOf(v)), nil
			}
			return v, nil
		}}, nil
	}
}

// argFsp is the fractional-second precision an argument brings: its
// type's for temporal columns, the literal's own digits for a constant
// string, 6 for other strings (MySQL's rules for these functions).
func argFsp(e Expr) int {
	if k, ok := e.(*constExpr); ok {
		switch k.v.k {
		case KindString, KindBytes:
			s := strings.TrimSpace(k.v.s)
			if i := strings.LastIndexByte(s, '.'); i >= 0 && !strings.ContainsAny(s[i:], " :-") {
				return min(len(s)-i-1, 6)
			}
			return 0
		case KindInt, KindUint:
			return 0
		}
	}
	t := e.Type()
	switch t.Type {
	case mysqldef.TypeTime, mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		return int(t.Decimals)
	case mysqldef.TypeDate, mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeInt24:
		return 0
	}
	return 6
}

// timeOrDatetime reads v as MySQL's get_time does for these functions: a
// DATETIME (microseconds since 0001-01-01, isDT) or a TIME (signed
// microseconds). A string is a DATETIME when it has a date part.
func timeOrDatetime(ctx *EvalCtx, v Value) (us int64, isDT, ok bool) {
	switch v.k {
	case KindDate, KindDatetime:
		return datetimeMicros(UnpackDateTime(v.n)), true, true
	case KindTime:
		return v.TimeMicros(), false, true
	case KindString, KindBytes:
		s := strings.TrimSpace(v.s)
		if len(s) > 1 && strings.IndexByte(s[1:], '-') >= 0 {
			d, ok := ToDatetime(ctx, v)
			if !ok {
				return 0, false, false
			}
			return datetimeMicros(UnpackDateTime(d.n)), true, true
		}
	}
	t, ok := ToTime(ctx, v)
	if !ok {
		return 0, false, false
	}
	return t.TimeMicros(), false, true
}

func datetimeMicros(t DateTime) int64 {
	g := time.Date(t.Year, time.Month(max(t.Month, 1)), max(t.Day, 1), t.Hour, t.Minute, t.Second, t.Micro*1000, time.UTC)
	return g.UnixMicro()
}

// datetimeFromMicros is datetimeMicros' inverse; ok is false outside
// MySQL's DATETIME range.
func datetimeFromMicros(us int64) (DateTime, bool) {
	g := time.UnixMicro(us).UTC()
	if g.Year() < 1 || g.Year() > 9999 {
		return DateTime{}, false
	}
	return DateTime{Year: g.Year(), Month: int(g.Month()), Day: g.Day(), Hour: g.Hour(), Minute: g.Minute(),
		Second: g.Second(), Micro: g.Nanosecond() / 1000}, true
}

// clampTime makes a TIME of us, clamped to TIME's range with warning 1292.
func clampTime(ctx *EvalCtx, us int64, fsp int) Value {
	if us > maxTimeMicros || us < -maxTimeMicros {
		v := TimeFromMicros(us, fsp)
		ctx.Warn(mysqldef.ErrTruncatedWrongValue, "Truncated incorrect time value: '"+formatMicrosAsTime(us)+"'")
		return v
	}
	return TimeFromMicros(us, fsp)
}

// formatMicrosAsTime writes an unclamped duration as h:mm:ss for warnings.
func formatMicrosAsTime(us int64) string {
	neg := us < 0
	if neg {
		us = -us
	}
	secs := us / 1000000
	b := []byte{}
	if neg {
		b = append(b, '-')
	}
	b = appendInt(b, secs/3600)
	b = append(b, ':')
	b = append2(b, secs/60%60)
	b = append(b, ':')
	b = append2(b, secs%60)
	return string(b)
}

func appendInt(b []byte, n int64) []byte {
	return IntValue(n).AppendText(b)
}

func append2(b []byte, n int64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// clampSecs keeps a seconds count where multiplying by 1e6 cannot overflow
// (anything that large is past TIME's range anyway).
func clampSecs(n int64) int64 {
	return max(min(n, 1<<40), -(1 << 40))
}

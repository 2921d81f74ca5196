package exec

import (
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Binary protocol values: EXECUTE's parameters in, result rows out.

// valueFromBinaryParam converts one decoded EXECUTE parameter.
func valueFromBinaryParam(p codec.BinaryParam) expr.Value {
	if p.Null {
		return expr.Value{}
	}
	switch p.Type.Type {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeYear:
		if p.Type.Unsigned {
			return expr.UintValue(p.Uint)
		}
		return expr.IntValue(p.Int)
	case mysqldef.TypeFloat, mysqldef.TypeDouble:
		return expr.FloatValue(p.Float)
	case mysqldef.TypeDate:
		return expr.DateValue(p.Time.Year, p.Time.Month, p.Time.Day)
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		fsp := 0
		if p.Time.Micro != 0 {
			fsp = 6
		}
		return expr.DatetimeFromParts(expr.DateTime{Year: p.Time.Year, Month: p.Time.Month, Day: p.Time.Day,
			Hour: p.Time.Hour, Minute: p.Time.Minute, Second: p.Time.Second, Micro: p.Time.Micro}, fsp)
	case mysqldef.TypeTime:
		us := (int64(p.Time.Days*24+p.Time.Hour)*3600+int64(p.Time.Minute)*60+int64(p.Time.Second))*1e6 + int64(p.Time.Micro)
		if p.Time.Neg {
			us = -us
		}
		fsp := 0
		if p.Time.Micro != 0 {
			fsp = 6
		}
		return expr.TimeFromMicros(us, fsp)
	case mysqldef.TypeNull:
		return expr.Value{}
	}
	// Decimals, strings, blobs, JSON...: the text.
	s := string(p.Bytes)
	if p.Type.Type == mysqldef.TypeNewDecimal || p.Type.Type == mysqldef.TypeDecimal {
		if d, ok := parseDecimalText(s); ok {
			return expr.DecimalValue(d)
		}
	}
	return expr.StringValue(s)
}

// appendBinaryRow encodes a result row in the binary protocol, each value
// in the form its column type announces.
func (r *resultSet) appendBinaryRow(b []byte, vals []expr.Value) []byte {
	b, bitmap := codec.BeginBinaryRow(b, len(vals))
	ctx := r.s.evalCtx
	for i, v := range vals {
		if v.IsNull() {
			codec.SetBinaryRowNull(b, bitmap, i)
			continue
		}
		t := r.types[i]
		switch t.Type {
		case mysqldef.TypeTiny:
			b = codec.AppendBinaryInt8(b, int8(binaryInt(ctx, v, t)))
		case mysqldef.TypeShort, mysqldef.TypeYear:
			b = codec.AppendBinaryInt16(b, int16(binaryInt(ctx, v, t)))
		case mysqldef.TypeLong, mysqldef.TypeInt24:
			b = codec.AppendBinaryInt32(b, int32(binaryInt(ctx, v, t)))
		case mysqldef.TypeLongLong:
			b = codec.AppendBinaryInt64(b, binaryInt(ctx, v, t))
		case mysqldef.TypeFloat:
			b = codec.AppendBinaryFloat32(b, float32(expr.ToFloat(ctx, v)))
		case mysqldef.TypeDouble:
			b = codec.AppendBinaryFloat64(b, expr.ToFloat(ctx, v))
		case mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
			dt, ok := expr.ToDatetime(ctx, v)
			if !ok {
				codec.SetBinaryRowNull(b, bitmap, i)
				continue
			}
			p := expr.UnpackDateTime(dt.Bits())
			bt := codec.BinaryTime{Year: p.Year, Month: p.Month, Day: p.Day, Hour: p.Hour, Minute: p.Minute, Second: p.Second, Micro: p.Micro}
			if t.Type == mysqldef.TypeDate {
				b = codec.AppendBinaryDate(b, p.Year, p.Month, p.Day)
			} else {
				b = codec.AppendBinaryDatetime(b, bt)
			}
		case mysqldef.TypeTime:
			tv, ok := expr.ToTime(ctx, v)
			if !ok {
				codec.SetBinaryRowNull(b, bitmap, i)
				continue
			}
			us := int64(tv.Bits())
			bt := codec.BinaryTime{Neg: us < 0}
			if us < 0 {
				us = -us
			}
			bt.Micro = int(us % 1e6)
			secs := us / 1e6
			bt.Second, bt.Minute = int(secs%60), int(secs/60%60)
			hours := secs / 3600
			bt.Days, bt.Hour = int(hours/24), int(hours%24)
			b = codec.AppendBinaryTime(b, bt)
		default:
			// Strings, decimals, JSON...: length-encoded text, written in
			// place (no per-value allocation).
			if v.Kind() == expr.KindString || v.Kind() == expr.KindBytes {
				b = codec.AppendLenEncString(b, v.Str())
				continue
			}
			var mark int
			b, mark = codec.ReserveTextValue(b)
			b = v.AppendText(b)
			b = codec.FinishTextValue(b, mark)
		}
	}
	return b
}

// binaryInt reads v as the integer a column of type t holds (unsigned
// values travel as their bit pattern).
func binaryInt(ctx *expr.EvalCtx, v expr.Value, t expr.ColumnType) int64 {
	if t.Flags&mysqldef.FlagUnsigned != 0 {
		return int64(expr.ToUint(ctx, v))
	}
	return expr.ToInt(ctx, v)
}

// parseDecimalText reads a DECIMAL parameter's text exactly.
func parseDecimalText(s string) (*apd.Decimal, bool) {
	d, _, err := apd.NewFromString(strings.TrimSpace(s))
	return d, err == nil
}

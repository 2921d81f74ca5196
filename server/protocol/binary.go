package protocol

import (
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/mysqldef"
)

// Binary protocol values: EXECUTE's parameters in, result rows out. The
// conversions are exec's; the bytes are codec's.

// paramValue converts one decoded EXECUTE parameter.
func paramValue(p *codec.BinaryParam) exec.Value {
	if p.Null {
		return exec.NullValue()
	}
	switch p.Type.Type {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeYear:
		if p.Type.Unsigned {
			return exec.UintValue(p.Uint)
		}
		return exec.IntValue(p.Int)
	case mysqldef.TypeFloat, mysqldef.TypeDouble:
		return exec.FloatValue(p.Float)
	case mysqldef.TypeDate:
		return exec.DateValue(p.Time.Year, p.Time.Month, p.Time.Day)
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		fsp := 0
		if p.Time.Micro != 0 {
			fsp = 6
		}
		return exec.DatetimeFromParts(exec.DateTimeParts{Year: p.Time.Year, Month: p.Time.Month, Day: p.Time.Day,
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
		return exec.TimeFromMicros(us, fsp)
	case mysqldef.TypeNull:
		return exec.NullValue()
	}
	// Decimals, strings, blobs, JSON...: the text.
	s := string(p.Bytes)
	if p.Type.Type == mysqldef.TypeNewDecimal || p.Type.Type == mysqldef.TypeDecimal {
		if d, ok := exec.DecimalFromText(s); ok {
			return d
		}
	}
	return exec.StringValue(s)
}

// appendBinaryRow encodes a result row in the binary protocol, each value
// in the form its column type announces, converted with ctx.
func appendBinaryRow(b []byte, ctx *exec.EvalCtx, types []exec.ColumnType, vals []exec.Value) []byte {
	b, bitmap := codec.BeginBinaryRow(b, len(vals))
	for i, v := range vals {
		if v.IsNull() {
			codec.SetBinaryRowNull(b, bitmap, i)
			continue
		}
		t := types[i]
		unsigned := t.Flags&mysqldef.FlagUnsigned != 0
		switch t.Type {
		case mysqldef.TypeTiny:
			b = codec.AppendBinaryInt8(b, int8(exec.IntOf(ctx, v, unsigned)))
		case mysqldef.TypeShort, mysqldef.TypeYear:
			b = codec.AppendBinaryInt16(b, int16(exec.IntOf(ctx, v, unsigned)))
		case mysqldef.TypeLong, mysqldef.TypeInt24:
			b = codec.AppendBinaryInt32(b, int32(exec.IntOf(ctx, v, unsigned)))
		case mysqldef.TypeLongLong:
			b = codec.AppendBinaryInt64(b, exec.IntOf(ctx, v, unsigned))
		case mysqldef.TypeFloat:
			b = codec.AppendBinaryFloat32(b, float32(exec.FloatOf(ctx, v)))
		case mysqldef.TypeDouble:
			b = codec.AppendBinaryFloat64(b, exec.FloatOf(ctx, v))
		case mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
			p, ok := exec.DatetimeOf(ctx, v)
			if !ok {
				codec.SetBinaryRowNull(b, bitmap, i)
				continue
			}
			if t.Type == mysqldef.TypeDate {
				b = codec.AppendBinaryDate(b, p.Year, p.Month, p.Day)
			} else {
				b = codec.AppendBinaryDatetime(b, codec.BinaryTime{Year: p.Year, Month: p.Month, Day: p.Day,
					Hour: p.Hour, Minute: p.Minute, Second: p.Second, Micro: p.Micro})
			}
		case mysqldef.TypeTime:
			us, ok := exec.TimeOf(ctx, v)
			if !ok {
				codec.SetBinaryRowNull(b, bitmap, i)
				continue
			}
			b = codec.AppendBinaryTime(b, binaryTime(us))
		default:
			// Strings, decimals, JSON...: length-encoded text, written in
			// place (no per-value allocation).
			if k := v.Kind(); k == exec.KindString || k == exec.KindBytes {
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

// binaryTime splits a TIME of us microseconds into the binary form's
// days, hours, minutes, seconds and microseconds.
func binaryTime(us int64) codec.BinaryTime {
	bt := codec.BinaryTime{Neg: us < 0}
	if us < 0 {
		us = -us
	}
	bt.Micro = int(us % 1e6)
	secs := us / 1e6
	bt.Second, bt.Minute = int(secs%60), int(secs/60%60)
	hours := secs / 3600
	bt.Days, bt.Hour = int(hours/24), int(hours%24)
	return bt
}

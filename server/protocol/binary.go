package protocol

import (
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec/charset"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Binary protocol values: EXECUTE's parameters in, result rows out. The
// conversions are exec's; the bytes are codec's.

// paramValue converts one decoded EXECUTE parameter.
func paramValue(p *codec.BinaryParam) expr.Value {
	if p.Null {
		return expr.NullValue()
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
		return expr.NullValue()
	}
	// Decimals, strings, blobs, JSON...: the text.
	s := string(p.Bytes)
	if p.Type.Type == mysqldef.TypeNewDecimal || p.Type.Type == mysqldef.TypeDecimal {
		if d, ok := expr.DecimalFromText(s); ok {
			return d
		}
	}
	return expr.StringValue(s)
}

// appendBinaryRow encodes a result row in the binary protocol, each value
// in the form its column type announces, converted with ctx.
// conv, when not nil, converts the text of the columns it marks
// (charset.go).
func appendBinaryRow(b []byte, ctx *expr.EvalCtx, types []expr.ColumnType, vals []expr.Value, conv *converter) []byte {
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
			b = codec.AppendBinaryInt8(b, int8(intOf(ctx, v, unsigned)))
		case mysqldef.TypeShort, mysqldef.TypeYear:
			b = codec.AppendBinaryInt16(b, int16(intOf(ctx, v, unsigned)))
		case mysqldef.TypeLong, mysqldef.TypeInt24:
			b = codec.AppendBinaryInt32(b, int32(intOf(ctx, v, unsigned)))
		case mysqldef.TypeLongLong:
			b = codec.AppendBinaryInt64(b, intOf(ctx, v, unsigned))
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
			if t.Type == mysqldef.TypeDate {
				b = codec.AppendBinaryDate(b, p.Year, p.Month, p.Day)
			} else {
				b = codec.AppendBinaryDatetime(b, codec.BinaryTime{Year: p.Year, Month: p.Month, Day: p.Day,
					Hour: p.Hour, Minute: p.Minute, Second: p.Second, Micro: p.Micro})
			}
		case mysqldef.TypeTime:
			tv, ok := expr.ToTime(ctx, v)
			if !ok {
				codec.SetBinaryRowNull(b, bitmap, i)
				continue
			}
			b = codec.AppendBinaryTime(b, binaryTime(int64(tv.Bits())))
		case mysqldef.TypeBit:
			var mark int
			b, mark = codec.ReserveTextValue(b)
			b = appendBitValue(b, v, t.Length)
			b = codec.FinishTextValue(b, mark)
		default:
			// Strings, decimals, JSON...: length-encoded text, written in
			// place (no per-value allocation).
			if k := v.Kind(); k == expr.KindString || k == expr.KindBytes {
				if conv != nil && conv.text(i) {
					var mark int
					b, mark = codec.ReserveTextValue(b)
					b = charset.AppendFromUTF8(b, conv.out, v.Str())
					b = codec.FinishTextValue(b, mark)
					continue
				}
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

// intOf reads v as the integer its column holds; unsigned values travel as
// their bit pattern.
func intOf(ctx *expr.EvalCtx, v expr.Value, unsigned bool) int64 {
	if unsigned {
		return int64(expr.ToUint(ctx, v))
	}
	return expr.ToInt(ctx, v)
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

// appendBitValue appends a BIT column's value as MySQL sends it in both
// protocols: (width+7)/8 big-endian bytes. A value that is not a number
// (an expression typed BIT that produced a string) goes as it is.
func appendBitValue(b []byte, v expr.Value, width uint32) []byte {
	switch v.Kind() {
	case expr.KindUint, expr.KindInt:
	default:
		return v.AppendText(b)
	}
	n := int(min(max((width+7)/8, 1), 8))
	u := v.Uint()
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(u>>(8*uint(i))))
	}
	return b
}

package codec

import (
	"encoding/binary"
	"math"

	"github.com/loopdb/loopdb/mysqldef"
)

// Binary protocol values, used by COM_STMT_EXECUTE parameters and by the
// rows of a prepared statement's result set. The format depends on the
// column (or parameter) type; integers are little endian:
//
//	TINY                          int<1>
//	SHORT, YEAR                   int<2>
//	LONG, INT24                   int<4>
//	LONGLONG                      int<8>
//	FLOAT                         4-byte IEEE 754
//	DOUBLE                        8-byte IEEE 754
//	NULL                          nothing
//	DATE, DATETIME, TIMESTAMP     int<1> length (0, 4, 7 or 11), then
//	                              int<2> year, int<1> month, int<1> day     (4+)
//	                              int<1> hour, int<1> minute, int<1> second (7+)
//	                              int<4> microsecond                        (11)
//	TIME                          int<1> length (0, 8 or 12), then
//	                              int<1> is_negative, int<4> days,
//	                              int<1> hour, int<1> minute, int<1> second (8+)
//	                              int<4> microsecond                        (12)
//	anything else (DECIMAL, NEWDECIMAL, VARCHAR, VAR_STRING, STRING, the
//	BLOB types, ENUM, SET, JSON, BIT, GEOMETRY, and unknown types, which
//	MySQL also reads as strings)  lenenc string
//
// Omitted date and time fields are zero.

// BinaryTime is a DATE, DATETIME, TIMESTAMP or TIME value in the binary
// protocol. Dates use Year..Micro; TIME uses Neg, Days, Hour, Minute,
// Second and Micro (Year, Month and Day are unused).
type BinaryTime struct {
	Neg                                           bool
	Year, Month, Day, Hour, Minute, Second, Micro int
	// Days is the day part of a TIME (838:59:59 is 34 days and 22 hours).
	Days int
}

// BinaryParam is one decoded binary-protocol value: a COM_STMT_EXECUTE
// parameter or a column of a binary result row.
type BinaryParam struct {
	// Null: the value is SQL NULL (its NULL bit was set).
	Null bool
	// Long: the value came by COM_STMT_SEND_LONG_DATA, not in this packet;
	// the value fields are empty.
	Long bool
	Type ParamType
	// Int and Uint hold integer types (TINY, SHORT, YEAR, INT24, LONG,
	// LONGLONG): Int is the value sign-extended when Type is signed and
	// zero-extended when unsigned, and Uint is always uint64(Int), so read
	// Int for signed and Uint for unsigned types.
	Int  int64
	Uint uint64
	// Float holds FLOAT (widened) and DOUBLE.
	Float float64
	// Bytes holds the string types; it aliases the decoded payload.
	Bytes []byte
	// Time holds DATE, DATETIME, TIMESTAMP and TIME.
	Time BinaryTime
}

// readBinaryValue decodes one value of type p.Type at the start of b into p
// and returns the number of bytes it used.
func readBinaryValue(b []byte, p *BinaryParam) (int, error) {
	var size int
	switch p.Type.Type {
	case mysqldef.TypeNull:
		return 0, nil
	case mysqldef.TypeTiny:
		size = 1
	case mysqldef.TypeShort, mysqldef.TypeYear:
		size = 2
	case mysqldef.TypeLong, mysqldef.TypeInt24, mysqldef.TypeFloat:
		size = 4
	case mysqldef.TypeLongLong, mysqldef.TypeDouble:
		size = 8
	case mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		return readBinaryDatetime(b, &p.Time)
	case mysqldef.TypeTime:
		return readBinaryTime(b, &p.Time)
	default:
		s, isNull, n, err := ReadLenEncBytes(b)
		if err != nil || isNull {
			// 0xfb is not a length in a binary value: NULLs are in the bitmap.
			return 0, ErrMalformed
		}
		p.Bytes = s
		return n, nil
	}
	if len(b) < size {
		return 0, ErrMalformed
	}
	switch p.Type.Type {
	case mysqldef.TypeFloat:
		p.Float = float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
		return size, nil
	case mysqldef.TypeDouble:
		p.Float = math.Float64frombits(binary.LittleEndian.Uint64(b))
		return size, nil
	}
	var u uint64
	switch size {
	case 1:
		u = uint64(b[0])
		if !p.Type.Unsigned {
			u = uint64(int64(int8(b[0])))
		}
	case 2:
		v := binary.LittleEndian.Uint16(b)
		u = uint64(v)
		if !p.Type.Unsigned {
			u = uint64(int64(int16(v)))
		}
	case 4:
		v := binary.LittleEndian.Uint32(b)
		u = uint64(v)
		if !p.Type.Unsigned {
			u = uint64(int64(int32(v)))
		}
	default:
		u = binary.LittleEndian.Uint64(b)
	}
	p.Uint, p.Int = u, int64(u)
	return size, nil
}

func readBinaryDatetime(b []byte, t *BinaryTime) (int, error) {
	if len(b) < 1 {
		return 0, ErrMalformed
	}
	l := int(b[0])
	if (l != 0 && l != 4 && l != 7 && l != 11) || len(b)-1 < l {
		return 0, ErrMalformed
	}
	v := b[1 : 1+l]
	if l >= 4 {
		t.Year = int(binary.LittleEndian.Uint16(v))
		t.Month, t.Day = int(v[2]), int(v[3])
	}
	if l >= 7 {
		t.Hour, t.Minute, t.Second = int(v[4]), int(v[5]), int(v[6])
	}
	if l == 11 {
		t.Micro = int(binary.LittleEndian.Uint32(v[7:]))
	}
	return 1 + l, nil
}

func readBinaryTime(b []byte, t *BinaryTime) (int, error) {
	if len(b) < 1 {
		return 0, ErrMalformed
	}
	l := int(b[0])
	if (l != 0 && l != 8 && l != 12) || len(b)-1 < l {
		return 0, ErrMalformed
	}
	v := b[1 : 1+l]
	if l >= 8 {
		t.Neg = v[0] != 0
		t.Days = int(binary.LittleEndian.Uint32(v[1:]))
		t.Hour, t.Minute, t.Second = int(v[5]), int(v[6]), int(v[7])
	}
	if l == 12 {
		t.Micro = int(binary.LittleEndian.Uint32(v[8:]))
	}
	return 1 + l, nil
}

// AppendBinaryValue appends v in the binary format of v.Type.Type (see the
// table above), or nothing when v is Null or Long or of type NULL. Integers
// are taken from Uint when v.Type.Unsigned, else from Int, and truncated
// to the type's width; dates and times use AppendBinaryDatetime and
// AppendBinaryTime. Writers that know their column types statically call
// the typed appenders directly.
func AppendBinaryValue(dst []byte, v *BinaryParam) []byte {
	if v.Null || v.Long {
		return dst
	}
	u := uint64(v.Int)
	if v.Type.Unsigned {
		u = v.Uint
	}
	switch v.Type.Type {
	case mysqldef.TypeNull:
		return dst
	case mysqldef.TypeTiny:
		return append(dst, byte(u))
	case mysqldef.TypeShort, mysqldef.TypeYear:
		return binary.LittleEndian.AppendUint16(dst, uint16(u))
	case mysqldef.TypeLong, mysqldef.TypeInt24:
		return binary.LittleEndian.AppendUint32(dst, uint32(u))
	case mysqldef.TypeLongLong:
		return binary.LittleEndian.AppendUint64(dst, u)
	case mysqldef.TypeFloat:
		return AppendBinaryFloat32(dst, float32(v.Float))
	case mysqldef.TypeDouble:
		return AppendBinaryFloat64(dst, v.Float)
	case mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		return AppendBinaryDatetime(dst, v.Time)
	case mysqldef.TypeTime:
		return AppendBinaryTime(dst, v.Time)
	default:
		return AppendBinaryString(dst, v.Bytes)
	}
}

// Binary result rows (Protocol::BinaryResultsetRow), one packet per row:
//
//	int<1>                     0x00 header
//	byte<(numCols+7+2)/8>      NULL bitmap: column i is bit i+2 (the first
//	                           two bits are reserved and zero)
//	values of the non-NULL columns, in order, in the binary value format of
//	their column definition's type
//
// A row is written as BeginBinaryRow, then for each column either
// SetBinaryRowNull or one AppendBinary* call matching its declared type:
// TINY AppendBinaryInt8, SHORT and YEAR AppendBinaryInt16, LONG and INT24
// AppendBinaryInt32, LONGLONG AppendBinaryInt64 (unsigned columns cast, e.g.
// AppendBinaryInt64(dst, int64(u))), FLOAT and DOUBLE AppendBinaryFloat32/64,
// DATE AppendBinaryDate, DATETIME and TIMESTAMP AppendBinaryDatetime, TIME
// AppendBinaryTime, all others AppendBinaryString.

// binaryRowBitmapOffset is the number of reserved bits at the start of a
// result row's NULL bitmap.
const binaryRowBitmapOffset = 2

// BeginBinaryRow appends a binary row's 0x00 header and an all-zero NULL
// bitmap for numCols columns. bitmapOffset is the index in buf of the
// bitmap, for SetBinaryRowNull; the caller appends the values next.
func BeginBinaryRow(dst []byte, numCols int) (buf []byte, bitmapOffset int) {
	n := (max(numCols, 0) + 7 + binaryRowBitmapOffset) / 8
	dst = append(dst, HeaderOK)
	bitmapOffset = len(dst)
	return append(dst, make([]byte, n)...), bitmapOffset
}

// SetBinaryRowNull marks column col NULL in the bitmap BeginBinaryRow put at
// buf[bitmapOffset:]. A column outside the buffer is ignored.
func SetBinaryRowNull(buf []byte, bitmapOffset, col int) {
	if col < 0 || bitmapOffset < 0 {
		return
	}
	bit := col + binaryRowBitmapOffset
	i := bitmapOffset + bit/8
	if i < bitmapOffset || i >= len(buf) { // i < bitmapOffset: overflow
		return
	}
	buf[i] |= 1 << (bit % 8)
}

// AppendBinaryInt8 appends a TINY value.
func AppendBinaryInt8(dst []byte, v int8) []byte {
	return append(dst, byte(v))
}

// AppendBinaryInt16 appends a SHORT or YEAR value.
func AppendBinaryInt16(dst []byte, v int16) []byte {
	return binary.LittleEndian.AppendUint16(dst, uint16(v))
}

// AppendBinaryInt32 appends a LONG or INT24 value.
func AppendBinaryInt32(dst []byte, v int32) []byte {
	return binary.LittleEndian.AppendUint32(dst, uint32(v))
}

// AppendBinaryInt64 appends a LONGLONG value.
func AppendBinaryInt64(dst []byte, v int64) []byte {
	return binary.LittleEndian.AppendUint64(dst, uint64(v))
}

// AppendBinaryFloat32 appends a FLOAT value.
func AppendBinaryFloat32(dst []byte, v float32) []byte {
	return binary.LittleEndian.AppendUint32(dst, math.Float32bits(v))
}

// AppendBinaryFloat64 appends a DOUBLE value.
func AppendBinaryFloat64(dst []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
}

// AppendBinaryString appends a value of a string-like type (and DECIMAL,
// BIT, JSON, ...) as a lenenc string.
func AppendBinaryString(dst []byte, s []byte) []byte {
	return AppendLenEncBytes(dst, s)
}

// AppendBinaryDate appends a DATE value: length 4, year int<2>, month,
// day; or length 0 alone for 0000-00-00 (as MySQL does).
func AppendBinaryDate(dst []byte, year, month, day int) []byte {
	return AppendBinaryDatetime(dst, BinaryTime{Year: year, Month: month, Day: day})
}

// AppendBinaryDatetime appends a DATETIME or TIMESTAMP value in its
// shortest form: length 0 when every field is zero, 4 (date only) when the
// time of day is zero, 7 when only the microseconds are zero, else 11.
// Fields are truncated to their wire widths (year int<2>, micro int<4>,
// others int<1>); Neg and Days are ignored.
func AppendBinaryDatetime(dst []byte, t BinaryTime) []byte {
	l := 0
	switch {
	case t.Micro != 0:
		l = 11
	case t.Hour != 0 || t.Minute != 0 || t.Second != 0:
		l = 7
	case t.Year != 0 || t.Month != 0 || t.Day != 0:
		l = 4
	}
	dst = append(dst, byte(l))
	if l == 0 {
		return dst
	}
	dst = binary.LittleEndian.AppendUint16(dst, uint16(t.Year))
	dst = append(dst, byte(t.Month), byte(t.Day))
	if l == 4 {
		return dst
	}
	dst = append(dst, byte(t.Hour), byte(t.Minute), byte(t.Second))
	if l == 7 {
		return dst
	}
	return binary.LittleEndian.AppendUint32(dst, uint32(t.Micro))
}

// AppendBinaryTime appends a TIME value in its shortest form: length 0 for
// 00:00:00 (the sign of a zero time is dropped), 8 when the microseconds
// are zero, else 12. Hours of 24 or more are carried into Days, so
// BinaryTime{Hour: 838, Minute: 59, Second: 59} is sent as 34 days 22:59:59.
// Year, Month and Day are ignored.
func AppendBinaryTime(dst []byte, t BinaryTime) []byte {
	days, hour := t.Days, t.Hour
	if hour >= 24 {
		days, hour = days+hour/24, hour%24
	}
	l := 0
	switch {
	case t.Micro != 0:
		l = 12
	case days != 0 || hour != 0 || t.Minute != 0 || t.Second != 0:
		l = 8
	}
	dst = append(dst, byte(l))
	if l == 0 {
		return dst
	}
	neg := byte(0)
	if t.Neg {
		neg = 1
	}
	dst = append(dst, neg)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(days))
	dst = append(dst, byte(hour), byte(t.Minute), byte(t.Second))
	if l == 8 {
		return dst
	}
	return binary.LittleEndian.AppendUint32(dst, uint32(t.Micro))
}

// ParseBinaryRow decodes a binary result row whose columns have the given
// types; unsigned[i] marks column i unsigned (FlagUnsigned in its
// definition) and may be nil or shorter than types. NULL columns have Null
// set; Bytes values alias payload. Bytes after the last column are an
// error. It is the inverse of the BeginBinaryRow/AppendBinary* writers, for
// tests and clients.
func ParseBinaryRow(payload []byte, types []byte, unsigned []bool) ([]BinaryParam, error) {
	nb := (len(types) + 7 + binaryRowBitmapOffset) / 8
	if len(payload) < 1+nb || payload[0] != HeaderOK {
		return nil, ErrMalformed
	}
	nulls := payload[1 : 1+nb]
	b := payload[1+nb:]
	vals := make([]BinaryParam, len(types))
	for i := range vals {
		p := &vals[i]
		p.Type = ParamType{Type: types[i], Unsigned: i < len(unsigned) && unsigned[i]}
		bit := i + binaryRowBitmapOffset
		if nulls[bit/8]&(1<<(bit%8)) != 0 {
			p.Null = true
			continue
		}
		n, err := readBinaryValue(b, p)
		if err != nil {
			return nil, err
		}
		b = b[n:]
	}
	if len(b) != 0 {
		return nil, ErrMalformed
	}
	return vals, nil
}

package codec

import (
	"bytes"
	"math"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// binaryRowFixture was checked against go-sql-driver/mysql v1.10.1 (with
// parseTime), which scanned it as -42, "héllo", 3.25,
// 2026-11-21T06:02:18.123456Z, "-838:59:59", 2024-02-29, NULL.
const binaryRowFixture = `
	00                          | header
	00 01                       | NULL bitmap (7+2 bits): column 6 is bit 8
	d6 ff ff ff ff ff ff ff     | c0 LONGLONG -42
	06 68 c3 a9 6c 6c 6f        | c1 VAR_STRING "héllo"
	00 00 00 00 00 00 0a 40     | c2 DOUBLE 3.25
	0b ea 07 0b 15 06 02 12
	   40 e2 01 00              | c3 DATETIME 2026-11-21 06:02:18.123456
	08 01 22 00 00 00 16 3b 3b  | c4 TIME -(34 days 22:59:59) = -838:59:59
	04 e8 07 02 1d              | c5 DATE 2024-02-29
	                            | c6 LONG NULL: no value`

var binaryRowTypes = []byte{mysqldef.TypeLongLong, mysqldef.TypeVarString, mysqldef.TypeDouble, mysqldef.TypeDatetime, mysqldef.TypeTime, mysqldef.TypeDate, mysqldef.TypeLong}

func TestBinaryRow(t *testing.T) {
	want := unhex(t, binaryRowFixture)
	row, off := BeginBinaryRow([]byte{0xaa}, 7)
	if off != 2 {
		t.Fatal("bitmap offset", off)
	}
	row = AppendBinaryInt64(row, -42)
	row = AppendBinaryString(row, []byte("héllo"))
	row = AppendBinaryFloat64(row, 3.25)
	row = AppendBinaryDatetime(row, BinaryTime{Year: 2026, Month: 11, Day: 21, Hour: 6, Minute: 2, Second: 18, Micro: 123456})
	row = AppendBinaryTime(row, BinaryTime{Neg: true, Hour: 838, Minute: 59, Second: 59})
	row = AppendBinaryDate(row, 2024, 2, 29)
	SetBinaryRowNull(row, off, 6)
	if !bytes.Equal(row[1:], want) {
		t.Fatalf("% x", row)
	}

	vals, err := ParseBinaryRow(want, binaryRowTypes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if vals[0].Int != -42 || string(vals[1].Bytes) != "héllo" || vals[2].Float != 3.25 ||
		vals[3].Time != (BinaryTime{Year: 2026, Month: 11, Day: 21, Hour: 6, Minute: 2, Second: 18, Micro: 123456}) ||
		vals[4].Time != (BinaryTime{Neg: true, Days: 34, Hour: 22, Minute: 59, Second: 59}) ||
		vals[5].Time != (BinaryTime{Year: 2024, Month: 2, Day: 29}) || !vals[6].Null {
		t.Fatalf("%+v", vals)
	}
	for i, v := range vals {
		if v.Null != (i == 6) || v.Type.Type != binaryRowTypes[i] {
			t.Fatalf("column %d: %+v", i, v)
		}
	}
	for n := range len(want) {
		if _, err := ParseBinaryRow(want[:n:n], binaryRowTypes, nil); err != ErrMalformed {
			t.Fatalf("truncated to %d bytes: %v", n, err)
		}
	}
	if _, err := ParseBinaryRow(append(want[:len(want):len(want)], 0), binaryRowTypes, nil); err != ErrMalformed {
		t.Fatal("trailing byte accepted")
	}
	bad := append([]byte(nil), want...)
	bad[0] = 0xfe
	if _, err := ParseBinaryRow(bad, binaryRowTypes, nil); err != ErrMalformed {
		t.Fatal("bad header accepted")
	}
}

func TestBinaryRowBitmap(t *testing.T) {
	for numCols := 0; numCols <= 20; numCols++ {
		row, off := BeginBinaryRow(nil, numCols)
		nb := (numCols + 9) / 8
		if off != 1 || len(row) != 1+nb || row[0] != 0 {
			t.Fatalf("%d columns: % x", numCols, row)
		}
		for col := 0; col < numCols; col++ {
			r := append([]byte(nil), row...)
			SetBinaryRowNull(r, off, col)
			bit := col + 2
			for i, c := range r[off:] {
				want := byte(0)
				if i == bit/8 {
					want = 1 << (bit % 8)
				}
				if c != want {
					t.Fatalf("%d columns, NULL %d: % x", numCols, col, r)
				}
			}
			// A row of NULLs decodes whatever the types.
			types := bytes.Repeat([]byte{mysqldef.TypeLongLong}, numCols)
			all := append([]byte(nil), row...)
			for c := range numCols {
				SetBinaryRowNull(all, off, c)
			}
			vals, err := ParseBinaryRow(all, types, nil)
			if err != nil || len(vals) != numCols || (numCols > 0 && !vals[numCols-1].Null) {
				t.Fatalf("%d NULLs: %v", numCols, err)
			}
		}
		// Out-of-range columns are ignored, not a panic.
		r := append([]byte(nil), row...)
		for _, col := range []int{-1, 8 * nb, math.MaxInt} {
			SetBinaryRowNull(r, off, col)
		}
		SetBinaryRowNull(r, -5, 0)
		SetBinaryRowNull(r, math.MaxInt, 3)
		if !bytes.Equal(r, row) {
			t.Fatalf("out of range NULL changed % x", r)
		}
	}
	if row, _ := BeginBinaryRow(nil, -3); len(row) != 1+1 {
		t.Fatal("negative column count")
	}
}

func TestBinaryDatetimeShapes(t *testing.T) {
	cases := []struct {
		name string
		in   BinaryTime
		hex  string
	}{
		{"zero", BinaryTime{}, "00 | length 0: 0000-00-00 00:00:00"},
		{"date", BinaryTime{Year: 2024, Month: 2, Day: 29},
			"04 | length 4\n e8 07 02 1d | 2024-02-29"},
		{"seconds", BinaryTime{Year: 1999, Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 58},
			"07 | length 7\n cf 07 0c 1f | 1999-12-31\n 17 3b 3a | 23:59:58"},
		{"midnight plus micro", BinaryTime{Year: 1970, Month: 1, Day: 1, Micro: 1},
			"0b | length 11\n b2 07 01 01 | 1970-01-01\n 00 00 00 | 00:00:00\n 01 00 00 00 | .000001"},
		{"zero date with time", BinaryTime{Hour: 1},
			"07 | length 7\n 00 00 00 00 | 0000-00-00\n 01 00 00 | 01:00:00"},
		{"max", BinaryTime{Year: 9999, Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 59, Micro: 999999},
			"0b | length 11\n 0f 27 0c 1f | 9999-12-31\n 17 3b 3b | 23:59:59\n 3f 42 0f 00 | .999999"},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		got := AppendBinaryDatetime(nil, c.in)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: % x", c.name, got)
		}
		for _, typ := range []byte{mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeDate} {
			row, _ := BeginBinaryRow(nil, 1)
			row = append(row, got...)
			vals, err := ParseBinaryRow(row, []byte{typ}, nil)
			if err != nil || vals[0].Time != c.in {
				t.Fatalf("%s: %+v %v", c.name, vals, err)
			}
		}
		if c.in.Hour == 0 && c.in.Minute == 0 && c.in.Second == 0 && c.in.Micro == 0 {
			if d := AppendBinaryDate(nil, c.in.Year, c.in.Month, c.in.Day); !bytes.Equal(d, want) {
				t.Fatalf("%s: date % x", c.name, d)
			}
		}
	}
	// AppendBinaryDate drops nothing it is given; a date of zeros is length 0.
	if d := AppendBinaryDate(nil, 0, 0, 0); !bytes.Equal(d, []byte{0}) {
		t.Fatalf("% x", d)
	}
}

func TestBinaryTimeShapes(t *testing.T) {
	cases := []struct {
		name string
		in   BinaryTime
		out  BinaryTime // what decoding gives back
		hex  string
	}{
		{"zero", BinaryTime{}, BinaryTime{}, "00 | length 0: 00:00:00"},
		{"negative zero", BinaryTime{Neg: true}, BinaryTime{}, "00 | the sign of zero is dropped"},
		{"seconds", BinaryTime{Hour: 12, Minute: 34, Second: 56}, BinaryTime{Hour: 12, Minute: 34, Second: 56},
			"08 | length 8\n 00 | positive\n 00 00 00 00 | 0 days\n 0c 22 38 | 12:34:56"},
		{"days", BinaryTime{Days: 2, Second: 1}, BinaryTime{Days: 2, Second: 1},
			"08 | length 8\n 00 | positive\n 02 00 00 00 | 2 days\n 00 00 01 | 00:00:01"},
		{"negative micro", BinaryTime{Neg: true, Micro: 500000}, BinaryTime{Neg: true, Micro: 500000},
			"0c | length 12\n 01 | negative\n 00 00 00 00 | 0 days\n 00 00 00 | 00:00:00\n 20 a1 07 00 | .500000"},
		{"hours carried", BinaryTime{Hour: 838, Minute: 59, Second: 59, Micro: 1},
			BinaryTime{Days: 34, Hour: 22, Minute: 59, Second: 59, Micro: 1},
			"0c | length 12\n 00 | positive\n 22 00 00 00 | 34 days\n 16 3b 3b | 22:59:59\n 01 00 00 00 | .000001"},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		got := AppendBinaryTime(nil, c.in)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: % x", c.name, got)
		}
		out := c.out
		row, _ := BeginBinaryRow(nil, 1)
		row = append(row, got...)
		vals, err := ParseBinaryRow(row, []byte{mysqldef.TypeTime}, nil)
		if err != nil || vals[0].Time != out {
			t.Fatalf("%s: %+v %v", c.name, vals, err)
		}
	}
}

func TestBinaryIntegers(t *testing.T) {
	type col struct {
		typ      byte
		unsigned bool
		i        int64
		u        uint64
	}
	cols := []col{
		{mysqldef.TypeTiny, false, math.MinInt8, 0}, {mysqldef.TypeTiny, false, math.MaxInt8, 0},
		{mysqldef.TypeTiny, true, 0, math.MaxUint8},
		{mysqldef.TypeShort, false, math.MinInt16, 0}, {mysqldef.TypeShort, true, 0, math.MaxUint16},
		{mysqldef.TypeYear, true, 0, 2155}, {mysqldef.TypeInt24, false, -8388608, 0}, {mysqldef.TypeInt24, true, 0, 16777215},
		{mysqldef.TypeLong, false, math.MinInt32, 0}, {mysqldef.TypeLong, true, 0, math.MaxUint32},
		{mysqldef.TypeLongLong, false, math.MinInt64, 0}, {mysqldef.TypeLongLong, false, math.MaxInt64, 0},
		{mysqldef.TypeLongLong, true, 0, math.MaxUint64},
	}
	row, _ := BeginBinaryRow(nil, len(cols))
	types := make([]byte, len(cols))
	unsigned := make([]bool, len(cols))
	for k, c := range cols {
		types[k], unsigned[k] = c.typ, c.unsigned
		v := c.i
		if c.unsigned {
			v = int64(c.u)
		}
		switch c.typ {
		case mysqldef.TypeTiny:
			row = AppendBinaryInt8(row, int8(v))
		case mysqldef.TypeShort, mysqldef.TypeYear:
			row = AppendBinaryInt16(row, int16(v))
		case mysqldef.TypeLong, mysqldef.TypeInt24:
			row = AppendBinaryInt32(row, int32(v))
		default:
			row = AppendBinaryInt64(row, v)
		}
	}
	vals, err := ParseBinaryRow(row, types, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range cols {
		v := vals[k]
		if c.unsigned && (v.Uint != c.u || v.Int != int64(c.u)) || !c.unsigned && (v.Int != c.i || v.Uint != uint64(c.i)) {
			t.Fatalf("column %d %+v: %+v", k, c, v)
		}
		// AppendBinaryValue writes the same bytes back.
		if one := AppendBinaryValue(nil, &v); len(one) == 0 {
			t.Fatalf("column %d: nothing appended", k)
		}
	}
	again, _ := BeginBinaryRow(nil, len(cols))
	for k := range vals {
		again = AppendBinaryValue(again, &vals[k])
	}
	if !bytes.Equal(again, row) {
		t.Fatalf("AppendBinaryValue\n% x\nwant\n% x", again, row)
	}
}

func TestBinaryFloats(t *testing.T) {
	row, _ := BeginBinaryRow(nil, 4)
	row = AppendBinaryFloat32(row, -1.25)
	row = AppendBinaryFloat32(row, float32(math.Inf(1)))
	row = AppendBinaryFloat64(row, math.SmallestNonzeroFloat64)
	row = AppendBinaryFloat64(row, math.NaN())
	want := unhex(t, `
		00 00                       | header, bitmap
		00 00 a0 bf                 | FLOAT -1.25
		00 00 80 7f                 | FLOAT +Inf
		01 00 00 00 00 00 00 00     | DOUBLE 5e-324
		01 00 00 00 00 00 f8 7f     | DOUBLE NaN`)
	if !bytes.Equal(row, want) {
		t.Fatalf("% x", row)
	}
	vals, err := ParseBinaryRow(row, []byte{mysqldef.TypeFloat, mysqldef.TypeFloat, mysqldef.TypeDouble, mysqldef.TypeDouble}, nil)
	if err != nil || vals[0].Float != -1.25 || !math.IsInf(vals[1].Float, 1) ||
		vals[2].Float != math.SmallestNonzeroFloat64 || !math.IsNaN(vals[3].Float) {
		t.Fatalf("%+v %v", vals, err)
	}
}

func TestBinaryStrings(t *testing.T) {
	types := []byte{mysqldef.TypeDecimal, mysqldef.TypeNewDecimal, mysqldef.TypeVarchar, mysqldef.TypeVarString, mysqldef.TypeString, mysqldef.TypeTinyBlob,
		mysqldef.TypeMediumBlob, mysqldef.TypeLongBlob, mysqldef.TypeBlob, mysqldef.TypeEnum, mysqldef.TypeSet, mysqldef.TypeJSON, mysqldef.TypeBit, mysqldef.TypeGeometry, mysqldef.TypeNewDate, 0x42}
	row, _ := BeginBinaryRow(nil, len(types))
	long := bytes.Repeat([]byte{'z'}, 300)
	for i := range types {
		switch i {
		case 0:
			row = AppendBinaryString(row, nil)
		case 1:
			row = AppendBinaryString(row, long)
		default:
			row = AppendBinaryString(row, []byte{byte('a' + i)})
		}
	}
	vals, err := ParseBinaryRow(row, types, nil)
	if err != nil {
		t.Fatal(err)
	}
	if vals[0].Bytes == nil || len(vals[0].Bytes) != 0 || !bytes.Equal(vals[1].Bytes, long) {
		t.Fatalf("%+v", vals[:2])
	}
	for i := 2; i < len(types); i++ {
		if string(vals[i].Bytes) != string(rune('a'+i)) {
			t.Fatalf("column %d: %q", i, vals[i].Bytes)
		}
	}
}

// BenchmarkEncodeBinaryRow10 encodes a 10-column binary row (integers,
// strings, a double, a datetime and a NULL) into a reused buffer, as the
// result writer does per row of a prepared statement.
func BenchmarkEncodeBinaryRow10(b *testing.B) {
	strs := [][]byte{[]byte("alpha"), []byte("a-somewhat-longer-string-value"), []byte("")}
	ts := BinaryTime{Year: 2026, Month: 11, Day: 21, Hour: 6, Minute: 2, Second: 18}
	buf := make([]byte, 0, 64<<10)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = buf[:0]
		var start, off int
		buf, start = BeginPacket(buf)
		buf, off = BeginBinaryRow(buf, 10)
		buf = AppendBinaryInt64(buf, int64(i))
		buf = AppendBinaryInt32(buf, int32(i*3))
		buf = AppendBinaryString(buf, strs[0])
		buf = AppendBinaryString(buf, strs[1])
		buf = AppendBinaryFloat64(buf, float64(i)*0.5)
		buf = AppendBinaryDatetime(buf, ts)
		buf = AppendBinaryInt8(buf, int8(i))
		buf = AppendBinaryString(buf, strs[2])
		buf = AppendBinaryInt16(buf, int16(i))
		SetBinaryRowNull(buf, off, 9)
		buf, _ = FinishPacket(buf, start, 1)
	}
}

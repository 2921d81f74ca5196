package table

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/exec/expr"
)

// The row codec reads bytes straight from storage, so a corrupt or hostile
// value must fail cleanly: FuzzDecodeRow feeds it arbitrary bytes, and
// FuzzRowRoundTrip checks that every value the engine can hold survives
// encode then decode.

// rowCodecTable is a table of n columns whose ids are sparse and take
// several varint bytes, as after years of ADD and DROP COLUMN.
func rowCodecTable(n int) *Table {
	t := &Table{Name: "fuzz"}
	for i := 0; i < n; i++ {
		t.Columns = append(t.Columns, &TableColumn{ID: uint32(i)*1_000_003 + 1, Name: fmt.Sprintf("c%d", i)})
	}
	t.Publish(nil)
	return t
}

// decodeAllocBound is the most a decode of an n-byte input may allocate:
// linear in the input (strings are copies of it; a decimal costs its
// *apd.Decimal and the parse's scratch, and takes at least 4 input bytes),
// never driven by a length the input claims.
func decodeAllocBound(n int) uint64 { return uint64(64*n + 4096) }

// allocatedBy returns the bytes f allocates, measured again (up to three
// runs, keeping the least) while it is over bound: anything else running
// can only add to a run's count.
func allocatedBy(f func(), bound uint64) uint64 {
	var before, after runtime.MemStats
	least := uint64(math.MaxUint64)
	for i := 0; i < 3 && least > bound; i++ {
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

func FuzzDecodeRow(f *testing.F) {
	t := rowCodecTable(6)
	for _, row := range roundTripSeeds() {
		f.Add(rowCodecTable(len(row)).EncodeRow(nil, row))
	}
	f.Add([]byte{})
	f.Add([]byte{rowFormatV1})
	f.Add([]byte{rowFormatV1, 1, byte(expr.KindString), 0xff, 0xff, 0xff, 0xff, 0x0f}) // a length far past the input
	f.Add([]byte{rowFormatV1, 1, byte(expr.KindDecimal), 3, '1', 'e', '9'})
	f.Add([]byte{rowFormatV1, 1, byte(expr.KindFloat), 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0}) // NaN
	f.Add([]byte{rowFormatV1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})
	f.Fuzz(func(tt *testing.T, data []byte) {
		row := make([]expr.Value, len(t.Columns))
		var err error
		bound := decodeAllocBound(len(data))
		if n := allocatedBy(func() { err = t.DecodeRow(data, row) }, bound); n > bound {
			tt.Fatalf("decoding %d bytes allocated %d bytes", len(data), n)
		}
		// Decoding in place (over a value Get copied) agrees with decoding
		// out of it, error and values.
		owned := make([]expr.Value, len(t.Columns))
		errOwned := t.DecodeOwnedRowColumns(bytes.Clone(data), owned, nil)
		if (err == nil) != (errOwned == nil) {
			tt.Fatalf("copying decode: %v, in-place decode: %v", err, errOwned)
		}
		if err != nil {
			return
		}
		if a, b := t.EncodeRow(nil, row), t.EncodeRow(nil, owned); !bytes.Equal(a, b) {
			tt.Fatalf("in-place decode differs:\n%x\n%x", a, b)
		}
		// Into an arena, over a buffer overwritten afterwards (as the
		// iterator's next step does): the same row.
		var arena StringArena
		inArena := make([]expr.Value, len(t.Columns))
		scratch := bytes.Clone(data)
		if err := t.DecodeRowColumnsIn(scratch, inArena, nil, &arena); err != nil {
			tt.Fatalf("arena decode: %v", err)
		}
		clear(scratch)
		if a, b := t.EncodeRow(nil, row), t.EncodeRow(nil, inArena); !bytes.Equal(a, b) {
			tt.Fatalf("arena decode differs:\n%x\n%x", a, b)
		}
		// What decodes is a row the engine can hold: it encodes, and
		// decodes again to the same row.
		enc := t.EncodeRow(nil, row)
		again := make([]expr.Value, len(t.Columns))
		if err := t.DecodeRow(enc, again); err != nil {
			tt.Fatalf("re-encoded row does not decode: %v\nrow %v\nenc %x", err, row, enc)
		}
		if enc2 := t.EncodeRow(nil, again); !bytes.Equal(enc, enc2) {
			tt.Fatalf("decode is not stable:\n%x\n%x", enc, enc2)
		}
	})
}

// roundTripSeeds are rows holding every kind, including the extremes.
func roundTripSeeds() [][]expr.Value {
	dec, _, _ := apd.NewFromString("-12345678901234567890123456789.000123")
	return [][]expr.Value{
		{expr.NullValue(), expr.IntValue(math.MinInt64), expr.UintValue(math.MaxUint64), expr.FloatValue(-0.5), expr.DecimalValue(dec)},
		{expr.StringValue("héllo\x00"), expr.BytesValue([]byte{0, 0xff}), expr.DateValue(2024, 2, 29), expr.TimeValue(-838*3600e9, 6)},
		{expr.IntValue(0), expr.StringValue(""), expr.BytesValue(nil), expr.DecimalValue(apd.New(0, -30)), expr.FloatValue(math.MaxFloat64)},
		{expr.RawValue(expr.KindFloat, math.Float64bits(1.25), 3, "", nil), expr.RawValue(expr.KindDatetime, math.MaxUint64, 6, "", nil), expr.RawValue(expr.KindTime, 1<<63, 255, "", nil)},
	}
}

// rowGen turns fuzz bytes into values; an exhausted input reads as zeros.
type rowGen struct{ b []byte }

func (g *rowGen) byte() byte {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return c
}

func (g *rowGen) uint64() uint64 {
	var w [8]byte
	g.b = g.b[copy(w[:], g.b):]
	return binary.LittleEndian.Uint64(w[:])
}

func (g *rowGen) bytes() []byte {
	n := min(int(g.byte()), len(g.b))
	out := g.b[:n]
	g.b = g.b[n:]
	return out
}

// value makes one value of a kind the input picks, in any state the
// engine's values can be in (a float's display digits and any packed
// temporal bits included: the codec must carry them all as they are).
func (g *rowGen) value() expr.Value {
	switch kind := expr.Kind(g.byte() % (byte(expr.KindTime) + 1)); kind {
	case expr.KindNull:
		return expr.NullValue()
	case expr.KindInt, expr.KindUint:
		return expr.RawValue(kind, g.uint64(), 0, "", nil)
	case expr.KindFloat:
		n := g.uint64()
		if math.IsNaN(math.Float64frombits(n)) {
			n = 0 // values never hold NaN (FloatValue makes it NULL)
		}
		return expr.RawValue(kind, n, g.byte(), "", nil)
	case expr.KindDecimal:
		d := new(apd.Decimal)
		d.Coeff.SetBytes(g.bytes())
		d.Exponent = int32(int8(g.byte()))
		d.Negative = g.byte()&1 == 1
		return expr.DecimalValue(d)
	case expr.KindString:
		return expr.StringValue(string(g.bytes()))
	case expr.KindBytes:
		return expr.BytesValue(g.bytes())
	default: // KindDate, KindDatetime, KindTime
		return expr.RawValue(kind, g.uint64(), g.byte(), "", nil)
	}
}

func FuzzRowRoundTrip(f *testing.F) {
	for kind := expr.KindNull; kind <= expr.KindTime; kind++ {
		f.Add([]byte{1, byte(kind), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	}
	f.Add([]byte{byte(expr.KindTime) + 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff, 0x80, 0x7f, 0xfe})
	f.Add(bytes.Repeat([]byte{byte(expr.KindDecimal), 12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x85, 1}, 4))
	f.Fuzz(func(tt *testing.T, data []byte) {
		g := &rowGen{b: data}
		row := make([]expr.Value, 1+int(g.byte()%16))
		for i := range row {
			row[i] = g.value()
		}
		checkRowRoundTrip(tt, row)
	})
}

// TestRowRoundTripSeeds runs the hand-picked rows through the codec.
func TestRowRoundTripSeeds(t *testing.T) {
	for _, row := range roundTripSeeds() {
		checkRowRoundTrip(t, row)
	}
}

func checkRowRoundTrip(t *testing.T, row []expr.Value) {
	t.Helper()
	tbl := rowCodecTable(len(row))
	enc := tbl.EncodeRow(nil, row)
	got := make([]expr.Value, len(row))
	if err := tbl.DecodeRow(enc, got); err != nil {
		t.Fatalf("decode: %v\nrow %v\nenc %x", err, row, enc)
	}
	for i, want := range row {
		if !sameStoredValue(got[i], want) {
			t.Fatalf("column %d: got %#v (%v), want %#v (%v)", i, got[i], got[i], want, want)
		}
	}
	// A scan that reads every other column gets those exactly and leaves
	// the rest at their default (NULL here).
	need := make([]bool, len(row))
	for i := range need {
		need[i] = i%2 == 0
	}
	part := make([]expr.Value, len(row))
	if err := tbl.DecodeRowColumns(enc, part, need); err != nil {
		t.Fatalf("partial decode: %v\nrow %v\nenc %x", err, row, enc)
	}
	for i, want := range row {
		if !need[i] {
			want = expr.NullValue()
		}
		if !sameStoredValue(part[i], want) {
			t.Fatalf("partial decode, column %d: got %v, want %v", i, part[i], want)
		}
	}
}

// sameStoredValue compares what the codec stores of a value: its kind and
// the payload that kind uses (a decimal by its text).
func sameStoredValue(a, b expr.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case expr.KindNull:
		return true
	case expr.KindInt, expr.KindUint:
		return a.Bits() == b.Bits()
	case expr.KindDecimal:
		return a.Decimal().String() == b.Decimal().String()
	case expr.KindString, expr.KindBytes:
		return a.Str() == b.Str()
	}
	return a.Bits() == b.Bits() && a.RawFsp() == b.RawFsp()
}

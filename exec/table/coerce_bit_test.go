package table

import (
	"bytes"
	"errors"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// warnEnv records warnings; coercion reaches nothing else of a session.
type warnEnv struct {
	expr.SessionEnv
	codes []uint16
}

func (e *warnEnv) AddWarning(code uint16, _ string) { e.codes = append(e.codes, code) }

func bitColumn(width int) *TableColumn {
	return &TableColumn{ID: 1, Name: "b", Type: expr.SQLType{Tp: mysqldef.TypeBit, Flen: width}}
}

// What MySQL 8 stores in a BIT(M) column: numbers as their bits (rounded,
// negatives as two's complement), strings and hex literals as big-endian
// bytes with leading zero bytes ignored; wider than M is 1406 in strict
// mode, else all ones and warning 1264.
func TestCoerceBit(t *testing.T) {
	dec := func(s string) expr.Value {
		d, _, err := apd.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		return expr.DecimalValue(d)
	}
	cases := []struct {
		width int
		v     expr.Value
		want  uint64 // when it fits
		fits  bool
	}{
		{8, expr.IntValue(5), 5, true},
		{8, expr.IntValue(255), 255, true},
		{8, expr.IntValue(256), 0, false},
		{8, expr.IntValue(-1), 0, false},
		{64, expr.IntValue(-1), math.MaxUint64, true},
		{64, expr.UintValue(math.MaxUint64), math.MaxUint64, true},
		{1, expr.IntValue(1), 1, true},
		{1, expr.IntValue(2), 0, false},
		{1, expr.StringValue("1"), 0, false}, // '1' is 0x31, as in MySQL
		{8, expr.StringValue("1"), 0x31, true},
		{16, expr.BytesValue([]byte{1, 2}), 0x0102, true},
		{8, expr.BytesValue([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 7}), 7, true}, // leading zero bytes
		{64, expr.BytesValue([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0}), 0, false},  // 9 significant bytes
		{8, expr.BytesValue(nil), 0, true},
		{12, expr.BytesValue([]byte{0x0f, 0xff}), 0xfff, true},
		{12, expr.BytesValue([]byte{0x1f, 0xff}), 0, false},
		{8, dec("2.5"), 3, true},
		{8, expr.FloatValue(254.6), 255, true},
		{8, dec("255.5"), 0, false},
	}
	for _, c := range cases {
		col := bitColumn(c.width)
		strict := &WriteCtx{Eval: expr.NewEvalCtx(nil, time.Now(), nil), Strict: true, Row: 1}
		got, err := strict.Coerce(col, c.v)
		if c.fits {
			if err != nil || got.Kind() != expr.KindUint || got.Uint() != c.want {
				t.Errorf("BIT(%d) <- %s: %v (%v), want %d", c.width, expr.TextOf(c.v), expr.TextOf(got), err, c.want)
			}
			continue
		}
		var se *mysqldef.SQLError
		if !errors.As(err, &se) || se.Code != mysqldef.ErrDataTooLong || se.Message != "Data too long for column 'b' at row 1" {
			t.Errorf("strict BIT(%d) <- %s: %v, want 1406", c.width, expr.TextOf(c.v), err)
		}
		env := &warnEnv{}
		lenient := &WriteCtx{Eval: expr.NewEvalCtx(env, time.Now(), nil), Row: 1}
		got, err = lenient.Coerce(col, c.v)
		if err != nil || got.Uint() != bitMask(c.width) || len(env.codes) != 1 || env.codes[0] != mysqldef.ErrWarnDataOutOfRange {
			t.Errorf("non-strict BIT(%d) <- %s: %v %v warnings %v; want all ones and 1264", c.width, expr.TextOf(c.v), expr.TextOf(got), err, env.codes)
		}
	}
}

func TestBitLiteral(t *testing.T) {
	for _, c := range []struct {
		u    uint64
		text string
	}{{0, "b'0'"}, {1, "b'1'"}, {5, "b'101'"}, {math.MaxUint64, "b'" + string(bytes.Repeat([]byte{'1'}, 64)) + "'"}} {
		if got := BitLiteral(c.u); got != c.text {
			t.Errorf("BitLiteral(%d) = %s, want %s", c.u, got, c.text)
		}
		if u, ok := ParseBitLiteral(c.text); !ok || u != c.u {
			t.Errorf("ParseBitLiteral(%s) = %d %v", c.text, u, ok)
		}
	}
	if u, ok := ParseBitLiteral("b'0000101'"); !ok || u != 5 {
		t.Errorf("leading zeros: %d %v", u, ok)
	}
	for _, bad := range []string{"", "b''", "b'2'", "'1'", "b'1", "5", "b'1" + string(bytes.Repeat([]byte{'0'}, 64)) + "'"} {
		if _, ok := ParseBitLiteral(bad); ok {
			t.Errorf("ParseBitLiteral(%q) accepted", bad)
		}
	}
}

// A stored BIT default is read back from its b'...' text, not as the
// bytes of that text.
func TestBitDefaultFromText(t *testing.T) {
	ctx := &WriteCtx{Eval: expr.NewEvalCtx(nil, time.Now(), nil), Strict: true, Row: 1}
	col := bitColumn(4)
	text := "b'101'"
	col.Default = &text
	if v, err := defaultFromText(ctx, col); err != nil || v.Uint() != 5 {
		t.Errorf("default b'101': %v %v", expr.TextOf(v), err)
	}
	for _, bad := range []string{"b'11111'", "5", "b'x'"} {
		text = bad
		if _, err := defaultFromText(ctx, col); err == nil {
			t.Errorf("default %q for BIT(4) accepted", bad)
		}
	}
}

// BIT values go through the row codec unchanged, and their key encoding
// orders them numerically (an index or primary key on BIT sorts as MySQL).
func TestBitRowAndKeyEncoding(t *testing.T) {
	tb := &Table{Name: "t", Columns: []*TableColumn{bitColumn(64)}}
	tb.Publish(nil)
	vals := []uint64{0, 1, 5, 255, 256, 1 << 32, 1<<63 - 1, 1 << 63, math.MaxUint64}
	var keys [][]byte
	for _, u := range vals {
		row := []expr.Value{expr.UintValue(u)}
		enc := tb.EncodeRow(nil, row)
		out := make([]expr.Value, 1)
		if err := tb.DecodeRow(enc, out); err != nil || out[0].Kind() != expr.KindUint || out[0].Uint() != u {
			t.Errorf("row round trip of %d: %v %v", u, expr.TextOf(out[0]), err)
		}
		keys = append(keys, expr.AppendKeyValue(nil, row[0], tb.Columns[0].Type))
	}
	if !sort.SliceIsSorted(keys, func(i, j int) bool { return bytes.Compare(keys[i], keys[j]) < 0 }) {
		t.Errorf("BIT keys do not sort numerically: %x", keys)
	}
}

// FuzzParseBitLiteral: any text is either refused or read as a value
// that prints back to a literal reading the same.
func FuzzParseBitLiteral(f *testing.F) {
	for _, s := range []string{"b'0'", "b'101'", "b''", "b'2'", "b'" + string(bytes.Repeat([]byte{'1'}, 65)) + "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, ok := ParseBitLiteral(s)
		if !ok {
			return
		}
		if back, ok := ParseBitLiteral(BitLiteral(u)); !ok || back != u {
			t.Fatalf("%q -> %d -> %s -> %d %v", s, u, BitLiteral(u), back, ok)
		}
	})
}

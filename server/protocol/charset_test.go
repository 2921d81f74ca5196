package protocol

import (
	"testing"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/charset"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// A text column's definition carries character_set_results (its default collation, and a
// length in that charset's bytes); binary columns and NULL results keep their own.
func TestResultMetadataCharset(t *testing.T) {
	cases := []struct {
		coll     uint16
		length   uint32
		out      charset.ID
		wantColl uint16
		wantLen  uint32
	}{
		{255, 40, charset.Latin1, 8, 10},   // utf8mb4 VARCHAR(10) to a latin1 client
		{8, 10, charset.UTF8MB4, 255, 40},  // latin1 VARCHAR(10) to a utf8mb4 client
		{8, 10, charset.UTF8MB3, 33, 30},   // ... to a utf8mb3 one
		{46, 12, charset.UTF8MB4, 46, 12},  // utf8mb4 to utf8mb4: as it is
		{63, 10, charset.Latin1, 63, 10},   // binary stays
		{8, 10, charset.Binary, 8, 10},     // character_set_results = NULL
		{11, 5, charset.Latin1, 8, 5},      // ascii to latin1
		{224, 400, charset.ASCII, 11, 100}, // utf8mb4_unicode_ci to ascii
		{33, 30, charset.UTF8MB4, 255, 40}, // utf8mb3 to utf8mb4
		{9999, 40, charset.Latin1, 8, 10},  // unknown ids count as utf8mb4
		{45, 16, charset.UTF8MB4, 45, 16},  // the fast path
		{255, 4, charset.UTF8MB4, 255, 4},  // the fast path
		{309, 8, charset.UTF8MB4, 309, 8},  // utf8mb4_0900_bin: looked up, utf8mb4 too
		{83, 9, charset.UTF8MB4, 255, 12},  // utf8mb3_bin
		{48, 3, charset.UTF8MB4, 255, 12},  // latin1_general_ci
		{65, 3, charset.UTF8MB3, 33, 9},    // ascii_bin
		{47, 3, charset.Latin1, 8, 3},      // latin1_bin to latin1: the charset's default
		{192, 3, charset.Latin1, 8, 1},     // utf8mb3_unicode_ci
	}
	for _, c := range cases {
		d := codec.ColumnDef{Collation: c.coll, Length: c.length}
		resultMetadata(&d, c.out)
		if d.Collation != c.wantColl || d.Length != c.wantLen {
			t.Errorf("collation %d length %d to %s: got %d %d, want %d %d", c.coll, c.length, c.out.Name(), d.Collation, d.Length, c.wantColl, c.wantLen)
		}
	}
}

// discardSink reuses one buffer, so only what Row itself allocates is counted.
type discardSink struct{ buf []byte }

func (d *discardSink) Begin() []byte {
	b, _ := codec.BeginPacket(d.buf[:0])
	return b
}

func (d *discardSink) Commit(b []byte) error { d.buf = b[:0]; return nil }

// A text row costs no allocation, converted (latin1) or not (utf8mb4); the converted one
// carries latin1 bytes.
func TestTextRowCharsetAllocs(t *testing.T) {
	c := newTestConn(t)
	r := one(t, c, "SELECT 'é€' AS a")
	if r.rows[0][0] != "é€" || r.cols[0].Collation != 255 {
		t.Fatalf("utf8mb4: %q collation %d", r.rows[0][0], r.cols[0].Collation)
	}
	mustExec(t, c, "SET NAMES latin1")
	r = one(t, c, "SELECT 'caf\xe9 \x80' AS a, x'E9' AS b")
	if r.rows[0][0] != "caf\xe9 \x80" || r.cols[0].Collation != 8 || r.rows[0][1] != "\xe9" || r.cols[1].Collation != 63 {
		t.Fatalf("latin1: %q collation %d, binary %q collation %d", r.rows[0][0], r.cols[0].Collation, r.rows[0][1], r.cols[1].Collation)
	}
	for _, names := range []string{"utf8mb4", "latin1"} {
		mustExec(t, c, "SET NAMES "+names)
		sink := &discardSink{buf: make([]byte, 0, 256)}
		c.rw.start(sink, false)
		cols := []exec.Column{{Name: "a", Type: expr.ColumnType{Type: mysqldef.TypeVarString, Collation: 255, Length: 40}}}
		if err := c.rw.BeginResult(cols); err != nil {
			t.Fatal(err)
		}
		vals := []expr.Value{expr.StringValue("héllo wörld")}
		if n := testing.AllocsPerRun(100, func() { _ = c.rw.Row(vals) }); n != 0 {
			t.Errorf("%s: a text row allocates %v times", names, n)
		}
	}
}

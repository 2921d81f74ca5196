package table

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
)

// Strings decoded into an arena share blocks but never bytes: every row
// decoded into one arena keeps its own values, however many rows follow
// and whatever the encoding buffer is reused for.
func TestStringArenaRowsKeepTheirValues(t *testing.T) {
	tbl := &Table{Name: "a"}
	for i := range 3 {
		tbl.Columns = append(tbl.Columns, &TableColumn{ID: uint32(i + 1), Name: fmt.Sprintf("c%d", i)})
	}
	tbl.Publish(nil)
	var arena StringArena
	want := func(i int) []expr.Value {
		return []expr.Value{
			expr.IntValue(int64(i)),
			expr.StringValue(fmt.Sprintf("row %d ", i) + strings.Repeat("x", i%300)),
			// every 50th row a value too big to share a block
			expr.BytesValue([]byte(strings.Repeat(string(rune('a'+i%26)), 1+(i%50/49)*(arenaOwnBlock+1)))),
		}
	}
	var rows [][]expr.Value
	enc := make([]byte, 0, 64<<10)
	for i := range 2000 {
		enc = tbl.EncodeRow(enc[:0], want(i))
		row := make([]expr.Value, 3)
		if err := tbl.DecodeRowColumnsIn(enc, row, nil, &arena); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	clear(enc[:cap(enc)])
	for i, row := range rows {
		for c, w := range want(i) {
			if row[c].Kind() != w.Kind() || row[c].Str() != w.Str() || row[c].Bits() != w.Bits() {
				t.Fatalf("row %d column %d = %q, want %q", i, c, row[c].Str(), w.Str())
			}
		}
	}
}

// A slice from the arena has no spare capacity, so an append to it
// reallocates instead of writing over the next value.
func TestStringArenaSlicesAreCapped(t *testing.T) {
	var a StringArena
	x := a.alloc(10)
	copy(x, "0123456789")
	y := a.alloc(10)
	copy(y, "abcdefghij")
	if cap(x) != 10 {
		t.Fatalf("cap %d, want 10", cap(x))
	}
	_ = append(x, 'Z')
	if string(y) != "abcdefghij" {
		t.Fatalf("neighbour overwritten: %q", y)
	}
	if big := a.alloc(arenaOwnBlock + 1); len(big) != arenaOwnBlock+1 {
		t.Fatalf("big value: %d bytes", len(big))
	}
	// The big value took an allocation of its own: the shared block goes on.
	if a.alloc(5); len(a.block) != 25 {
		t.Fatalf("shared block holds %d bytes after a big value, want 25", len(a.block))
	}
}

// Column ids decode through a dense offset table when they are compact,
// through the map when sparse; both find the same columns and skip a
// dropped column's id.
func TestOffsetOfIDDenseAndSparse(t *testing.T) {
	for _, stride := range []uint32{1, 1_000_003} {
		tbl := &Table{Name: "ids"}
		for i := range 4 {
			if i == 2 {
				continue // dropped
			}
			tbl.Columns = append(tbl.Columns, &TableColumn{ID: uint32(i)*stride + 1, Name: fmt.Sprintf("c%d", i)})
		}
		tbl.Publish(nil)
		if dense := tbl.idOffsets != nil; dense != (stride == 1) {
			t.Fatalf("stride %d: dense table %v", stride, dense)
		}
		for i, c := range tbl.Columns {
			if off, ok := tbl.OffsetOfID(c.ID); !ok || off != i {
				t.Fatalf("stride %d: id %d at %d %v, want %d", stride, c.ID, off, ok, i)
			}
		}
		for _, id := range []uint32{0, 2*stride + 1, 4*stride + 1, 1 << 31} {
			if off, ok := tbl.OffsetOfID(id); ok {
				t.Fatalf("stride %d: id %d found at %d", stride, id, off)
			}
		}
	}
}

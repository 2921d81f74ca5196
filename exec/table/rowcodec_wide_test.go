package table

import (
	"fmt"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
)

// TestDecodeRowNarrowAndWide decodes rows of tables on both sides of the
// 64-column line where the decoder's bookkeeping moves from bit masks to
// slices: every column read, some skipped, one added after the row was
// written (it reads as its default), columns not asked for left as they
// were (a reused row keeps FillDefaults' values), and text values copied out of the
// encoding (the buffer is overwritten afterwards and the values must not
// change) unless the caller owns it.
func TestDecodeRowNarrowAndWide(t *testing.T) {
	for _, width := range []int{3, 63, 64, 65, 130} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			tbl := &Table{Name: "w"}
			row := make([]expr.Value, width)
			for i := range width {
				tbl.Columns = append(tbl.Columns, &TableColumn{ID: uint32(i) + 1, Name: fmt.Sprintf("c%d", i)})
				switch i % 3 {
				case 0:
					row[i] = expr.StringValue(fmt.Sprintf("text-%d", i))
				case 1:
					row[i] = expr.IntValue(int64(-i * 1000))
				default:
					row[i] = expr.NullValue()
				}
			}
			tbl.Publish(nil)
			enc := tbl.EncodeRow(nil, row)

			// A column added since: rows written before read its default.
			added := &TableColumn{ID: uint32(width) + 1, Name: "added", addedDefault: expr.StringValue("dflt")}
			tbl.Columns = append(tbl.Columns, added)
			tbl.Publish(nil)
			want := append(append([]expr.Value(nil), row...), expr.StringValue("dflt"))

			need := make([]bool, width+1)
			for i := range need {
				need[i] = i%2 == 0
			}
			for _, mode := range []string{"copy", "arena", "owned"} {
				for _, needs := range [][]bool{nil, need} {
					buf := append([]byte(nil), enc...)
					got := make([]expr.Value, width+1)
					for i := range got {
						got[i] = expr.IntValue(999) // stale values from a previous row
					}
					var err error
					switch mode {
					case "copy":
						err = tbl.DecodeRowColumns(buf, got, needs)
					case "arena":
						err = tbl.DecodeRowColumnsIn(buf, got, needs, &StringArena{})
					case "owned":
						err = tbl.DecodeOwnedRowColumns(buf, got, needs)
					}
					if err != nil {
						t.Fatalf("%s: %v", mode, err)
					}
					if mode != "owned" {
						clear(buf) // the iterator moved on
					}
					for i := range got {
						w := want[i]
						if needs != nil && !needs[i] {
							w = expr.IntValue(999) // not read: left as it was
						}
						if got[i].Kind() != w.Kind() || got[i].String() != w.String() {
							t.Fatalf("%s need=%v: column %d = %v, want %v", mode, needs != nil, i, got[i], w)
						}
					}
				}
			}
		})
	}
}

package table

import (
	"fmt"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
)

// A row's text and byte values are copied out of the encoding into one
// buffer: they must equal what was written, survive the encoding being
// overwritten (the storage iterator reuses it), and work past the eight
// values the decoder gathers without allocating.
func TestDecodeRowStringsAreCopiedTogether(t *testing.T) {
	const n = 13
	tbl := rowCodecTable(n)
	row := make([]expr.Value, n)
	for i := range row {
		switch {
		case i%5 == 0:
			row[i] = expr.StringValue("") // empty values take no room
		case i%4 == 0:
			row[i] = expr.BytesValue([]byte(fmt.Sprintf("\x00bytes-%d\xff", i)))
		case i == 7:
			row[i] = expr.IntValue(-7)
		default:
			row[i] = expr.StringValue(fmt.Sprintf("text value %d ✓", i))
		}
	}
	enc := tbl.EncodeRow(nil, row)
	for _, need := range [][]bool{nil, {true, false, true, true, false, false, true, true, false, true, true, true, true}} {
		got := make([]expr.Value, n)
		if err := tbl.DecodeRowColumns(enc, got, need); err != nil {
			t.Fatal(err)
		}
		for i := range enc {
			enc[i] ^= 0x5a // what the iterator's next step does to the buffer
		}
		for i := range row {
			if need != nil && !need[i] {
				if !got[i].IsNull() {
					t.Errorf("need %v: column %d not asked for, decoded %v", need, i, got[i])
				}
				continue
			}
			if got[i].Kind() != row[i].Kind() || string(got[i].AppendText(nil)) != string(row[i].AppendText(nil)) {
				t.Errorf("need %v: column %d = %v (%v), want %v (%v)", need, i, got[i], got[i].Kind(), row[i], row[i].Kind())
			}
		}
		for i := range enc {
			enc[i] ^= 0x5a
		}
	}
}

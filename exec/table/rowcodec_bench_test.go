package table

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
)

// BenchmarkDecodeSysbenchRow decodes a row shaped like sysbench's sbtest
// (id, k, c CHAR(120), pad CHAR(60)) whole, and as `SELECT c ... WHERE id
// BETWEEN` reads it (id and c only: see plan.columnsRead).
func BenchmarkDecodeSysbenchRow(b *testing.B) {
	// Column ids as CREATE TABLE numbers them (rowCodecTable's sparse ids
	// take the map lookup real tables do not).
	t := &Table{Name: "sbtest"}
	for i := range 4 {
		t.Columns = append(t.Columns, &TableColumn{ID: uint32(i) + 1, Name: fmt.Sprintf("c%d", i)})
	}
	t.Publish(nil)
	row := []expr.Value{expr.IntValue(42), expr.IntValue(50123),
		expr.StringValue(strings.Repeat("83868641912-28773972837-", 5)), expr.StringValue(strings.Repeat("67847967377-", 5))}
	enc := t.EncodeRow(nil, row)
	out := make([]expr.Value, 4)
	for _, bc := range []struct {
		name string
		need []bool
	}{{"all", nil}, {"id,c", []bool{true, false, true, false}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := t.DecodeRowColumns(enc, out, bc.need); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// As a streamed SELECT * reads it: the values point into the encoding.
	b.Run("all-in-place", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := t.DecodeOwnedRowColumns(enc, out, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

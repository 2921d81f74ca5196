package table

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// indexOnlyTable: id BIGINT primary key, k INT, u INT UNSIGNED, c VARCHAR,
// KEY (k, u) and a UNIQUE KEY (u).
func indexOnlyTable() (*Table, *Index, *Index) {
	t := &Table{ID: 42, Name: "io", PrimaryKey: []uint32{1}}
	t.Columns = []*TableColumn{
		{ID: 1, Name: "id", Type: expr.SQLType{Tp: mysqldef.TypeLongLong}},
		{ID: 2, Name: "k", Type: expr.SQLType{Tp: mysqldef.TypeLong}},
		{ID: 3, Name: "u", Type: expr.SQLType{Tp: mysqldef.TypeLong, Unsigned: true}},
		{ID: 4, Name: "c", Type: expr.SQLType{Tp: mysqldef.TypeVarchar, Flen: 10}},
	}
	ku := &Index{ID: 1, Name: "ku", Columns: []uint32{2, 3}}
	uu := &Index{ID: 2, Name: "uu", Columns: []uint32{3}, Unique: true}
	t.Indexes = []*Index{ku, uu}
	t.Publish(nil)
	return t, ku, uu
}

// An entry of a covering integer index decodes back to the row's key
// columns and row key, for plain and unique entries, NULLs included; an
// index or a read that needs a text column is not covering.
func TestIndexEntryDecodesBack(t *testing.T) {
	tbl, ku, uu := indexOnlyTable()
	need := []bool{true, true, true, false}
	if !tbl.IndexCovers(ku, need) || !tbl.IndexCovers(uu, []bool{true, false, true, false}) {
		t.Fatal("integer columns of the index and the primary key not covered")
	}
	if tbl.IndexCovers(ku, nil) || tbl.IndexCovers(ku, []bool{false, false, false, true}) || tbl.IndexCovers(uu, need) {
		t.Fatal("covered a column the index does not hold")
	}
	for _, row := range [][]expr.Value{
		{expr.IntValue(-9223372036854775808), expr.IntValue(-2147483648), expr.UintValue(4294967295), expr.StringValue("x")},
		{expr.IntValue(7), expr.NullValue(), expr.UintValue(0), expr.StringValue("")},
		{expr.IntValue(9223372036854775807), expr.IntValue(5), expr.NullValue(), expr.NullValue()},
	} {
		rowKey := tbl.RowKey(row)
		suffix := rowKey[len(tbl.RowPrefix()):]
		for _, ix := range []*Index{ku, uu} {
			key, _ := tbl.IndexEntry(ix, row, suffix)
			got := make([]expr.Value, 4)
			rk, err := tbl.DecodeIndexEntry(ix, key, suffix, got, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rk, rowKey) {
				t.Fatalf("%s: row key %x, want %x", ix.Name, rk, rowKey)
			}
			for _, off := range append(append([]int(nil), ix.offsets...), tbl.pk...) {
				if got[off].Kind() != row[off].Kind() || got[off].String() != row[off].String() {
					t.Fatalf("%s: column %d = %v, want %v", ix.Name, off, got[off], row[off])
				}
			}
			if !got[3].IsNull() {
				t.Fatalf("%s: the text column was filled: %v", ix.Name, got[3])
			}
		}
	}
}

// FuzzDecodeIndexEntry: any bytes after the index prefix decode or fail,
// never panic.
func FuzzDecodeIndexEntry(f *testing.F) {
	tbl, ku, _ := indexOnlyTable()
	prefix := tbl.IndexPrefix(ku)
	f.Add([]byte{1, 0x80, 0, 0, 0, 0, 0, 0, 5, 0}, []byte{1, 0x80, 0, 0, 0, 0, 0, 0, 7})
	f.Add([]byte{}, []byte{})
	f.Add([]byte{2}, binary.BigEndian.AppendUint64([]byte{1}, 3))
	if len(prefix) != indexPrefixLen {
		f.Fatalf("index prefix is %d bytes, indexPrefixLen says %d", len(prefix), indexPrefixLen)
	}
	f.Fuzz(func(t *testing.T, rest, value []byte) {
		row := make([]expr.Value, len(tbl.Columns))
		_, _ = tbl.DecodeIndexEntry(ku, append(append([]byte(nil), prefix...), rest...), value, row, nil, nil)
	})
}

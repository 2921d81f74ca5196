package codec

import (
	"bytes"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

func TestColumnDef(t *testing.T) {
	c := &ColumnDef{Name: "1+1", Collation: mysqldef.CollationBinary, Length: 3, Type: mysqldef.TypeLongLong,
		Flags: mysqldef.FlagNotNull | mysqldef.FlagBinary}
	want := unhex(t, `
		03 64 65 66   | catalog "def"
		00 00 00      | schema, table, org_table: empty
		03 31 2b 31   | name "1+1"
		00            | org_name
		0c            | fixed-length fields follow
		3f 00         | collation 63 (binary)
		03 00 00 00   | length 3
		08            | LONGLONG
		81 00         | NOT_NULL|BINARY
		00            | decimals
		00 00         | filler`)
	got := AppendColumnDef(nil, c)
	if !bytes.Equal(got, want) {
		t.Fatalf("% x", got)
	}
	back, err := ParseColumnDef(got)
	if err != nil || back.Name != "1+1" || back.Type != mysqldef.TypeLongLong || back.Flags != c.Flags || back.Length != 3 {
		t.Fatalf("%+v %v", back, err)
	}
	fl := AppendFieldListColumnDef(nil, c)
	if fl[len(fl)-1] != 0xfb {
		t.Fatal("field list default NULL")
	}
}

func TestTextRow(t *testing.T) {
	row := AppendTextString(nil, "2")
	row = AppendNullValue(row)
	row = AppendTextValue(row, []byte{})
	if !bytes.Equal(row, unhex(t, "01 32 | '2'\n fb | NULL\n 00 | ''")) {
		t.Fatalf("% x", row)
	}
	vals, err := ParseTextRow(row, 3)
	if err != nil || string(vals[0]) != "2" || vals[1] != nil || vals[2] == nil {
		t.Fatalf("%q %v", vals, err)
	}
	if _, err := ParseTextRow(row, 2); err == nil {
		t.Fatal("extra column accepted")
	}
}

func TestReserveTextValue(t *testing.T) {
	for _, n := range []int{0, 1, 250, 251, 70000} {
		buf, mark := ReserveTextValue([]byte{0xaa})
		val := bytes.Repeat([]byte{'7'}, n)
		buf = append(buf, val...)
		buf = FinishTextValue(buf, mark)
		want := AppendTextValue([]byte{0xaa}, val)
		if !bytes.Equal(buf, want) {
			t.Fatalf("len %d: prefix mismatch", n)
		}
	}
}

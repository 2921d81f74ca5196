package codec

import (
	"bytes"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

func TestOK(t *testing.T) {
	ok := &OK{AffectedRows: 1, LastInsertID: 300, Status: mysqldef.StatusAutocommit, Warnings: 2, Info: "x"}
	want := unhex(t, `
		00        | OK
		01        | affected rows 1
		fc 2c 01  | last insert id 300
		02 00     | status autocommit
		02 00     | 2 warnings
		01 78     | info "x", length-encoded`)
	got := AppendOK(nil, ok)
	if !bytes.Equal(got, want) {
		t.Fatalf("% x", got)
	}
	back, err := ParseOK(got)
	if err != nil || *back != *ok {
		t.Fatalf("%+v %v", back, err)
	}
	eofOK := AppendEOFOK(nil, ok)
	if eofOK[0] != 0xfe {
		t.Fatal("EOF-OK header")
	}
}

func TestErr(t *testing.T) {
	e := mysqldef.NewError(mysqldef.ErrAccessDenied, "Access denied for user '%s'@'%s' (using password: %s)", "u", "localhost", "YES")
	want := unhex(t, `
		ff                 | ERR
		15 04              | 1045
		23 32 38 30 30 30  | "#28000"`)
	got := AppendErr(nil, e)
	if !bytes.HasPrefix(got, want) || !bytes.HasSuffix(got, []byte("(using password: YES)")) {
		t.Fatalf("% x", got)
	}
	back, err := ParseErr(got)
	if err != nil || *back != *e {
		t.Fatalf("%+v %v", back, err)
	}
}

func TestEOF(t *testing.T) {
	got := AppendEOF(nil, 1, mysqldef.StatusAutocommit|mysqldef.StatusMoreResultsExists)
	if !bytes.Equal(got, unhex(t, "fe 01 00 0a 00")) || !IsEOF(got) {
		t.Fatalf("% x", got)
	}
}

func TestUnknownStateFallsBack(t *testing.T) {
	if mysqldef.SQLState(9999) != "HY000" || mysqldef.SQLState(mysqldef.ErrParse) != "42000" {
		t.Fatal("sqlstate table")
	}
}

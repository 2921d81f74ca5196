package protocol

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
)

func TestCommands(t *testing.T) {
	c := newTestConn(t)
	if rs := decodeResults(t, command(c, []byte{0x7f})); rs[0].err == nil || rs[0].err.Code != mysqldef.ErrUnknownCom {
		t.Fatal("unknown command", rs)
	}
	if rs := decodeResults(t, command(c, nil)); rs[0].err == nil || rs[0].err.Code != mysqldef.ErrUnknownCom {
		t.Fatal("empty packet", rs)
	}
	pkts := command(c, []byte{codec.ComStatistics})
	if !strings.HasPrefix(string(pkts[0]), "Uptime: ") {
		t.Fatalf("%q", pkts[0])
	}
	pkts = command(c, []byte{codec.ComSetOption, 1, 0})
	if pkts[0][0] != codec.HeaderEOF {
		t.Fatal("COM_SET_OPTION")
	}
	// Multi-statements are off now: the second statement is a syntax error.
	if rs := query(t, c, "SELECT 1; SELECT 2"); rs[0].err == nil || rs[0].err.Code != mysqldef.ErrParse {
		t.Fatal("COM_SET_OPTION left multi-statements on", rs)
	}
	command(c, []byte{codec.ComSetOption, 0, 0})
	if rs := query(t, c, "SELECT 1; SELECT 2"); len(rs) != 2 || rs[1].rows[0][0] != "2" {
		t.Fatal("COM_SET_OPTION did not turn multi-statements on", rs)
	}
	pkts = command(c, []byte{codec.ComInitDB, 'm', 'y', 's', 'q', 'l'})
	if c.sql.DB() != "mysql" || pkts[0][0] != codec.HeaderOK {
		t.Fatal("COM_INIT_DB")
	}
	if rs := decodeResults(t, command(c, []byte{codec.ComProcessKill, 99, 0, 0, 0})); rs[0].err == nil || rs[0].err.Code != mysqldef.ErrNoSuchThread {
		t.Fatal("kill unknown", rs)
	}
	if rs := decodeResults(t, command(c, []byte{codec.ComProcessKill, 99})); rs[0].err == nil || rs[0].err.Code != mysqldef.ErrMalformedPacket {
		t.Fatal("kill malformed", rs)
	}
	if rs := decodeResults(t, command(c, []byte{codec.ComPing})); rs[0].ok == nil {
		t.Fatal("ping", rs)
	}
	one(t, c, "SET @a = 1")
	command(c, []byte{codec.ComResetConnection})
	if r := one(t, c, "SELECT @a, DATABASE()"); fmt.Sprint(r.rows) != "[[NULL mysql]]" {
		t.Fatal("reset", r.rows)
	}
	if pkts := command(c, []byte{codec.ComQuit}); len(pkts) != 0 {
		t.Fatal("COM_QUIT answered")
	}
}

func TestFieldList(t *testing.T) {
	c := newTestConn(t)
	mustExec(t, c, "CREATE DATABASE d", "USE d")
	one(t, c, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL DEFAULT 'x', KEY (name))")
	pkts := command(c, append([]byte{codec.ComFieldList}, "t\x00"...))
	if len(pkts) != 3 {
		t.Fatalf("%d packets", len(pkts))
	}
	def, err := codec.ParseColumnDef(pkts[1])
	if err != nil || def.Name != "name" || def.Table != "t" || def.Flags&mysqldef.FlagMultipleKey == 0 {
		t.Fatal(def, err)
	}
	if !strings.HasSuffix(string(pkts[1]), "\x01x") {
		t.Fatalf("default missing: %q", pkts[1])
	}
	if pkts[2][0] != codec.HeaderEOF {
		t.Fatal("no EOF")
	}
	if rs := decodeResults(t, command(c, append([]byte{codec.ComFieldList}, "nosuch\x00"...))); rs[0].err == nil || rs[0].err.Code != mysqldef.ErrNoSuchTable {
		t.Fatal(rs)
	}
}

// Without CLIENT_DEPRECATE_EOF the column definitions are followed by an
// EOF and the rows end with a real EOF packet, not an OK-style one.
func TestResultSetWithEOF(t *testing.T) {
	c := newTestConnCaps(t, codec.ClientProtocol41|codec.ClientMultiStatements)
	pkts := command(c, append([]byte{codec.ComQuery}, "SELECT 1, NULL; DO 1"...))
	// count, 2 definitions, EOF, one row, EOF, OK.
	if len(pkts) != 7 {
		t.Fatalf("%d packets: %q", len(pkts), pkts)
	}
	if !codec.IsEOF(pkts[3]) || !codec.IsEOF(pkts[5]) {
		t.Fatalf("no EOFs: %q", pkts)
	}
	vals, err := codec.ParseTextRow(pkts[4], 2)
	if err != nil || string(vals[0]) != "1" || vals[1] != nil {
		t.Fatalf("row %q %v", vals, err)
	}
	if status := pkts[5][3]; uint16(status)&mysqldef.StatusMoreResultsExists == 0 {
		t.Fatalf("EOF without MORE_RESULTS_EXISTS: %q", pkts[5])
	}
	if pkts[6][0] != codec.HeaderOK {
		t.Fatalf("no OK: %q", pkts[6])
	}
}

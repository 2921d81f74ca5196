package protocol

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"testing"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
)

// prepareStmt runs COM_STMT_PREPARE and returns the statement id.
func prepareStmt(t *testing.T, c *Conn, sql string) uint32 {
	t.Helper()
	pkts := command(c, append([]byte{codec.ComStmtPrepare}, sql...))
	if p := pkts[0]; p[0] != 0 {
		e, _ := codec.ParseErr(p)
		t.Fatalf("prepare %s: %v", sql, e)
	}
	return binary.LittleEndian.Uint32(pkts[0][1:])
}

// executeInt runs COM_STMT_EXECUTE with BIGINT parameters and returns the
// packets (binary rows), with a cursor when flags ask for one.
func executeInt(c *Conn, id uint32, flags byte, args ...int64) [][]byte {
	ex := &codec.StmtExecute{StmtID: id, Flags: flags, Iterations: 1, NewParamsBound: true}
	for _, a := range args {
		ex.Types = append(ex.Types, codec.ParamType{Type: mysqldef.TypeLongLong})
		ex.Params = append(ex.Params, codec.BinaryParam{Type: codec.ParamType{Type: mysqldef.TypeLongLong}, Int: a, Uint: uint64(a)})
	}
	return command(c, codec.AppendStmtExecute([]byte{codec.ComStmtExecute}, ex))
}

// binaryRowCount counts the rows of a binary result set (header 0x00).
func binaryRowCount(t *testing.T, pkts [][]byte) int {
	t.Helper()
	if pkts[0][0] == codec.HeaderERR {
		e, _ := codec.ParseErr(pkts[0])
		t.Fatalf("execute: %v", e)
	}
	n, _, _, _ := codec.ReadLenEncInt(pkts[0])
	rows := 0
	for _, p := range pkts[1+int(n):] {
		if p[0] == 0x00 {
			rows++
		}
	}
	return rows
}

func TestPreparedExecute(t *testing.T) {
	c := newTestConn(t)
	mustExec(t, c, "CREATE DATABASE d", "USE d", "CREATE TABLE pc (id INT PRIMARY KEY, k INT, KEY (k))", "INSERT INTO pc VALUES (1, 10), (2, 20), (3, 20)")
	id := prepareStmt(t, c, "SELECT id FROM pc WHERE k = ? ORDER BY id LIMIT ?")
	if got := binaryRowCount(t, executeInt(c, id, 0, 20, 10)); got != 2 {
		t.Fatalf("k=20: %d rows", got)
	}
	if got := binaryRowCount(t, executeInt(c, id, 0, 20, 1)); got != 1 {
		t.Fatalf("LIMIT 1: %d rows", got)
	}
	// Types bound by the first EXECUTE serve the next, which omits them.
	ex := &codec.StmtExecute{StmtID: id, Iterations: 1, Types: []codec.ParamType{{Type: mysqldef.TypeLongLong}, {Type: mysqldef.TypeLongLong}},
		Params: []codec.BinaryParam{{Type: codec.ParamType{Type: mysqldef.TypeLongLong}, Int: 10, Uint: 10}, {Type: codec.ParamType{Type: mysqldef.TypeLongLong}, Int: 5, Uint: 5}}}
	if got := binaryRowCount(t, command(c, codec.AppendStmtExecute([]byte{codec.ComStmtExecute}, ex))); got != 1 {
		t.Fatalf("k=10 with the kept types: %d rows", got)
	}
	// Unknown statements and malformed packets.
	pkts := executeInt(c, 99, 0)
	if e, _ := codec.ParseErr(pkts[0]); e == nil || e.Code != mysqldef.ErrUnknownStmtHandler {
		t.Fatalf("unknown statement: %v", e)
	}
	pkts = command(c, []byte{codec.ComStmtExecute, 1})
	if e, _ := codec.ParseErr(pkts[0]); e == nil || e.Code != mysqldef.ErrMalformedPacket {
		t.Fatalf("malformed: %v", e)
	}
	// RESET answers OK; CLOSE answers nothing and forgets the statement.
	if pkts := command(c, binary.LittleEndian.AppendUint32([]byte{codec.ComStmtReset}, id)); pkts[0][0] != codec.HeaderOK {
		t.Fatalf("reset: %q", pkts)
	}
	if pkts := command(c, binary.LittleEndian.AppendUint32([]byte{codec.ComStmtClose}, id)); len(pkts) != 0 {
		t.Fatalf("close answered: %q", pkts)
	}
	if e, _ := codec.ParseErr(executeInt(c, id, 0, 1, 1)[0]); e == nil || e.Code != mysqldef.ErrUnknownStmtHandler {
		t.Fatalf("closed statement: %v", e)
	}
}

// Every binary type goes out in the form its column announces, and
// parameters of each type come in as values.
func TestBinaryValues(t *testing.T) {
	c := newTestConn(t)
	mustExec(t, c, "CREATE DATABASE d", "USE d",
		"CREATE TABLE v (id INT PRIMARY KEY, ti TINYINT, si SMALLINT UNSIGNED, bi BIGINT UNSIGNED, f FLOAT, d DOUBLE, dt DATETIME(6), da DATE, tm TIME, dec1 DECIMAL(5,2), s VARCHAR(10))",
		"INSERT INTO v VALUES (1, -5, 65535, 18446744073709551615, 1.5, 2.25, '2024-02-29 10:11:12.000345', '2024-03-01', '-838:59:59', 123.45, 'héllo'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
	id := prepareStmt(t, c, "SELECT ti, si, bi, f, d, dt, da, tm, dec1, s FROM v WHERE id = ?")
	pkts := executeInt(c, id, 0, 1)
	n, _, _, _ := codec.ReadLenEncInt(pkts[0])
	var types []byte
	var unsigned []bool
	for i := 1; i <= int(n); i++ {
		def, err := codec.ParseColumnDef(pkts[i])
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, def.Type)
		unsigned = append(unsigned, def.Flags&mysqldef.FlagUnsigned != 0)
	}
	vals, err := codec.ParseBinaryRow(pkts[1+n], types, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	if vals[0].Int != -5 || vals[1].Uint != 65535 || vals[2].Uint != 1<<64-1 || vals[3].Float != 1.5 || vals[4].Float != 2.25 {
		t.Fatalf("numbers: %+v", vals[:5])
	}
	if tm := vals[5].Time; tm.Year != 2024 || tm.Month != 2 || tm.Day != 29 || tm.Hour != 10 || tm.Second != 12 || tm.Micro != 345 {
		t.Fatalf("datetime: %+v", tm)
	}
	if tm := vals[6].Time; tm.Year != 2024 || tm.Month != 3 || tm.Day != 1 {
		t.Fatalf("date: %+v", tm)
	}
	if tm := vals[7].Time; !tm.Neg || tm.Days != 34 || tm.Hour != 22 || tm.Minute != 59 || tm.Second != 59 {
		t.Fatalf("time: %+v", tm)
	}
	if string(vals[8].Bytes) != "123.45" || string(vals[9].Bytes) != "héllo" {
		t.Fatalf("text: %q %q", vals[8].Bytes, vals[9].Bytes)
	}
	nulls, err := codec.ParseBinaryRow(executeInt(c, id, 0, 2)[1+n], types, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range nulls {
		if !v.Null {
			t.Fatalf("column %d of the NULL row: %+v", i, v)
		}
	}

	// Parameters: each binary type is bound as the value it carries.
	pid := prepareStmt(t, c, "SELECT ?, ?, ?, ?, ?, ?, ?, ?")
	params := []codec.BinaryParam{
		{Type: codec.ParamType{Type: mysqldef.TypeLongLong, Unsigned: true}, Int: -1, Uint: 1<<64 - 1},
		{Type: codec.ParamType{Type: mysqldef.TypeDouble}, Float: 0.5},
		{Type: codec.ParamType{Type: mysqldef.TypeDate}, Time: codec.BinaryTime{Year: 2020, Month: 1, Day: 2}},
		{Type: codec.ParamType{Type: mysqldef.TypeDatetime}, Time: codec.BinaryTime{Year: 2020, Month: 1, Day: 2, Hour: 3, Minute: 4, Second: 5, Micro: 6}},
		{Type: codec.ParamType{Type: mysqldef.TypeTime}, Time: codec.BinaryTime{Neg: true, Days: 1, Hour: 2, Minute: 3, Second: 4}},
		{Type: codec.ParamType{Type: mysqldef.TypeNewDecimal}, Bytes: []byte("1.50")},
		{Type: codec.ParamType{Type: mysqldef.TypeVarString}, Bytes: []byte("txt")},
		{Type: codec.ParamType{Type: mysqldef.TypeNull}, Null: true},
	}
	ex := &codec.StmtExecute{StmtID: pid, Iterations: 1, NewParamsBound: true, Params: params}
	for _, p := range params {
		ex.Types = append(ex.Types, p.Type)
	}
	pkts = command(c, codec.AppendStmtExecute([]byte{codec.ComStmtExecute}, ex))
	if pkts[0][0] == codec.HeaderERR {
		e, _ := codec.ParseErr(pkts[0])
		t.Fatal(e)
	}
	n, _, _, _ = codec.ReadLenEncInt(pkts[0])
	types, unsigned = nil, nil
	for i := 1; i <= int(n); i++ {
		def, _ := codec.ParseColumnDef(pkts[i])
		types = append(types, def.Type)
		unsigned = append(unsigned, def.Flags&mysqldef.FlagUnsigned != 0)
	}
	got, err := codec.ParseBinaryRow(pkts[1+n], types, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	// The markers' columns are described at PREPARE as strings: the
	// values come back as their text.
	var texts []string
	for _, v := range got {
		if v.Null {
			texts = append(texts, "NULL")
			continue
		}
		texts = append(texts, string(v.Bytes))
	}
	want := "[18446744073709551615 0.5 2020-01-02 2020-01-02 03:04:05.000006 -26:03:04 1.50 txt NULL]"
	if fmt.Sprint(texts) != want {
		t.Fatalf("parameters: got %v, want %s", texts, want)
	}
}

func fetchRows(t *testing.T, c *Conn, id uint32, n uint32) (rows int, status uint16) {
	t.Helper()
	payload := []byte{codec.ComStmtFetch}
	payload = binary.LittleEndian.AppendUint32(payload, id)
	payload = binary.LittleEndian.AppendUint32(payload, n)
	pkts := command(c, payload)
	last := pkts[len(pkts)-1]
	if last[0] == codec.HeaderERR {
		e, _ := codec.ParseErr(last)
		t.Fatalf("fetch: %v", e)
	}
	ok, err := codec.ParseOK(last)
	if err != nil {
		t.Fatal(err)
	}
	return len(pkts) - 1, ok.Status
}

func TestCursors(t *testing.T) {
	c := newTestConn(t)
	mustExec(t, c, "CREATE DATABASE d", "USE d", "CREATE TABLE cur (id INT PRIMARY KEY, v INT)")
	for i := 1; i <= 25; i++ {
		mustExec(t, c, "INSERT INTO cur VALUES ("+strconv.Itoa(i)+", "+strconv.Itoa(i%3)+")")
	}
	for _, sql := range []string{
		"SELECT id, v FROM cur WHERE id > ?",            // streamed from the iterator
		"SELECT id, v FROM cur WHERE id > ? ORDER BY v", // materialised
	} {
		id := prepareStmt(t, c, sql)
		pkts := executeInt(c, id, codec.CursorTypeReadOnly, 2)
		end, err := codec.ParseOK(pkts[len(pkts)-1])
		if err != nil || end.Status&mysqldef.StatusCursorExists == 0 || len(pkts) != 1+2+1 {
			t.Fatalf("%s: cursor header: %d packets, %+v %v", sql, len(pkts), end, err)
		}
		total := 0
		for {
			n, status := fetchRows(t, c, id, 10)
			total += n
			// Other statements may run between fetches.
			one(t, c, "SELECT COUNT(*) FROM cur")
			if status&mysqldef.StatusLastRowSent != 0 {
				break
			}
			if status&mysqldef.StatusCursorExists == 0 {
				t.Fatalf("%s: batch without CURSOR_EXISTS or LAST_ROW_SENT", sql)
			}
		}
		if total != 23 {
			t.Fatalf("%s: fetched %d rows, want 23", sql, total)
		}
		// The cursor is closed after the last row.
		payload := binary.LittleEndian.AppendUint32([]byte{codec.ComStmtFetch}, id)
		payload = binary.LittleEndian.AppendUint32(payload, 1)
		pkts = command(c, payload)
		if e, _ := codec.ParseErr(pkts[0]); e == nil || e.Code != mysqldef.ErrStmtHasNoOpenCursor {
			t.Fatalf("%s: fetch after the end: %v", sql, e)
		}
	}
}

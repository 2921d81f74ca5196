package exec

import (
	"encoding/binary"
	"testing"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
)

// prepareStmt runs COM_STMT_PREPARE and returns the statement id.
func prepareStmt(t *testing.T, s *Session, sql string) uint32 {
	t.Helper()
	var sink recordSink
	s.HandleCommand(append([]byte{codec.ComStmtPrepare}, sql...), &sink)
	if p := sink.pkts[0]; p[0] != 0 {
		e, _ := codec.ParseErr(p)
		t.Fatalf("prepare %s: %v", sql, e)
	}
	return binary.LittleEndian.Uint32(sink.pkts[0][1:])
}

// executeInt runs COM_STMT_EXECUTE with BIGINT parameters and returns the
// packets (binary rows).
func executeInt(t *testing.T, s *Session, id uint32, args ...int64) [][]byte {
	t.Helper()
	ex := &codec.StmtExecute{StmtID: id, Iterations: 1, NewParamsBound: true}
	for _, a := range args {
		ex.Types = append(ex.Types, codec.ParamType{Type: mysqldef.TypeLongLong})
		ex.Params = append(ex.Params, codec.BinaryParam{Type: codec.ParamType{Type: mysqldef.TypeLongLong}, Int: a, Uint: uint64(a)})
	}
	payload := codec.AppendStmtExecute([]byte{codec.ComStmtExecute}, ex)
	var sink recordSink
	s.HandleCommand(payload, &sink)
	return sink.pkts
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

func TestPreparedPlanCache(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE pc (id INT PRIMARY KEY, k INT, KEY (k))", "INSERT INTO pc VALUES (1, 10), (2, 20), (3, 20)")
	id := prepareStmt(t, s, "SELECT id FROM pc WHERE k = ? ORDER BY id LIMIT ?")
	st := s.stmts[id]
	if st.cache == nil {
		t.Fatal("a plain SELECT was not cached")
	}
	plan := st.cache.plan
	if got := binaryRowCount(t, executeInt(t, s, id, 20, 10)); got != 2 {
		t.Fatalf("k=20: %d rows", got)
	}
	if got := binaryRowCount(t, executeInt(t, s, id, 20, 1)); got != 1 {
		t.Fatalf("LIMIT 1: %d rows", got)
	}
	if got := binaryRowCount(t, executeInt(t, s, id, 10, 5)); got != 1 {
		t.Fatalf("k=10: %d rows", got)
	}
	if st.cache == nil || st.cache.plan != plan {
		t.Fatal("the plan was not reused")
	}
	// DDL replaces the table: the plan is rebuilt, results stay right.
	mustExec(t, s, "ALTER TABLE pc ADD COLUMN extra INT DEFAULT 7")
	if got := binaryRowCount(t, executeInt(t, s, id, 20, 10)); got != 2 {
		t.Fatalf("after ALTER: %d rows", got)
	}
	if st.cache == nil || st.cache.plan == plan {
		t.Fatal("the stale plan was not replaced")
	}
	// Statements whose planning rewrites the AST are not cached.
	id2 := prepareStmt(t, s, "SELECT id FROM pc WHERE k IN (SELECT k FROM pc WHERE id = ?)")
	if s.stmts[id2].cache != nil {
		t.Fatal("a SELECT with a subquery was cached")
	}
	if got := binaryRowCount(t, executeInt(t, s, id2, 2)); got != 2 {
		t.Fatalf("subquery: %d rows", got)
	}
}

// executeCursor runs COM_STMT_EXECUTE with CURSOR_TYPE_READ_ONLY.
func executeCursor(t *testing.T, s *Session, id uint32, args ...int64) [][]byte {
	t.Helper()
	ex := &codec.StmtExecute{StmtID: id, Flags: codec.CursorTypeReadOnly, Iterations: 1, NewParamsBound: true}
	for _, a := range args {
		ex.Types = append(ex.Types, codec.ParamType{Type: mysqldef.TypeLongLong})
		ex.Params = append(ex.Params, codec.BinaryParam{Type: codec.ParamType{Type: mysqldef.TypeLongLong}, Int: a, Uint: uint64(a)})
	}
	var sink recordSink
	s.HandleCommand(codec.AppendStmtExecute([]byte{codec.ComStmtExecute}, ex), &sink)
	return sink.pkts
}

func fetchRows(t *testing.T, s *Session, id uint32, n uint32) (rows int, status uint16) {
	t.Helper()
	payload := []byte{codec.ComStmtFetch}
	payload = binary.LittleEndian.AppendUint32(payload, id)
	payload = binary.LittleEndian.AppendUint32(payload, n)
	var sink recordSink
	s.HandleCommand(payload, &sink)
	last := sink.pkts[len(sink.pkts)-1]
	if last[0] == codec.HeaderERR {
		e, _ := codec.ParseErr(last)
		t.Fatalf("fetch: %v", e)
	}
	ok, err := codec.ParseOK(last)
	if err != nil {
		t.Fatal(err)
	}
	return len(sink.pkts) - 1, ok.Status
}

func TestCursors(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE cur (id INT PRIMARY KEY, v INT)")
	for i := 1; i <= 25; i++ {
		mustExec(t, s, "INSERT INTO cur VALUES ("+itoaSmall(i)+", "+itoaSmall(i%3)+")")
	}
	for _, sql := range []string{
		"SELECT id, v FROM cur WHERE id > ?",            // streamed from the iterator
		"SELECT id, v FROM cur WHERE id > ? ORDER BY v", // materialised
	} {
		id := prepareStmt(t, s, sql)
		pkts := executeCursor(t, s, id, 2)
		end, err := codec.ParseOK(pkts[len(pkts)-1])
		if err != nil || end.Status&mysqldef.StatusCursorExists == 0 || len(pkts) != 1+2+1 {
			t.Fatalf("%s: cursor header: %d packets, %+v %v", sql, len(pkts), end, err)
		}
		total := 0
		for {
			n, status := fetchRows(t, s, id, 10)
			total += n
			// Other statements may run between fetches.
			one(t, s, "SELECT COUNT(*) FROM cur")
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
		var sink recordSink
		s.HandleCommand(payload, &sink)
		if e, _ := codec.ParseErr(sink.pkts[0]); e == nil || e.Code != mysqldef.ErrStmtHasNoOpenCursor {
			t.Fatalf("%s: fetch after the end: %v", sql, e)
		}
	}
}

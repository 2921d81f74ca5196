package exec

import (
	"encoding/binary"
	"testing"

	"github.com/loopdb/loopdb/codec"
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
		ex.Types = append(ex.Types, codec.ParamType{Type: codec.TypeLongLong})
		ex.Params = append(ex.Params, codec.BinaryParam{Type: codec.ParamType{Type: codec.TypeLongLong}, Int: a, Uint: uint64(a)})
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

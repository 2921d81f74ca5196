package exec

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// prepareStmt prepares sql and returns the statement id.
func prepareStmt(t *testing.T, s *Session, sql string) uint32 {
	t.Helper()
	st, err := s.Prepare(sql)
	if err != nil {
		t.Fatalf("prepare %s: %v", sql, err)
	}
	return st.ID()
}

// executeInt executes statement id with BIGINT parameters, as
// COM_STMT_EXECUTE binds them.
func executeInt(t *testing.T, s *Session, id uint32, args ...int64) *recorder {
	t.Helper()
	rec, _ := execute(t, s, id, false, args...)
	return rec
}

// execute executes statement id with BIGINT parameters, optionally asking
// for a cursor; it returns the cursor's columns when one opened.
func execute(t *testing.T, s *Session, id uint32, cursor bool, args ...int64) (*recorder, []Column) {
	t.Helper()
	st, err := s.Stmt(id, "mysqld_stmt_execute")
	if err != nil {
		t.Fatal(err)
	}
	params := make([]expr.Value, len(args))
	for i, a := range args {
		params[i] = expr.IntValue(a)
	}
	rec := &recorder{}
	s.BeginCommand()
	defer s.EndCommand()
	cols := s.Execute(st, params, cursor, rec)
	return rec, cols
}

// rowCount counts the rows of an execution's result set.
func rowCount(t *testing.T, rec *recorder) int {
	t.Helper()
	if len(rec.results) != 1 || rec.results[0].err != nil {
		t.Fatalf("execute: %+v", rec.results)
	}
	return len(rec.results[0].rows)
}

func TestPreparedPlanCache(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE pc (id INT PRIMARY KEY, k INT, KEY (k))", "INSERT INTO pc VALUES (1, 10), (2, 20), (3, 20)")
	id := prepareStmt(t, s, "SELECT id FROM pc WHERE k = ? ORDER BY id LIMIT ?")
	st := s.stmts[id]
	if st.cache == nil {
		t.Fatal("a plain SELECT was not cached")
	}
	plan := st.cache.Plan
	if got := rowCount(t, executeInt(t, s, id, 20, 10)); got != 2 {
		t.Fatalf("k=20: %d rows", got)
	}
	if got := rowCount(t, executeInt(t, s, id, 20, 1)); got != 1 {
		t.Fatalf("LIMIT 1: %d rows", got)
	}
	if got := rowCount(t, executeInt(t, s, id, 10, 5)); got != 1 {
		t.Fatalf("k=10: %d rows", got)
	}
	if st.cache == nil || st.cache.Plan != plan {
		t.Fatal("the plan was not reused")
	}
	// DDL replaces the table: the plan is rebuilt, results stay right.
	mustExec(t, s, "ALTER TABLE pc ADD COLUMN extra INT DEFAULT 7")
	if got := rowCount(t, executeInt(t, s, id, 20, 10)); got != 2 {
		t.Fatalf("after ALTER: %d rows", got)
	}
	if st.cache == nil || st.cache.Plan == plan {
		t.Fatal("the stale plan was not replaced")
	}
	// Statements whose planning rewrites the AST are not cached.
	id2 := prepareStmt(t, s, "SELECT id FROM pc WHERE k IN (SELECT k FROM pc WHERE id = ?)")
	if s.stmts[id2].cache != nil {
		t.Fatal("a SELECT with a subquery was cached")
	}
	if got := rowCount(t, executeInt(t, s, id2, 2)); got != 2 {
		t.Fatalf("subquery: %d rows", got)
	}
}

// fetchRows fetches up to n rows of statement id's cursor and returns how
// many came and the status flags a client would see.
func fetchRows(t *testing.T, s *Session, id uint32, n uint32) (rows int, status uint16) {
	t.Helper()
	st, err := s.Stmt(id, "mysqld_stmt_fetch")
	if err != nil {
		t.Fatal(err)
	}
	if !st.HasCursor() {
		t.Fatal("fetch: no open cursor")
	}
	rec := &recorder{}
	last, err := s.FetchRows(st, n, rec)
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	if rec.open != nil {
		rows = len(rec.open.rows)
	}
	status = mysqldef.StatusCursorExists
	if last {
		status = mysqldef.StatusLastRowSent
	}
	return rows, status
}

func TestCursors(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE cur (id INT PRIMARY KEY, v INT)")
	for i := 1; i <= 25; i++ {
		mustExec(t, s, "INSERT INTO cur VALUES ("+strconv.Itoa(i)+", "+strconv.Itoa(i%3)+")")
	}
	for _, sql := range []string{
		"SELECT id, v FROM cur WHERE id > ?",            // streamed from the iterator
		"SELECT id, v FROM cur WHERE id > ? ORDER BY v", // materialised
	} {
		id := prepareStmt(t, s, sql)
		rec, cols := execute(t, s, id, true, 2)
		if len(cols) != 2 || len(rec.results) != 0 || rec.open != nil {
			t.Fatalf("%s: cursor not opened: %d columns, %+v", sql, len(cols), rec.results)
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
		if st, _ := s.Stmt(id, "mysqld_stmt_fetch"); st.HasCursor() {
			t.Fatalf("%s: cursor open after the last row", sql)
		}
	}
}

// A cached plan keeps the parts of the parse its runs read again (WHERE,
// LIMIT, the head's hints and locking clause) and drops the rest; a
// locking read through it still reads the latest committed row, as a
// text one does, where a plain one reads its snapshot.
func TestPreparedPlanCacheKeepsHeadOnly(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE pc (id INT PRIMARY KEY, k INT)", "INSERT INTO pc VALUES (1, 10)")
	plain, err := s.Prepare("SELECT k FROM pc WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	locking, err := s.Prepare("SELECT k FROM pc WHERE id = ? FOR UPDATE")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []*PreparedStmt{plain, locking} {
		if st.cache == nil {
			t.Fatalf("%s: no cached plan", st.sql)
		}
		if h := st.cache.Head; h.Fields != nil || h.From != nil || h.Where != nil {
			t.Fatalf("%s: the cached head holds the parse: %+v", st.sql, h)
		}
	}
	if plain.cache.Head.LockInfo != nil || locking.cache.Head.LockInfo == nil {
		t.Fatalf("locking clauses: plain %v, FOR UPDATE %v", plain.cache.Head.LockInfo, locking.cache.Head.LockInfo)
	}
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "")
	mustExec(t, s, "BEGIN")
	for i := 0; i < 2; i++ { // the second run of each is through the cache
		if got := fmt.Sprint(rowsOfRec(t, executeInt(t, s, plain.id, 1))); got != "[[10]]" {
			t.Fatalf("snapshot read %d: %s", i, got)
		}
	}
	mustExec(t, other, "UPDATE d.pc SET k = 11 WHERE id = 1")
	for i := 0; i < 2; i++ {
		if got := fmt.Sprint(rowsOfRec(t, executeInt(t, s, plain.id, 1))); got != "[[10]]" {
			t.Fatalf("snapshot read after the other's commit %d: %s", i, got)
		}
		if got := fmt.Sprint(rowsOfRec(t, executeInt(t, s, locking.id, 1))); got != "[[11]]" {
			t.Fatalf("locking read %d: %s", i, got)
		}
	}
	mustExec(t, s, "COMMIT")
}

// rowsOfRec is the rows of an execution's only result set.
func rowsOfRec(t *testing.T, rec *recorder) [][]string {
	t.Helper()
	if len(rec.results) != 1 || rec.results[0].err != nil {
		t.Fatalf("execute: %+v", rec.results)
	}
	return rec.results[0].rows
}

package exec

import (
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
)

// The limits are milliseconds against work that would take far longer
// (a 30 s SLEEP, a billion-step BENCHMARK), so the checks below hold on a
// loaded machine: they ask that the statement stopped, not how fast.
const longWork = 20 * time.Second

// max_execution_time stops a top-level SELECT with 3024 (MySQL 8; MariaDB
// has max_statement_time instead), SLEEP returns 1 as when killed, and the
// next statement runs normally.
func TestMaxExecutionTimeStopsSelect(t *testing.T) {
	s := newTestSession(t)
	mustExec(t, s, "SET max_execution_time = 50")
	start := time.Now()
	wantErr(t, s, "SELECT BENCHMARK(1000000000, 1 + 1)", mysqldef.ErrQueryTimeout, "maximum statement execution time exceeded")
	if got := rowsOf(t, s, "SELECT SLEEP(30)"); got != "1" {
		t.Fatalf("SLEEP under a limit: %s", got)
	}
	if el := time.Since(start); el > longWork {
		t.Fatalf("the limited statements ran %v", el)
	}
	if got := rowsOf(t, s, "SELECT 1 + 1"); got != "2" {
		t.Fatalf("the statement after a timeout: %s", got)
	}
	// The hint wins over the variable, either way.
	mustExec(t, s, "SET max_execution_time = 0")
	wantErr(t, s, "SELECT /*+ MAX_EXECUTION_TIME(50) */ BENCHMARK(1000000000, 1 + 1)", mysqldef.ErrQueryTimeout, "maximum statement")
	mustExec(t, s, "SET max_execution_time = 50")
	if got := rowsOf(t, s, "SELECT /*+ MAX_EXECUTION_TIME(100000) */ SLEEP(0.2)"); got != "0" {
		t.Fatalf("a longer hint: SLEEP returned %s", got)
	}
	// A scan stops too, and a UNION is a SELECT.
	mustExec(t, s, "SET cte_max_recursion_depth = 100000000")
	wantErr(t, s, "WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000000) SELECT COUNT(*) FROM c",
		mysqldef.ErrQueryTimeout, "maximum statement")
	wantErr(t, s, "SELECT BENCHMARK(1000000000, 1 + 1) UNION SELECT 1", mysqldef.ErrQueryTimeout, "maximum statement")
	// KILL QUERY under a limit that has not passed is still 1317.
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "")
	mustExec(t, other, "SET max_execution_time = 100000")
	done := make(chan []result)
	go func() { done <- query(t, other, "SELECT BENCHMARK(100000000000, 1 + 1)") }()
	for {
		if c := other.command.Load(); c != nil && *c == cmdQuery {
			break
		}
	}
	one(t, s, "KILL QUERY 8")
	if rs := <-done; rs[0].err == nil || rs[0].err.Code != mysqldef.ErrQueryInterrupted {
		t.Fatalf("killed under a limit: %+v", rs)
	}
}

// Only top-level SELECTs are limited: not other statements, not a
// procedure's statements (as in MySQL).
func TestMaxExecutionTimeLeavesOthersAlone(t *testing.T) {
	s := newTestSession(t)
	mustExec(t, s, "CREATE DATABASE d", "USE d", "CREATE TABLE t (id INT PRIMARY KEY, v INT)",
		"CREATE PROCEDURE p() SELECT SLEEP(0.2)", "SET max_execution_time = 20")
	if got := callResults(t, s, "CALL p()"); got != "[0]+ ok0" {
		t.Fatalf("a procedure's SELECT under a session limit: %s", got)
	}
	mustExec(t, s, "DO SLEEP(0.2)", "INSERT INTO t SELECT 1, SLEEP(0.2)", "UPDATE t SET v = SLEEP(0.2)")
	if got := rowsOf(t, s, "SELECT id, v FROM t"); got != "1,0" {
		t.Fatalf("rows: %s", got)
	}
}

// A prepared SELECT (its cached plan and its first, planning run) is
// limited as a text one is.
func TestMaxExecutionTimePrepared(t *testing.T) {
	s := newTestSession(t)
	mustExec(t, s, "CREATE DATABASE d", "USE d", "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)",
		"SET max_execution_time = 50")
	st, err := s.Prepare("SELECT BENCHMARK(1000000000, id) FROM t WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		rec, _ := execute(t, s, st.id, false, 1)
		last := rec.results[len(rec.results)-1]
		if last.err == nil || last.err.Code != mysqldef.ErrQueryTimeout {
			t.Fatalf("run %d: %+v", i, rec.results)
		}
	}
	// The cached statement for the text protocol too.
	for i := 0; i < 2; i++ {
		rs := query(t, s, "SELECT BENCHMARK(1000000000, id) FROM t WHERE id = 1")
		if e := rs[len(rs)-1].err; e == nil || e.Code != mysqldef.ErrQueryTimeout || !strings.Contains(e.Message, "maximum") {
			t.Fatalf("text run %d: %+v", i, rs)
		}
	}
}

// A cached prepared SELECT keeps its MAX_EXECUTION_TIME hint (the plan
// cache keeps only a stub of the statement's head, which must hold it).
func TestMaxExecutionTimeHintPrepared(t *testing.T) {
	s := newTestSession(t)
	mustExec(t, s, "CREATE DATABASE d", "USE d", "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)")
	st, err := s.Prepare("SELECT /*+ MAX_EXECUTION_TIME(50) */ BENCHMARK(1000000000, id) FROM t WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	if st.cache == nil {
		t.Fatal("the statement has no cached plan: this test checks the cached path")
	}
	for i := 0; i < 2; i++ {
		rec, _ := execute(t, s, st.id, false, 1)
		last := rec.results[len(rec.results)-1]
		if last.err == nil || last.err.Code != mysqldef.ErrQueryTimeout {
			t.Fatalf("run %d: %+v", i, rec.results)
		}
	}
}

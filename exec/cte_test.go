package exec

import "testing"

// CTEs are not planned yet: every shape must answer 1235, not panic (the
// subquery resolver used to hand the parser a parameter where it wanted
// the CTE's query back, and the session died with an interface
// conversion panic).
func TestCTEUnsupportedNotPanic(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1),(2)")
	for _, q := range []string{
		"WITH x AS (SELECT 1 AS a) SELECT a FROM x",
		"WITH c AS (SELECT id FROM t) SELECT id FROM c",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n<3) SELECT n FROM r",
		"SELECT * FROM (WITH x AS (SELECT 1 AS a) SELECT a FROM x) d",
		"SELECT id FROM t WHERE id IN (WITH x AS (SELECT 1 AS a) SELECT a FROM x)",
		"WITH x AS (SELECT 1 AS a) UPDATE t SET id = id WHERE id IN (SELECT a FROM x)",
		"WITH x AS (SELECT 1 AS a) DELETE FROM t WHERE id IN (SELECT a FROM x)",
	} {
		wantErr(t, s, q, 1235, "WITH")
	}
	if _, err := s.Prepare("WITH x AS (SELECT 1 AS a) SELECT a FROM x"); err == nil {
		t.Error("PREPARE of a CTE succeeded")
	}
	if r := one(t, s, "SELECT COUNT(*) FROM t"); r.rows[0][0] != "2" {
		t.Fatalf("session unusable after the CTEs: %v", r.rows)
	}
}

package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// CTEs in every place MySQL allows them: the statement's own WITH, a
// derived table's and a subquery's, INSERT ... SELECT, UPDATE and DELETE;
// referenced once, several times and from later CTEs.
func TestCTEs(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1,10),(2,20),(3,30)",
		"CREATE TABLE dst (id INT PRIMARY KEY, v INT)")
	cases := []struct{ sql, want string }{
		{"WITH x AS (SELECT 1 AS a) SELECT a FROM x", "1"},
		{"WITH x AS (SELECT 1 AS a) SELECT (SELECT a FROM x) + 1", "2"},
		{"WITH c AS (SELECT id, v FROM t WHERE id > 1) SELECT id, v FROM c ORDER BY id", "2,20;3,30"},
		{"WITH c(i, w) AS (SELECT id, v FROM t) SELECT w FROM c WHERE i = 2", "20"},
		{"WITH a AS (SELECT id FROM t), b AS (SELECT id * 10 AS k FROM a) SELECT k FROM b ORDER BY k DESC", "30;20;10"},
		// One CTE read twice: a self-join.
		{"WITH c AS (SELECT id FROM t) SELECT p.id, q.id FROM c p JOIN c q ON q.id = p.id + 1 ORDER BY p.id", "1,2;2,3"},
		{"WITH c AS (SELECT id FROM t WHERE id < 3) SELECT v FROM t WHERE id IN (SELECT id FROM c) ORDER BY v", "10;20"},
		// A correlated subquery reading a CTE.
		{"WITH c AS (SELECT id, v FROM t) SELECT t.id FROM t WHERE EXISTS (SELECT 1 FROM c WHERE c.id = t.id + 1) ORDER BY t.id", "1;2"},
		{"SELECT * FROM (WITH x AS (SELECT 1 AS a) SELECT a FROM x) d", "1"},
		{"SELECT id FROM t WHERE id IN (WITH x AS (SELECT 2 AS a) SELECT a FROM x)", "2"},
		// A CTE hides a table of the same name; an inner WITH hides an outer one.
		{"WITH t AS (SELECT 7 AS id) SELECT id FROM t", "7"},
		{"WITH x AS (SELECT 1 AS a) SELECT * FROM (WITH x AS (SELECT 2 AS a) SELECT a FROM x) d", "2"},
		{"WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION ALL SELECT a + 1 FROM x", "1;2"},
		{"WITH x AS (SELECT 5 AS a) SELECT COUNT(*), SUM(a) FROM x, t", "3,15"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
	mustExec(t, s, "INSERT INTO dst WITH c AS (SELECT id, v + 1 AS v FROM t) SELECT id, v FROM c")
	if got := rowsOf(t, s, "SELECT id, v FROM dst ORDER BY id"); got != "1,11;2,21;3,31" {
		t.Errorf("INSERT ... WITH: %q", got)
	}
	mustExec(t, s, "WITH x AS (SELECT 1 AS a) UPDATE dst SET v = 0 WHERE id IN (SELECT a FROM x)",
		"WITH x AS (SELECT 3 AS a) DELETE FROM dst WHERE id IN (SELECT a FROM x)")
	if got := rowsOf(t, s, "SELECT id, v FROM dst ORDER BY id"); got != "1,0;2,21" {
		t.Errorf("WITH ... UPDATE/DELETE: %q", got)
	}

	// A server-side cursor over a CTE.
	cid := prepareStmt(t, s, "WITH x AS (SELECT id FROM t WHERE id > ?) SELECT id FROM x WHERE id IN (SELECT id FROM x)")
	if _, cols := execute(t, s, cid, true, 1); len(cols) != 1 {
		t.Fatalf("cursor over a CTE: %d columns", len(cols))
	}
	if n, status := fetchRows(t, s, cid, 10); n != 2 || status&mysqldef.StatusLastRowSent == 0 {
		t.Errorf("cursor over a CTE: %d rows, status %x", n, status)
	}

	// Multi-table UPDATE and DELETE join a CTE.
	mustExec(t, s, "WITH x AS (SELECT 2 AS id, 50 AS nv) UPDATE dst JOIN x ON dst.id = x.id SET dst.v = x.nv",
		"INSERT INTO dst VALUES (7, 7)",
		"WITH RECURSIVE r(n) AS (SELECT 6 UNION ALL SELECT n + 1 FROM r WHERE n < 8) DELETE dst FROM dst JOIN r ON dst.id = r.n")
	if got := rowsOf(t, s, "SELECT id, v FROM dst ORDER BY id"); got != "1,0;2,50" {
		t.Errorf("multi-table UPDATE/DELETE with a CTE: %q", got)
	}
	wantErr(t, s, "WITH x AS (SELECT 1 AS a) UPDATE x SET a = 2", mysqldef.ErrNonUpdatableTable, "The target table x of the UPDATE is not updatable")
	wantErr(t, s, "WITH x AS (SELECT 1 AS a) DELETE FROM x", mysqldef.ErrNonUpdatableTable, "of the DELETE")
	wantErr(t, s, "WITH x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x", mysqldef.ErrNonUniqTable, "Not unique table/alias: 'x'")
	wantErr(t, s, "WITH x(a, b) AS (SELECT 1) SELECT * FROM x", mysqldef.ErrViewWrongList, "different column counts")
	// Without RECURSIVE a CTE does not see itself: the name is a table.
	wantErr(t, s, "WITH nosuch AS (SELECT * FROM nosuch) SELECT * FROM nosuch", mysqldef.ErrNoSuchTable, "nosuch")
	// A later CTE is not visible to an earlier one.
	wantErr(t, s, "WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a", mysqldef.ErrNoSuchTable, "'d.b'")

	// A prepared CTE runs afresh with each EXECUTE's parameters.
	id := prepareStmt(t, s, "WITH x AS (SELECT id FROM t WHERE id > ?) SELECT COUNT(*) FROM x")
	for arg, want := range map[int64]string{0: "3", 2: "1"} {
		rec, _ := execute(t, s, id, false, arg)
		if rowCount(t, rec) != 1 || rec.results[0].rows[0][0] != want {
			t.Errorf("EXECUTE with %d: %v, want %s", arg, rec.results[0].rows, want)
		}
	}
}

// WITH RECURSIVE: an anchor and recursive blocks, UNION ALL and UNION
// DISTINCT, cte_max_recursion_depth (3636) and MySQL's shape errors.
func TestRecursiveCTEs(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE emp (id INT PRIMARY KEY, boss INT, name VARCHAR(10))",
		"INSERT INTO emp VALUES (1,NULL,'ann'),(2,1,'bob'),(3,1,'cy'),(4,2,'di'),(5,4,'ed')")
	cases := []struct{ sql, want string }{
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n<5) SELECT n FROM r", "1;2;3;4;5"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n<1000) SELECT COUNT(*), SUM(n) FROM r", "1000,500500"},
		// The chain of command under bob, with depth.
		{"WITH RECURSIVE sub AS (SELECT id, name, 0 AS d FROM emp WHERE id = 2 " +
			"UNION ALL SELECT e.id, e.name, sub.d + 1 FROM emp e JOIN sub ON e.boss = sub.id) SELECT name, d FROM sub ORDER BY d", "bob,0;di,1;ed,2"},
		// UNION DISTINCT stops a cycle.
		{"WITH RECURSIVE c(n) AS (SELECT 0 UNION SELECT (n + 1) % 3 FROM c) SELECT n FROM c ORDER BY n", "0;1;2"},
		// Two anchors, and a LIMIT on the CTE that ends the recursion.
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 10 UNION ALL SELECT n+1 FROM r WHERE n < 3) SELECT n FROM r ORDER BY n", "1;2;3;10"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r LIMIT 4) SELECT n FROM r", "1;2;3;4"},
		// A RECURSIVE keyword on a CTE that does not recurse.
		{"WITH RECURSIVE x AS (SELECT 3 AS a) SELECT a FROM x", "3"},
		// Fibonacci in two columns, referenced from a later CTE.
		{"WITH RECURSIVE f(a, b) AS (SELECT 0, 1 UNION ALL SELECT b, a + b FROM f WHERE b < 20), g AS (SELECT MAX(a) AS m FROM f) SELECT m FROM g", "13"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
	// Recursive rows are stored in the anchor's types (strict mode: errors).
	wantErr(t, s, "WITH RECURSIVE s(str) AS (SELECT 'a' UNION ALL SELECT CONCAT(str, 'b') FROM s WHERE LENGTH(str) < 3) SELECT str FROM s",
		mysqldef.ErrDataTooLong, "Data too long for column 'str'")
	if got := rowsOf(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 0.5 FROM r WHERE n < 3) SELECT n FROM r"); got != "1;2;3" {
		t.Errorf("integer anchor, decimal steps: %q", got)
	}
	mustExec(t, s, "SET SESSION sql_mode = ''")
	if got := rowsOf(t, s, "WITH RECURSIVE s(n, str) AS (SELECT 1, 'a' UNION ALL SELECT n + 1, CONCAT(str, 'b') FROM s WHERE n < 3) SELECT str FROM s"); got != "a;a;a" {
		t.Errorf("non-strict narrowing: %q", got)
	}
	mustExec(t, s, "SET SESSION sql_mode = DEFAULT")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT n FROM r",
		mysqldef.ErrCTEMaxRecursionDepth, "Recursive query aborted after 1001 iterations")
	mustExec(t, s, "SET SESSION cte_max_recursion_depth = 10")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n < 20) SELECT n FROM r",
		mysqldef.ErrCTEMaxRecursionDepth, "after 11 iterations")
	if got := rowsOf(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n < 10) SELECT COUNT(*) FROM r"); got != "10" {
		t.Errorf("10 rows within depth 10: %q", got)
	}
	// A failed CTE fails every reference, also after a name check
	// (correlation analysis) ran it first.
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT id FROM emp WHERE EXISTS (SELECT 1 FROM r WHERE n = id)",
		mysqldef.ErrCTEMaxRecursionDepth, "after 11 iterations")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT id FROM emp WHERE id IN (SELECT n FROM r)",
		mysqldef.ErrCTEMaxRecursionDepth, "after 11 iterations")
	wantErr(t, s, "WITH RECURSIVE r AS (SELECT * FROM r) SELECT * FROM r", mysqldef.ErrCTERecursiveRequiresUnion, "should contain a UNION")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT n FROM r UNION ALL SELECT 1) SELECT * FROM r", mysqldef.ErrCTERecursiveNonRecursive1st, "non-recursive query blocks")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT MAX(n)+1 FROM r) SELECT * FROM r", mysqldef.ErrCTERecursiveAggregation, "neither aggregation")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r ORDER BY n LIMIT 1) SELECT * FROM r", mysqldef.ErrNotSupportedYet, "")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT DISTINCT n+1 FROM r WHERE n < 3) SELECT * FROM r", mysqldef.ErrNotSupportedYet, "recursive query block")
	wantErr(t, s, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n, n FROM r) SELECT * FROM r", mysqldef.ErrWrongNumberOfColumnsInSelect, "different number of columns")
	if r := one(t, s, "SELECT COUNT(*) FROM emp"); r.rows[0][0] != "5" {
		t.Fatalf("session unusable after the errors: %v", r.rows)
	}
}

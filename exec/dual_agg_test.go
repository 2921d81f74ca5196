package exec

import (
	"fmt"
	"strings"
	"testing"
)

// A SELECT without FROM may aggregate or window over its one row, as in MySQL; it used to
// answer 1235 "aggregate functions here".
func TestAggregatesWithoutFrom(t *testing.T) {
	s := newTestSession(t)
	one(t, s, "CREATE DATABASE d")
	one(t, s, "USE d")
	one(t, s, "CREATE TABLE t (id INT PRIMARY KEY, a INT)")
	one(t, s, "INSERT INTO t VALUES (1, 10), (2, 20)")
	for _, c := range []struct{ sql, want string }{
		{"SELECT COUNT(*)", "[[1]]"},
		{"SELECT COUNT(*), SUM(2), AVG(4), MIN('x'), MAX(NULL), GROUP_CONCAT('a', 'b')", "[[1 2 4.0000 x NULL ab]]"},
		{"SELECT COUNT(*) WHERE 0", "[[0]]"},
		{"SELECT SUM(1) WHERE 1 = 0", "[[NULL]]"},
		{"SELECT COUNT(*) HAVING COUNT(*) > 1", "[]"},
		{"SELECT ROW_NUMBER() OVER (), SUM(3) OVER ()", "[[1 3]]"},
		{"SELECT COUNT(*) FROM DUAL", "[[1]]"},
		{"SELECT COUNT(*) UNION ALL SELECT SUM(5)", "[[1] [5]]"},
		{"SELECT (SELECT COUNT(*)), id FROM t ORDER BY id", "[[1 1] [1 2]]"},
		{"SELECT id FROM t WHERE id IN (SELECT MAX(2))", "[[2]]"},
		{"SELECT 1 + 1", "[[2]]"}, // no aggregate: untouched
	} {
		r := one(t, s, c.sql)
		if got := fmt.Sprint(r.rows); got != c.want {
			t.Errorf("%s: got %s, want %s", c.sql, got, c.want)
		}
	}
	if r := one(t, s, "SELECT COUNT(*), SUM(1) AS s"); r.cols[0].Name != "COUNT(*)" || r.cols[1].Name != "s" {
		t.Errorf("column names %q %q", r.cols[0].Name, r.cols[1].Name)
	}
	// EXPLAIN shows no table for it, as MySQL.
	if got := fmt.Sprint(one(t, s, "EXPLAIN SELECT COUNT(*)").rows); !strings.Contains(got, "No tables used") {
		t.Errorf("EXPLAIN SELECT COUNT(*): %s", got)
	}
	one(t, s, "PREPARE p FROM 'SELECT SUM(?), COUNT(*)'")
	one(t, s, "SET @v = 7")
	if got := fmt.Sprint(one(t, s, "EXECUTE p USING @v").rows); got != "[[7 1]]" {
		t.Errorf("EXECUTE p: %s", got)
	}
	// No FROM and a column: 1054, as MySQL (it was 1235).
	wantErr(t, s, "SELECT SUM(nosuch)", 1054, "Unknown column")
}

package exec

import (
	"fmt"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// SUM and AVG of a JSON column are DOUBLEs, as in MySQL. They were summed as decimals, so a
// JSON 1e308 (309 digits) failed with ERR 1105 "invalid operation" (found by
// TestSQLNeverPanics).
func TestSumOfJSONIsDouble(t *testing.T) {
	s := newTestSession(t)
	one(t, s, "CREATE DATABASE d")
	one(t, s, "USE d")
	one(t, s, "CREATE TABLE jj (id INT PRIMARY KEY, j JSON)")
	one(t, s, "INSERT INTO jj VALUES (1, '1e308'), (2, '18446744073709551616'), (3, '0.5'), (4, '2'), (5, NULL)")
	for _, c := range []struct{ sql, want string }{
		{"SELECT SUM(j), AVG(j) FROM jj WHERE id IN (1, 3)", "[[1e308 5e307]]"},
		{"SELECT SUM(j) FROM jj WHERE id IN (2, 3)", "[[1.8446744073709552e19]]"},
		{"SELECT SUM(j), AVG(j), SUM(DISTINCT j) FROM jj WHERE id > 2", "[[2.5 1.25 2.5]]"},
	} {
		r := one(t, s, c.sql)
		if got := fmt.Sprint(r.rows); got != c.want {
			t.Errorf("%s: got %s, want %s", c.sql, got, c.want)
		}
		if r.cols[0].Type != mysqldef.TypeDouble {
			t.Errorf("%s: column type %#x, want DOUBLE", c.sql, r.cols[0].Type)
		}
	}
}

package exec

import "testing"

// DISTINCT after a sort on output columns keeps only the first of equal
// rows, also when a run of equal sort keys holds several different rows
// in any order, and compares text under the collation (case-insensitive).
func TestDistinctOverSortedRuns(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE r (id INT PRIMARY KEY, a INT, b VARCHAR(10))",
		"INSERT INTO r VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 1, 'x'), (4, 2, 'z'), (5, 1, 'y'), (6, 2, 'Z'), (7, NULL, 'n'), (8, NULL, 'n'), (9, 1, 'X')")
	for _, c := range []struct{ sql, want string }{
		// a run of a=1 holds x, y, x, y, X in arrival order
		{"SELECT DISTINCT a, b FROM r ORDER BY a", "NULL,n;1,x;1,y;2,z"},
		{"SELECT DISTINCT a, b FROM r ORDER BY a DESC", "2,z;1,x;1,y;NULL,n"},
		{"SELECT DISTINCT b FROM r ORDER BY b", "n;x;y;z"},
		{"SELECT DISTINCT a FROM r ORDER BY a LIMIT 1, 2", "1;2"},
		// the sort key is not an output column: one set of every row kept
		{"SELECT DISTINCT b FROM r ORDER BY b + 0", "x;y;z;n"},
		{"SELECT DISTINCT a, b FROM r", "1,x;1,y;2,z;NULL,n"},
	} {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
}

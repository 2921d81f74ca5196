package exec

import (
	"fmt"
	"strings"
	"testing"
)

// ORDER BY along a key with a LIMIT reads as many rows as it returns: the
// primary key backwards for DESC, a secondary index in order (its range
// when WHERE has one on it); without a usable key, or without a LIMIT
// where only the whole index would do, every row is read and sorted.
func TestOrderByKeyReadsOnlyWhatItReturns(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE ob (id INT PRIMARY KEY, k INT, c INT, KEY k_1 (k))",
		"SET SESSION cte_max_recursion_depth = 10000",
		"INSERT INTO ob SELECT i, 1000 - i, i % 7 FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i FROM n) d")
	reads := func() int {
		h := handlerStatus(t, s, "SESSION")
		total := 0
		for _, name := range []string{"Handler_read_first", "Handler_read_key", "Handler_read_next", "Handler_read_rnd_next"} {
			var n int
			_, _ = fmt.Sscan(h[name], &n)
			total += n
		}
		return total
	}
	for _, c := range []struct {
		sql, want string
		maxReads  int
	}{
		{"SELECT id FROM ob ORDER BY id DESC LIMIT 3", "1000;999;998", 4},
		{"SELECT id FROM ob WHERE id < 500 ORDER BY id DESC LIMIT 2", "499;498", 3},
		{"SELECT id, k FROM ob ORDER BY k LIMIT 3", "1000,0;999,1;998,2", 4},
		{"SELECT id FROM ob ORDER BY k DESC LIMIT 2", "1;2", 3},
		{"SELECT id FROM ob WHERE k > 500 ORDER BY k LIMIT 2", "499;498", 3},
		{"SELECT id FROM ob WHERE k >= 100 ORDER BY k DESC, id DESC LIMIT 2", "1;2", 3},
		// The index holds every column read: in order without a LIMIT, and
		// with a WHERE it does not narrow (every entry, no row lookups).
		{"SELECT id, k FROM ob WHERE id % 250 = 0 ORDER BY k", "1000,0;750,250;500,500;250,750", 1001},
		// Not along a key: all rows, then a sort.
		{"SELECT id FROM ob ORDER BY c, id DESC LIMIT 2", "994;987", 1001},
		{"SELECT id FROM ob WHERE c = 3 ORDER BY k LIMIT 1", "997", 1001},
	} {
		before := reads()
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: %s, want %s", c.sql, got, c.want)
		}
		if n := reads() - before; n > c.maxReads {
			t.Errorf("%s: %d reads, want at most %d", c.sql, n, c.maxReads)
		}
	}
	for q, want := range map[string]string{
		"SELECT id, k FROM ob WHERE id % 250 = 0 ORDER BY k": "index,NULL,k_1,5,NULL,1000,100.00,Using where; Using index",
		"SELECT id, c FROM ob ORDER BY k":                    "ALL,NULL,NULL,NULL,NULL,1000,100.00,Using filesort",
	} {
		r := one(t, s, "EXPLAIN "+q)
		if got := strings.Join(r.rows[0][4:], ","); got != want {
			t.Errorf("EXPLAIN %s: %s, want %s", q, got, want)
		}
	}
}

package exec

import (
	"strconv"
	"testing"
)

// SQL_CALC_FOUND_ROWS makes FOUND_ROWS() count the rows the SELECT would
// have returned without its LIMIT (offset included), in text and prepared
// form, through the text statement cache, with a sort, grouping and
// DISTINCT; without it FOUND_ROWS() counts the rows sent. WordPress pages
// its lists this way.
func TestCalcFoundRows(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE fr (id INT PRIMARY KEY, g INT)")
	for i := 1; i <= 30; i++ {
		mustExec(t, s, "INSERT INTO fr VALUES ("+strconv.Itoa(i)+", "+strconv.Itoa(i%4)+")")
	}
	for _, c := range []struct{ sql, rows, found string }{
		{"SELECT SQL_CALC_FOUND_ROWS id FROM fr WHERE id > 5 ORDER BY id DESC LIMIT 2, 3", "28;27;26", "25"},
		{"SELECT SQL_CALC_FOUND_ROWS id FROM fr WHERE id > 7 ORDER BY id DESC LIMIT 2, 3", "28;27;26", "23"}, // the cached text shape again
		{"SELECT SQL_CALC_FOUND_ROWS id FROM fr LIMIT 0", "", "30"},
		{"SELECT SQL_CALC_FOUND_ROWS g, COUNT(*) FROM fr GROUP BY g ORDER BY g LIMIT 1", "0,7", "4"},
		{"SELECT SQL_CALC_FOUND_ROWS DISTINCT g FROM fr ORDER BY g LIMIT 2 OFFSET 1", "1;2", "4"},
		{"SELECT SQL_CALC_FOUND_ROWS id FROM fr WHERE id < 3", "1;2", "2"},
		{"SELECT id FROM fr WHERE id > 20 LIMIT 4", "21;22;23;24", "4"},
	} {
		if got := rowsOf(t, s, c.sql); got != c.rows {
			t.Errorf("%s: rows %q, want %q", c.sql, got, c.rows)
		}
		if got := rowsOf(t, s, "SELECT FOUND_ROWS()"); got != c.found {
			t.Errorf("%s: FOUND_ROWS() %s, want %s", c.sql, got, c.found)
		}
	}
	id := prepareStmt(t, s, "SELECT SQL_CALC_FOUND_ROWS id FROM fr WHERE g = ? ORDER BY id LIMIT ?")
	for _, g := range []int64{1, 3} {
		if n := rowCount(t, executeInt(t, s, id, g, 3)); n != 3 {
			t.Fatalf("g=%d: %d rows", g, n)
		}
		want := map[int64]string{1: "8", 3: "7"}[g]
		if got := rowsOf(t, s, "SELECT FOUND_ROWS()"); got != want {
			t.Errorf("prepared, g=%d: FOUND_ROWS() %s, want %s", g, got, want)
		}
	}
}

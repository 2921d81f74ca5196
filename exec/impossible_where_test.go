package exec

import (
	"fmt"
	"testing"
)

// A conjunct that no row can make true (`1 = 0`, `FALSE`, `NULL`: what
// ORMs write for an empty IN list) reads nothing: no rows examined, for a
// table, each side of a join, a LEFT JOIN's inner side, UPDATE and DELETE,
// in text (where the cache turns the literals into parameters) and
// prepared form. Conjuncts that may warn or that depend on the row are
// still evaluated per row.
func TestImpossibleWhereReadsNothing(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE w (id INT PRIMARY KEY, v INT)",
		"INSERT INTO w VALUES (1, 10), (2, 20), (3, 30), (4, 40)")
	reads := func() int {
		h := handlerStatus(t, s, "SESSION")
		var n, m int
		_, _ = fmt.Sscan(h["Handler_read_rnd_next"], &n)
		_, _ = fmt.Sscan(h["Handler_read_first"], &m)
		return n + m
	}
	for _, c := range []struct{ sql, want string }{
		{"SELECT COUNT(*) FROM w WHERE 1 = 0", "0"},
		{"SELECT COUNT(*) FROM w WHERE 1 = 0", "0"}, // the cached shape, run again
		{"SELECT COUNT(*), MAX(v) FROM w WHERE v > 0 AND FALSE", "0,NULL"},
		{"SELECT * FROM w WHERE 0 = 1 OR NULL", ""},
		{"SELECT * FROM w WHERE NOT 1 AND v = 10", ""},
		{"SELECT COUNT(*) FROM w a JOIN w b ON 1 = 0", "0"},
		{"SELECT COUNT(*) FROM w a JOIN w b WHERE 2 < 1", "0"},
	} {
		before := reads()
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: %q, want %q", c.sql, got, c.want)
		}
		if n := reads() - before; n != 0 {
			t.Errorf("%s: %d rows read", c.sql, n)
		}
	}
	// A LEFT JOIN keeps its outer rows and reads its inner side not at all.
	before := reads()
	if got := rowsOf(t, s, "SELECT a.id, b.id FROM w a LEFT JOIN w b ON 1 = 0 ORDER BY a.id"); got != "1,NULL;2,NULL;3,NULL;4,NULL" {
		t.Fatalf("LEFT JOIN ON 1 = 0: %s", got)
	}
	if n := reads() - before; n != 4 {
		t.Fatalf("LEFT JOIN ON 1 = 0 read %d rows, want the outer side's 4", n)
	}
	// Conditions that are true, or not plain constants, still select rows.
	for _, c := range []struct{ sql, want string }{
		{"SELECT COUNT(*) FROM w WHERE 1 = 1", "4"},
		{"SELECT COUNT(*) FROM w WHERE 1 = 1.0", "4"},
		{"SELECT COUNT(*) FROM w WHERE 'a' = 'A'", "4"},
		{"SELECT COUNT(*) FROM w WHERE NOT 0 AND v >= 20", "3"},
		{"SELECT COUNT(*) FROM w WHERE 0 = 1 OR v = 10", "1"},
	} {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: %q, want %q", c.sql, got, c.want)
		}
	}
	mustExec(t, s, "UPDATE w SET v = 0 WHERE 1 = 0", "DELETE FROM w WHERE FALSE")
	if got := rowsOf(t, s, "SELECT SUM(v) FROM w"); got != "100" {
		t.Fatalf("UPDATE/DELETE WHERE 1 = 0 changed rows: %s", got)
	}
	// Prepared: the parameters decide at each execution.
	st, err := s.Prepare("SELECT COUNT(*) FROM w WHERE ? = 1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		arg  int64
		want string
	}{{0, "0"}, {1, "4"}, {0, "0"}} {
		rec, _ := execute(t, s, st.id, false, c.arg)
		if got := rec.results[0].rows[0][0]; got != c.want {
			t.Errorf("EXECUTE with %d: %s, want %s", c.arg, got, c.want)
		}
	}
}

// A locking read returns rows as they are now, not as the transaction's
// snapshot has them (InnoDB's locking reads see the latest version): a row
// whose indexed column another transaction moved out of the range is not
// returned, though the range conditions are not re-checked per row on the
// version a range read (the plan re-checks them all on the version it
// locked, for a row changed between the read and the lock).
func TestForUpdateRechecksRangeConditions(t *testing.T) {
	a := tableSession(t)
	mustExec(t, a, "CREATE TABLE fu (id INT PRIMARY KEY, k INT NOT NULL, KEY (k))",
		"INSERT INTO fu VALUES (1, 1), (2, 2), (3, 3)")
	b := a.eng.NewSession(9, "localhost", nil, nil)
	b.Login("root", "localhost", ClientOptions{}, "d")
	mustExec(t, a, "BEGIN")
	if got := rowsOf(t, a, "SELECT id FROM fu WHERE k BETWEEN 1 AND 3 ORDER BY id"); got != "1;2;3" {
		t.Fatalf("snapshot read: %s", got)
	}
	mustExec(t, b, "UPDATE fu SET k = 10 WHERE id = 2")
	if got := rowsOf(t, a, "SELECT id FROM fu WHERE k BETWEEN 1 AND 3 ORDER BY id FOR UPDATE"); got != "1;3" {
		t.Fatalf("locking read after k moved: %s", got)
	}
	if got := rowsOf(t, a, "SELECT id FROM fu WHERE id BETWEEN 1 AND 2 ORDER BY id FOR UPDATE"); got != "1;2" {
		t.Fatalf("locking primary-key range: %s", got)
	}
	mustExec(t, a, "COMMIT")
}

// A condition part that does not depend on the row is evaluated once per
// statement, as MySQL's optimizer folds and caches it: its warning comes
// once, not once per row, even when no row is read; a false one reads
// nothing. Same warnings as MariaDB 10.11 gives for each statement (it
// says DECIMAL where MySQL 8 says DOUBLE; MySQL 8 is the target).
func TestConstantConditionWarnsOnce(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE cw (id INT PRIMARY KEY, a VARCHAR(10))",
		"INSERT INTO cw VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')",
		"CREATE TABLE cw_empty (id INT)")
	x1 := "1292 Truncated incorrect DOUBLE value: 'x1'"
	for _, c := range []struct{ sql, rows, warnings string }{
		{"SELECT id FROM cw WHERE 'x1' = 0", "1;2;3;4;5", x1},
		{"SELECT id FROM cw WHERE 'x1' = 0 AND id > 2", "3;4;5", x1},
		{"SELECT id FROM cw WHERE id > 3 OR 'x1' = 0", "1;2;3;4;5", x1},
		{"SELECT id FROM cw WHERE NOT ('x1' = 1) AND id < 3", "1;2", x1},
		{"SELECT id FROM cw WHERE 'x1' = 1", "", x1},
		{"SELECT id FROM cw_empty WHERE 'x1' = 0", "", x1},
		{"SELECT COUNT(*) FROM cw WHERE 'x1' = 0", "5", x1},
		{"SELECT id FROM cw WHERE CAST('12abc' AS SIGNED) = 12 AND id = 1", "1", "1292 Truncated incorrect INTEGER value: '12abc'"},
		{"SELECT id FROM cw WHERE 1/0 IS NULL AND id < 3", "1;2", "1365 Division by 0"},
		{"SELECT id FROM cw WHERE id > 'x1' + 2", "3;4;5", x1},
		{"SELECT id FROM cw WHERE id BETWEEN 'x1' + 2 AND 4 OR a = CONCAT('x1' + 0, '')", "2;3;4", x1 + "\n" + x1}, // two expressions, one warning each
		{"SELECT t1.id FROM cw t1 JOIN cw t2 ON t1.id = t2.id AND 'x1' = 0 WHERE t1.id < 3", "1;2", x1},
		{"UPDATE cw SET a = 'u' WHERE 'x1' = 0", "", x1},
		{"UPDATE cw SET a = 'v' WHERE id = 9 AND 'x1' = 0", "", x1},
		{"DELETE FROM cw WHERE id = 9 AND 'x1' = 0", "", x1},
		{"DELETE FROM cw WHERE 'x1' = 1", "", x1},
	} {
		if got := rowsOf(t, s, c.sql); got != c.rows {
			t.Errorf("%s: rows %q, want %q", c.sql, got, c.rows)
		}
		if got := warningsOf(t, s); got != c.warnings {
			t.Errorf("%s: warnings\n%s\nwant\n%s", c.sql, got, c.warnings)
		}
	}
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM cw WHERE a = 'u'"); got != "5" {
		t.Fatalf("UPDATE WHERE 'x1' = 0 changed %s rows, want 5", got)
	}
	// Per call, not per statement: RAND() is evaluated for every row.
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM cw WHERE RAND() < 2 AND RAND() >= 0"); got != "5" {
		t.Fatalf("RAND() conjuncts: %s", got)
	}
	// Prepared: each execution evaluates the constant with its parameters.
	mustExec(t, s, "PREPARE cwp FROM 'SELECT COUNT(*) FROM cw WHERE ? = 0 AND id < 3'")
	for _, c := range []struct{ arg, want, warnings string }{
		{"p1", "2", "1292 Truncated incorrect DOUBLE value: 'p1'"},
		{"1", "0", ""},
		{"p2", "2", "1292 Truncated incorrect DOUBLE value: 'p2'"},
	} {
		mustExec(t, s, "SET @p = '"+c.arg+"'")
		if got := rowsOf(t, s, "EXECUTE cwp USING @p"); got != c.want {
			t.Errorf("EXECUTE with %q: %s, want %s", c.arg, got, c.want)
		}
		if got := warningsOf(t, s); got != c.warnings {
			t.Errorf("EXECUTE with %q: warnings %q, want %q", c.arg, got, c.warnings)
		}
	}
}

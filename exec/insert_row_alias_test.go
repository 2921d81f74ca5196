package exec

import "testing"

func TestRewriteInsertRowAlias(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"INSERT INTO t (a, b) VALUES (1, 2) AS new ON DUPLICATE KEY UPDATE b = new.b + 1",
			"INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(`b`) + 1"},
		{"insert into `t` values (1, 'x'), (2, 'as new.b') as `New` on duplicate key update `b` = `new`.`b`, c = NEW.c",
			"insert into `t` values (1, 'x'), (2, 'as new.b') on duplicate key update `b` = VALUES(`b`), c = VALUES(`c`)"},
		{"INSERT INTO t (a, b) VALUES (1, 2) AS n (x, y) ON DUPLICATE KEY UPDATE b = n.y, a = n.x",
			"INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(`b`), a = VALUES(`a`)"},
		{"INSERT INTO t SET a = 1, b = 2 AS new ON DUPLICATE KEY UPDATE b = new.b",
			"INSERT INTO t SET a = 1, b = 2 ON DUPLICATE KEY UPDATE b = VALUES(`b`)"},
		{"INSERT INTO t (a) VALUES (?) AS r ON DUPLICATE KEY UPDATE a = r.a + t.a",
			"INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = VALUES(`a`) + t.a"},
	} {
		got, ok := rewriteInsertRowAlias(c.in)
		if !ok || got != c.out {
			t.Errorf("%s:\n got %q (%v)\nwant %q", c.in, got, ok, c.out)
		}
	}
	for _, in := range []string{
		"INSERT INTO t SELECT * FROM (SELECT 1 AS a) AS dt ON DUPLICATE KEY UPDATE a = dt.a",
		"INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 2",
		"INSERT INTO t VALUES (1) AS n (x) ON DUPLICATE KEY UPDATE a = n.x", // column aliases without a column list
		"UPDATE t SET a = 1",
		"INSERT INTO t VALUES (1) AS",
	} {
		if got, ok := rewriteInsertRowAlias(in); ok {
			t.Errorf("%s: rewritten to %q", in, got)
		}
	}
}

// FuzzRewriteInsertRowAlias: no input makes the rewrite panic.
func FuzzRewriteInsertRowAlias(f *testing.F) {
	f.Add("INSERT INTO t (a, b) VALUES (1, 2) AS new ON DUPLICATE KEY UPDATE b = new.b + 1")
	f.Add("INSERT INTO t (a, b) VALUES (1, 2) AS n (x, y) ON DUPLICATE KEY UPDATE b = n.y")
	f.Add("INSERT t VALUES ((1) AS x ON DUPLICATE KEY UPDATE")
	f.Fuzz(func(t *testing.T, sql string) {
		_, _ = rewriteInsertRowAlias(sql)
	})
}

// The row alias in text and prepared statements, with the table's own
// columns beside it and column aliases (MySQL 8.0.19; MariaDB has no row
// alias, so this is not compared with it).
func TestInsertRowAlias(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE ra (id INT PRIMARY KEY, n INT, s VARCHAR(10))",
		"INSERT INTO ra VALUES (1, 1, 'a') AS new ON DUPLICATE KEY UPDATE n = ra.n + new.n, s = new.s",
		"INSERT INTO ra VALUES (1, 5, 'b'), (2, 2, 'c') AS new ON DUPLICATE KEY UPDATE n = ra.n + new.n, s = new.s",
		"INSERT INTO ra (id, n) VALUES (2, 10) AS r (i, m) ON DUPLICATE KEY UPDATE n = r.m * 2")
	if got := rowsOf(t, s, "SELECT * FROM ra ORDER BY id"); got != "1,6,b;2,20,c" {
		t.Fatal(got)
	}
	id := prepareStmt(t, s, "INSERT INTO ra (id, n) VALUES (?, ?) AS new ON DUPLICATE KEY UPDATE n = ra.n - new.n")
	executeInt(t, s, id, 1, 4)
	executeInt(t, s, id, 3, 7)
	if got := rowsOf(t, s, "SELECT id, n FROM ra ORDER BY id"); got != "1,2;2,20;3,7" {
		t.Fatal(got)
	}
}

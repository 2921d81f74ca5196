package exec

import "testing"

// A scan decodes only the columns its statement names (plan.columnsRead).
// Each case here reads a column in a shape that does not name it in the
// select list, or names it only far from the scan: any column the analysis
// missed would read as its default and change the result.
func TestScansReadEveryColumnTheStatementUses(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE a (id INT PRIMARY KEY, k INT NOT NULL DEFAULT 7, c VARCHAR(20), pad VARCHAR(20), d DECIMAL(6,2))",
		"CREATE TABLE b (id INT PRIMARY KEY, k INT, note VARCHAR(20))",
		"INSERT INTO a VALUES (1, 10, 'x', 'p1', 1.50), (2, 20, 'y', 'p2', 2.25), (3, 30, 'z', 'p3', NULL)",
		"INSERT INTO b VALUES (1, 10, 'one'), (2, 99, 'two'), (3, 30, 'three')",
		"CREATE VIEW v (vid, vpad) AS SELECT id, pad FROM a",
	)
	cases := []struct{ sql, want string }{
		{"SELECT c FROM a WHERE pad = 'p2'", "y"},
		{"SELECT c FROM a ORDER BY pad DESC", "z;y;x"},
		{"SELECT c FROM a ORDER BY 1", "x;y;z"},
		{"SELECT pad AS q FROM a GROUP BY q HAVING q > 'p1' ORDER BY q", "p2;p3"},
		{"SELECT k DIV 20 AS Y, COUNT(*) FROM a GROUP BY y ORDER BY y", "0,1;1,2"},
		{"SELECT pad, COUNT(*) FROM a GROUP BY 1 ORDER BY 1 DESC LIMIT 1", "p3,1"},
		{"SELECT SUM(d) FROM a", "3.75"},
		{"SELECT a.c FROM a JOIN b USING (id, k) ORDER BY a.c", "x;z"},
		{"SELECT a.c, b.note FROM a JOIN b ON a.k = b.k ORDER BY a.id", "x,one;z,three"},
		{"SELECT c FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.note <> a.pad) ORDER BY c", "x;z"},
		{"SELECT c, (SELECT note FROM b WHERE b.id = a.id) FROM a WHERE id = 2", "y,two"},
		{"SELECT a.* FROM a WHERE id = 3", "3,30,z,p3,NULL"},
		{"SELECT vpad FROM v WHERE vid = 2", "p2"},
		{"WITH w AS (SELECT id, pad FROM a) SELECT pad FROM w WHERE id = 1", "p1"},
		{"SELECT c FROM a WHERE id IN (SELECT id FROM b WHERE note LIKE 't%') ORDER BY c", "y;z"},
		{"SELECT COUNT(*) FROM a", "3"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
}

// ONLY_FULL_GROUP_BY sees through GROUP BY aliases and positions (MySQL 8
// resolves them before the check); pad is not determined by k.
func TestFullGroupByThroughAliases(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE g (id INT PRIMARY KEY, k INT, pad VARCHAR(5))")
	wantErr(t, s, "SELECT pad, COUNT(*) FROM g GROUP BY k", 1055, "pad")
	wantErr(t, s, "SELECT pad AS k2, COUNT(*) FROM g GROUP BY k", 1055, "pad")
}

// information_schema computes its row counts only for a statement that
// asks for them, and * asks for every column.
func TestInfoSchemaStarCountsRows(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)")
	named := rowsOf(t, s, "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd' AND TABLE_NAME = 't'")
	r := one(t, s, "SELECT * FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd' AND TABLE_NAME = 't'")
	col := -1
	for i, c := range r.cols {
		if c.Name == "TABLE_ROWS" {
			col = i
		}
	}
	if col < 0 || len(r.rows) != 1 {
		t.Fatalf("SELECT *: columns %v, rows %v", r.cols, r.rows)
	}
	if named != "3" || r.rows[0][col] != named {
		t.Errorf("TABLE_ROWS: named %q, through * %q; want 3 both", named, r.rows[0][col])
	}
}

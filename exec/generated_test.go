package exec

import (
	"strings"
	"testing"
)

func TestGeneratedColumns(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE g (id INT PRIMARY KEY, a INT, b INT, s INT AS (a + b), "+
		"d INT GENERATED ALWAYS AS (s * 2) STORED, name VARCHAR(10), up VARCHAR(10) AS (UPPER(name)) VIRTUAL, KEY (up), UNIQUE KEY (d))")
	mustExec(t, s, "INSERT INTO g (id, a, b, name) VALUES (1, 1, 2, 'x'), (2, 10, 20, 'yy')",
		"INSERT INTO g VALUES (3, 5, NULL, DEFAULT, DEFAULT, 'z', DEFAULT)")
	if got := rowsOf(t, s, "SELECT id, s, d, up FROM g ORDER BY id"); got != "1,3,6,X;2,30,60,YY;3,NULL,NULL,Z" {
		t.Fatalf("rows: %s", got)
	}
	// UPDATE, ON DUPLICATE KEY UPDATE and REPLACE recompute.
	mustExec(t, s, "UPDATE g SET a = 100 WHERE id = 1",
		"INSERT INTO g (id, a, b, name) VALUES (2, 0, 0, 'q') ON DUPLICATE KEY UPDATE b = 21, name = 'w'",
		"REPLACE INTO g (id, a, b, name) VALUES (3, 1, 1, 'r')")
	if got := rowsOf(t, s, "SELECT id, s, d, up FROM g ORDER BY id"); got != "1,102,204,X;2,31,62,W;3,2,4,R" {
		t.Fatalf("rows after writes: %s", got)
	}
	// The index on the generated column answers lookups and stays in step.
	if got := rowsOf(t, s, "SELECT id FROM g WHERE up = 'W'"); got != "2" {
		t.Fatalf("lookup by up: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id FROM g WHERE up = 'YY'"); got != "" {
		t.Fatalf("stale index entry: %s", got)
	}
	wantErr(t, s, "INSERT INTO g (id, a, b) VALUES (9, 100, 2)", 1062, "Duplicate entry '204' for key 'g.d'")
	// Values for generated columns.
	wantErr(t, s, "INSERT INTO g (id, s) VALUES (9, 1)", 3105, "The value specified for generated column 's' in table 'g' is not allowed.")
	wantErr(t, s, "INSERT INTO g VALUES (9, 1, 1, 2, 4, 'a', 'A')", 3105, "generated column 's'")
	wantErr(t, s, "UPDATE g SET d = 1", 3105, "generated column 'd'")
	wantErr(t, s, "INSERT INTO g (id) VALUES (1) ON DUPLICATE KEY UPDATE up = 'x'", 3105, "generated column 'up'")
	// Outside strict mode the value is dropped with a warning (what a
	// mariadb-dump restore relies on).
	mustExec(t, s, "INSERT IGNORE INTO g (id, a, b, s) VALUES (8, 5, 5, 99)")
	if got := rowsOf(t, s, "SELECT s FROM g WHERE id = 8"); got != "10" {
		t.Fatalf("ignored value: %s", got)
	}
	mustExec(t, s, "DELETE FROM g WHERE id = 8")
	mustExec(t, s, "UPDATE g SET s = DEFAULT, a = 0 WHERE id = 3")
	if got := rowsOf(t, s, "SELECT s FROM g WHERE id = 3"); got != "1" {
		t.Fatalf("SET s = DEFAULT: %s", got)
	}
	// Conversion to the column's type follows strict mode.
	mustExec(t, s, "CREATE TABLE n (a INT, t TINYINT AS (a * 100) STORED)")
	wantErr(t, s, "INSERT INTO n (a) VALUES (5)", 1264, "Out of range value for column 't' at row 1")
	mustExec(t, s, "INSERT IGNORE INTO n (a) VALUES (5)")
	if got := rowsOf(t, s, "SELECT t FROM n"); got != "127" {
		t.Fatalf("INSERT IGNORE clipped: %s", got)
	}
	// Metadata.
	r := one(t, s, "SHOW CREATE TABLE g")
	for _, want := range []string{"`s` int GENERATED ALWAYS AS (`a` + `b`) VIRTUAL,", "`d` int GENERATED ALWAYS AS (`s` * 2) STORED,"} {
		if !strings.Contains(r.rows[0][1], want) {
			t.Fatalf("SHOW CREATE TABLE:\n%s\nwant %s", r.rows[0][1], want)
		}
	}
	if got := rowsOf(t, s, "SELECT COLUMN_NAME, EXTRA, GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_NAME = 'g' AND COLUMN_NAME IN ('s', 'd') ORDER BY 1"); got != "d,STORED GENERATED,`s` * 2;s,VIRTUAL GENERATED,`a` + `b`" {
		t.Fatalf("COLUMNS: %s", got)
	}
}

func TestGeneratedColumnDefinitionErrors(t *testing.T) {
	s := tableSession(t)
	for _, c := range []struct {
		sql  string
		code uint16
		msg  string
	}{
		{"CREATE TABLE x (a INT AS (a + 1))", 3107, "Generated column can refer only to generated columns defined prior to it."},
		{"CREATE TABLE x (a INT, b INT AS (c), c INT AS (a))", 3107, "prior"},
		{"CREATE TABLE x (id INT AUTO_INCREMENT PRIMARY KEY, b INT AS (id))", 3109, "Generated column 'b' cannot refer to auto-increment column."},
		{"CREATE TABLE x (a INT, b DATETIME AS (NOW()))", 3763, "Expression of generated column 'b' contains a disallowed function: now."},
		{"CREATE TABLE x (a INT, b DOUBLE AS (RAND()))", 3763, "disallowed function: rand."},
		{"CREATE TABLE x (a INT, b CHAR(36) AS (UUID()))", 3763, "disallowed function: uuid."},
		{"CREATE TABLE x (a INT, b INT AS (@v))", 3765, "Expression of generated column 'b' cannot refer user or system variables."},
		{"CREATE TABLE x (a INT, b INT AS ((SELECT 1)))", 3102, "Expression of generated column 'b' contains a disallowed function."},
		{"CREATE TABLE x (a INT, b INT AS (nope))", 1054, "Unknown column 'nope' in 'generated column function'"},
		{"CREATE TABLE x (a INT, b INT AS (a) PRIMARY KEY)", 3106, "'Defining a virtual generated column as primary key' is not supported for generated columns."},
	} {
		wantErr(t, s, c.sql, c.code, c.msg)
	}
	mustExec(t, s, "CREATE TABLE ok (a INT, b INT AS (a) STORED PRIMARY KEY)")
}

func TestGeneratedColumnsAlter(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, a INT)", "INSERT INTO t VALUES (1, 2), (2, 3)",
		"ALTER TABLE t ADD COLUMN sq INT AS (a * a), ADD KEY (sq)")
	if got := rowsOf(t, s, "SELECT id, sq FROM t ORDER BY id"); got != "1,4;2,9" {
		t.Fatalf("existing rows after ADD COLUMN: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id FROM t WHERE sq = 9"); got != "2" {
		t.Fatalf("lookup through the new index: %s", got)
	}
	wantErr(t, s, "ALTER TABLE t DROP COLUMN a", 3108, "Column 'a' has a generated column dependency.")
	wantErr(t, s, "ALTER TABLE t RENAME COLUMN a TO b", 3108, "Column 'a' has a generated column dependency.")
	mustExec(t, s, "ALTER TABLE t ADD COLUMN c INT AS (a + 1) STORED", "ALTER TABLE t MODIFY c INT AS (a + 2) STORED")
	if got := rowsOf(t, s, "SELECT c FROM t ORDER BY id"); got != "4;5" {
		t.Fatalf("after MODIFY: %s", got)
	}
	mustExec(t, s, "ALTER TABLE t DROP COLUMN c", "ALTER TABLE t DROP COLUMN sq", "ALTER TABLE t DROP COLUMN a")
}

// A cascaded change and a multi-table UPDATE recompute the generated
// columns of the rows they change.
func TestGeneratedColumnsCascadeAndMultiUpdate(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE p (id INT PRIMARY KEY)",
		"CREATE TABLE c (id INT PRIMARY KEY, pid INT, twice INT AS (pid * 2), KEY (twice), FOREIGN KEY (pid) REFERENCES p (id) ON UPDATE CASCADE)",
		"INSERT INTO p VALUES (1), (2)", "INSERT INTO c (id, pid) VALUES (10, 1), (20, 2)",
		"UPDATE p SET id = 5 WHERE id = 1")
	if got := rowsOf(t, s, "SELECT id, pid, twice FROM c ORDER BY id"); got != "10,5,10;20,2,4" {
		t.Fatalf("after cascade: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id FROM c WHERE twice = 10"); got != "10" {
		t.Fatalf("index after cascade: %s", got)
	}
	mustExec(t, s, "UPDATE c JOIN p ON p.id = c.pid SET c.pid = NULL WHERE p.id = 2")
	if got := rowsOf(t, s, "SELECT id, twice FROM c ORDER BY id"); got != "10,10;20,NULL" {
		t.Fatalf("after multi-table UPDATE: %s", got)
	}
	wantErr(t, s, "UPDATE c JOIN p ON p.id = c.pid SET c.twice = 1", 3105, "generated column 'twice' in table 'c'")
}

package exec

import "testing"

// CREATE TABLE ... SELECT (MySQL 8): columns from the SELECT after the
// defined ones, a definition overriding a selected column's type, keys
// over both, IGNORE / REPLACE for duplicates, and an atomic statement.
func TestCreateTableSelect(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE src (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, score DECIMAL(6,2))",
		"INSERT INTO src VALUES (1, 'ann', 1.5), (2, 'bob', NULL), (3, 'Ann', 7.25)")

	r := one(t, s, "CREATE TABLE c1 AS SELECT id, name, score * 2 AS dbl FROM src WHERE id < 3")
	if r.ok.AffectedRows != 2 || r.ok.Info != "Records: 2  Duplicates: 0  Warnings: 0" {
		t.Fatalf("OK: affected %d, info %q", r.ok.AffectedRows, r.ok.Info)
	}
	if got := rowsOf(t, s, "SELECT id, name, dbl FROM c1 ORDER BY id"); got != "1,ann,3.00;2,bob,NULL" {
		t.Fatalf("c1 rows: %s", got)
	}
	if got := rowsOf(t, s, "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_NAME = 'c1' ORDER BY ORDINAL_POSITION"); got != "id,int,NO;name,varchar(20),NO;dbl,decimal(7,2),YES" {
		t.Fatalf("c1 columns: %s", got)
	}

	// Defined columns first; a definition of a selected name sets its type;
	// a key over a selected column; a column only defined gets its default.
	mustExec(t, s, "CREATE TABLE c2 (n INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), UNIQUE KEY (id)) SELECT id, name FROM src")
	if got := rowsOf(t, s, "SELECT n, name, id FROM c2 ORDER BY n"); got != "1,ann,1;2,bob,2;3,Ann,3" {
		t.Fatalf("c2 rows: %s", got)
	}
	// The SELECT's order, with name's definition in the SELECT's place (as MySQL and MariaDB).
	if got := rowsOf(t, s, "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_NAME = 'c2' ORDER BY ORDINAL_POSITION"); got != "n,int;id,int;name,varchar(50)" {
		t.Fatalf("c2 columns: %s", got)
	}

	// Duplicates: an error drops the new table again; IGNORE skips; REPLACE keeps the last.
	wantErr(t, s, "CREATE TABLE c3 (UNIQUE KEY (name)) SELECT id, name FROM src", 1062, "Duplicate entry")
	wantErr(t, s, "SELECT * FROM c3", 1146, "doesn't exist")
	r = one(t, s, "CREATE TABLE c4 (UNIQUE KEY (name)) IGNORE SELECT id, name FROM src ORDER BY id")
	if r.ok.Info != "Records: 3  Duplicates: 1  Warnings: 1" {
		t.Fatalf("IGNORE info %q", r.ok.Info)
	}
	if got := rowsOf(t, s, "SELECT id, name FROM c4 ORDER BY id"); got != "1,ann;2,bob" {
		t.Fatalf("IGNORE rows: %s", got)
	}
	mustExec(t, s, "CREATE TABLE c5 (PRIMARY KEY (name)) REPLACE SELECT id, name FROM src ORDER BY id")
	if got := rowsOf(t, s, "SELECT id, name FROM c5 ORDER BY id"); got != "2,bob;3,Ann" {
		t.Fatalf("REPLACE rows: %s", got)
	}

	// Errors MySQL gives.
	wantErr(t, s, "CREATE TABLE c1 SELECT 1 AS x", 1050, "already exists")
	r = one(t, s, "CREATE TABLE IF NOT EXISTS c1 SELECT 1 AS x")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM c1"); got != "2" {
		t.Fatalf("IF NOT EXISTS on an existing table inserted rows: %s", got)
	}
	wantErr(t, s, "CREATE TABLE c6 SELECT id, id FROM src", 1060, "Duplicate column name 'id'")
	wantErr(t, s, "CREATE TABLE c7 SELECT * FROM c7", 1146, "doesn't exist")
	wantErr(t, s, "CREATE TABLE c8 (x INT NOT NULL) SELECT score AS x FROM src", 1048, "cannot be null")
	wantErr(t, s, "SELECT * FROM c8", 1146, "doesn't exist")

	// It commits on its own, also with autocommit off.
	mustExec(t, s, "SET autocommit = 0", "CREATE TABLE c9 SELECT 42 AS answer", "ROLLBACK", "SET autocommit = 1")
	if got := rowsOf(t, s, "SELECT answer FROM c9"); got != "42" {
		t.Fatalf("after ROLLBACK: %s", got)
	}

	// The temporary form takes definitions and keys the same way.
	mustExec(t, s, "CREATE TEMPORARY TABLE tc (n INT AUTO_INCREMENT PRIMARY KEY, UNIQUE KEY (name)) IGNORE SELECT name FROM src ORDER BY id")
	if got := rowsOf(t, s, "SELECT n, name FROM tc ORDER BY n"); got != "1,ann;2,bob" {
		t.Fatalf("temporary: %s", got)
	}
	wantErr(t, s, "CREATE TEMPORARY TABLE tf (a INT, FOREIGN KEY (a) REFERENCES src (id)) SELECT 1 AS a", 1215, "foreign key")
}

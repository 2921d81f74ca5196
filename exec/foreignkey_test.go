package exec

import (
	"strconv"
	"strings"
	"testing"
)

func fkSession(t *testing.T) *Session {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE p (id INT PRIMARY KEY, code VARCHAR(10), UNIQUE KEY (code))",
		"CREATE TABLE c (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p (id))",
		"INSERT INTO p VALUES (1, 'a'), (2, 'b')")
	return s
}

func TestFKInsertNeedsParent(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "INSERT INTO c VALUES (1, 1), (2, NULL)")
	wantErr(t, s, "INSERT INTO c VALUES (3, 9)", 1452,
		"Cannot add or update a child row: a foreign key constraint fails (`d`.`c`, CONSTRAINT `c_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `p` (`id`))")
	// The failed multi-row statement leaves nothing behind.
	wantErr(t, s, "INSERT INTO c VALUES (4, 2), (5, 9)", 1452, "c_ibfk_1")
	if got := rowsOf(t, s, "SELECT id FROM c ORDER BY id"); got != "1;2" {
		t.Fatalf("rows after failed insert: %s", got)
	}
	wantErr(t, s, "UPDATE c SET pid = 7 WHERE id = 1", 1452, "c_ibfk_1")
	mustExec(t, s, "UPDATE c SET pid = 2 WHERE id = 1")
}

func TestFKRestrictOnParent(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "INSERT INTO c VALUES (1, 1)")
	wantErr(t, s, "DELETE FROM p WHERE id = 1", 1451,
		"Cannot delete or update a parent row: a foreign key constraint fails (`d`.`c`, CONSTRAINT `c_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `p` (`id`))")
	wantErr(t, s, "UPDATE p SET id = 10 WHERE id = 1", 1451, "c_ibfk_1")
	wantErr(t, s, "DROP TABLE p", 3730, "Cannot drop table 'p' referenced by a foreign key constraint 'c_ibfk_1' on table 'c'.")
	wantErr(t, s, "TRUNCATE TABLE p", 1701, "`d`.`c`")
	mustExec(t, s, "DELETE FROM p WHERE id = 2", "UPDATE p SET code = 'z' WHERE id = 1")
	mustExec(t, s, "DROP TABLE c, p")
}

func TestFKCascadeAndSetNull(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE p (id INT PRIMARY KEY)",
		"CREATE TABLE c (id INT PRIMARY KEY, pid INT, CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE ON UPDATE CASCADE)",
		"CREATE TABLE g (id INT PRIMARY KEY, cid INT, CONSTRAINT fk_g FOREIGN KEY (cid) REFERENCES c (id) ON DELETE SET NULL)",
		"INSERT INTO p VALUES (1), (2)",
		"INSERT INTO c VALUES (10, 1), (11, 1), (20, 2)",
		"INSERT INTO g VALUES (100, 10), (101, 20)",
		"UPDATE p SET id = 3 WHERE id = 2")
	if got := rowsOf(t, s, "SELECT id, pid FROM c ORDER BY id"); got != "10,1;11,1;20,3" {
		t.Fatalf("after cascaded update: %s", got)
	}
	mustExec(t, s, "DELETE FROM p WHERE id = 1")
	if got := rowsOf(t, s, "SELECT id, pid FROM c ORDER BY id"); got != "20,3" {
		t.Fatalf("after cascaded delete: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id, cid FROM g ORDER BY id"); got != "100,NULL;101,20" {
		t.Fatalf("after set null: %s", got)
	}
}

func TestFKCascadeDepthLimit(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE n (id INT PRIMARY KEY, up INT, FOREIGN KEY (up) REFERENCES n (id) ON DELETE CASCADE)",
		"INSERT INTO n VALUES (1, NULL)")
	for i := 2; i <= 20; i++ {
		mustExec(t, s, "INSERT INTO n VALUES ("+strconv.Itoa(i)+", "+strconv.Itoa(i-1)+")")
	}
	wantErr(t, s, "DELETE FROM n WHERE id = 1", 3008, "Foreign key cascade delete/update exceeds max depth of 15.")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM n"); got != "20" {
		t.Fatalf("rows after failed cascade: %s", got)
	}
	mustExec(t, s, "DELETE FROM n WHERE id = 10")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM n"); got != "9" {
		t.Fatalf("rows after 11-deep cascade: %s", got)
	}
	// A row may reference itself.
	mustExec(t, s, "INSERT INTO n VALUES (50, 50)", "DELETE FROM n WHERE id = 50")
}

func TestFKDefinitionErrors(t *testing.T) {
	s := fkSession(t)
	wantErr(t, s, "CREATE TABLE x (a INT, FOREIGN KEY (a) REFERENCES nope (id))", 1824, "Failed to open the referenced table 'nope'")
	wantErr(t, s, "CREATE TABLE x (a INT, FOREIGN KEY (a) REFERENCES p (nope))", 3734, "Missing column 'nope'")
	wantErr(t, s, "CREATE TABLE x (a BIGINT, FOREIGN KEY (a) REFERENCES p (id))", 3780,
		"Referencing column 'a' and referenced column 'id' in foreign key constraint 'x_ibfk_1' are incompatible.")
	wantErr(t, s, "CREATE TABLE x (a INT, b INT, FOREIGN KEY (a, b) REFERENCES p (id))", 1239, "Key reference and table reference don't match")
	wantErr(t, s, "CREATE TABLE x (a INT NOT NULL, FOREIGN KEY (a) REFERENCES p (id) ON DELETE SET NULL)", 1830, "SET NULL")
	wantErr(t, s, "CREATE TABLE x (a INT, FOREIGN KEY (b) REFERENCES p (id))", 1072, "Key column 'b' doesn't exist in table")
	mustExec(t, s, "CREATE TABLE q (id INT, v INT)")
	wantErr(t, s, "CREATE TABLE x (a INT, FOREIGN KEY (a) REFERENCES q (v))", 1822, "Missing index for constraint 'x_ibfk_1' in the referenced table 'q'")
	wantErr(t, s, "CREATE TABLE x (a INT, CONSTRAINT c_ibfk_1 FOREIGN KEY (a) REFERENCES p (id))", 1826, "Duplicate foreign key constraint name 'c_ibfk_1'")
	// An inline REFERENCES is parsed and ignored, as MySQL does.
	mustExec(t, s, "CREATE TABLE inl (a INT REFERENCES p (id))", "INSERT INTO inl VALUES (99)")
	// Referencing a unique key, not the primary key.
	mustExec(t, s, "CREATE TABLE byCode (code VARCHAR(20), FOREIGN KEY (code) REFERENCES p (code))", "INSERT INTO byCode VALUES ('A')")
	wantErr(t, s, "INSERT INTO byCode VALUES ('zz')", 1452, "byCode_ibfk_1")
}

func TestFKShowCreateAndInfoSchema(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "CREATE TABLE c2 (id INT PRIMARY KEY, pid INT, CONSTRAINT my_fk FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL)")
	r := one(t, s, "SHOW CREATE TABLE c2")
	want := "CREATE TABLE `c2` (\n  `id` int NOT NULL,\n  `pid` int DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `my_fk` (`pid`),\n" +
		"  CONSTRAINT `my_fk` FOREIGN KEY (`pid`) REFERENCES `p` (`id`) ON DELETE CASCADE ON UPDATE SET NULL\n) ENGINE=InnoDB"
	if !strings.HasPrefix(r.rows[0][1], want) {
		t.Fatalf("SHOW CREATE TABLE:\n%s\nwant prefix\n%s", r.rows[0][1], want)
	}
	got := rowsOf(t, s, "SELECT CONSTRAINT_NAME, COLUMN_NAME, POSITION_IN_UNIQUE_CONSTRAINT, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_NAME = 'c2' AND REFERENCED_TABLE_NAME IS NOT NULL")
	if got != "my_fk,pid,1,d,p,id" {
		t.Fatalf("KEY_COLUMN_USAGE: %s", got)
	}
	got = rowsOf(t, s, "SELECT CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS ORDER BY CONSTRAINT_NAME")
	if got != "c_ibfk_1,PRIMARY,NO ACTION,NO ACTION,c,p;my_fk,PRIMARY,SET NULL,CASCADE,c2,p" {
		t.Fatalf("REFERENTIAL_CONSTRAINTS: %s", got)
	}
	got = rowsOf(t, s, "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_TYPE = 'FOREIGN KEY' ORDER BY 1")
	if got != "c_ibfk_1;my_fk" {
		t.Fatalf("TABLE_CONSTRAINTS: %s", got)
	}
}

func TestFKAlterAddDrop(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE p (id INT PRIMARY KEY)", "CREATE TABLE c (id INT PRIMARY KEY, pid INT)",
		"INSERT INTO p VALUES (1)", "INSERT INTO c VALUES (1, 1), (2, 5)")
	wantErr(t, s, "ALTER TABLE c ADD CONSTRAINT fk FOREIGN KEY (pid) REFERENCES p (id)", 1452, "CONSTRAINT `fk`")
	mustExec(t, s, "DELETE FROM c WHERE id = 2", "ALTER TABLE c ADD CONSTRAINT fk FOREIGN KEY (pid) REFERENCES p (id)")
	wantErr(t, s, "INSERT INTO c VALUES (3, 7)", 1452, "CONSTRAINT `fk`")
	wantErr(t, s, "ALTER TABLE c DROP INDEX fk", 1553, "Cannot drop index 'fk': needed in a foreign key constraint")
	wantErr(t, s, "ALTER TABLE c DROP COLUMN pid", 1828, "needed in a foreign key constraint 'fk'")
	wantErr(t, s, "ALTER TABLE c DROP FOREIGN KEY nope", 1091, "Can't DROP 'nope'")
	mustExec(t, s, "ALTER TABLE c DROP FOREIGN KEY fk", "INSERT INTO c VALUES (3, 7)", "ALTER TABLE c DROP INDEX fk")
}

func TestFKChecksOff(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "SET foreign_key_checks = 0",
		"CREATE TABLE c (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p (id))",
		"INSERT INTO c VALUES (1, 1), (2, 9)",
		"CREATE TABLE p (id INT PRIMARY KEY)",
		"INSERT INTO p VALUES (1)",
		"SET foreign_key_checks = 1")
	wantErr(t, s, "INSERT INTO c VALUES (3, 9)", 1452, "c_ibfk_1")
	wantErr(t, s, "DELETE FROM p", 1451, "c_ibfk_1")
	mustExec(t, s, "SET SESSION foreign_key_checks = OFF", "DELETE FROM p", "DROP TABLE p")
}

func TestFKStatementRollbackKeepsEarlierWork(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "BEGIN", "INSERT INTO c VALUES (1, 1)")
	wantErr(t, s, "INSERT INTO c VALUES (2, 2), (3, 3)", 1452, "c_ibfk_1")
	mustExec(t, s, "COMMIT")
	if got := rowsOf(t, s, "SELECT id FROM c ORDER BY id"); got != "1" {
		t.Fatalf("rows: %s", got)
	}
}

// The constraints live in the catalog: a new engine on the same store
// enforces them.
func TestFKPersists(t *testing.T) {
	s := fkSession(t)
	if err := s.eng.Close(); err != nil {
		t.Fatal(err)
	}
	eng, err := NewEngine(Config{Version: "test"}, s.eng.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s2 := eng.NewSession(2, "localhost", nil, nil)
	s2.Login("root", "localhost", ClientOptions{}, "d")
	wantErr(t, s2, "INSERT INTO c VALUES (1, 9)", 1452, "c_ibfk_1")
	mustExec(t, s2, "INSERT INTO c VALUES (1, 1)")
	wantErr(t, s2, "DROP TABLE p", 3730, "c_ibfk_1")
}

// Inserting a child locks its parent row until commit: a concurrent
// delete of the parent waits (here until its lock wait timeout), and
// after the commit it finds the child.
func TestFKChildInsertLocksParent(t *testing.T) {
	s := fkSession(t)
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "d")
	mustExec(t, other, "SET innodb_lock_wait_timeout = 1")
	mustExec(t, s, "BEGIN", "INSERT INTO c VALUES (1, 1)")
	wantErr(t, other, "DELETE FROM p WHERE id = 1", 1205, "Lock wait timeout")
	mustExec(t, s, "COMMIT")
	wantErr(t, other, "DELETE FROM p WHERE id = 1", 1451, "c_ibfk_1")
	// The other way round: a parent deleted but not committed makes the
	// child insert wait, then fail once the delete commits.
	mustExec(t, other, "BEGIN", "DELETE FROM p WHERE id = 2")
	mustExec(t, s, "SET innodb_lock_wait_timeout = 1")
	wantErr(t, s, "INSERT INTO c VALUES (2, 2)", 1205, "Lock wait timeout")
	mustExec(t, other, "COMMIT")
	wantErr(t, s, "INSERT INTO c VALUES (2, 2)", 1452, "c_ibfk_1")
}

// Renaming a parent, or a column it is referenced by, carries the
// constraints along, as in MySQL.
func TestFKFollowsParentRename(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "INSERT INTO c VALUES (1, 1)",
		"RENAME TABLE p TO p2",
		"ALTER TABLE p2 RENAME COLUMN id TO pid2")
	wantErr(t, s, "INSERT INTO c VALUES (2, 9)", 1452, "REFERENCES `p2` (`pid2`)")
	mustExec(t, s, "INSERT INTO c VALUES (2, 2)")
	wantErr(t, s, "DELETE FROM p2 WHERE pid2 = 1", 1451, "c_ibfk_1")
	r := one(t, s, "SHOW CREATE TABLE c")
	if !strings.Contains(r.rows[0][1], "CONSTRAINT `c_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `p2` (`pid2`)") {
		t.Fatalf("SHOW CREATE TABLE after the rename:\n%s", r.rows[0][1])
	}
}

// INSERT IGNORE skips a row without its parent (or failing a CHECK) with
// a warning, as MySQL does.
func TestFKInsertIgnore(t *testing.T) {
	s := fkSession(t)
	r := one(t, s, "INSERT IGNORE INTO c VALUES (1, 1), (2, 9), (3, 2)")
	if r.ok.AffectedRows != 2 {
		t.Fatalf("affected %d, want 2", r.ok.AffectedRows)
	}
	if got := rowsOf(t, s, "SHOW WARNINGS"); !strings.Contains(got, "1452") || !strings.Contains(got, "c_ibfk_1") {
		t.Fatalf("warnings: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id FROM c ORDER BY id"); got != "1;3" {
		t.Fatalf("rows: %s", got)
	}
}

// SET GLOBAL foreign_key_checks = 0 reaches a new session (a restore tool
// that cannot set the session variable).
func TestFKChecksOffGlobal(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "SET GLOBAL foreign_key_checks = 0")
	other := s.eng.NewSession(9, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "d")
	mustExec(t, other, "INSERT INTO c VALUES (1, 42)")
	mustExec(t, s, "SET GLOBAL foreign_key_checks = 1")
	fresh := s.eng.NewSession(10, "localhost", nil, nil)
	fresh.Login("root", "localhost", ClientOptions{}, "d")
	wantErr(t, fresh, "INSERT INTO c VALUES (2, 43)", 1452, "c_ibfk_1")
}

// A column type change that would break a constraint's lookups is
// refused on either side (3780).
func TestFKColumnTypeChange(t *testing.T) {
	s := fkSession(t)
	wantErr(t, s, "ALTER TABLE c MODIFY pid BIGINT", 3780, "Referencing column 'pid' and referenced column 'id' in foreign key constraint 'c_ibfk_1' are incompatible.")
	wantErr(t, s, "ALTER TABLE p MODIFY id BIGINT", 3780, "c_ibfk_1")
	mustExec(t, s, "ALTER TABLE c MODIFY pid INT NULL COMMENT 'parent'", "INSERT INTO c VALUES (1, 1)")
	wantErr(t, s, "INSERT INTO c VALUES (2, 9)", 1452, "c_ibfk_1")
}

// UPDATE IGNORE skips a row that would lose its parent or fail a CHECK.
func TestFKUpdateIgnore(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "INSERT INTO c VALUES (1, 1), (2, 1)", "ALTER TABLE c ADD CONSTRAINT small CHECK (id < 100)")
	r := one(t, s, "UPDATE IGNORE c SET pid = IF(id = 1, 9, 2)")
	if r.ok.AffectedRows != 1 {
		t.Fatalf("affected %d, want 1", r.ok.AffectedRows)
	}
	if got := rowsOf(t, s, "SHOW WARNINGS"); !strings.Contains(got, "1452") {
		t.Fatalf("warnings: %s", got)
	}
	one(t, s, "UPDATE IGNORE c SET id = id + 200 WHERE id = 2")
	if got := rowsOf(t, s, "SHOW WARNINGS"); !strings.Contains(got, "3819") {
		t.Fatalf("warnings: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id, pid FROM c ORDER BY id"); got != "1,1;2,2" {
		t.Fatalf("rows: %s", got)
	}
}

package exec

import (
	"strings"
	"testing"
)

func TestCheckConstraints(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, a INT CHECK (a > 0), b INT, lo INT, hi INT,"+
		" CONSTRAINT range_ok CHECK (lo <= hi), CHECK (b <> 13) NOT ENFORCED)")
	mustExec(t, s, "INSERT INTO t VALUES (1, 5, 13, 1, 2), (2, NULL, NULL, NULL, 3)") // NULL passes
	wantErr(t, s, "INSERT INTO t VALUES (3, 0, 0, 1, 1)", 3819, "Check constraint 't_chk_1' is violated.")
	wantErr(t, s, "INSERT INTO t VALUES (3, 1, 0, 5, 1)", 3819, "Check constraint 'range_ok' is violated.")
	wantErr(t, s, "UPDATE t SET lo = 9 WHERE id = 1", 3819, "range_ok")
	if got := rowsOf(t, s, "SELECT id, lo FROM t ORDER BY id"); got != "1,1;2,NULL" {
		t.Fatalf("rows after failed writes: %s", got)
	}
	r := one(t, s, "SHOW CREATE TABLE t")
	want := "  PRIMARY KEY (`id`),\n  CONSTRAINT `range_ok` CHECK ((`lo` <= `hi`)),\n" +
		"  CONSTRAINT `t_chk_1` CHECK ((`a` > 0)),\n  CONSTRAINT `t_chk_2` CHECK ((`b` != 13)) /*!80016 NOT ENFORCED */\n)"
	if !strings.Contains(r.rows[0][1], want) {
		t.Fatalf("SHOW CREATE TABLE:\n%s\nwant it to contain\n%s", r.rows[0][1], want)
	}
	if got := rowsOf(t, s, "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS ORDER BY 1"); got != "range_ok,(`lo` <= `hi`);t_chk_1,(`a` > 0);t_chk_2,(`b` != 13)" {
		t.Fatalf("CHECK_CONSTRAINTS: %s", got)
	}
	if got := rowsOf(t, s, "SELECT CONSTRAINT_NAME, ENFORCED FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_TYPE = 'CHECK' ORDER BY 1"); got != "range_ok,YES;t_chk_1,YES;t_chk_2,NO" {
		t.Fatalf("TABLE_CONSTRAINTS: %s", got)
	}
	// Definition errors.
	wantErr(t, s, "CREATE TABLE x (a INT CHECK (b > 0), b INT)", 3813, "Column check constraint 'x_chk_1' references other column.")
	wantErr(t, s, "CREATE TABLE x (a INT, CONSTRAINT c1 CHECK (a > 0), CONSTRAINT c1 CHECK (a < 9))", 3822, "Duplicate check constraint name 'c1'.")
	wantErr(t, s, "CREATE TABLE x (a INT, CHECK (nope > 0))", 1054, "nope")
	// ALTER TABLE: an enforced constraint must hold for the existing rows.
	wantErr(t, s, "ALTER TABLE t ADD CONSTRAINT b_small CHECK (b < 10)", 3819, "b_small")
	wantErr(t, s, "ALTER TABLE t ALTER CHECK t_chk_2 ENFORCED", 3819, "t_chk_2")
	mustExec(t, s, "ALTER TABLE t ADD CONSTRAINT b_big CHECK (b > 5)")
	wantErr(t, s, "INSERT INTO t VALUES (4, 1, 2, 1, 1)", 3819, "b_big")
	wantErr(t, s, "ALTER TABLE t DROP COLUMN b", 3959, "uses column 'b', hence column cannot be dropped or renamed.")
	wantErr(t, s, "ALTER TABLE t DROP CHECK nope", 3821, "Check constraint 'nope' is not found in the table.")
	mustExec(t, s, "ALTER TABLE t DROP CHECK b_big", "ALTER TABLE t DROP CHECK t_chk_2", "INSERT INTO t VALUES (4, 1, 2, 1, 1)")
}

// DROP CONSTRAINT drops a CHECK or a foreign key by name (MySQL 8.0.19+).
func TestDropConstraint(t *testing.T) {
	s := fkSession(t)
	mustExec(t, s, "ALTER TABLE c ADD CONSTRAINT pos CHECK (id > 0)")
	wantErr(t, s, "INSERT INTO c VALUES (0, 1)", 3819, "pos")
	wantErr(t, s, "INSERT INTO c VALUES (5, 9)", 1452, "c_ibfk_1")
	mustExec(t, s, "ALTER TABLE c DROP CONSTRAINT pos", "ALTER TABLE c DROP CONSTRAINT c_ibfk_1",
		"INSERT INTO c VALUES (0, 9)")
}

package exec

import (
	"slices"
	"testing"

	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
)

// Column privileges: GRANT SELECT (cols) opens exactly those columns
// (1143 for the others, 1142 where no column privilege of the kind
// exists), UPDATE (c) only c; SHOW GRANTS and the grant tables show them;
// REVOKE takes them back.
func TestColumnPrivileges(t *testing.T) {
	root, app := privSessions(t)
	mustExec(t, root, "CREATE TABLE d.w (id INT PRIMARY KEY, a INT, b INT, c INT)", "INSERT INTO d.w VALUES (1, 10, 20, 30)",
		"GRANT SELECT (a, id), UPDATE (c) ON d.w TO app")

	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `app`@`%`",
		"GRANT SELECT (`a`, `id`), UPDATE (`c`) ON `d`.`w` TO `app`@`%`",
	}) {
		t.Errorf("SHOW GRANTS: %q", got)
	}
	if got := privRows(t, app, "SELECT id, a FROM d.w WHERE a > 0 ORDER BY id"); !slices.Equal(got, []string{"1,10"}) {
		t.Errorf("SELECT of granted columns: %q", got)
	}
	wantErr(t, app, "SELECT b FROM d.w", mysqldef.ErrColumnAccessDenied, "SELECT command denied to user 'app'@'10.0.0.9' for column 'b' in table 'w'")
	wantErr(t, app, "SELECT id FROM d.w WHERE b = 1", mysqldef.ErrColumnAccessDenied, "for column 'b' in table 'w'")
	wantErr(t, app, "SELECT * FROM d.w", mysqldef.ErrColumnAccessDenied, "for column 'b' in table 'w'")
	wantErr(t, app, "SELECT id FROM d.t", mysqldef.ErrTableAccessDenied, "for table 't'")

	mustExec(t, app, "UPDATE d.w SET c = 31")
	wantErr(t, app, "UPDATE d.w SET b = 1", mysqldef.ErrColumnAccessDenied, "UPDATE command denied to user 'app'@'10.0.0.9' for column 'b' in table 'w'")
	mustExec(t, app, "UPDATE d.w SET c = 32 WHERE id = 1")
	wantErr(t, app, "UPDATE d.w SET c = 33 WHERE b = 20", mysqldef.ErrColumnAccessDenied, "SELECT command denied to user 'app'@'10.0.0.9' for column 'b'")
	wantErr(t, app, "DELETE FROM d.w", mysqldef.ErrTableAccessDenied, "DELETE command denied")
	wantErr(t, app, "INSERT INTO d.w (id) VALUES (2)", mysqldef.ErrTableAccessDenied, "INSERT command denied")
	if got := privRows(t, root, "SELECT c FROM d.w"); !slices.Equal(got, []string{"32"}) {
		t.Errorf("after column UPDATEs: %q", got)
	}
	if got := privRows(t, app, "SHOW TABLES FROM d"); !slices.Equal(got, []string{"w"}) {
		t.Errorf("SHOW TABLES with column privileges only: %q", got)
	}
	// Only the columns with a privilege are listed, as in MySQL.
	if got := privRows(t, app, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_NAME = 'w' ORDER BY ORDINAL_POSITION"); !slices.Equal(got, []string{"id", "a", "c"}) {
		t.Errorf("information_schema.COLUMNS with column privileges: %q", got)
	}
	if got := privRows(t, app, "SHOW COLUMNS FROM d.w"); len(got) != 3 {
		t.Errorf("SHOW COLUMNS with column privileges: %q", got)
	}

	// INSERT (cols): the columns listed must be granted.
	mustExec(t, root, "GRANT INSERT (id, a) ON d.w TO app")
	mustExec(t, app, "INSERT INTO d.w (id, a) VALUES (2, 11)")
	wantErr(t, app, "INSERT INTO d.w (id, b) VALUES (3, 1)", mysqldef.ErrColumnAccessDenied, "INSERT command denied to user 'app'@'10.0.0.9' for column 'b'")
	wantErr(t, app, "INSERT INTO d.w VALUES (4, 1, 2, 3)", mysqldef.ErrColumnAccessDenied, "INSERT command denied")

	if got := privRows(t, root, "SELECT Db, Table_name, Column_name, Column_priv FROM mysql.columns_priv WHERE User = 'app'"); !slices.Equal(got, []string{
		"d,w,a,Select,Insert", "d,w,c,Update", "d,w,id,Select,Insert",
	}) {
		t.Errorf("mysql.columns_priv: %q", got)
	}
	if got := privRows(t, root, "SELECT Table_name, Table_priv, Column_priv FROM mysql.tables_priv WHERE User = 'app'"); !slices.Equal(got, []string{"w,,Select,Insert,Update"}) {
		t.Errorf("mysql.tables_priv: %q", got)
	}

	// Table-level SELECT next to column privileges: one line, as MySQL.
	mustExec(t, root, "GRANT SELECT ON d.w TO app")
	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `app`@`%`",
		"GRANT SELECT, INSERT (`a`, `id`), UPDATE (`c`) ON `d`.`w` TO `app`@`%`",
	}) {
		t.Errorf("SHOW GRANTS with table and column privileges: %q", got)
	}
	mustExec(t, app, "SELECT * FROM d.w")
	mustExec(t, root, "REVOKE SELECT ON d.w FROM app", "REVOKE INSERT (id, a), SELECT (a) ON d.w FROM app")
	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `app`@`%`",
		"GRANT SELECT (`id`), UPDATE (`c`) ON `d`.`w` TO `app`@`%`",
	}) {
		t.Errorf("SHOW GRANTS after column REVOKE: %q", got)
	}
	wantErr(t, app, "SELECT a FROM d.w", mysqldef.ErrColumnAccessDenied, "for column 'a' in table 'w'")
	mustExec(t, root, "REVOKE ALL PRIVILEGES ON d.w FROM app")
	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `app`@`%`"}) {
		t.Errorf("SHOW GRANTS after REVOKE ALL ON the table: %q", got)
	}
	wantErr(t, app, "SELECT id FROM d.w", mysqldef.ErrTableAccessDenied, "for table 'w'")
	if got := privRows(t, root, "SELECT COUNT(*) FROM mysql.columns_priv"); !slices.Equal(got, []string{"0"}) {
		t.Errorf("mysql.columns_priv after REVOKE ALL: %q", got)
	}
}

// Column lists are checked against the table and the level.
func TestColumnPrivilegeErrors(t *testing.T) {
	root, _ := privSessions(t)
	wantErr(t, root, "GRANT SELECT (nosuch) ON d.t TO app", mysqldef.ErrBadField, "Unknown column 'nosuch' in 't'")
	wantErr(t, root, "GRANT SELECT (v) ON d.* TO app", mysqldef.ErrIllegalGrantForTable, "Illegal GRANT/REVOKE command")
	wantErr(t, root, "GRANT DELETE (v) ON d.t TO app", mysqldef.ErrIllegalGrantForTable, "Illegal GRANT/REVOKE command")
	wantErr(t, root, "REVOKE SELECT (v) ON d.t FROM app", mysqldef.ErrNonExistingTableGrant, "on table 't'")
}

// columnUses lists each (privilege, column) once, by lower-case name, and
// answers for any spelling; SELECT * and INSERT without columns mark all.
func TestColumnUsesList(t *testing.T) {
	s := tableSession(t)
	parse := func(sql string) *colUses {
		stmt, _, err := s.parseOne(sql)
		if err != nil {
			t.Fatal(err)
		}
		return columnUses(stmt)
	}
	u := parse("UPDATE t SET B = a + A, c = 1 WHERE a > 0 AND D = b")
	if len(u.uses) != 5 { // update b, update c, select a, select b, select d
		t.Errorf("%d entries, want 5: %+v", len(u.uses), u.uses)
	}
	for _, c := range []struct {
		p    privs.Set
		name string
		want bool
	}{
		{privs.Update, "b", true}, {privs.Update, "C", true}, {privs.Update, "a", false},
		{privs.Select, "A", true}, {privs.Select, "d", true}, {privs.Select, "c", false},
		{privs.Insert, "a", false},
	} {
		if got := u.touches(c.p, c.name); got != c.want {
			t.Errorf("touches(%v, %q) = %v", c.p, c.name, got)
		}
	}
	if all := parse("SELECT * FROM t"); !all.touches(privs.Select, "anything") || all.touches(privs.Update, "anything") {
		t.Error("SELECT * should use every column for SELECT only")
	}
}

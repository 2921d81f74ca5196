package exec

import (
	"slices"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// The grant tables are built from the accounts' grants: each GRANT shows
// in the table of its level, a REVOKE takes it away again.
func TestGrantTablesRows(t *testing.T) {
	root, _ := privSessions(t)
	mustExec(t, root, "GRANT SELECT, INSERT ON d.* TO app", "GRANT SELECT, UPDATE, SHOW VIEW ON d.t TO app WITH GRANT OPTION",
		"GRANT PROCESS, SYSTEM_VARIABLES_ADMIN ON *.* TO app", "CREATE ROLE r1", "GRANT r1 TO app",
		"SET DEFAULT ROLE r1 TO app")

	if got := privRows(t, root, "SELECT Host, User, Select_priv, Process_priv, Grant_priv, Repl_slave_priv, Create_role_priv, account_locked, plugin FROM mysql.user ORDER BY User"); !slices.Equal(got, []string{
		"%,app,N,Y,N,N,N,N,caching_sha2_password",
		"%,r1,N,N,N,N,N,N,caching_sha2_password",
		"localhost,root,Y,Y,Y,Y,Y,N,caching_sha2_password",
	}) {
		t.Errorf("mysql.user: %q", got)
	}
	if got := privRows(t, root, "SELECT Host, Db, User, Select_priv, Insert_priv, Update_priv, Trigger_priv FROM mysql.db"); !slices.Equal(got, []string{"%,d,app,Y,Y,N,N"}) {
		t.Errorf("mysql.db: %q", got)
	}
	if got := privRows(t, root, "SELECT Host, Db, User, Table_name, Table_priv, Column_priv FROM mysql.tables_priv"); !slices.Equal(got, []string{"%,d,app,t,Select,Update,Grant,Show view,"}) {
		t.Errorf("mysql.tables_priv: %q", got)
	}
	if got := privRows(t, root, "SELECT USER, HOST, PRIV, WITH_GRANT_OPTION FROM mysql.global_grants WHERE USER = 'app'"); !slices.Equal(got, []string{"app,%,SYSTEM_VARIABLES_ADMIN,N"}) {
		t.Errorf("mysql.global_grants: %q", got)
	}
	if got := privRows(t, root, "SELECT * FROM mysql.role_edges"); !slices.Equal(got, []string{"%,r1,%,app,N"}) {
		t.Errorf("mysql.role_edges: %q", got)
	}
	if got := privRows(t, root, "SELECT * FROM mysql.default_roles"); !slices.Equal(got, []string{"%,app,%,r1"}) {
		t.Errorf("mysql.default_roles: %q", got)
	}
	if got := privRows(t, root, "SELECT COUNT(*) FROM mysql.columns_priv"); !slices.Equal(got, []string{"0"}) {
		t.Errorf("mysql.columns_priv: %q", got)
	}

	// The table-level grant goes away with its REVOKE; the database one stays.
	mustExec(t, root, "REVOKE SELECT, UPDATE, SHOW VIEW, GRANT OPTION ON d.t FROM app")
	if got := privRows(t, root, "SELECT COUNT(*) FROM mysql.tables_priv"); !slices.Equal(got, []string{"0"}) {
		t.Errorf("mysql.tables_priv after REVOKE: %q", got)
	}
	if got := privRows(t, root, "SELECT COUNT(*) FROM mysql.db WHERE User = 'app'"); !slices.Equal(got, []string{"1"}) {
		t.Errorf("mysql.db after table REVOKE: %q", got)
	}
}

// mysql.user has MySQL 8's 51 columns in MySQL's order.
func TestGrantTablesColumns(t *testing.T) {
	root, _ := privSessions(t)
	r := one(t, root, "SELECT * FROM mysql.user WHERE User = 'root'")
	if len(r.cols) != 51 {
		t.Fatalf("mysql.user has %d columns, want 51", len(r.cols))
	}
	for i, want := range map[int]string{0: "Host", 1: "User", 2: "Select_priv", 30: "Create_tablespace_priv", 31: "ssl_type",
		39: "plugin", 40: "authentication_string", 41: "password_expired", 44: "account_locked", 45: "Create_role_priv",
		50: "User_attributes"} {
		if r.cols[i].Name != want {
			t.Errorf("mysql.user column %d is %s, want %s", i, r.cols[i].Name, want)
		}
	}
	if got := privRows(t, root, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql' ORDER BY 1"); !slices.Equal(got, grantTableNames) {
		t.Errorf("information_schema.TABLES for mysql: %q", got)
	}
	if got := privRows(t, root, "SHOW TABLES FROM mysql"); !slices.Equal(got, grantTableNames) {
		t.Errorf("SHOW TABLES FROM mysql: %q", got)
	}
	if got := privRows(t, root, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'db'"); !slices.Equal(got, []string{"22"}) {
		t.Errorf("information_schema.COLUMNS for mysql.db: %q", got)
	}
	if got := privRows(t, root, "SHOW COLUMNS FROM mysql.tables_priv"); len(got) != 8 {
		t.Errorf("SHOW COLUMNS FROM mysql.tables_priv: %q", got)
	}
	mustExec(t, root, "USE mysql")
	if got := privRows(t, root, "SELECT User FROM user WHERE Host = 'localhost'"); !slices.Equal(got, []string{"root"}) {
		t.Errorf("mysql.user read from USE mysql: %q", got)
	}
	wantErr(t, root, "SELECT * FROM mysql.nosuch", mysqldef.ErrNoSuchTable, "Table 'mysql.nosuch' doesn't exist")
}

// Reading needs SELECT on the table; writing is refused to everyone.
func TestGrantTablesPrivileges(t *testing.T) {
	root, app := privSessions(t)
	wantErr(t, app, "SELECT * FROM mysql.user", mysqldef.ErrTableAccessDenied, "SELECT command denied to user 'app'@'10.0.0.9' for table 'user'")
	wantErr(t, app, "SELECT 1 FROM d.t WHERE EXISTS (SELECT 1 FROM mysql.db)", mysqldef.ErrTableAccessDenied, "for table")
	if got := privRows(t, app, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql'"); len(got) != 0 {
		t.Errorf("information_schema lists mysql tables without privileges: %q", got)
	}
	mustExec(t, root, "GRANT SELECT ON mysql.user TO app")
	if got := privRows(t, app, "SELECT User FROM mysql.user WHERE User = 'app'"); !slices.Equal(got, []string{"app"}) {
		t.Errorf("mysql.user with table SELECT: %q", got)
	}
	if got := privRows(t, app, "SHOW TABLES FROM mysql"); !slices.Equal(got, []string{"user"}) {
		t.Errorf("SHOW TABLES FROM mysql with SELECT on user: %q", got)
	}
	wantErr(t, app, "SELECT * FROM mysql.db", mysqldef.ErrTableAccessDenied, "for table 'db'")
	mustExec(t, root, "GRANT SELECT ON mysql.* TO app")
	mustExec(t, app, "SELECT * FROM mysql.db", "SELECT * FROM mysql.tables_priv")
	wantErr(t, app, "DELETE FROM mysql.user", mysqldef.ErrTableAccessDenied, "DELETE command denied to user 'app'@'10.0.0.9' for table 'user'")

	for _, sql := range []string{
		"INSERT INTO mysql.user (Host, User) VALUES ('%', 'x')",
		"REPLACE INTO mysql.db (Host, Db, User) VALUES ('%', 'd', 'x')",
		"UPDATE mysql.user SET Select_priv = 'Y' WHERE User = 'app'",
		"DELETE FROM mysql.user WHERE User = 'app'",
		"TRUNCATE TABLE mysql.tables_priv",
		"DROP TABLE mysql.user",
		"ALTER TABLE mysql.user ADD COLUMN c INT",
		"RENAME TABLE mysql.user TO mysql.user2",
		"CREATE INDEX i ON mysql.user (User)",
	} {
		r := query(t, root, sql)[0]
		if r.err == nil || r.err.Code != mysqldef.ErrOpenAsReadonly || r.err.State != "HY000" || !strings.Contains(r.err.Message, "is read only") {
			t.Errorf("%s: got %v, want 1036 read only", sql, r.err)
		}
	}
	for _, sql := range []string{
		"UPDATE mysql.user u JOIN d.t ON t.id = 1 SET u.Select_priv = 'Y'",
		"UPDATE d.t, mysql.user u SET u.Select_priv = 'Y'",
		"DELETE u FROM mysql.user u JOIN d.t ON t.id = 1",
	} {
		wantErr(t, root, sql, mysqldef.ErrOpenAsReadonly, "Table 'user' is read only")
	}
	wantErr(t, root, "LOCK TABLES mysql.user WRITE", mysqldef.ErrOpenAsReadonly, "Table 'user' is read only")
	mustExec(t, root, "LOCK TABLES mysql.user READ, mysql.db READ", "SELECT COUNT(*) FROM mysql.user", "UNLOCK TABLES")
	// Reading a grant table while writing elsewhere is no write to it.
	mustExec(t, root, "CREATE TABLE d.users (u VARCHAR(32))", "INSERT INTO d.users SELECT User FROM mysql.user",
		"UPDATE mysql.user u JOIN d.t ON t.id = 1 SET t.v = 11", "UPDATE d.t JOIN mysql.user u ON u.User = 'root' SET t.v = 12",
		"DELETE t FROM d.t JOIN mysql.user u ON u.User = 'nobody'")
	if got := privRows(t, root, "SELECT COUNT(*) FROM mysql.user"); !slices.Equal(got, []string{"2"}) {
		t.Errorf("mysql.user after refused writes: %q", got)
	}
}

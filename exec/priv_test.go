package exec

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
)

// memAccounts is an in-memory account store for privilege tests: the
// server's AccountStore does the same over storage.
type memAccounts struct {
	mu    sync.Mutex
	users map[privs.AccountName]*privs.Grants
	snap  atomic.Pointer[privs.Snapshot]
}

func newMemAccounts() *memAccounts {
	a := &memAccounts{users: map[privs.AccountName]*privs.Grants{{User: "root", Host: "localhost"}: privs.Superuser}}
	a.publish()
	return a
}

func (a *memAccounts) publish() {
	a.snap.Store(privs.NewSnapshot(maps2(a.users)))
}

func maps2(m map[privs.AccountName]*privs.Grants) map[privs.AccountName]*privs.Grants {
	out := make(map[privs.AccountName]*privs.Grants, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (a *memAccounts) CreateUser(user, host, _, _, _ string, ifNotExists bool) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	key := privs.AccountName{User: user, Host: host}
	if _, ok := a.users[key]; ok {
		return true, nil
	}
	a.users[key] = privs.Superuser.WithoutAll()
	a.publish()
	return false, nil
}

func (a *memAccounts) DropUser(user, host string, _ bool) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.users, privs.AccountName{User: user, Host: host})
	a.publish()
	return false, nil
}

func (a *memAccounts) ChangePassword(string, string, string, string, bool) error { return nil }
func (a *memAccounts) DiscardOldPassword(string, string) error                   { return nil }
func (a *memAccounts) SetLimits(string, string, ResourceLimits) error            { return nil }
func (a *memAccounts) SetPasswordExpiry(string, string, bool, *int64) error      { return nil }
func (a *memAccounts) SetLocked(string, string, bool) error                      { return nil }

func (a *memAccounts) RenameUser(user, host, newUser, newHost string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	from, to := privs.AccountName{User: user, Host: host}, privs.AccountName{User: newUser, Host: newHost}
	g, ok := a.users[from]
	if _, taken := a.users[to]; !ok || taken {
		return mysqldef.NewError(mysqldef.ErrCannotUser, "Operation RENAME USER failed for '%s'@'%s'", user, host)
	}
	delete(a.users, from)
	a.users[to] = g
	a.publish()
	return nil
}
func (a *memAccounts) SetRequire(string, string, string) error { return nil }
func (a *memAccounts) RequireOf(string, string) string         { return "" }
func (a *memAccounts) Privileges() *privs.Snapshot             { return a.snap.Load() }

func (a *memAccounts) List() []AccountInfo {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []AccountInfo
	for k := range a.users {
		out = append(out, AccountInfo{User: k.User, Host: k.Host, Plugin: "caching_sha2_password"})
	}
	return out
}

func (a *memAccounts) PluginOf(user, host string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.users[privs.AccountName{User: user, Host: host}]; ok {
		return "caching_sha2_password"
	}
	return ""
}

func (a *memAccounts) EditGrants(user, host string, edit func(*privs.Grants) *privs.Grants) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	key := privs.AccountName{User: user, Host: host}
	g, ok := a.users[key]
	if !ok {
		return false, nil
	}
	a.users[key] = edit(g)
	a.publish()
	return true, nil
}

// privSessions returns a root session and a session of 'app'@'%' (USAGE
// only) on one engine with database d, tables d.t, d.u and database e.
func privSessions(t *testing.T) (root, app *Session) {
	t.Helper()
	eng, err := NewEngine(Config{Version: "8.0.40-loopdb-test"}, openTestStore(t), newMemAccounts())
	if err != nil {
		t.Fatal(err)
	}
	root = eng.NewSession(1, "localhost", nil, nil)
	root.Login("root", "localhost", ClientOptions{MultiStatements: true}, "")
	mustExec(t, root, "CREATE DATABASE d", "CREATE DATABASE e", "USE d",
		"CREATE TABLE t (id INT PRIMARY KEY, v INT)", "CREATE TABLE u (id INT PRIMARY KEY, v INT)",
		"CREATE TABLE e.x (id INT PRIMARY KEY)",
		"INSERT INTO t VALUES (1, 10), (2, 20)", "INSERT INTO u VALUES (1, 100)",
		"CREATE USER app")
	app = eng.NewSession(2, "10.0.0.9", nil, nil)
	app.Login("app", "%", ClientOptions{MultiStatements: true}, "")
	return root, app
}

func privRows(t *testing.T, s *Session, sql string) []string {
	t.Helper()
	var out []string
	for _, r := range one(t, s, sql).rows {
		out = append(out, strings.Join(r, ","))
	}
	return out
}

func TestPrivilegesEnforced(t *testing.T) {
	root, app := privSessions(t)
	// Nothing granted: what needs no privilege works, the rest is denied.
	mustExec(t, app, "SELECT 1", "SELECT @@version", "SELECT * FROM information_schema.SCHEMATA", "SET NAMES utf8mb4", "SET autocommit = 1")
	wantErr(t, app, "USE d", mysqldef.ErrDBAccessDenied, "Access denied for user 'app'@'%' to database 'd'")
	wantErr(t, app, "SELECT * FROM d.t", mysqldef.ErrTableAccessDenied, "SELECT command denied to user 'app'@'10.0.0.9' for table 't'")
	wantErr(t, app, "SELECT * FROM d.nosuch", mysqldef.ErrTableAccessDenied, "for table 'nosuch'") // before existence, as MySQL
	wantErr(t, app, "CREATE DATABASE z", mysqldef.ErrDBAccessDenied, "to database 'z'")
	wantErr(t, app, "DROP DATABASE e", mysqldef.ErrDBAccessDenied, "to database 'e'")
	wantErr(t, app, "SET GLOBAL max_connections = 10", mysqldef.ErrSpecificAccessDenied,
		"Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation")
	wantErr(t, app, "CREATE USER x", mysqldef.ErrSpecificAccessDenied, "the CREATE USER privilege(s)")
	wantErr(t, app, "DROP USER root@localhost", mysqldef.ErrSpecificAccessDenied, "the CREATE USER privilege(s)")
	wantErr(t, app, "FLUSH PRIVILEGES", mysqldef.ErrSpecificAccessDenied, "the RELOAD privilege(s)")
	wantErr(t, app, "KILL 1", mysqldef.ErrKillDenied, "You are not owner of thread 1")
	wantErr(t, app, "SHOW GRANTS FOR root@localhost", mysqldef.ErrDBAccessDenied, "to database 'mysql'")
	if got := privRows(t, app, "SHOW DATABASES"); !slices.Equal(got, []string{"information_schema", "performance_schema"}) {
		t.Errorf("SHOW DATABASES without privileges: %v", got)
	}

	// Table-level SELECT on d.t: the database becomes usable, only t shows.
	mustExec(t, root, "GRANT SELECT ON d.t TO app")
	mustExec(t, app, "USE d")
	if got := privRows(t, app, "SELECT v FROM t ORDER BY id"); !slices.Equal(got, []string{"10", "20"}) {
		t.Errorf("SELECT after GRANT: %v", got)
	}
	mustExec(t, app, "SELECT * FROM (SELECT id FROM t) AS dt", "SHOW CREATE TABLE t", "DESCRIBE t")
	// A CTE name is no table (loopdb's CTE support is its own matter: only
	// the privilege check is asked here).
	if rs := query(t, app, "WITH c AS (SELECT id FROM t) SELECT id FROM c"); rs[0].err != nil && rs[0].err.Code == mysqldef.ErrTableAccessDenied {
		t.Errorf("a CTE name was checked as a table: %v", rs[0].err)
	}
	if got := privRows(t, app, "SHOW TABLES"); !slices.Equal(got, []string{"t"}) {
		t.Errorf("SHOW TABLES: %v", got)
	}
	if got := privRows(t, app, "SHOW DATABASES"); !slices.Equal(got, []string{"d", "information_schema", "performance_schema"}) {
		t.Errorf("SHOW DATABASES: %v", got)
	}
	if got := privRows(t, app, "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('d', 'e') ORDER BY 2"); !slices.Equal(got, []string{"d,t"}) {
		t.Errorf("information_schema.TABLES: %v", got)
	}
	if got := privRows(t, app, "SELECT DISTINCT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'd'"); !slices.Equal(got, []string{"t"}) {
		t.Errorf("information_schema.COLUMNS: %v", got)
	}
	wantErr(t, app, "SELECT * FROM t JOIN u USING (id)", mysqldef.ErrTableAccessDenied, "SELECT command denied to user 'app'@'10.0.0.9' for table 'u'")
	wantErr(t, app, "SELECT * FROM t WHERE id IN (SELECT id FROM u)", mysqldef.ErrTableAccessDenied, "for table 'u'")
	wantErr(t, app, "SHOW CREATE TABLE u", mysqldef.ErrTableAccessDenied, "SHOW command denied to user 'app'@'10.0.0.9' for table 'u'")
	wantErr(t, app, "INSERT INTO t VALUES (3, 30)", mysqldef.ErrTableAccessDenied, "INSERT command denied")
	wantErr(t, app, "UPDATE t SET v = 1 WHERE id = 1", mysqldef.ErrTableAccessDenied, "UPDATE command denied")
	wantErr(t, app, "DELETE FROM t", mysqldef.ErrTableAccessDenied, "DELETE command denied")
	wantErr(t, app, "DROP TABLE t", mysqldef.ErrTableAccessDenied, "DROP command denied")
	wantErr(t, app, "TRUNCATE TABLE t", mysqldef.ErrTableAccessDenied, "DROP command denied")
	wantErr(t, app, "ALTER TABLE t ADD COLUMN w INT", mysqldef.ErrTableAccessDenied, "ALTER command denied")
	wantErr(t, app, "CREATE INDEX iv ON t (v)", mysqldef.ErrTableAccessDenied, "INDEX command denied")
	wantErr(t, app, "CREATE TABLE n (id INT)", mysqldef.ErrTableAccessDenied, "CREATE command denied")
	wantErr(t, app, "SHOW TABLES FROM e", mysqldef.ErrDBAccessDenied, "to database 'e'")
	wantErr(t, app, "SELECT 1; SELECT * FROM u", mysqldef.ErrTableAccessDenied, "for table 'u'") // multi-statement

	// INSERT ... SELECT needs SELECT on the source; multi-table DML needs
	// UPDATE/DELETE on its targets and SELECT on the rest.
	mustExec(t, root, "GRANT INSERT, UPDATE, DELETE ON d.u TO app")
	wantErr(t, app, "INSERT INTO u SELECT * FROM e.x", mysqldef.ErrTableAccessDenied, "SELECT command denied to user 'app'@'10.0.0.9' for table 'x'")
	mustExec(t, app, "INSERT INTO u SELECT id + 10, v FROM t")
	wantErr(t, app, "LOAD DATA INFILE '/etc/hostname' INTO TABLE u", mysqldef.ErrAccessDenied, "Access denied for user 'app'@'%'")
	wantErr(t, app, "UPDATE u SET v = 0 WHERE id = 11", mysqldef.ErrTableAccessDenied, "SELECT command denied") // WHERE reads u
	mustExec(t, app, "UPDATE u SET v = 0", "UPDATE u JOIN t ON u.id = t.id SET u.v = t.v", "DELETE u FROM u JOIN t ON u.id = t.id")
	wantErr(t, app, "UPDATE u JOIN t ON u.id = t.id SET u.v = 1, t.v = 1", mysqldef.ErrTableAccessDenied, "UPDATE command denied to user 'app'@'10.0.0.9' for table 't'")
	wantErr(t, app, "DELETE u, t FROM u JOIN t ON u.id = t.id", mysqldef.ErrTableAccessDenied, "DELETE command denied to user 'app'@'10.0.0.9' for table 't'")

	// Database level, then revoked.
	mustExec(t, root, "GRANT ALL ON e.* TO app")
	mustExec(t, app, "CREATE TABLE e.y (id INT PRIMARY KEY)", "INSERT INTO e.y VALUES (1)", "DROP TABLE e.y", "USE e")
	mustExec(t, root, "REVOKE ALL PRIVILEGES ON e.* FROM app")
	wantErr(t, app, "SELECT * FROM x", mysqldef.ErrTableAccessDenied, "for table 'x'")
	wantErr(t, app, "USE e", mysqldef.ErrDBAccessDenied, "to database 'e'")

	// Global and dynamic privileges.
	mustExec(t, root, "GRANT CREATE USER, SYSTEM_VARIABLES_ADMIN, PROCESS ON *.* TO app")
	mustExec(t, app, "CREATE USER x", "DROP USER x", "SET GLOBAL max_connections = 10")
	wantErr(t, app, "KILL 1", mysqldef.ErrKillDenied, "")
	mustExec(t, root, "REVOKE ALL PRIVILEGES, GRANT OPTION FROM app")
	wantErr(t, app, "SELECT * FROM d.t", mysqldef.ErrTableAccessDenied, "for table 't'")
}

func TestGrantRules(t *testing.T) {
	root, app := privSessions(t)
	wantErr(t, root, "GRANT SELECT ON *.* TO nobody", mysqldef.ErrCantCreateUserWithGrant, "You are not allowed to create a user with GRANT")
	wantErr(t, root, "GRANT SUPER ON d.* TO app", mysqldef.ErrWrongUsage, "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES")
	wantErr(t, root, "GRANT EXECUTE ON d.t TO app", mysqldef.ErrIllegalGrantForTable, "Illegal GRANT/REVOKE command")
	wantErr(t, root, "GRANT CONNECTION_ADMIN ON d.* TO app", mysqldef.ErrIllegalPrivilegeLevel, "Illegal privilege level specified for CONNECTION_ADMIN")
	wantErr(t, root, "GRANT SELECT ON d.nosuch TO app", mysqldef.ErrNoSuchTable, "Table 'd.nosuch' doesn't exist")
	wantErr(t, root, "GRANT SELECT (nosuch) ON d.t TO app", mysqldef.ErrBadField, "Unknown column 'nosuch' in 't'") // column privileges: grant_columns_test.go
	wantErr(t, root, "REVOKE SELECT ON d.* FROM app", mysqldef.ErrNonExistingGrant, "There is no such grant defined for user 'app' on host '%'")
	wantErr(t, root, "REVOKE SELECT ON d.t FROM app", mysqldef.ErrNonExistingTableGrant, "on table 't'")

	// Granting needs GRANT OPTION and the privileges granted, at the level.
	mustExec(t, root, "CREATE USER other", "GRANT SELECT ON d.* TO app")
	wantErr(t, app, "GRANT SELECT ON d.* TO other", mysqldef.ErrDBAccessDenied, "Access denied for user 'app'@'%' to database 'd'")
	wantErr(t, app, "GRANT SELECT ON d.t TO other", mysqldef.ErrTableAccessDenied, "GRANT command denied to user 'app'@'10.0.0.9' for table 't'")
	wantErr(t, app, "GRANT SELECT ON *.* TO other", mysqldef.ErrAccessDenied, "Access denied for user 'app'@'%'")
	mustExec(t, root, "GRANT SELECT ON d.* TO app WITH GRANT OPTION")
	mustExec(t, app, "GRANT SELECT ON d.t TO other", "USE d")
	wantErr(t, app, "GRANT INSERT ON d.* TO other", mysqldef.ErrDBAccessDenied, "to database 'd'")
	mustExec(t, app, "REVOKE SELECT ON d.t FROM other")
	wantErr(t, root, "SHOW GRANTS FOR nobody", mysqldef.ErrNonExistingGrant, "")

	// DROP USER takes the grants with it.
	mustExec(t, root, "GRANT SELECT ON d.* TO other", "DROP USER other", "CREATE USER other")
	if got := privRows(t, root, "SHOW GRANTS FOR other"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `other`@`%`"}) {
		t.Errorf("grants of a re-created account: %v", got)
	}
}

// SHOW GRANTS in MySQL 8's format.
func TestShowGrants(t *testing.T) {
	root, app := privSessions(t)
	if got := privRows(t, app, "SHOW GRANTS"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `app`@`%`"}) {
		t.Errorf("SHOW GRANTS with none: %v", got)
	}
	mustExec(t, root, "GRANT SELECT, INSERT ON d.* TO app", "GRANT UPDATE ON d.t TO app WITH GRANT OPTION",
		"GRANT PROCESS ON *.* TO app", "GRANT ALL PRIVILEGES ON e.* TO 'app'@'%'")
	want := []string{
		"GRANT PROCESS ON *.* TO `app`@`%`",
		"GRANT SELECT, INSERT ON `d`.* TO `app`@`%`",
		"GRANT ALL PRIVILEGES ON `e`.* TO `app`@`%`",
		"GRANT UPDATE ON `d`.`t` TO `app`@`%` WITH GRANT OPTION",
	}
	for _, q := range []string{"SHOW GRANTS", "SHOW GRANTS FOR app", "SHOW GRANTS FOR CURRENT_USER()"} {
		if got := privRows(t, app, q); !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", q, got, want)
		}
	}
	if r := one(t, app, "SHOW GRANTS"); r.cols[0].Name != "Grants for app@%" {
		t.Errorf("column name %q", r.cols[0].Name)
	}
	rootLines := privRows(t, root, "SHOW GRANTS")
	if len(rootLines) != 2 || !strings.HasSuffix(rootLines[0], "ON *.* TO `root`@`localhost` WITH GRANT OPTION") {
		t.Errorf("root's grants: %q", rootLines)
	}
}

// A prepared statement is checked at EXECUTE against the grants of that
// moment, on the cached-plan path as on the others.
func TestPreparedCheckedAtExecute(t *testing.T) {
	root, app := privSessions(t)
	if _, err := app.Prepare("SELECT v FROM d.t WHERE id = ?"); err == nil || err.(*mysqldef.SQLError).Code != mysqldef.ErrTableAccessDenied {
		t.Fatalf("PREPARE without privileges: %v, want 1142", err)
	}
	mustExec(t, root, "GRANT SELECT, INSERT ON d.t TO app")
	sel := prepareStmt(t, app, "SELECT v FROM d.t WHERE id = ?")
	ins := prepareStmt(t, app, "INSERT INTO d.t VALUES (?, 0)")
	if n := rowCount(t, executeInt(t, app, sel, 1)); n != 1 {
		t.Fatalf("EXECUTE with SELECT granted: %d rows", n)
	}
	mustExec(t, app, "PREPARE q FROM 'SELECT v FROM d.t'")
	// The text-protocol statement cache keeps this shape's plan.
	mustExec(t, app, "SELECT v FROM d.t WHERE id = 1", "SELECT v FROM d.t WHERE id = 2")
	mustExec(t, root, "REVOKE SELECT, INSERT ON d.t FROM app")
	wantErr(t, app, "SELECT v FROM d.t WHERE id = 3", mysqldef.ErrTableAccessDenied, "for table 't'")
	for _, id := range []uint32{sel, ins} {
		rec := executeInt(t, app, id, 5)
		if len(rec.results) != 1 || rec.results[0].err == nil || rec.results[0].err.Code != mysqldef.ErrTableAccessDenied {
			t.Errorf("EXECUTE after REVOKE: %+v, want 1142", rec.results)
		}
	}
	rec, _ := execute(t, app, sel, true, 1) // with a cursor
	if len(rec.results) != 1 || rec.results[0].err == nil || rec.results[0].err.Code != mysqldef.ErrTableAccessDenied {
		t.Errorf("EXECUTE with a cursor after REVOKE: %+v, want 1142", rec.results)
	}
	wantErr(t, app, "EXECUTE q", mysqldef.ErrTableAccessDenied, "for table 't'")
}

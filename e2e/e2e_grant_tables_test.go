package e2e

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"
)

// The mysql.* grant tables over the wire with go-sql-driver, as admin
// tools read them: accounts and GRANTs show as MySQL 8's rows; reading
// needs SELECT on the table (1142 otherwise); writing is refused with
// 1036, since accounts change through CREATE USER and GRANT only.
func TestGrantTablesOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY)",
		"CREATE USER 'clerk'@'%' IDENTIFIED BY 'Clerk-pw1'",
		"CREATE USER 'old'@'localhost' IDENTIFIED WITH mysql_native_password BY 'Old-pw1' REQUIRE SSL ACCOUNT LOCK",
		"GRANT SELECT, INSERT ON shop.* TO 'clerk'@'%'", "GRANT UPDATE, DELETE ON shop.items TO 'clerk'@'%'",
		"GRANT PROCESS ON *.* TO 'clerk'@'%'")

	type userRow struct {
		host, user, sel, process, sslType, plugin, auth, expired, locked string
		changed                                                          sql.NullString
	}
	rows, err := root.QueryContext(ctx, "SELECT Host, User, Select_priv, Process_priv, ssl_type, plugin, authentication_string, "+
		"password_expired, account_locked, password_last_changed FROM mysql.user ORDER BY User")
	if err != nil {
		t.Fatal(err)
	}
	var users []userRow
	for rows.Next() {
		var r userRow
		if err := rows.Scan(&r.host, &r.user, &r.sel, &r.process, &r.sslType, &r.plugin, &r.auth, &r.expired, &r.locked, &r.changed); err != nil {
			t.Fatal(err)
		}
		users = append(users, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(users) != 3 {
		t.Fatalf("mysql.user rows: %+v", users)
	}
	clerk, old, rootRow := users[0], users[1], users[2]
	if clerk.host != "%" || clerk.user != "clerk" || clerk.sel != "N" || clerk.process != "Y" || clerk.sslType != "" ||
		clerk.plugin != "caching_sha2_password" || !strings.HasPrefix(clerk.auth, "$A$005$") || clerk.expired != "N" ||
		clerk.locked != "N" || !clerk.changed.Valid {
		t.Errorf("clerk's mysql.user row: %+v", clerk)
	}
	// mysql_native_password's hash is '*' and 40 hex digits, as MySQL shows it.
	if old.host != "localhost" || old.plugin != "mysql_native_password" || len(old.auth) != 41 || old.auth[0] != '*' ||
		old.sslType != "ANY" || old.locked != "Y" {
		t.Errorf("old's mysql.user row: %+v", old)
	}
	if rootRow.user != "root" || rootRow.sel != "Y" || rootRow.process != "Y" {
		t.Errorf("root's mysql.user row: %+v", rootRow)
	}

	if got := column(t, root, "SELECT CONCAT_WS('|', Host, Db, User, Select_priv, Insert_priv, Update_priv) FROM mysql.db"); !slices.Equal(got, []string{"%|shop|clerk|Y|Y|N"}) {
		t.Errorf("mysql.db: %q", got)
	}
	if got := column(t, root, "SELECT CONCAT_WS('|', Host, Db, User, Table_name, Table_priv) FROM mysql.tables_priv"); !slices.Equal(got, []string{"%|shop|clerk|items|Update,Delete"}) {
		t.Errorf("mysql.tables_priv: %q", got)
	}
	if got := column(t, root, "SHOW TABLES FROM mysql"); !slices.Contains(got, "user") || !slices.Contains(got, "tables_priv") {
		t.Errorf("SHOW TABLES FROM mysql: %q", got)
	}

	// An account without SELECT on the table gets MySQL's 1142; the grant
	// opens it.
	clerkDB := openDB(t, s.dsnTCP("clerk", "Clerk-pw1", ""))
	_, err = clerkDB.ExecContext(ctx, "SELECT User FROM mysql.user")
	wantPrivErr(t, "SELECT mysql.user without privilege", err, 1142, "42000", "SELECT command denied to user 'clerk'@'127.0.0.1' for table 'user'")
	mustExec(t, ctx, root, "GRANT SELECT ON mysql.user TO 'clerk'@'%'")
	if got := column(t, clerkDB, "SELECT User FROM mysql.user WHERE User = 'clerk'"); !slices.Equal(got, []string{"clerk"}) {
		t.Errorf("clerk reading mysql.user after GRANT: %q", got)
	}

	// Direct edits are refused, even to root; nothing changes.
	for _, q := range []string{
		"INSERT INTO mysql.user (Host, User) VALUES ('%', 'sneaky')",
		"UPDATE mysql.user SET Select_priv = 'Y' WHERE User = 'clerk'",
		"DELETE FROM mysql.db",
		"DROP TABLE mysql.tables_priv",
	} {
		_, err := root.ExecContext(ctx, q)
		wantPrivErr(t, q, err, 1036, "HY000", "")
	}
	if got := column(t, root, "SELECT COUNT(*) FROM mysql.db"); !slices.Equal(got, []string{"1"}) {
		t.Errorf("mysql.db after refused writes: %q", got)
	}
}

// Column privileges over the wire: GRANT SELECT (cols), UPDATE (col)
// opens those columns only (MySQL 8's 1143 for the others), SHOW GRANTS
// and mysql.columns_priv show them, a prepared statement is checked again
// after REVOKE, and they survive a restart.
func TestColumnPrivilegesOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE DATABASE hr", "CREATE TABLE hr.staff (id INT PRIMARY KEY, name VARCHAR(20), salary INT)",
		"INSERT INTO hr.staff VALUES (1, 'ann', 5000)", "CREATE USER 'viewer'@'%' IDENTIFIED BY 'Viewer-pw1'",
		"GRANT SELECT (id, name), UPDATE (name) ON hr.staff TO 'viewer'@'%'")
	want := []string{"GRANT USAGE ON *.* TO `viewer`@`%`", "GRANT SELECT (`id`, `name`), UPDATE (`name`) ON `hr`.`staff` TO `viewer`@`%`"}
	if got := column(t, root, "SHOW GRANTS FOR 'viewer'@'%'"); !slices.Equal(got, want) {
		t.Errorf("SHOW GRANTS: %q", got)
	}
	viewer := openDB(t, s.dsnTCP("viewer", "Viewer-pw1", ""))
	if got := column(t, viewer, "SELECT name FROM hr.staff WHERE id = 1"); !slices.Equal(got, []string{"ann"}) {
		t.Errorf("granted columns: %q", got)
	}
	_, err := viewer.ExecContext(ctx, "SELECT salary FROM hr.staff")
	wantPrivErr(t, "SELECT of an ungranted column", err, 1143, "42000", "SELECT command denied to user 'viewer'@'127.0.0.1' for column 'salary' in table 'staff'")
	_, err = viewer.ExecContext(ctx, "SELECT * FROM hr.staff")
	wantPrivErr(t, "SELECT *", err, 1143, "42000", "SELECT command denied to user 'viewer'@'127.0.0.1' for column 'salary' in table 'staff'")
	mustExec(t, ctx, viewer, "UPDATE hr.staff SET name = 'anna' WHERE id = 1")
	_, err = viewer.ExecContext(ctx, "UPDATE hr.staff SET salary = 1")
	wantPrivErr(t, "UPDATE of an ungranted column", err, 1143, "42000", "UPDATE command denied to user 'viewer'@'127.0.0.1' for column 'salary' in table 'staff'")
	if got := column(t, root, "SELECT CONCAT_WS('|', Db, Table_name, Column_name, Column_priv) FROM mysql.columns_priv ORDER BY Column_name"); !slices.Equal(got, []string{"hr|staff|id|Select", "hr|staff|name|Select,Update"}) {
		t.Errorf("mysql.columns_priv: %q", got)
	}

	// A statement prepared while granted is checked again at EXECUTE.
	stmt, err := viewer.PrepareContext(ctx, "SELECT name FROM hr.staff WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	var name string
	if err := stmt.QueryRowContext(ctx, 1).Scan(&name); err != nil || name != "anna" {
		t.Fatalf("prepared SELECT: %q %v", name, err)
	}
	mustExec(t, ctx, root, "REVOKE SELECT (name) ON hr.staff FROM 'viewer'@'%'")
	err = stmt.QueryRowContext(ctx, 1).Scan(&name)
	wantPrivErr(t, "prepared SELECT after REVOKE", err, 1143, "42000", "SELECT command denied to user 'viewer'@'127.0.0.1' for column 'name' in table 'staff'")

	// Kept across a restart.
	if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
		t.Fatalf("shutdown: %v", st)
	}
	s2 := launch(t, s.datadir, nil)
	t.Cleanup(s2.cleanup)
	s2.mustBeReady()
	root2 := openDB(t, s2.dsnTCP("root", "", ""))
	want[1] = "GRANT SELECT (`id`), UPDATE (`name`) ON `hr`.`staff` TO `viewer`@`%`"
	if got := column(t, root2, "SHOW GRANTS FOR 'viewer'@'%'"); !slices.Equal(got, want) {
		t.Errorf("SHOW GRANTS after restart: %q", got)
	}
}

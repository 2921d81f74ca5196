package e2e

import (
	"slices"
	"testing"
)

// Roles over the wire as in MySQL 8 (not diffed against MariaDB, whose
// role model and SHOW GRANTS text differ): a role holds privileges, a
// user gets them only while the role is active (default roles at login,
// SET ROLE), CURRENT_ROLE() names the active roles, a role cannot log in,
// and DROP ROLE revokes it everywhere.
func TestRolesOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Root-pw")
	rootExec(t, s,
		"CREATE DATABASE shop",
		"CREATE TABLE shop.items (id INT PRIMARY KEY)",
		"INSERT INTO shop.items VALUES (1)",
		"CREATE ROLE reader, 'writer'",
		"GRANT SELECT ON shop.* TO reader",
		"GRANT INSERT ON shop.* TO writer",
		"GRANT reader TO writer",
		"CREATE USER 'clerk'@'%' IDENTIFIED BY 'Clerk-pw'",
		"GRANT writer TO clerk")
	root := openDB(t, s.dsnTCP("root", "Root-pw", ""))

	_, err := root.Exec("CREATE ROLE reader")
	wantPrivErr(t, "CREATE ROLE of an existing role", err, 1396, "HY000", "Operation CREATE ROLE failed for 'reader'@'%'")
	if _, err := root.Exec("CREATE ROLE IF NOT EXISTS reader"); err != nil {
		t.Errorf("CREATE ROLE IF NOT EXISTS: %v", err)
	}
	_, err = root.Exec("GRANT nosuch TO clerk")
	wantPrivErr(t, "GRANT of an unknown role", err, 3523, "HY000", "Unknown authorization ID `nosuch`@`%`")
	_, err = root.Exec("GRANT writer TO reader")
	wantPrivErr(t, "GRANT closing a loop", err, 4027, "HY000", "")
	_, err = root.Exec("REVOKE reader FROM clerk")
	wantPrivErr(t, "REVOKE of a role not granted", err, 3530, "HY000", "`reader`@`%` is not granted to `clerk`@`%`")
	if got := column(t, root, "SHOW GRANTS FOR clerk"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `clerk`@`%`", "GRANT `writer`@`%` TO `clerk`@`%`"}) {
		t.Errorf("SHOW GRANTS FOR clerk: %q", got)
	}
	if got := column(t, root, "SHOW GRANTS FOR clerk USING writer"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `clerk`@`%`", "GRANT SELECT, INSERT ON `shop`.* TO `clerk`@`%`", "GRANT `writer`@`%` TO `clerk`@`%`"}) {
		t.Errorf("SHOW GRANTS ... USING writer: %q", got)
	}

	// A role is a locked account: nobody logs in as it.
	err = openDB(t, s.dsnTCP("reader", "", "")).Ping()
	wantPrivErr(t, "login as a role", err, 3118, "HY000", "")

	clerk := openDB(t, s.dsnTCP("clerk", "Clerk-pw", ""))
	clerk.SetMaxIdleConns(1)
	clerk.SetMaxOpenConns(1)
	if got := column(t, clerk, "SELECT CURRENT_ROLE()"); !slices.Equal(got, []string{"NONE"}) {
		t.Errorf("CURRENT_ROLE() without default roles: %q", got)
	}
	_, err = clerk.Exec("SELECT * FROM shop.items")
	wantPrivErr(t, "SELECT with no active role", err, 1142, "42000", "")
	_, err = clerk.Exec("SET ROLE reader")
	wantPrivErr(t, "SET ROLE of a role granted only through another", err, 3530, "HY000", "`reader`@`%` is not granted to `clerk`@`%`")
	if _, err := clerk.Exec("SET ROLE writer"); err != nil {
		t.Fatalf("SET ROLE writer: %v", err)
	}
	if got := column(t, clerk, "SELECT CURRENT_ROLE()"); !slices.Equal(got, []string{"`writer`@`%`"}) {
		t.Errorf("CURRENT_ROLE() after SET ROLE: %q", got)
	}
	if got := column(t, clerk, "SELECT id FROM shop.items"); !slices.Equal(got, []string{"1"}) {
		t.Errorf("SELECT through writer's role reader: %q", got)
	}
	if _, err := clerk.Exec("INSERT INTO shop.items VALUES (2)"); err != nil {
		t.Errorf("INSERT through the active role: %v", err)
	}
	if _, err := clerk.Exec("SET ROLE NONE"); err != nil {
		t.Fatal(err)
	}
	_, err = clerk.Exec("SELECT * FROM shop.items")
	wantPrivErr(t, "SELECT after SET ROLE NONE", err, 1142, "42000", "")

	// Default roles are active at the next login.
	rootExec(t, s, "SET DEFAULT ROLE ALL TO clerk")
	fresh := openDB(t, s.dsnTCP("clerk", "Clerk-pw", ""))
	fresh.SetMaxOpenConns(1)
	if got := column(t, fresh, "SELECT CURRENT_ROLE()"); !slices.Equal(got, []string{"`writer`@`%`"}) {
		t.Errorf("CURRENT_ROLE() with a default role: %q", got)
	}
	if got := column(t, fresh, "SELECT COUNT(*) FROM shop.items"); !slices.Equal(got, []string{"2"}) {
		t.Errorf("SELECT through a default role: %q", got)
	}

	// DROP ROLE revokes it everywhere, at once for open sessions too.
	rootExec(t, s, "DROP ROLE writer")
	_, err = fresh.Exec("SELECT * FROM shop.items")
	wantPrivErr(t, "SELECT after DROP ROLE", err, 1142, "42000", "")
	if got := column(t, root, "SHOW GRANTS FOR clerk"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `clerk`@`%`"}) {
		t.Errorf("SHOW GRANTS after DROP ROLE: %q", got)
	}
	_, err = root.Exec("DROP ROLE writer")
	wantPrivErr(t, "DROP ROLE of a missing role", err, 1396, "HY000", "Operation DROP ROLE failed for 'writer'@'%'")

	// GRANT of a role needs SUPER (MySQL: ROLE_ADMIN or SUPER).
	_, err = clerk.Exec("GRANT reader TO clerk")
	wantPrivErr(t, "GRANT role without SUPER", err, 1227, "42000", "")
}

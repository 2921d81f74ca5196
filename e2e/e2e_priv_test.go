package e2e

import (
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// wantPrivErr checks a server error's number, SQLSTATE and message.
func wantPrivErr(t *testing.T, what string, err error, number uint16, state, msg string) {
	t.Helper()
	var me *mysql.MySQLError
	if !errors.As(err, &me) || me.Number != number || string(me.SQLState[:]) != state || (msg != "" && me.Message != msg) {
		t.Errorf("%s: %v; want %d (%s) %q", what, err, number, state, msg)
	}
}

func column(t *testing.T, db interface {
	Query(string, ...any) (*sql.Rows, error)
}, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// Privileges over the wire with go-sql-driver: an account created by
// CREATE USER holds USAGE only; GRANT opens exactly what it names; REVOKE
// takes effect on an open connection and on a statement prepared before
// it. Errors are MySQL 8's numbers, SQLSTATEs and texts. (SHOW GRANTS is
// compared with MySQL 8's format, not MariaDB's, which differs.)
func TestPrivilegesOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Root-pw")
	rootExec(t, s,
		"CREATE DATABASE shop", "CREATE DATABASE secret",
		"CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20))",
		"CREATE TABLE shop.prices (id INT PRIMARY KEY, cents INT)",
		"CREATE TABLE secret.keys (id INT PRIMARY KEY)",
		"INSERT INTO shop.items VALUES (1, 'pen'), (2, 'ink')",
		"CREATE USER 'clerk'@'%' IDENTIFIED BY 'Clerk-pw'")
	root := openDB(t, s.dsnTCP("root", "Root-pw", ""))

	// Default database the account may not use: 1044 at login.
	err := openDB(t, s.dsnTCP("clerk", "Clerk-pw", "shop")).Ping()
	wantPrivErr(t, "login with a default database", err, 1044, "42000", "Access denied for user 'clerk'@'%' to database 'shop'")

	clerk := openDB(t, s.dsnTCP("clerk", "Clerk-pw", ""))
	clerk.SetMaxIdleConns(1)
	clerk.SetMaxOpenConns(1) // one session throughout
	var v string
	if err := clerk.QueryRow("SELECT @@version").Scan(&v); err != nil {
		t.Fatalf("SELECT @@version with USAGE only: %v", err)
	}
	if got := column(t, clerk, "SHOW GRANTS"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `clerk`@`%`"}) {
		t.Errorf("SHOW GRANTS of a new account: %q", got)
	}
	_, err = clerk.Exec("SELECT * FROM shop.items")
	wantPrivErr(t, "SELECT without a grant", err, 1142, "42000", "SELECT command denied to user 'clerk'@'127.0.0.1' for table 'items'")
	_, err = clerk.Exec("USE secret")
	wantPrivErr(t, "USE without a grant", err, 1044, "42000", "Access denied for user 'clerk'@'%' to database 'secret'")
	_, err = clerk.Exec("SET GLOBAL max_connections = 100")
	wantPrivErr(t, "SET GLOBAL", err, 1227, "42000", "Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation")
	_, err = clerk.Exec("CREATE USER 'x'@'%'")
	wantPrivErr(t, "CREATE USER", err, 1227, "42000", "Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation")
	_, err = clerk.Exec("DROP TABLE secret.keys")
	wantPrivErr(t, "DROP TABLE", err, 1142, "42000", "DROP command denied to user 'clerk'@'127.0.0.1' for table 'keys'")
	_, err = root.Exec("GRANT SELECT ON shop.* TO 'nobody'@'%'")
	wantPrivErr(t, "GRANT to a missing account", err, 1410, "42000", "You are not allowed to create a user with GRANT")
	if _, err := root.Exec("DROP TABLE secret.keys"); err != nil {
		t.Fatalf("the denied DROP must have left the table: %v", err)
	}

	if _, err := root.Exec("GRANT SELECT, INSERT ON shop.items TO 'clerk'@'%'"); err != nil {
		t.Fatal(err)
	}
	if got := column(t, clerk, "SHOW GRANTS"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `clerk`@`%`", "GRANT SELECT, INSERT ON `shop`.`items` TO `clerk`@`%`"}) {
		t.Errorf("SHOW GRANTS after GRANT: %q", got)
	}
	if got := column(t, clerk, "SHOW DATABASES"); !slices.Equal(got, []string{"information_schema", "performance_schema", "shop"}) {
		t.Errorf("SHOW DATABASES: %q", got)
	}
	if got := column(t, clerk, "SHOW TABLES FROM shop"); !slices.Equal(got, []string{"items"}) {
		t.Errorf("SHOW TABLES: %q", got)
	}
	if got := column(t, clerk, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('shop', 'secret')"); !slices.Equal(got, []string{"items"}) {
		t.Errorf("information_schema.TABLES: %q", got)
	}
	if _, err := clerk.Exec("INSERT INTO shop.items VALUES (3, 'cap')"); err != nil {
		t.Errorf("INSERT with INSERT granted: %v", err)
	}
	_, err = clerk.Exec("INSERT INTO shop.items SELECT id + 10, 'x' FROM shop.prices")
	wantPrivErr(t, "INSERT ... SELECT from an ungranted table", err, 1142, "42000", "SELECT command denied to user 'clerk'@'127.0.0.1' for table 'prices'")

	// A statement prepared while granted fails at EXECUTE once revoked.
	stmt, err := clerk.Prepare("SELECT name FROM shop.items WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	if err := stmt.QueryRow(1).Scan(&v); err != nil || v != "pen" {
		t.Fatalf("prepared SELECT while granted: %q %v", v, err)
	}
	if _, err := root.Exec("REVOKE SELECT ON shop.items FROM 'clerk'@'%'"); err != nil {
		t.Fatal(err)
	}
	err = stmt.QueryRow(1).Scan(&v)
	wantPrivErr(t, "prepared SELECT after REVOKE", err, 1142, "42000", "SELECT command denied to user 'clerk'@'127.0.0.1' for table 'items'")

	// KILL of another account's session.
	var rootID int64
	rc, err := root.Conn(ctxT(t, 20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if err := rc.QueryRowContext(ctxT(t, 10*time.Second), "SELECT CONNECTION_ID()").Scan(&rootID); err != nil {
		t.Fatal(err)
	}
	_, err = clerk.Exec("KILL " + strconv.FormatInt(rootID, 10))
	wantPrivErr(t, "KILL of root's session", err, 1095, "HY000", "You are not owner of thread "+strconv.FormatInt(rootID, 10))
}

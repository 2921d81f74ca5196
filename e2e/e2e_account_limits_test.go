package e2e

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

// Per-account resource limits with MySQL's 1226 (and 1203 for the global
// max_user_connections), FLUSH USER_RESOURCES, and what mysql.user shows.
func TestAccountResourceLimits(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, 2*time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE DATABASE limdb", "CREATE TABLE limdb.t (id INT PRIMARY KEY)",
		"CREATE USER lim IDENTIFIED BY 'Lim-pw-1' WITH MAX_QUERIES_PER_HOUR 3 MAX_UPDATES_PER_HOUR 1",
		"GRANT ALL ON limdb.* TO lim")

	// Statements: the fourth question of the hour and the second update fail.
	lim := openDB(t, s.dsnTCP("lim", "Lim-pw-1", "limdb"))
	c, err := lim.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mustExec(t, ctx, c, "INSERT INTO t VALUES (1)")
	_, err = c.ExecContext(ctx, "INSERT INTO t VALUES (2)")
	wantPrivErr(t, "second update", err, 1226, "42000", "User 'lim' has exceeded the 'max_updates' resource (current value: 1)")
	mustExec(t, ctx, c, "SELECT 1")
	_, err = c.ExecContext(ctx, "SELECT 1")
	wantPrivErr(t, "fourth question", err, 1226, "42000", "User 'lim' has exceeded the 'max_questions' resource (current value: 3)")
	// The limit is the account's: another connection is refused too.
	if _, err := lim.ExecContext(ctx, "SELECT 1"); myErrNumber(err) != 1226 {
		t.Errorf("another connection of the account: %v", err)
	}
	// So is the mariadb CLI.
	r := runMariadb(t, "", "-h127.0.0.1", "-P"+itoa(s.port), "-ulim", "-pLim-pw-1", "-e", "SELECT 1")
	if r.exitCode == 0 || !strings.Contains(r.stderr, "ERROR 1226 (42000)") || !strings.Contains(r.stderr, "max_questions") {
		t.Errorf("mariadb CLI over the limit: exit %d, %q", r.exitCode, r.stderr)
	}
	mustExec(t, ctx, root, "FLUSH USER_RESOURCES")
	mustExec(t, ctx, c, "SELECT 1", "INSERT INTO t VALUES (2)")

	// mysql.user shows the limits; ALTER USER changes one, keeps the others.
	mustExec(t, ctx, root, "ALTER USER lim WITH MAX_CONNECTIONS_PER_HOUR 7 MAX_USER_CONNECTIONS 5")
	var q, u, conns, userConns int
	if err := root.QueryRowContext(ctx, "SELECT max_questions, max_updates, max_connections, max_user_connections FROM mysql.user WHERE User = 'lim'").
		Scan(&q, &u, &conns, &userConns); err != nil {
		t.Fatal(err)
	}
	if q != 3 || u != 1 || conns != 7 || userConns != 5 {
		t.Errorf("mysql.user limits: %d %d %d %d", q, u, conns, userConns)
	}
	var name, create string
	if err := root.QueryRowContext(ctx, "SHOW CREATE USER lim").Scan(&create); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(create, "CREATE USER `lim`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '$A$005$") ||
		!strings.HasSuffix(create, "' REQUIRE NONE WITH MAX_QUERIES_PER_HOUR 3 MAX_UPDATES_PER_HOUR 1 MAX_CONNECTIONS_PER_HOUR 7 MAX_USER_CONNECTIONS 5"+
			" PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK PASSWORD HISTORY DEFAULT PASSWORD REUSE INTERVAL DEFAULT PASSWORD REQUIRE CURRENT DEFAULT") {
		t.Errorf("SHOW CREATE USER: %q", create)
	}
	rows, err := root.QueryContext(ctx, "SHOW CREATE USER lim")
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	rows.Close()
	if name = strings.Join(cols, ","); name != "CREATE USER for lim@%" {
		t.Errorf("SHOW CREATE USER column: %q", name)
	}
	_, err = root.ExecContext(ctx, "SHOW CREATE USER nosuch")
	wantPrivErr(t, "SHOW CREATE USER of a missing account", err, 1396, "HY000", "Operation SHOW CREATE USER failed for 'nosuch'@'%'")
	_, err = c.ExecContext(ctx, "SHOW CREATE USER root@localhost")
	wantPrivErr(t, "SHOW CREATE USER of another account without SELECT on mysql", err, 1044, "42000", "")
	// An account may not lift its own limits.
	mustExec(t, ctx, root, "FLUSH USER_RESOURCES")
	_, err = c.ExecContext(ctx, "ALTER USER lim WITH MAX_QUERIES_PER_HOUR 0")
	wantPrivErr(t, "ALTER USER of one's own limits", err, 1227, "42000",
		"Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation")
	mustExec(t, ctx, root, "FLUSH USER_RESOURCES")
	// Lifting the limit applies to the open connection at once.
	mustExec(t, ctx, root, "ALTER USER lim WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 0")
	for range 5 {
		mustExec(t, ctx, c, "SELECT 1")
	}

	// Connections: at most two at once, and three an hour.
	mustExec(t, ctx, root, "CREATE USER conny IDENTIFIED BY 'Conn-pw-1' WITH MAX_USER_CONNECTIONS 2 MAX_CONNECTIONS_PER_HOUR 3")
	conny := openDB(t, s.dsnTCP("conny", "Conn-pw-1", ""))
	c1, err := conny.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := conny.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conny.Conn(ctx)
	wantPrivErr(t, "third connection at once", err, 1226, "42000", "User 'conny' has exceeded the 'max_user_connections' resource (current value: 2)")
	c2.Close()
	c1.Close()
	waitOpen := func(user string, want int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			var n int
			if err := root.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ?", user).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d connections of %s still open, want %d", n, user, want)
			}
		}
	}
	waitOpen("conny", 0)
	c3, err := conny.Conn(ctx)
	if err != nil {
		t.Fatalf("third login of the hour: %v", err)
	}
	c3.Close()
	waitOpen("conny", 0)
	_, err = conny.Conn(ctx)
	wantPrivErr(t, "fourth login of the hour", err, 1226, "42000", "User 'conny' has exceeded the 'max_connections_per_hour' resource (current value: 3)")
	mustExec(t, ctx, root, "FLUSH USER_RESOURCES")
	if err := conny.PingContext(ctx); err != nil {
		t.Fatalf("after FLUSH USER_RESOURCES: %v", err)
	}

	// The global max_user_connections, for accounts without their own.
	mustExec(t, ctx, root, "CREATE USER plain IDENTIFIED BY 'Plain-pw-1'", "SET GLOBAL max_user_connections = 1")
	t.Cleanup(func() { root.Exec("SET GLOBAL max_user_connections = 0") })
	plain := openDB(t, s.dsnTCP("plain", "Plain-pw-1", ""))
	p1, err := plain.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = plain.Conn(ctx)
	wantPrivErr(t, "global max_user_connections", err, 1203, "42000", "User plain already has more than 'max_user_connections' active connections")
	p1.Close()
	waitOpen("plain", 0)
	if err := plain.PingContext(ctx); err != nil {
		t.Fatalf("after the first connection closed: %v", err)
	}
	// An account's own limit wins over the global one.
	c4, err := conny.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c4.Close()
	if err := conny.PingContext(ctx); err != nil {
		t.Errorf("second connection of an account with MAX_USER_CONNECTIONS 2 under a global 1: %v", err)
	}
}

// PASSWORD EXPIRE: a client that cannot handle an expired password
// (go-sql-driver) gets 1862 at login; the mariadb CLI with
// --connect-expired-password logs in in sandbox mode, where everything but
// setting the password gets 1820, and setting it ends the sandbox.
func TestPasswordExpire(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE USER exp IDENTIFIED BY 'Exp-pw-1' PASSWORD EXPIRE")
	var expired string
	if err := root.QueryRowContext(ctx, "SELECT password_expired FROM mysql.user WHERE User = 'exp'").Scan(&expired); err != nil || expired != "Y" {
		t.Fatalf("password_expired: %q %v", expired, err)
	}
	_, err := openDB(t, s.dsnTCP("exp", "Exp-pw-1", "")).ExecContext(ctx, "SELECT 1")
	wantPrivErr(t, "login of a client without CAN_HANDLE_EXPIRED_PASSWORDS", err, 1862, "HY000",
		"Your password has expired. To log in you must change it using a client that supports expired passwords.")

	args := []string{"-h127.0.0.1", "-P" + itoa(s.port), "-uexp", "--connect-expired-password", "-N"}
	r := runMariadb(t, "", append(args, "-pExp-pw-1", "-e", "SELECT 1")...)
	if r.exitCode == 0 || !strings.Contains(r.stderr, "ERROR 1820 (HY000)") ||
		!strings.Contains(r.stderr, "You must reset your password using ALTER USER statement before executing this statement.") {
		t.Errorf("sandbox SELECT: exit %d, %q", r.exitCode, r.stderr)
	}
	r = runMariadb(t, "", append(args, "-pExp-pw-1", "-e", "ALTER USER USER() IDENTIFIED BY 'Exp-pw-2'; SELECT 42")...)
	if r.exitCode != 0 || strings.TrimSpace(r.stdout) != "42" {
		t.Errorf("sandbox ALTER USER then SELECT: exit %d, %q %q", r.exitCode, r.stdout, r.stderr)
	}
	if err := openDB(t, s.dsnTCP("exp", "Exp-pw-2", "")).PingContext(ctx); err != nil {
		t.Errorf("login after the reset: %v", err)
	}
	// ALTER USER ... PASSWORD EXPIRE on an account in use, and the lifetime options.
	mustExec(t, ctx, root, "ALTER USER exp PASSWORD EXPIRE INTERVAL 30 DAY")
	var lifetime sql.NullInt64
	if err := root.QueryRowContext(ctx, "SELECT password_lifetime FROM mysql.user WHERE User = 'exp'").Scan(&lifetime); err != nil || lifetime.Int64 != 30 {
		t.Errorf("password_lifetime: %v %v", lifetime, err)
	}
	var create string
	if err := root.QueryRowContext(ctx, "SHOW CREATE USER exp").Scan(&create); err != nil ||
		!strings.Contains(create, "' REQUIRE NONE PASSWORD EXPIRE INTERVAL 30 DAY ACCOUNT UNLOCK ") {
		t.Errorf("SHOW CREATE USER: %q %v", create, err)
	}
	mustExec(t, ctx, root, "ALTER USER exp PASSWORD EXPIRE")
	_, err = openDB(t, s.dsnTCP("exp", "Exp-pw-2", "")).ExecContext(ctx, "SELECT 1")
	wantPrivErr(t, "after ALTER USER ... PASSWORD EXPIRE", err, 1862, "HY000", "")
	// A new password set with PASSWORD EXPIRE in the same statement is expired.
	mustExec(t, ctx, root, "ALTER USER exp IDENTIFIED BY 'Exp-pw-3' PASSWORD EXPIRE NEVER",
		"ALTER USER exp IDENTIFIED BY 'Exp-pw-4' PASSWORD EXPIRE")
	_, err = openDB(t, s.dsnTCP("exp", "Exp-pw-4", "")).ExecContext(ctx, "SELECT 1")
	wantPrivErr(t, "IDENTIFIED BY ... PASSWORD EXPIRE", err, 1862, "HY000", "")
}

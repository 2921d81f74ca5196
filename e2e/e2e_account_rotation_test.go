package e2e

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Dual passwords (MySQL 8's RETAIN CURRENT PASSWORD / DISCARD OLD
// PASSWORD): a password rotates while a pool keeps logging in with the
// old one, without one failed login; go-sql-driver and the mariadb CLI
// log in with either password until the old one is discarded.
func TestDualPasswordRotation(t *testing.T) {
	t.Parallel()
	audit := filepath.Join(t.TempDir(), "audit.log")
	s := startServer(t, "--slow-query-log=slow.log", "--long-query-time=0", "--audit-log="+audit)
	ctx := ctxT(t, 2*time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE USER app IDENTIFIED BY 'Old-pw-1'", "GRANT SELECT ON *.* TO app")
	ping := func(user, pw string) error {
		db, err := sql.Open("mysql", s.dsnTCP(user, pw, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		return db.PingContext(ctx)
	}
	cli := func(pw string) mariadbResult {
		return runMariadb(t, "", "-h127.0.0.1", "-P"+itoa(s.port), "-uapp", "-p"+pw, "-N", "-e", "SELECT CURRENT_USER()")
	}

	// The old-password pool: no idle connections, so every query is a login.
	old := openDB(t, s.dsnTCP("app", "Old-pw-1", ""))
	var logins, failures atomic.Int64
	var firstErr atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				var one int
				if err := old.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				} else {
					logins.Add(1)
				}
			}
		})
	}
	waitLogins := func(n int64) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); logins.Load() < n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the old-password pool made only %d logins", logins.Load())
			}
		}
	}
	waitLogins(20)
	mustExec(t, ctx, root, "ALTER USER app IDENTIFIED BY 'New-pw-2' RETAIN CURRENT PASSWORD")
	waitLogins(logins.Load() + 50) // the old password keeps working after the change
	close(stop)
	wg.Wait()
	if n := failures.Load(); n != 0 {
		t.Fatalf("%d logins with the retained password failed during the rotation, first: %v", n, firstErr.Load())
	}
	for _, pw := range []string{"Old-pw-1", "New-pw-2"} {
		if err := ping("app", pw); err != nil {
			t.Errorf("go-sql-driver with %s: %v", pw, err)
		}
		if r := cli(pw); r.exitCode != 0 || strings.TrimSpace(r.stdout) != "app@%" {
			t.Errorf("mariadb CLI with %s: exit %d, %q %q", pw, r.exitCode, r.stdout, r.stderr)
		}
	}
	if err := ping("app", "Third-pw-3"); myErrNumber(err) != 1045 {
		t.Errorf("a third password: %v", err)
	}
	var attrs sql.NullString
	if err := root.QueryRowContext(ctx, "SELECT User_attributes FROM mysql.user WHERE User = 'app'").Scan(&attrs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(attrs.String, `{"additional_password": "$A$005$`) {
		t.Errorf("User_attributes with a retained password: %q", attrs.String)
	}

	mustExec(t, ctx, root, "ALTER USER app DISCARD OLD PASSWORD")
	wantPrivErr(t, "discarded password", ping("app", "Old-pw-1"), 1045, "28000", "")
	if r := cli("Old-pw-1"); r.exitCode == 0 || !strings.Contains(r.stderr, "1045") {
		t.Errorf("mariadb CLI with the discarded password: exit %d, %q", r.exitCode, r.stderr)
	}
	if err := ping("app", "New-pw-2"); err != nil {
		t.Errorf("new password after DISCARD: %v", err)
	}
	if err := root.QueryRowContext(ctx, "SELECT User_attributes FROM mysql.user WHERE User = 'app'").Scan(&attrs); err != nil || attrs.Valid {
		t.Errorf("User_attributes after DISCARD: %v %v", attrs, err)
	}

	// MySQL's refusals.
	mustExec(t, ctx, root, "CREATE USER nopw")
	_, err := root.ExecContext(ctx, "ALTER USER nopw IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD")
	wantPrivErr(t, "RETAIN of an empty password", err, 3878, "HY000",
		"Empty password can not be retained as second password for user 'nopw'@'%'.")
	_, err = root.ExecContext(ctx, "ALTER USER app IDENTIFIED BY '' RETAIN CURRENT PASSWORD")
	wantPrivErr(t, "RETAIN with an empty new password", err, 3895, "HY000",
		"Current password can not be retained for user 'app'@'%' because new password is empty.")
	_, err = root.ExecContext(ctx, "ALTER USER app IDENTIFIED WITH mysql_native_password BY 'n' RETAIN CURRENT PASSWORD")
	wantPrivErr(t, "RETAIN across a plugin change", err, 3894, "HY000",
		"Current password can not be retained for user 'app'@'%' because authentication plugin is being changed.")
	_, err = root.ExecContext(ctx, "ALTER USER app RETAIN CURRENT PASSWORD")
	wantPrivErr(t, "RETAIN without a password", err, 1064, "42000", "")

	// Rotating one's own password needs APPLICATION_PASSWORD_ADMIN (or
	// CREATE USER); a plain change does not.
	self := openDB(t, s.dsnTCP("app", "New-pw-2", ""))
	_, err = self.ExecContext(ctx, "ALTER USER USER() IDENTIFIED BY 'Self-pw-3' RETAIN CURRENT PASSWORD")
	wantPrivErr(t, "own RETAIN without the privilege", err, 1227, "42000",
		"Access denied; you need (at least one of) the CREATE USER or APPLICATION_PASSWORD_ADMIN privilege(s) for this operation")
	mustExec(t, ctx, root, "GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO app")
	self = openDB(t, s.dsnTCP("app", "New-pw-2", ""))
	mustExec(t, ctx, self, "SET PASSWORD = 'Self-pw-3' RETAIN CURRENT PASSWORD")
	for _, pw := range []string{"New-pw-2", "Self-pw-3"} {
		if err := ping("app", pw); err != nil {
			t.Errorf("after SET PASSWORD ... RETAIN, %s: %v", pw, err)
		}
	}

	// The clause's words inside a password are a password.
	mustExec(t, ctx, root, "CREATE USER tricky IDENTIFIED BY 'RETAIN CURRENT PASSWORD'",
		"ALTER USER tricky IDENTIFIED BY 'DISCARD OLD PASSWORD' /* RETAIN CURRENT PASSWORD */ RETAIN CURRENT PASSWORD")
	for _, pw := range []string{"RETAIN CURRENT PASSWORD", "DISCARD OLD PASSWORD"} {
		if err := ping("tricky", pw); err != nil {
			t.Errorf("tricky %q: %v", pw, err)
		}
	}

	// No password or hash reaches a log: the server's (at debug level),
	// the slow log (every statement at long_query_time 0), the audit log.
	slow, _ := os.ReadFile(filepath.Join(s.datadir, "slow.log"))
	audited, _ := os.ReadFile(audit)
	if !strings.Contains(string(slow), "ALTER USER app IDENTIFIED BY <secret> RETAIN CURRENT PASSWORD;") ||
		!strings.Contains(strings.ToUpper(string(audited)), "ALTER USER") {
		t.Fatalf("the logs do not hold the statements:\nslow:\n%s\naudit:\n%s", slow, audited)
	}
	for name, text := range map[string]string{"server log": s.log.String(), "slow log": string(slow), "audit log": string(audited)} {
		for _, secret := range []string{"Old-pw-1", "New-pw-2", "Self-pw-3", "$A$005$", "OLD PASSWORD'"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
	}
}

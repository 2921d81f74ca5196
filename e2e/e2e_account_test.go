package e2e

import (
	"database/sql"
	"testing"
	"time"
)

// ACCOUNT LOCK / UNLOCK and RENAME USER, with MySQL 8's errors. (MariaDB
// answers a locked account with its own 4151; MySQL 8, our target, with
// 3118 in HY000.) A locked account's wrong password still gets 1045: the
// lock is checked after the password, so it tells a guesser nothing.
func TestAccountLockAndRename(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	ping := func(user, pw string) error {
		db, err := sql.Open("mysql", s.dsnTCP(user, pw, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		return db.PingContext(ctx)
	}
	mustExec(t, ctx, root, "CREATE USER locky IDENTIFIED BY 'Lock-pw-1' ACCOUNT LOCK", "GRANT SELECT ON *.* TO locky")
	wantPrivErr(t, "locked login", ping("locky", "Lock-pw-1"), 3118, "HY000", "Access denied for user 'locky'@'%'. Account is locked.")
	wantPrivErr(t, "locked login, wrong password", ping("locky", "nope"), 1045, "28000", "")
	mustExec(t, ctx, root, "ALTER USER locky ACCOUNT UNLOCK")
	if err := ping("locky", "Lock-pw-1"); err != nil {
		t.Fatalf("after UNLOCK: %v", err)
	}
	mustExec(t, ctx, root, "ALTER USER locky ACCOUNT LOCK")
	wantPrivErr(t, "relocked login", ping("locky", "Lock-pw-1"), 3118, "HY000", "")

	// RENAME USER keeps the password, the grants and the lock state.
	mustExec(t, ctx, root, "ALTER USER locky ACCOUNT UNLOCK", "RENAME USER locky TO 'renamed'@'%'")
	wantPrivErr(t, "old name", ping("locky", "Lock-pw-1"), 1045, "28000", "")
	if err := ping("renamed", "Lock-pw-1"); err != nil {
		t.Fatalf("login under the new name: %v", err)
	}
	if got := column(t, root, "SHOW GRANTS FOR renamed"); len(got) != 1 || got[0] != "GRANT SELECT ON *.* TO `renamed`@`%`" {
		t.Fatalf("grants after RENAME USER: %q", got)
	}
	mustExec(t, ctx, root, "CREATE USER other")
	_, err := root.ExecContext(ctx, "RENAME USER renamed TO other, ghost TO spirit")
	wantPrivErr(t, "RENAME USER onto an existing account and of a missing one", err, 1396, "HY000",
		"Operation RENAME USER failed for 'renamed'@'%','ghost'@'%'")

	// Both survive a restart.
	mustExec(t, ctx, root, "ALTER USER renamed ACCOUNT LOCK")
	if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
		t.Fatalf("shutdown: %v", st)
	}
	s2 := launch(t, s.datadir, nil)
	t.Cleanup(s2.cleanup)
	s2.mustBeReady()
	s = s2
	wantPrivErr(t, "lock after restart", ping("renamed", "Lock-pw-1"), 3118, "HY000", "")
}

package e2e

import (
	"slices"
	"testing"
	"time"
)

// Routine privileges over the wire: GRANT/REVOKE ... ON PROCEDURE allow
// and deny CALL and DROP PROCEDURE with MySQL 8's 1370, show in SHOW
// GRANTS and mysql.procs_priv, and survive a restart.
func TestRoutinePrivileges(t *testing.T) {
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE DATABASE rp", "CREATE PROCEDURE rp.p() SET @x = 1", "CREATE PROCEDURE rp.q() SET @x = 2",
		"CREATE USER caller IDENTIFIED BY 'Call-pw-1'")
	caller := openDB(t, s.dsnTCP("caller", "Call-pw-1", ""))

	_, err := caller.ExecContext(ctx, "CALL rp.p()")
	wantPrivErr(t, "CALL without EXECUTE", err, 1370, "42000", "execute command denied to user 'caller'@'127.0.0.1' for routine 'rp.p'")
	_, err = caller.ExecContext(ctx, "DROP PROCEDURE rp.p")
	wantPrivErr(t, "DROP without ALTER ROUTINE", err, 1370, "42000", "alter routine command denied to user 'caller'@'127.0.0.1' for routine 'rp.p'")
	_, err = root.ExecContext(ctx, "GRANT EXECUTE ON PROCEDURE rp.nosuch TO caller")
	wantPrivErr(t, "GRANT on a missing procedure", err, 1305, "42000", "PROCEDURE rp.nosuch does not exist")

	mustExec(t, ctx, root, "GRANT EXECUTE ON PROCEDURE rp.p TO caller")
	mustExec(t, ctx, caller, "CALL rp.p()")
	_, err = caller.ExecContext(ctx, "CALL rp.q()")
	wantPrivErr(t, "CALL of another procedure", err, 1370, "42000", "execute command denied to user 'caller'@'127.0.0.1' for routine 'rp.q'")
	if got := column(t, root, "SHOW GRANTS FOR caller"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `caller`@`%`", "GRANT EXECUTE ON PROCEDURE `rp`.`p` TO `caller`@`%`"}) {
		t.Errorf("SHOW GRANTS: %q", got)
	}

	// The grant is durable.
	if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
		t.Fatalf("shutdown: %v", st)
	}
	s2 := launch(t, s.datadir, nil)
	t.Cleanup(s2.cleanup)
	s2.mustBeReady()
	root = openDB(t, s2.dsnTCP("root", "", ""))
	caller = openDB(t, s2.dsnTCP("caller", "Call-pw-1", ""))
	mustExec(t, ctx, caller, "CALL rp.p()")
	if got := column(t, root, "SELECT CONCAT(User, ' ', Routine_name, ' ', Proc_priv) FROM mysql.procs_priv WHERE User = 'caller'"); !slices.Equal(got, []string{"caller p Execute"}) {
		t.Errorf("procs_priv after restart: %q", got)
	}

	// ALTER ROUTINE allows DROP PROCEDURE, which takes the grants along.
	mustExec(t, ctx, root, "GRANT ALTER ROUTINE ON PROCEDURE rp.p TO caller", "REVOKE EXECUTE ON PROCEDURE rp.p FROM caller")
	_, err = caller.ExecContext(ctx, "CALL rp.p()")
	wantPrivErr(t, "CALL after REVOKE", err, 1370, "42000", "execute command denied to user 'caller'@'127.0.0.1' for routine 'rp.p'")
	mustExec(t, ctx, caller, "DROP PROCEDURE rp.p")
	if got := column(t, root, "SHOW GRANTS FOR caller"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `caller`@`%`"}) {
		t.Errorf("SHOW GRANTS after DROP PROCEDURE: %q", got)
	}
	_, err = root.ExecContext(ctx, "REVOKE EXECUTE ON PROCEDURE rp.q FROM caller")
	wantPrivErr(t, "REVOKE of a grant never made", err, 1403, "42000", "There is no such grant defined for user 'caller' on host '%' on routine 'q'")
}

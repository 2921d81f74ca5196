package exec

import (
	"slices"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// GRANT ... ON PROCEDURE: checked at CALL and DROP PROCEDURE, shown by
// SHOW GRANTS and mysql.procs_priv, taken away by REVOKE and DROP.
func TestRoutineGrants(t *testing.T) {
	root, app := privSessions(t)
	mustExec(t, root, "CREATE PROCEDURE d.p() SELECT 1", "CREATE PROCEDURE d.q() SELECT 2")
	wantErr(t, root, "GRANT EXECUTE ON PROCEDURE d.nosuch TO app", mysqldef.ErrSPDoesNotExist, "PROCEDURE d.nosuch does not exist")
	wantErr(t, root, "GRANT SELECT ON PROCEDURE d.p TO app", mysqldef.ErrIllegalGrantForTable, "Illegal GRANT/REVOKE command")
	wantErr(t, root, "REVOKE EXECUTE ON PROCEDURE d.p FROM app", mysqldef.ErrNonExistingProcGrant,
		"There is no such grant defined for user 'app' on host '%' on routine 'p'")
	wantErr(t, app, "CALL d.p()", mysqldef.ErrProcAccessDenied, "execute command denied to user 'app'@'10.0.0.9' for routine 'd.p'")
	wantErr(t, app, "DROP PROCEDURE d.p", mysqldef.ErrProcAccessDenied, "alter routine command denied to user 'app'@'10.0.0.9' for routine 'd.p'")

	mustExec(t, root, "GRANT EXECUTE ON PROCEDURE d.P TO app")
	if got := callResults(t, app, "CALL d.p()"); got != "[1]+ ok0" {
		t.Errorf("CALL with EXECUTE on the routine: %s", got)
	}
	mustExec(t, app, "USE d") // a routine grant makes its database usable, as MySQL 8
	wantErr(t, app, "CALL d.q()", mysqldef.ErrProcAccessDenied, "for routine 'd.q'")
	wantErr(t, app, "DROP PROCEDURE d.p", mysqldef.ErrProcAccessDenied, "alter routine command denied")
	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `app`@`%`", "GRANT EXECUTE ON PROCEDURE `d`.`p` TO `app`@`%`"}) {
		t.Errorf("SHOW GRANTS with a routine grant: %v", got)
	}
	// Granting on a routine needs GRANT OPTION there.
	mustExec(t, root, "CREATE USER other")
	wantErr(t, app, "GRANT EXECUTE ON PROCEDURE d.p TO other", mysqldef.ErrProcAccessDenied, "execute command denied")
	mustExec(t, root, "GRANT ALTER ROUTINE ON PROCEDURE d.p TO app WITH GRANT OPTION")
	mustExec(t, app, "GRANT EXECUTE ON PROCEDURE d.p TO other")
	if got := privRows(t, root, "SELECT Host, Db, User, Routine_name, Routine_type, Proc_priv FROM mysql.procs_priv"); !slices.Equal(got, []string{
		"%,d,app,p,PROCEDURE,Execute,Alter Routine,Grant", "%,d,other,p,PROCEDURE,Execute"}) {
		t.Errorf("mysql.procs_priv: %v", got)
	}
	mustExec(t, root, "REVOKE EXECUTE ON PROCEDURE d.p FROM app")
	wantErr(t, app, "CALL d.p()", mysqldef.ErrProcAccessDenied, "execute command denied")
	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `app`@`%`", "GRANT ALTER ROUTINE ON PROCEDURE `d`.`p` TO `app`@`%` WITH GRANT OPTION"}) {
		t.Errorf("SHOW GRANTS after REVOKE: %v", got)
	}
	// ALTER ROUTINE on the routine allows DROP; the drop takes every
	// account's grants on it, so a new p starts with none.
	mustExec(t, app, "DROP PROCEDURE d.p")
	mustExec(t, root, "CREATE PROCEDURE d.p() SELECT 3")
	if got := privRows(t, root, "SELECT User FROM mysql.procs_priv"); len(got) != 0 {
		t.Errorf("procs_priv after DROP PROCEDURE: %v", got)
	}
	wantErr(t, app, "CALL d.p()", mysqldef.ErrProcAccessDenied, "execute command denied")
}

// CREATE PROCEDURE grants its creator EXECUTE and ALTER ROUTINE when it
// could not already run and drop it (automatic_sp_privileges).
func TestRoutineCreatorGrants(t *testing.T) {
	root, app := privSessions(t)
	mustExec(t, root, "GRANT CREATE ROUTINE ON d.* TO app")
	mustExec(t, app, "CREATE PROCEDURE d.mine() SELECT 4")
	if got := callResults(t, app, "CALL d.mine()"); got != "[4]+ ok0" {
		t.Errorf("creator's CALL: %s", got)
	}
	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `app`@`%`", "GRANT CREATE ROUTINE ON `d`.* TO `app`@`%`",
		"GRANT EXECUTE, ALTER ROUTINE ON PROCEDURE `d`.`mine` TO `app`@`%`"}) {
		t.Errorf("creator's grants: %v", got)
	}
	mustExec(t, app, "DROP PROCEDURE d.mine")
	// root can do both already: nothing is added.
	mustExec(t, root, "CREATE PROCEDURE d.r() SELECT 5")
	if got := privRows(t, root, "SELECT User FROM mysql.procs_priv"); len(got) != 0 {
		t.Errorf("procs_priv after root's CREATE PROCEDURE: %v", got)
	}
}

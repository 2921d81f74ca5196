package exec

import (
	"slices"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// Roles in a session: privileges come from active roles only, SET ROLE
// and SET DEFAULT ROLE check the role is granted, activate_all_roles_on_login
// activates every granted role at the next login, and a revoked role stops
// counting at once.
func TestRolesInSession(t *testing.T) {
	root, app := privSessions(t)
	mustExec(t, root, "CREATE ROLE r_read, r_write", "GRANT SELECT ON d.t TO r_read", "GRANT INSERT ON d.t TO r_write",
		"GRANT r_read TO r_write", "GRANT r_write TO app")
	wantErr(t, root, "GRANT r_write TO r_read", 4027, "would create a loop")
	wantErr(t, root, "GRANT nosuch TO app", 3523, "Unknown authorization ID `nosuch`@`%`")
	wantErr(t, root, "SET DEFAULT ROLE r_read TO app", 3530, "`r_read`@`%` is not granted to `app`@`%`")
	wantErr(t, app, "SELECT * FROM d.t", mysqldef.ErrTableAccessDenied, "SELECT command denied")
	wantErr(t, app, "SET ROLE r_read", 3530, "`r_read`@`%` is not granted to `app`@`%`")
	wantErr(t, app, "GRANT r_read TO app", mysqldef.ErrSpecificAccessDenied, "SUPER")
	mustExec(t, app, "SET ROLE ALL")
	if got := privRows(t, app, "SELECT CURRENT_ROLE()"); !slices.Equal(got, []string{"`r_write`@`%`"}) {
		t.Errorf("CURRENT_ROLE(): %v", got)
	}
	mustExec(t, app, "SELECT * FROM d.t", "INSERT INTO d.t VALUES (3, 30)")
	if got := privRows(t, app, "SHOW GRANTS"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `app`@`%`",
		"GRANT SELECT, INSERT ON `d`.`t` TO `app`@`%`", "GRANT `r_write`@`%` TO `app`@`%`"}) {
		t.Errorf("own SHOW GRANTS with an active role: %q", got)
	}
	mustExec(t, app, "SET ROLE ALL EXCEPT r_write")
	if got := privRows(t, app, "SELECT CURRENT_ROLE()"); !slices.Equal(got, []string{"NONE"}) {
		t.Errorf("CURRENT_ROLE() after ALL EXCEPT: %v", got)
	}
	wantErr(t, app, "SELECT * FROM d.t", mysqldef.ErrTableAccessDenied, "SELECT command denied")

	mustExec(t, root, "SET GLOBAL activate_all_roles_on_login = ON")
	app.Login("app", "%", ClientOptions{}, "")
	mustExec(t, app, "SELECT * FROM d.t")
	mustExec(t, root, "REVOKE r_write FROM app")
	wantErr(t, app, "SELECT * FROM d.t", mysqldef.ErrTableAccessDenied, "SELECT command denied")
	wantErr(t, root, "REVOKE r_write FROM app", 3530, "`r_write`@`%` is not granted to `app`@`%`")
}

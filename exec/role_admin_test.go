package exec

import (
	"slices"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// GRANT role TO u WITH ADMIN OPTION: kept on the edge, shown by SHOW
// GRANTS and role_edges, and it lets u grant and revoke that role (and
// no other) without SUPER.
func TestRoleAdminOption(t *testing.T) {
	root, app := privSessions(t)
	mustExec(t, root, "CREATE ROLE r1, r2", "CREATE USER other")
	wantErr(t, app, "GRANT r1 TO other", mysqldef.ErrSpecificAccessDenied, "SUPER")
	mustExec(t, root, "GRANT r1 TO app WITH ADMIN OPTION", "GRANT r2 TO app")
	if got := privRows(t, root, "SHOW GRANTS FOR app"); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `app`@`%`",
		"GRANT `r2`@`%` TO `app`@`%`", "GRANT `r1`@`%` TO `app`@`%` WITH ADMIN OPTION"}) {
		t.Errorf("SHOW GRANTS: %q", got)
	}
	if got := privRows(t, root, "SELECT FROM_USER, TO_USER, WITH_ADMIN_OPTION FROM mysql.role_edges ORDER BY FROM_USER"); !slices.Equal(got, []string{
		"r1,app,Y", "r2,app,N"}) {
		t.Errorf("role_edges: %q", got)
	}
	// The admin option is the account's, active role or not.
	mustExec(t, app, "GRANT r1 TO other", "REVOKE r1 FROM other", "GRANT r1 TO other WITH ADMIN OPTION")
	wantErr(t, app, "GRANT r2 TO other", mysqldef.ErrSpecificAccessDenied, "SUPER")
	wantErr(t, app, "GRANT r1, r2 TO other", mysqldef.ErrSpecificAccessDenied, "SUPER")
	wantErr(t, app, "REVOKE r2 FROM app", mysqldef.ErrSpecificAccessDenied, "SUPER")
	// A later GRANT without the option keeps it, as MySQL.
	mustExec(t, root, "GRANT r1 TO app")
	mustExec(t, app, "GRANT r1 TO root@localhost", "REVOKE r1 FROM root@localhost")
	// The clause is cut only at the end of a GRANT of roles.
	wantErr(t, root, "GRANT SELECT ON d.t TO app WITH ADMIN OPTION", mysqldef.ErrParse, "")
	wantErr(t, root, "GRANT r1 TO `with admin option`", 3523, "Unknown authorization ID")
	// Revoking the role takes the option away.
	mustExec(t, root, "REVOKE r1 FROM app")
	wantErr(t, app, "GRANT r1 TO other", mysqldef.ErrSpecificAccessDenied, "SUPER")
}

func TestCutAdminOption(t *testing.T) {
	for sql, want := range map[string]string{
		"GRANT r TO u WITH ADMIN OPTION":               "GRANT r TO u ",
		"grant r, s to u, v with  admin /*x*/ option;": "grant r, s to u, v ",
	} {
		if got, ok := cutAdminOption(sql); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", sql, got, ok, want)
		}
	}
	for _, sql := range []string{"GRANT r TO u", "REVOKE r FROM u WITH ADMIN OPTION", "GRANT r TO `u` /* WITH ADMIN OPTION */",
		"GRANT r TO 'WITH ADMIN OPTION'", "WITH ADMIN OPTION"} {
		if _, ok := cutAdminOption(sql); ok {
			t.Errorf("%q: clause cut", sql)
		}
	}
}

package e2e

import (
	"slices"
	"testing"
	"time"
)

// GRANT role TO u WITH ADMIN OPTION over the wire: the holder may grant
// and revoke that role without SUPER, nobody else may, and SHOW GRANTS
// and mysql.role_edges show the option.
func TestRoleAdminOption(t *testing.T) {
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE ROLE team, other_role", "CREATE USER boss IDENTIFIED BY 'Boss-pw-1'", "CREATE USER member")
	boss := openDB(t, s.dsnTCP("boss", "Boss-pw-1", ""))

	_, err := boss.ExecContext(ctx, "GRANT team TO member")
	wantPrivErr(t, "GRANT role without admin option", err, 1227, "42000",
		"Access denied; you need (at least one of) the SUPER privilege(s) for this operation")
	mustExec(t, ctx, root, "GRANT team TO boss WITH ADMIN OPTION")
	if got := column(t, root, "SHOW GRANTS FOR boss"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `boss`@`%`", "GRANT `team`@`%` TO `boss`@`%` WITH ADMIN OPTION"}) {
		t.Errorf("SHOW GRANTS: %q", got)
	}
	if got := column(t, root, "SELECT WITH_ADMIN_OPTION FROM mysql.role_edges WHERE TO_USER = 'boss'"); !slices.Equal(got, []string{"Y"}) {
		t.Errorf("role_edges: %q", got)
	}
	mustExec(t, ctx, boss, "GRANT team TO member")
	if got := column(t, root, "SHOW GRANTS FOR member"); !slices.Equal(got, []string{
		"GRANT USAGE ON *.* TO `member`@`%`", "GRANT `team`@`%` TO `member`@`%`"}) {
		t.Errorf("SHOW GRANTS of the grantee: %q", got)
	}
	mustExec(t, ctx, boss, "REVOKE team FROM member")
	_, err = boss.ExecContext(ctx, "GRANT other_role TO member")
	wantPrivErr(t, "GRANT of a role held without admin option", err, 1227, "42000", "")
	_, err = root.ExecContext(ctx, "GRANT SELECT ON *.* TO member WITH ADMIN OPTION")
	wantPrivErr(t, "WITH ADMIN OPTION on a privilege grant", err, 1064, "42000", "")
}

package exec

import (
	"slices"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/auth"
)

// Roles as in MySQL 8 (the model is exec/privs): CREATE/DROP ROLE, GRANT
// and REVOKE of roles, SET ROLE and SET DEFAULT ROLE. A role is a locked
// account; a session's privileges are its own plus those of its active
// roles, which it takes at login from its default roles (or every granted
// role with activate_all_roles_on_login) and changes with SET ROLE.

// MySQL 8's role errors (HY000).
const (
	errUnknownAuthID       uint16 = 3523
	errRoleNotGranted      uint16 = 3530
	errRoleGrantedToItself uint16 = 4027 // ER_ROLE_GRANTED_TO_ITSELF
)

func roleName(r *auth.RoleIdentity) privs.AccountName {
	host := r.Hostname
	if host == "" {
		host = "%"
	}
	return privs.AccountName{User: r.Username, Host: strings.ToLower(host)}
}

func accountName(u *auth.UserIdentity, s *Session) privs.AccountName {
	user, host := s.grantee(u)
	return privs.AccountName{User: user, Host: strings.ToLower(host)}
}

func unknownAuthID(a privs.AccountName) error {
	return mysqldef.NewError(errUnknownAuthID, "Unknown authorization ID `%s`@`%s`", a.User, a.Host)
}

func roleNotGranted(role, to privs.AccountName) error {
	return mysqldef.NewError(errRoleNotGranted, "`%s`@`%s` is not granted to `%s`@`%s`", role.User, role.Host, to.User, to.Host)
}

// execCreateRole: CREATE ROLE [IF NOT EXISTS] r, ...: an account with no
// password, locked, so it can hold and pass on privileges but never log in.
func (s *Session) execCreateRole(acc Accounts, st *ast.CreateUserStmt) error {
	var failed userFailures
	for _, spec := range st.Specs {
		user, host := userHost(spec.User)
		existed, err := acc.CreateUser(user, host, "", "", "", st.IfNotExists)
		if err := failed.absorb(err, user, host); err != nil {
			return err
		}
		if existed {
			s.addDiag("Note", mysqldef.ErrUserAlreadyExists, "Authorization ID '"+user+"'@'"+host+"' already exists.")
		} else if err == nil {
			if err := acc.SetLocked(user, host, true); err != nil {
				return err
			}
		}
	}
	return failed.err("CREATE ROLE")
}

// execGrantRole: GRANT r, ... TO u, ...: every role and grantee must
// exist (3523) and no grant may close a loop (4027) before anything
// changes.
func (s *Session) execGrantRole(st *ast.GrantRoleStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	snap := acc.Privileges()
	for _, r := range st.Roles {
		if role := roleName(r); !snap.Exists(role) {
			return unknownAuthID(role)
		}
	}
	for _, u := range st.Users {
		to := accountName(u, s)
		if !snap.Exists(to) {
			return unknownAuthID(to)
		}
		for _, r := range st.Roles {
			if role := roleName(r); snap.Reaches(role, to) {
				return mysqldef.NewError(errRoleGrantedToItself,
					"User account %s is directly or indirectly granted to the role %s. The GRANT would create a loop",
					privs.Account(to.User, to.Host), privs.Account(role.User, role.Host))
			}
		}
	}
	for _, u := range st.Users {
		to := accountName(u, s)
		if _, err := acc.EditGrants(to.User, to.Host, func(g *privs.Grants) *privs.Grants {
			for _, r := range st.Roles {
				g = g.WithRole(roleName(r), s.cold().roleAdmin)
			}
			return g
		}); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// execRevokeRole: REVOKE r, ... FROM u, ...: 3530 for a role the account
// does not hold.
func (s *Session) execRevokeRole(st *ast.RevokeRoleStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	snap := acc.Privileges()
	for _, u := range st.Users {
		from := accountName(u, s)
		if !snap.Exists(from) {
			return unknownAuthID(from)
		}
		g := snap.Of(from.User, from.Host)
		for _, r := range st.Roles {
			role := roleName(r)
			if !snap.Exists(role) {
				return unknownAuthID(role)
			}
			if !g.HasRole(role) {
				return roleNotGranted(role, from)
			}
		}
	}
	for _, u := range st.Users {
		from := accountName(u, s)
		if _, err := acc.EditGrants(from.User, from.Host, func(g *privs.Grants) *privs.Grants {
			for _, r := range st.Roles {
				g = g.WithoutRole(roleName(r))
			}
			return g
		}); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// chosenRoles resolves a role list of SET ROLE or SET DEFAULT ROLE
// against the roles granted to g (named as who): NONE, ALL, ALL EXCEPT,
// or a list whose every role must be granted (3530).
func chosenRoles(opt ast.SetRoleStmtType, list []*auth.RoleIdentity, g *privs.Grants, who privs.AccountName) ([]privs.AccountName, error) {
	switch opt {
	case ast.SetRoleNone:
		return nil, nil
	case ast.SetRoleAll:
		return g.RoleNames(), nil
	case ast.SetRoleAllExcept:
		except := make([]privs.AccountName, len(list))
		for i, r := range list {
			except[i] = roleName(r)
		}
		return slices.DeleteFunc(g.RoleNames(), func(r privs.AccountName) bool { return slices.Contains(except, r) }), nil
	}
	out := make([]privs.AccountName, 0, len(list))
	for _, r := range list {
		role := roleName(r)
		if !g.HasRole(role) {
			return nil, roleNotGranted(role, who)
		}
		out = append(out, role)
	}
	return out, nil
}

// execSetRole: SET ROLE changes the session's active roles; DEFAULT
// takes the account's default roles again.
func (s *Session) execSetRole(st *ast.SetRoleStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	me := privs.AccountName{User: s.user, Host: s.acctHost}
	own := acc.Privileges().Of(s.user, s.acctHost)
	var active []privs.AccountName
	if st.SetRoleOpt == ast.SetRoleDefault {
		active = own.Defaults
	} else if active, err = chosenRoles(st.SetRoleOpt, st.RoleList, own, me); err != nil {
		return err
	}
	s.setActiveRoles(active)
	return s.writeOK(w, 0, 0, "", more)
}

// execSetDefaultRole: SET DEFAULT ROLE {NONE | ALL | r, ...} TO u, ...;
// each role must be granted to each account (3530).
func (s *Session) execSetDefaultRole(st *ast.SetDefaultRoleStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	snap := acc.Privileges()
	chosen := make([][]privs.AccountName, len(st.UserList))
	for i, u := range st.UserList {
		to := accountName(u, s)
		if !snap.Exists(to) {
			return unknownAuthID(to)
		}
		if chosen[i], err = chosenRoles(st.SetRoleOpt, st.RoleList, snap.Of(to.User, to.Host), to); err != nil {
			return err
		}
	}
	for i, u := range st.UserList {
		to := accountName(u, s)
		if _, err := acc.EditGrants(to.User, to.Host, func(g *privs.Grants) *privs.Grants { return g.WithDefaults(chosen[i]) }); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// setActiveRoles replaces the session's active roles; the next check
// recomputes its privileges.
func (s *Session) setActiveRoles(roles []privs.AccountName) {
	s.priv.active = slices.Clone(roles)
	s.priv.grants = nil
}

// activateLoginRoles sets the roles a new login starts with: every
// granted role with activate_all_roles_on_login, else the defaults.
func (s *Session) activateLoginRoles() {
	s.priv.active = nil
	if s.eng.accounts == nil {
		return
	}
	own := s.eng.accounts.Privileges().Of(s.user, s.acctHost)
	if v, ok := s.eng.vars.global("activate_all_roles_on_login"); ok && v.Kind() == expr.KindInt && v.Int() == 1 {
		s.priv.active = own.RoleNames()
		return
	}
	s.priv.active = slices.Clone(own.Defaults)
}

// CurrentRole is CURRENT_ROLE(): the active roles, or NONE.
func (s *Session) CurrentRole() string { return privs.FormatRoles(s.priv.active) }

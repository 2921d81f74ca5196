package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/privs"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/auth"
)

// GRANT r[, r] TO u[, u] WITH ADMIN OPTION, which the TiDB parser
// refuses: cutAdminOption finds the clause at the end of a GRANT with a
// token scan (as cutPasswordClauses does, so the words in a quoted name or
// a comment never count), the parser reads the rest as a GRANT of roles,
// and adminOptionStmt carries the option to its execution. The option is
// kept on the role edge (privs.Grants.Roles), shown by SHOW GRANTS and
// mysql.role_edges, and lets its holder grant and revoke that role
// without SUPER (checkRoleAdmin).

// adminOptionStmt is a GRANT of roles WITH ADMIN OPTION.
type adminOptionStmt struct {
	*ast.GrantRoleStmt
}

// cutAdminOption returns sql without a trailing WITH ADMIN OPTION; ok is
// false when sql is no GRANT or does not end with the clause.
func cutAdminOption(sql string) (string, bool) {
	toks := tokenizeSQL(sql)
	n := len(toks)
	if n > 0 && toks[n-1].kind == 'p' && sql[toks[n-1].start] == ';' {
		n--
	}
	word := func(i int, w string) bool {
		return i >= 0 && i < n && toks[i].kind == 'w' && strings.EqualFold(sql[toks[i].start:toks[i].end], w)
	}
	if n < 5 || !word(0, "GRANT") || !word(n-3, "WITH") || !word(n-2, "ADMIN") || !word(n-1, "OPTION") {
		return "", false
	}
	return sql[:toks[n-3].start], true
}

// parseAdminOption parses a GRANT of roles WITH ADMIN OPTION; ok is false
// when sql is not one.
func (e *Engine) parseAdminOption(sql string) (ast.StmtNode, bool) {
	rest, ok := cutAdminOption(sql)
	if !ok {
		return nil, false
	}
	stmts, err := e.parse(rest)
	if err != nil || len(stmts) != 1 {
		return nil, false
	}
	gr, ok := stmts[0].(*ast.GrantRoleStmt)
	if !ok {
		return nil, false
	}
	return &adminOptionStmt{GrantRoleStmt: gr}, true
}

// holdsRoleAdmin reports whether the session's account holds every one
// of roles WITH ADMIN OPTION: what lets it GRANT or REVOKE them without
// SUPER (MySQL 8; loopdb has no ROLE_ADMIN).
func (s *Session) holdsRoleAdmin(roles []privs.AccountName) bool {
	if s.eng.accounts == nil || len(roles) == 0 {
		return false
	}
	own := s.eng.accounts.Privileges().Of(s.user, s.acctHost)
	for _, r := range roles {
		if !own.Roles[r] {
			return false
		}
	}
	return true
}

// checkRoleAdmin is the privilege check of GRANT and REVOKE of roles:
// SUPER, or the admin option on every role named.
func (s *Session) checkRoleAdmin(g *privs.Grants, list []*auth.RoleIdentity) error {
	roles := make([]privs.AccountName, len(list))
	for i, r := range list {
		roles[i] = roleName(r)
	}
	if g.GlobalHas(privs.Super) || s.holdsRoleAdmin(roles) {
		return nil
	}
	return s.needGlobal(g, privs.Super)
}

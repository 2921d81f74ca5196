package exec

import (
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// showCreateUser is SHOW CREATE USER [u] in MySQL 8's format: the plugin
// and stored hash, the transport requirement, the resource limits that
// are set, password expiry and the lock. A retained secondary password
// is not shown (MySQL does not either).
func (s *Session) showCreateUser(st *ast.ShowStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	user, host := s.grantee(st.User)
	var info *AccountInfo
	for _, a := range acc.List() {
		if a.User == user && strings.EqualFold(a.Host, host) {
			info = &a
			break
		}
	}
	if info == nil {
		return mysqldef.NewError(mysqldef.ErrCannotUser, "Operation SHOW CREATE USER failed for '%s'@'%s'", user, host)
	}
	col := textColumn("CREATE USER for "+user+"@"+host, 1024)
	return s.writeRows(w, []Column{col}, [][]expr.Value{{expr.StringValue(createUserText(info))}}, more)
}

// createUserText is the CREATE USER statement that recreates a.
func createUserText(a *AccountInfo) string {
	var b strings.Builder
	b.WriteString("CREATE USER " + quoteIdent(a.User) + "@" + quoteIdent(a.Host))
	b.WriteString(" IDENTIFIED WITH " + quoteString(a.Plugin))
	if a.AuthString != "" {
		b.WriteString(" AS " + quoteString(a.AuthString))
	}
	switch a.Require {
	case "ANY":
		b.WriteString(" REQUIRE SSL")
	case "X509":
		b.WriteString(" REQUIRE X509")
	default:
		b.WriteString(" REQUIRE NONE")
	}
	limits := []struct {
		name string
		n    int64
	}{
		{"MAX_QUERIES_PER_HOUR", a.Limits.MaxQuestions}, {"MAX_UPDATES_PER_HOUR", a.Limits.MaxUpdates},
		{"MAX_CONNECTIONS_PER_HOUR", a.Limits.MaxConnections}, {"MAX_USER_CONNECTIONS", a.Limits.MaxUserConnections},
	}
	with := " WITH"
	for _, l := range limits {
		if l.n > 0 {
			b.WriteString(with + " " + l.name + " " + strconv.FormatInt(l.n, 10))
			with = ""
		}
	}
	switch {
	case a.Expired:
		b.WriteString(" PASSWORD EXPIRE")
	case a.Lifetime < 0:
		b.WriteString(" PASSWORD EXPIRE NEVER")
	case a.Lifetime > 0:
		b.WriteString(" PASSWORD EXPIRE INTERVAL " + strconv.FormatInt(a.Lifetime, 10) + " DAY")
	default:
		b.WriteString(" PASSWORD EXPIRE DEFAULT")
	}
	if a.Locked {
		b.WriteString(" ACCOUNT LOCK")
	} else {
		b.WriteString(" ACCOUNT UNLOCK")
	}
	b.WriteString(" PASSWORD HISTORY DEFAULT PASSWORD REUSE INTERVAL DEFAULT PASSWORD REQUIRE CURRENT DEFAULT")
	return b.String()
}

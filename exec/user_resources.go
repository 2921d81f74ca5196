package exec

import (
	"regexp"
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Per-account resource limits (CREATE/ALTER USER ... WITH MAX_QUERIES_PER_HOUR n
// MAX_UPDATES_PER_HOUR n MAX_CONNECTIONS_PER_HOUR n MAX_USER_CONNECTIONS n).
// The server keeps the counters with the account and enforces the
// connection limits at login; the statement limits reach a session as its
// StatementGate, asked once per statement.

// StatementGate admits a logged-in account's statements against its
// hourly limits. Admit is called once per statement, on the hot path: it
// must be cheap (atomics, no shared mutex). update reports a statement
// that changes data or schema (MAX_UPDATES_PER_HOUR).
type StatementGate interface {
	Admit(update bool) error
}

// SetStatementGate installs the account's gate at login (nil: no limits).
func (s *Session) SetStatementGate(g StatementGate) { s.gate = g }

// admitStatement counts the statement against the account's limits
// before it runs; a refused statement fails with 1226 (MySQL's check_mqh).
func (s *Session) admitStatement(stmt ast.StmtNode) error {
	if s.pwExpired && !allowedExpired(stmt) {
		return mysqldef.NewError(mysqldef.ErrMustChangePassword,
			"You must reset your password using ALTER USER statement before executing this statement.")
	}
	if s.gate == nil {
		return nil
	}
	return s.gate.Admit(isDDL(stmt) || writesTables(stmt))
}

// ResourceLimits are the WITH options of CREATE/ALTER USER, as
// mysql.user's max_questions, max_updates, max_connections and
// max_user_connections; -1 leaves a limit as it is (ALTER USER), 0 is no
// limit.
type ResourceLimits struct {
	MaxQuestions, MaxUpdates, MaxConnections, MaxUserConnections int64
}

// Unchanged reports whether l changes nothing.
func (l ResourceLimits) Unchanged() bool {
	return l == ResourceLimits{-1, -1, -1, -1}
}

// resourceLimits reads WITH options; the last of a kind wins, as in MySQL.
func resourceLimits(opts []*ast.ResourceOption) ResourceLimits {
	l := ResourceLimits{-1, -1, -1, -1}
	for _, o := range opts {
		n := max(o.Count, 0)
		switch o.Type {
		case ast.MaxQueriesPerHour:
			l.MaxQuestions = n
		case ast.MaxUpdatesPerHour:
			l.MaxUpdates = n
		case ast.MaxConnectionsPerHour:
			l.MaxConnections = n
		case ast.MaxUserConnections:
			l.MaxUserConnections = n
		}
	}
	return l
}

// flushUserResourcesStmt is FLUSH USER_RESOURCES, which the parser does
// not know: every account's hourly counters start again from zero.
type flushUserResourcesStmt struct {
	ast.StmtNode // an empty FLUSH, for the statement's text
}

var flushUserResourcesRE = regexp.MustCompile(`(?is)^\s*FLUSH\s+(?:(?:NO_WRITE_TO_BINLOG|LOCAL)\s+)?USER_RESOURCES\s*;?\s*$`)

// parseFlushUserResources reads FLUSH [LOCAL] USER_RESOURCES.
func parseFlushUserResources(sql string) (ast.StmtNode, bool) {
	if !flushUserResourcesRE.MatchString(sql) {
		return nil, false
	}
	inner := &ast.FlushStmt{}
	inner.SetText(nil, strings.TrimSpace(sql))
	return &flushUserResourcesStmt{StmtNode: inner}, true
}

// SetPasswordExpired puts the session in sandbox mode (the account's
// password has expired): until it sets its password, every statement
// but ALTER USER, SET PASSWORD and SET fails with 1820, as in MySQL.
func (s *Session) SetPasswordExpired(expired bool) { s.pwExpired = expired }

func allowedExpired(stmt ast.StmtNode) bool {
	switch stmt.(type) {
	case *ast.AlterUserStmt, *ast.SetPwdStmt, *ast.SetStmt:
		return true
	}
	return false
}

package exec

import (
	"log/slog"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// The audit log (--audit-log) records who changed the schema, the accounts
// and the privileges: one JSON line per DDL, GRANT/REVOKE, account
// statement, BACKUP and SHUTDOWN, allowed or refused. Statements that can
// hold a password are written in the parser's secure form (passwords
// replaced), so no password or hash reaches the file. Logins are recorded
// by the server, which sees them.

// audited reports the statements the audit log records.
func audited(stmt ast.StmtNode) bool {
	if isDDL(stmt) {
		return true
	}
	switch stmt.(type) {
	case *ast.RenameUserStmt, *ast.SetPwdStmt, *ast.BRIEStmt, *ast.ShutdownStmt:
		return true
	}
	return false
}

// auditStmt writes one statement's line; err is its outcome.
func (s *Session) auditStmt(log *slog.Logger, stmt ast.StmtNode, err error) {
	attrs := []any{"conn", s.id, "user", s.user, "host", s.clientHost, "account", s.user + "@" + s.acctHost,
		"db", s.db, "statement", auditText(stmt)}
	if err == nil {
		log.Info("statement", attrs...)
		return
	}
	code := uint16(mysqldef.ErrUnknownError)
	if e, ok := err.(*mysqldef.SQLError); ok {
		code = e.Code
	}
	log.Warn("statement", append(attrs, "error", code)...)
}

// auditText is the statement as the audit log may show it.
func auditText(stmt ast.StmtNode) string {
	if sec, ok := stmt.(ast.SensitiveStmtNode); ok {
		return sec.SecureText()
	}
	return stmt.OriginalText()
}

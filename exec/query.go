package exec

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Query runs the statements of one COM_QUERY. Each statement's result
// carries SERVER_MORE_RESULTS_EXISTS while another follows; the first error
// ends the batch, as in MySQL.
func (s *Session) Query(sql string, w ResultWriter) {
	s.command.Store(&cmdQuery)
	s.eng.questions.Add(1)
	info := sql
	s.info.Store(&info)
	if strings.TrimSpace(sql) == "" {
		s.clearDiagnostics()
		s.fail(w, mysqldef.NewError(mysqldef.ErrEmptyQuery, "Query was empty"))
		return
	}
	if err := s.eng.catalog.Sync(); err != nil {
		s.clearDiagnostics()
		s.fail(w, err)
		return
	}
	if s.queryCached(sql, w) {
		return
	}
	s.queryParsed(sql, w)
}

// queryParsed parses sql and runs its statements one by one.
func (s *Session) queryParsed(sql string, w ResultWriter) {
	if isCreateProcedure(sql) {
		// The TiDB parser cannot read most procedures (sp_parse.go), and a
		// body's ';' are not statement ends.
		rest, err := s.execCreateProcedure(sql, w, false)
		if err != nil {
			s.fail(w, err)
			return
		}
		if rest != "" {
			s.queryParsed(rest, w)
		}
		return
	}
	stmts, err := s.eng.parse(sql)
	if err != nil {
		if txnStmt, ok := parseTxnControl(sql); ok {
			stmts, err = []ast.StmtNode{txnStmt}, nil
		} else if reset, ok := parseResetPersist(sql); ok {
			stmts, err = []ast.StmtNode{reset}, nil
		} else if pw, ok := s.eng.parsePasswordClauses(sql); ok {
			stmts, err = []ast.StmtNode{pw}, nil
		} else if ga, ok := s.eng.parseAdminOption(sql); ok {
			stmts, err = []ast.StmtNode{ga}, nil
		} else if flush, ok := parseFlushUserResources(sql); ok {
			stmts, err = []ast.StmtNode{flush}, nil
		} else if check, ok := s.eng.parseCheckTable(sql); ok {
			stmts, err = []ast.StmtNode{check}, nil
		} else if alt, ok := rewriteInsertRowAlias(sql); ok {
			if alts, altErr := s.eng.parse(alt); altErr == nil {
				stmts, err, sql = alts, nil, alt // positions below are alt's
			}
		} else if alt, ok := rewritePersist(sql); ok {
			if alts, altErr := s.eng.parse(alt); altErr == nil {
				stmts, err, sql = alts, nil, alt
			}
		} else if alt, ok := rewriteLoadDataRows(sql); ok {
			if alts, altErr := s.eng.parse(alt); altErr == nil {
				stmts, err, sql = alts, nil, alt // positions below are alt's
			}
		} else if alt, isAlter, ok := rewriteView(sql); ok {
			if alts, altErr := s.eng.parse(alt); altErr == nil && len(alts) == 1 {
				if cv, isView := alts[0].(*ast.CreateViewStmt); isView {
					stmts, err, sql = alts, nil, alt
					if isAlter {
						s.cold().alterView = cv
					}
				}
			}
		}
	}
	if err != nil {
		if s.runPiecewise(sql, w) {
			return
		}
		s.clearDiagnostics()
		s.fail(w, parseError(err))
		return
	}
	if len(stmts) == 0 {
		s.clearDiagnostics()
		if onlyComments(sql) {
			// MySQL 8 answers a query of nothing but comments with OK
			// (SQLCOM_EMPTY_QUERY); only a query with no text is 1065.
			if err := s.writeOK(w, 0, 0, "", false); err != nil {
				s.fail(w, err)
			}
			return
		}
		s.fail(w, mysqldef.NewError(mysqldef.ErrEmptyQuery, "Query was empty"))
		return
	}
	if len(stmts) > 1 && !s.multiStatements {
		// Without CLIENT_MULTI_STATEMENTS the second statement is a
		// syntax error, as MySQL reports it.
		s.clearDiagnostics()
		rest := strings.TrimSpace(sql[stmts[0].OriginTextPosition()+len(stmts[0].OriginalText()):])
		rest = strings.TrimPrefix(rest, ";")
		s.fail(w, syntaxError(strings.TrimSpace(rest), 1))
		return
	}
	for i, stmt := range stmts {
		more := i < len(stmts)-1
		if err := s.execStmt(stmt, w, more); err != nil {
			s.fail(w, err)
			return
		}
	}
}

// execStmt runs one statement and writes its whole response.
func (s *Session) execStmt(stmt ast.StmtNode, w ResultWriter, more bool) error {
	return s.execStmtParams(stmt, w, more, nil)
}

// execStmtParams runs a statement whose ? markers take params (prepared
// statements).
func (s *Session) execStmtParams(stmt ast.StmtNode, w ResultWriter, more bool, params []expr.Value) (err error) {
	if pw, ok := stmt.(*passwordClauseStmt); ok {
		// The statement runs as the ALTER USER or SET PASSWORD it is;
		// its dual-password clauses wait on the session meanwhile.
		s.cold().pwClauses = pw.clauses
		defer func() { s.cold().pwClauses = nil }()
		stmt = pw.StmtNode
	}
	if ga, ok := stmt.(*adminOptionStmt); ok {
		// GRANT role ... WITH ADMIN OPTION runs as the GRANT it is.
		s.cold().roleAdmin = true
		defer func() { s.cold().roleAdmin = false }()
		stmt = ga.GrantRoleStmt
	}
	if _, ok := stmt.(ast.SensitiveStmtNode); ok {
		// PROCESSLIST and the slow log show the statement with its
		// passwords masked, as MySQL rewrites them.
		if info := s.info.Load(); info != nil {
			masked := maskPasswords(*info)
			s.info.Store(&masked)
		}
	}
	s.startStmt(stmt, params)
	defer s.endStmtContext()
	if err := s.admitStatement(stmt); err != nil {
		return err
	}
	if log := s.eng.cfg.Audit; log != nil && audited(stmt) {
		defer func() { s.auditStmt(log, stmt, err) }()
	}
	if set, ok := stmt.(*ast.SetStmt); ok {
		carrySetScope(set)
	}
	if err := s.checkPrivileges(stmt); err != nil {
		return err
	}
	if err := s.checkGrantTableWrite(stmt); err != nil {
		return err
	}
	if isDDL(stmt) && !isTempTableDDL(stmt) {
		if err := s.implicitCommit(); err != nil {
			return err
		}
	}
	if writesTables(stmt) && !s.writesOnlyTempTable(stmt) {
		if err := s.checkWritable(); err != nil {
			return err
		}
	}
	if err := s.checkReopen(stmt); err != nil {
		return err
	}

	switch stmt.(type) {
	case *ast.UpdateStmt, *ast.DeleteStmt, *ast.InsertStmt, *ast.DoStmt, *ast.SetStmt:
		if stmt == s.plainStmt {
			break // run before and found to hold no subquery and no WITH
		}
		if plan.WithOf(stmt) == nil && !plan.HasSubquery(stmt) {
			// A cached or prepared statement comes back as the same tree:
			// its next runs skip the walk (the field keeps the tree alive,
			// so its address cannot be another statement's).
			s.plainStmt = stmt
			break
		}
		// WITH ... UPDATE/DELETE: the CTEs are visible to the whole
		// statement, its subqueries included.
		leave, err := s.planner.EnterWith(plan.WithOf(stmt))
		if err != nil {
			return err
		}
		defer leave()
		resolved, err := s.planner.ResolveSubqueries(stmt)
		if err != nil {
			return err
		}
		stmt = resolved.(ast.StmtNode)
	}

	switch st := stmt.(type) {
	case *ast.SelectStmt:
		if st.SelectIntoOpt != nil { // INTO OUTFILE: no file writes on the server
			return errServerFileWrite()
		}
		if st.From != nil {
			return s.execTableSelect(st, w, more)
		}
		return s.execSelect(st, w, more)
	case *ast.InsertStmt:
		return s.execInsert(st, w, more)
	case *ast.LoadDataStmt:
		return s.execLoadData(st, w, more)
	case *ast.UpdateStmt:
		return s.execUpdate(st, w, more)
	case *ast.DeleteStmt:
		return s.execDelete(st, w, more)
	case *ast.CreateTableStmt:
		return s.execCreateTable(st, w, more)
	case *ast.CreateViewStmt:
		return s.execCreateView(st, w, more)
	case *ast.CallStmt:
		return s.execCall(st, w, more)
	case *ast.DropProcedureStmt:
		return s.execDropProcedure(st, w, more)
	case *ast.ProcedureInfo:
		// Only a prepared CREATE PROCEDURE gets here (queryParsed reads
		// the statement itself).
		return mysqldef.NewError(mysqldef.ErrUnsupportedPS, "This command is not supported in the prepared statement protocol yet")
	case *ast.DropTableStmt:
		return s.execDropTable(st, w, more)
	case *ast.CreateIndexStmt:
		return s.execCreateIndex(st, w, more)
	case *ast.DropIndexStmt:
		return s.execDropIndex(st, w, more)
	case *ast.AlterTableStmt:
		return s.execAlterTable(st, w, more)
	case *ast.TruncateTableStmt:
		return s.execTruncate(st, w, more)
	case *ast.RenameTableStmt:
		return s.execRenameTable(st, w, more)
	case *ast.LockTablesStmt:
		return s.execLockTables(st, w, more)
	case *ast.UnlockTablesStmt:
		s.unlockTables()
		return s.writeOK(w, 0, 0, "", more)
	case *ast.ExplainStmt:
		// DESCRIBE t / DESC t parse as EXPLAIN of SHOW COLUMNS.
		if sh, ok := st.Stmt.(*ast.ShowStmt); ok {
			return s.execShow(sh, w, more)
		}
		return s.execExplain(st, w, more)
	case *ast.SetOprStmt:
		return s.execUnion(st, w, more)
	case *ast.SetStmt:
		return s.execSet(st, w, more)
	case *resetPersistStmt:
		return s.execResetPersist(st, w, more)
	case *ast.ShowStmt:
		return s.execShow(st, w, more)
	case *ast.UseStmt:
		if err := s.useDatabase(st.DBName); err != nil {
			return err
		}
		return s.writeOK(w, 0, 0, "", more)
	case *ast.CreateDatabaseStmt:
		return s.execCreateDatabase(st, w, more)
	case *ast.DropDatabaseStmt:
		return s.execDropDatabase(st, w, more)
	case *ast.BeginStmt:
		if err := s.beginTxn(beginOptions(st)); err != nil {
			return err
		}
		return s.writeOK(w, 0, 0, "", more)
	case *ast.CommitStmt:
		if err := s.commitTxn(); err != nil {
			return err
		}
		return s.writeOK(w, 0, 0, "", more)
	case *ast.RollbackStmt:
		if st.SavepointName != "" {
			if err := s.rollbackToSavepoint(st.SavepointName); err != nil {
				return err
			}
			return s.writeOK(w, 0, 0, "", more)
		}
		s.rollbackTxn()
		return s.writeOK(w, 0, 0, "", more)
	case *ast.SavepointStmt:
		if err := s.setSavepoint(st.Name); err != nil {
			return err
		}
		return s.writeOK(w, 0, 0, "", more)
	case *ast.ReleaseSavepointStmt:
		if err := s.releaseSavepoint(st.Name); err != nil {
			return err
		}
		return s.writeOK(w, 0, 0, "", more)
	case *ast.KillStmt:
		if err := s.checkKill(st.ConnectionID); err != nil {
			return err
		}
		if err := s.eng.Kill(st.ConnectionID, st.Query); err != nil {
			return err
		}
		return s.writeOK(w, 0, 0, "", more)
	case *ast.DoStmt:
		for _, e := range st.Exprs {
			if _, err := s.evalConst(e); err != nil {
				return err
			}
		}
		return s.writeOK(w, 0, 0, "", more)
	case *ast.CreateUserStmt:
		return s.execCreateUser(st, w, more)
	case *ast.DropUserStmt:
		return s.execDropUser(st, w, more)
	case *ast.AlterUserStmt:
		return s.execAlterUser(st, w, more)
	case *ast.RenameUserStmt:
		return s.execRenameUser(st, w, more)
	case *ast.SetPwdStmt:
		return s.execSetPassword(st, w, more)
	case *ast.GrantStmt:
		return s.execGrant(st, w, more)
	case *ast.RevokeStmt:
		return s.execRevoke(st, w, more)
	case *ast.GrantRoleStmt:
		return s.execGrantRole(st, w, more)
	case *ast.RevokeRoleStmt:
		return s.execRevokeRole(st, w, more)
	case *ast.SetRoleStmt:
		return s.execSetRole(st, w, more)
	case *ast.SetDefaultRoleStmt:
		return s.execSetDefaultRole(st, w, more)
	case *ast.PrepareStmt:
		return s.execPrepareSQL(st, w, more)
	case *ast.ExecuteStmt:
		return s.execExecuteSQL(st, w, more)
	case *ast.DeallocateStmt:
		return s.execDeallocateSQL(st, w, more)
	case *ast.BRIEStmt:
		return s.execBRIE(st, w, more)
	case *ast.ShutdownStmt:
		return s.execShutdown(w, more)
	case *ast.AnalyzeTableStmt:
		return s.execAnalyze(st, w, more)
	case *checkTableStmt:
		return s.execCheckTable(st, w, more)
	case *ast.OptimizeTableStmt:
		return s.execOptimizeTable(st, w, more)
	case *ast.FlushStmt:
		// Accounts and variables are always current and nothing is cached
		// that FLUSH could refresh, except the host cache of
		// max_connect_errors; the rest succeeds without work.
		if st.Tp == ast.FlushHosts && s.eng.cfg.FlushHosts != nil {
			s.eng.cfg.FlushHosts()
		}
		return s.writeOK(w, 0, 0, "", more)
	case *flushUserResourcesStmt:
		if s.eng.cfg.FlushUserResources != nil {
			s.eng.cfg.FlushUserResources()
		}
		return s.writeOK(w, 0, 0, "", more)
	}
	return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support '%s'", stmtKind(stmt))
}

// startStmt readies the session for one statement: start time,
// diagnostics, evaluation context with the statement's parameters.
func (s *Session) startStmt(stmt ast.StmtNode, params []expr.Value) {
	s.stmtStart = time.Now()
	s.armStmtTimeout(stmt, s.spExpr || (s.c != nil && len(s.c.spStack) > 0))
	if s.spExpr {
		// A procedure's IF/WHILE condition running as SELECT: not a
		// statement of its own to Com_select or the diagnostics area.
		s.spExpr = false
	} else {
		s.eng.countCom(comKindOf(stmt))
		if !keepsDiagnostics(stmt) {
			s.clearDiagnostics()
		}
	}
	if s.evalCtx == nil {
		s.evalCtx = expr.NewEvalCtx(s, s.stmtStart, nil)
		s.evalCtx.Handler = &s.handler
	}
	s.evalCtx.Loc = s.location()
	s.evalCtx.Reset(s.stmtStart, append([]expr.Value(nil), params...))
	s.beginStmtTxnState(stmt)
}

// isDDL reports statements that implicitly commit an open transaction.
func isDDL(stmt ast.StmtNode) bool {
	switch stmt.(type) {
	case *ast.CreateTableStmt, *ast.DropTableStmt, *ast.CreateDatabaseStmt, *ast.DropDatabaseStmt,
		*ast.AlterTableStmt, *ast.CreateIndexStmt, *ast.DropIndexStmt, *ast.TruncateTableStmt,
		*ast.RenameTableStmt, *ast.CreateUserStmt, *ast.DropUserStmt, *ast.AlterUserStmt, *ast.RenameUserStmt,
		*ast.GrantStmt, *ast.RevokeStmt, *ast.GrantRoleStmt, *ast.RevokeRoleStmt, *ast.SetDefaultRoleStmt:
		return true
	case *ast.CreateViewStmt, *ast.DropProcedureStmt:
		return true
	}
	return false
}

// keepsDiagnostics: statements that read the diagnostics area must not
// clear it first.
func keepsDiagnostics(stmt ast.StmtNode) bool {
	if sh, ok := stmt.(*ast.ShowStmt); ok {
		return sh.Tp == ast.ShowWarnings || sh.Tp == ast.ShowErrors
	}
	if sel, ok := stmt.(*ast.SelectStmt); ok && sel.From == nil && sel.Fields != nil {
		for _, f := range sel.Fields.Fields {
			if v, ok := f.Expr.(*ast.VariableExpr); ok && v.IsSystem {
				n := strings.ToLower(v.Name)
				if n == "warning_count" || n == "error_count" {
					return true
				}
			}
		}
	}
	return false
}

// stmtKind names a statement for "doesn't yet support" errors.
func stmtKind(stmt ast.StmtNode) string {
	text := strings.TrimSpace(stmt.OriginalText())
	words := strings.Fields(text)
	if len(words) > 2 {
		words = words[:2]
	}
	return strings.ToUpper(strings.Join(words, " "))
}

var (
	parseErrRE = regexp.MustCompile(`(?s)line (\d+) column \d+ near "(.*)"`)
	// The parser reports some semantic errors with MySQL's own code, as
	// "[parser:1115]Unknown character set: 'x'" (or "[types:1367]..." for a
	// double literal out of range).
	parserCodeRE = regexp.MustCompile(`^\[(?:parser|types):(\d+)\](.*)$`)
)

// parseError turns the TiDB parser's error into the error MySQL sends:
// mostly 1064 with its "near '...' at line N" text.
func parseError(err error) *mysqldef.SQLError {
	if m := parserCodeRE.FindStringSubmatch(err.Error()); m != nil {
		if code, convErr := strconv.Atoi(m[1]); convErr == nil && code > 0 && code < 65536 && code != int(mysqldef.ErrParse) {
			return mysqldef.NewError(uint16(code), "%s", m[2])
		}
	}
	m := parseErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return mysqldef.NewError(mysqldef.ErrParse, "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use")
	}
	near := strings.TrimSuffix(m[2], `" `)
	near = strings.TrimSuffix(near, `"`)
	line, _ := strconv.Atoi(m[1])
	return syntaxError(near, line)
}

// syntaxError is MySQL's 1064 message; near is cut at 80 characters as
// MySQL does.
func syntaxError(near string, line int) *mysqldef.SQLError {
	if r := []rune(near); len(r) > 80 {
		near = string(r[:80])
	}
	return mysqldef.NewError(mysqldef.ErrParse,
		"You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s' at line %d", near, line)
}

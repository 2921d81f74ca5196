package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Privilege checks: every statement is checked before it runs, against
// the grants the account holds now (text, prepared at PREPARE and again
// at each EXECUTE, each statement of a multi-statement query). The grants
// come from the engine's Accounts as an immutable snapshot; a session
// keeps the snapshot it last saw and its account's grants in it, so a
// check costs an atomic load and, for the superuser, nothing more.

// privState is a session's privilege cache and scratch space.
type privState struct {
	// override, when set, is used instead of the account's grants: the
	// definer's, while a SQL SECURITY DEFINER procedure runs (sp_exec.go).
	override  *privs.Grants
	snap      *privs.Snapshot
	grants    *privs.Grants
	active    []privs.AccountName // active roles (SET ROLE)
	needs     []tableNeed
	collector tableCollector
}

// grants returns the session's current privileges. Without an account
// store (an engine built for tests) every session is the superuser.
func (s *Session) grants() *privs.Grants {
	if s.priv.override != nil {
		return s.priv.override
	}
	if s.eng.accounts == nil {
		return privs.Superuser
	}
	snap := s.eng.accounts.Privileges()
	if snap != s.priv.snap || s.priv.grants == nil {
		s.priv.snap, s.priv.grants = snap, snap.Effective(s.user, s.acctHost, s.priv.active)
	}
	return s.priv.grants
}

// checkPrivileges fails with MySQL's error when the account may not run
// stmt.
func (s *Session) checkPrivileges(stmt ast.StmtNode) error {
	g := s.grants()
	if g.IsSuper() {
		return nil
	}
	if err := s.checkStmtPrivileges(g, stmt); err != nil {
		return err
	}
	needs, err := s.tableNeedsOf(stmt, s.priv.needs[:0])
	s.priv.needs = needs
	if err != nil {
		return err
	}
	return s.checkTableNeeds(g, needs, stmt)
}

// checkTableNeeds fails with 1142 on the first table whose need g lacks.
// With column privileges on the table, checkColumnNeeds decides instead
// (stmt nil: no column check, as for a view's tables).
func (s *Session) checkTableNeeds(g *privs.Grants, needs []tableNeed, stmt ast.StmtNode) error {
	var stmtUses *colUses // worked out once, when a column privilege may decide
	for _, n := range needs {
		if n.need == 0 || n.db == "" || freeOfPrivileges(n.db) {
			continue // no database: the statement fails with 1046 itself
		}
		if s.tempTable(n.db, n.name) != nil {
			// The session's own temporary table: as in MySQL, no table
			// privilege once created. Checked by name at each run, so a
			// cached statement is checked against what the name means now.
			continue
		}
		if !g.OnTable(n.db, n.name, n.need) {
			uses := n.uses
			if uses == nil && stmt != nil && g.ColumnPrivs(n.db, n.name) != 0 {
				if stmtUses == nil {
					stmtUses = columnUses(stmt)
				}
				uses = stmtUses
			}
			if handled, err := s.checkColumnNeeds(g, uses, n); handled {
				if err != nil {
					return err
				}
				continue
			}
			return s.tableDenied(missing(g, n), n.name)
		}
	}
	return nil
}

// reportOrder is which missing privilege a 1142 names when a table needs
// several: the one the statement is about (ALTER TABLE needs ALTER, CREATE
// and INSERT, and is denied as ALTER), then the data privileges.
var reportOrder = [...]privs.Set{privs.Alter, privs.Drop, privs.Create, privs.Index, privs.Insert,
	privs.Update, privs.Delete, privs.Select, privs.LockTables}

// missing names the privilege of n's need that g lacks.
func missing(g *privs.Grants, n tableNeed) string {
	for _, p := range reportOrder {
		if n.need&p != 0 && !g.OnTable(n.db, n.name, p) {
			return p.Name()
		}
	}
	return n.need.Name()
}

// tableNeedsOf appends what stmt needs on tables.
func (s *Session) tableNeedsOf(stmt ast.StmtNode, needs []tableNeed) ([]tableNeed, error) {
	switch st := stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt, *ast.DoStmt, *ast.SetStmt:
		return s.collectTableNeeds(st, needs), nil
	case *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt, *ast.LoadDataStmt:
		return s.dmlTableNeeds(st, needs), nil
	case *ast.ExplainStmt:
		if _, ok := st.Stmt.(*ast.ShowStmt); ok {
			return needs, nil // DESCRIBE t: checked as SHOW COLUMNS
		}
		return s.tableNeedsOf(st.Stmt, needs)
	case *ast.CreateTableStmt:
		need := privs.Create
		if st.Select != nil {
			needs = s.collectTableNeeds(st.Select, needs)
			need |= privs.Insert
		}
		if st.TemporaryKeyword != ast.TemporaryNone {
			need = 0 // CREATE TEMPORARY TABLES, checked on the database
		}
		if st.ReferTable != nil {
			needs = append(needs, s.needOn(st.ReferTable, privs.Select))
		}
		return append(needs, s.needOn(st.Table, need)), nil
	case *ast.DropTableStmt:
		for _, tn := range st.Tables {
			needs = append(needs, s.needOn(tn, privs.Drop))
		}
	case *ast.CreateViewStmt:
		// MySQL: CREATE VIEW on the view (and DROP to replace one), and
		// SELECT on what the view reads.
		needs = s.collectTableNeeds(st.Select, needs)
		need := privs.CreateView
		if st.OrReplace {
			need |= privs.Drop
		}
		needs = append(needs, s.needOn(st.ViewName, need))
	case *ast.TruncateTableStmt:
		needs = append(needs, s.needOn(st.Table, privs.Drop))
	case *ast.CreateIndexStmt:
		needs = append(needs, s.needOn(st.Table, privs.Index))
	case *ast.DropIndexStmt:
		needs = append(needs, s.needOn(st.Table, privs.Index))
	case *ast.AlterTableStmt:
		if s.isTempTableName(st.Table) {
			return needs, nil // the session's own temporary table (a rename included)
		}
		// MySQL: ALTER, CREATE and INSERT on the table; renaming also
		// DROP on the old name and CREATE, INSERT on the new.
		needs = append(needs, s.needOn(st.Table, privs.Alter|privs.Create|privs.Insert))
		for _, spec := range st.Specs {
			if spec.Tp == ast.AlterTableRenameTable && spec.NewTable != nil {
				setNeed(needs, st.Table, privs.Alter|privs.Create|privs.Insert|privs.Drop)
				needs = append(needs, s.needOn(spec.NewTable, privs.Create|privs.Insert))
			}
		}
	case *ast.RenameTableStmt:
		for _, t := range st.TableToTables {
			needs = append(needs, s.needOn(t.OldTable, privs.Alter|privs.Drop), s.needOn(t.NewTable, privs.Create|privs.Insert))
		}
	case *ast.AnalyzeTableStmt:
		// MySQL: SELECT and INSERT on each table.
		for _, tn := range st.TableNames {
			needs = append(needs, s.needOn(tn, privs.Select|privs.Insert))
		}
	case *ast.OptimizeTableStmt:
		for _, tn := range st.Tables {
			needs = append(needs, s.needOn(tn, privs.Select|privs.Insert))
		}
	case *checkTableStmt:
		for _, tn := range st.tables {
			needs = append(needs, s.needOn(tn, privs.Select))
		}
	case *ast.LockTablesStmt:
		for _, l := range st.TableLocks {
			needs = append(needs, s.needOn(l.Table, privs.Select|privs.LockTables))
		}
	}
	return needs, nil
}

// checkStmtPrivileges checks what a statement needs beyond its tables:
// database, global and dynamic privileges.
func (s *Session) checkStmtPrivileges(g *privs.Grants, stmt ast.StmtNode) error {
	switch st := stmt.(type) {
	case *ast.CreateViewStmt:
		// Naming another account as DEFINER would let a view read with
		// that account's privileges: MySQL requires SUPER (or
		// SET_USER_ID, which loopdb does not have).
		if d := st.Definer; d != nil && !d.CurrentUser && !s.isSelf(d.Username, d.Hostname, false) && !g.GlobalHas(privs.Super) {
			return mysqldef.NewError(mysqldef.ErrSpecificAccessDenied,
				"Access denied; you need (at least one of) the SUPER or SET_USER_ID privilege(s) for this operation")
		}
	case *ast.CreateDatabaseStmt:
		if !g.OnDB(st.Name.O, privs.Create) {
			return s.dbDenied(st.Name.O)
		}
	case *ast.DropDatabaseStmt:
		if !g.OnDB(st.Name.O, privs.Drop) {
			return s.dbDenied(st.Name.O)
		}
	case *ast.CreateTableStmt:
		if st.TemporaryKeyword != ast.TemporaryNone {
			db := st.Table.Schema.O
			if db == "" {
				db = s.db
			}
			if db != "" && !g.OnDB(db, privs.CreateTemporaryTables) {
				return s.dbDenied(db)
			}
		}
	case *ast.CreateUserStmt, *ast.DropUserStmt, *ast.RenameUserStmt:
		return s.needGlobal(g, privs.CreateUser)
	case *ast.GrantRoleStmt:
		// MySQL 8: ROLE_ADMIN or SUPER (loopdb has no ROLE_ADMIN), or
		// the admin option on the roles (role_admin.go).
		return s.checkRoleAdmin(g, st.Roles)
	case *ast.RevokeRoleStmt:
		return s.checkRoleAdmin(g, st.Roles)
	case *ast.SetDefaultRoleStmt:
		for _, u := range st.UserList {
			if !s.isSelf(u.Username, u.Hostname, u.CurrentUser) {
				return s.needGlobal(g, privs.CreateUser)
			}
		}
	case *ast.AlterUserStmt:
		if len(st.ResourceOptions) > 0 || len(st.PasswordOrLockOptions) > 0 || st.AuthTokenOrTLSOptions != nil {
			// Only a password is one's own to change: limits, expiry, the
			// lock and REQUIRE need CREATE USER even for oneself (MySQL), or
			// a limited account could lift its own limits.
			if err := s.needGlobal(g, privs.CreateUser); err != nil {
				return err
			}
		}
		if st.CurrentAuth == nil {
			for _, spec := range st.Specs {
				if !s.isSelf(spec.User.Username, spec.User.Hostname, spec.User.CurrentUser) {
					return s.needGlobal(g, privs.CreateUser)
				}
			}
		}
		// One's own password (ALTER USER USER() IDENTIFIED BY, or naming
		// oneself): free, but a secondary password needs
		// APPLICATION_PASSWORD_ADMIN (or CREATE USER), as in MySQL.
		if s.c != nil && len(s.c.pwClauses) > 0 {
			return s.needGlobal(g, privs.CreateUser, privs.ApplicationPasswordAdmin)
		}
	case *ast.SetPwdStmt:
		if st.User != nil && !s.isSelf(st.User.Username, st.User.Hostname, st.User.CurrentUser) {
			return s.needGlobal(g, privs.CreateUser)
		}
		if s.c != nil && len(s.c.pwClauses) > 0 {
			return s.needGlobal(g, privs.CreateUser, privs.ApplicationPasswordAdmin)
		}
	case *flushUserResourcesStmt:
		return s.needGlobal(g, privs.Reload)
	case *ast.SetStmt:
		for _, v := range st.Variables {
			if _, persist := splitPersistName(v.Name); v.IsSystem && (v.IsGlobal || persist != persistNone) {
				return s.needGlobal(g, privs.Super, privs.SystemVariablesAdmin)
			}
		}
	case *resetPersistStmt:
		return s.needGlobal(g, privs.Super, privs.SystemVariablesAdmin)
	case *ast.FlushStmt:
		return s.needGlobal(g, privs.Reload)
	case *ast.BRIEStmt:
		// MySQL 8's backup privilege; SUPER covers it as it does the
		// other administrative ones.
		return s.needGlobal(g, privs.BackupAdmin, privs.Super)
	case *ast.LoadDataStmt:
		// A file on the server needs FILE (LOCAL does not); MySQL denies
		// it with 1045, not 1227.
		if st.FileLocRef != ast.FileLocClient && !g.GlobalHas(privs.File) {
			return mysqldef.NewError(mysqldef.ErrAccessDenied, "Access denied for user '%s'@'%s' (using password: YES)", s.user, s.acctHost)
		}
	case *ast.ShutdownStmt:
		return s.needGlobal(g, privs.Shutdown)
	case *ast.ShowStmt:
		return s.checkShowPrivileges(g, st)
	case *ast.ExplainStmt:
		if sh, ok := st.Stmt.(*ast.ShowStmt); ok {
			return s.checkShowPrivileges(g, sh)
		}
		return s.checkStmtPrivileges(g, st.Stmt)
	}
	return nil
}

// checkShowPrivileges: SHOW about a table needs some privilege on it,
// SHOW about a database some privilege in it; listings are filtered
// where they are made.
func (s *Session) checkShowPrivileges(g *privs.Grants, st *ast.ShowStmt) error {
	switch st.Tp {
	case ast.ShowCreateView:
		// MySQL: SHOW VIEW and SELECT on the view.
		db := st.Table.Schema.O
		if db == "" {
			db = s.db
		}
		if db == "" || freeOfPrivileges(db) || g.OnTable(db, st.Table.Name.O, privs.ShowView|privs.Select) {
			return nil
		}
		command := "SHOW VIEW"
		if g.OnTable(db, st.Table.Name.O, privs.ShowView) {
			command = "SELECT"
		}
		return s.tableDenied(command, st.Table.Name.O)
	case ast.ShowCreateTable, ast.ShowColumns, ast.ShowIndex:
		if st.Table == nil {
			return nil
		}
		db := st.Table.Schema.O
		if st.DBName != "" {
			db = st.DBName
		}
		if db == "" {
			db = s.db
		}
		if db == "" || freeOfPrivileges(db) || g.AnyOnTable(db, st.Table.Name.O) || s.tempTable(db, st.Table.Name.O) != nil {
			return nil
		}
		command := "SELECT"
		if st.Tp == ast.ShowCreateTable {
			command = "SHOW"
		}
		return s.tableDenied(command, st.Table.Name.O)
	case ast.ShowTables, ast.ShowTableStatus, ast.ShowCreateDatabase:
		db := st.DBName
		if db == "" {
			db = s.db
		}
		if db != "" && !freeOfPrivileges(db) && !g.AnyInDB(db) {
			return s.dbDenied(db)
		}
	case ast.ShowGrants, ast.ShowCreateUser:
		if st.User != nil && !s.isSelf(st.User.Username, st.User.Hostname, st.User.CurrentUser) && !g.OnDB("mysql", privs.Select) {
			return s.dbDenied("mysql")
		}
	}
	return nil
}

// isSelf reports whether user@host names the session's own account.
func (s *Session) isSelf(user, host string, current bool) bool {
	if current {
		return true
	}
	if host == "" {
		host = "%"
	}
	return user == s.user && strings.EqualFold(host, s.acctHost)
}

// needGlobal fails with 1227 unless g holds one of any globally.
func (s *Session) needGlobal(g *privs.Grants, any ...privs.Set) error {
	names := make([]string, len(any))
	for i, p := range any {
		if g.GlobalHas(p) {
			return nil
		}
		names[i] = p.Name()
	}
	return mysqldef.NewError(mysqldef.ErrSpecificAccessDenied,
		"Access denied; you need (at least one of) the %s privilege(s) for this operation", strings.Join(names, " or "))
}

// tableDenied is MySQL's 1142, which names the client's host.
func (s *Session) tableDenied(command, table string) error {
	return mysqldef.NewError(mysqldef.ErrTableAccessDenied,
		"%s command denied to user '%s'@'%s' for table '%s'", command, s.user, s.clientHost, table)
}

// dbDenied is MySQL's 1044, which names the account's host pattern.
func (s *Session) dbDenied(db string) error {
	return mysqldef.NewError(mysqldef.ErrDBAccessDenied, "Access denied for user '%s'@'%s' to database '%s'", s.user, s.acctHost, db)
}

// preparedNeeds is what a prepared SELECT needs on tables, kept with the
// statement: EXECUTE checks it against the grants of that moment even
// when it runs a cached plan or opens a cursor (other statements are
// checked in full as they run).
func (s *Session) preparedNeeds(stmt ast.StmtNode) []tableNeed {
	switch stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
	default:
		return nil
	}
	needs := s.collectTableNeeds(stmt, nil)
	uses := columnUses(stmt)
	for i := range needs {
		needs[i].node = nil // the AST is not kept
		needs[i].uses = uses
	}
	return needs
}

// checkPrepared checks a prepared statement's kept needs at EXECUTE.
func (s *Session) checkPrepared(st *PreparedStmt) error {
	g := s.grants()
	if g.IsSuper() {
		return nil
	}
	return s.checkTableNeeds(g, st.needs, nil)
}

// checkKill: ending another account's session needs CONNECTION_ADMIN or
// SUPER, else MySQL's 1095. An unknown id is Kill's own error.
func (s *Session) checkKill(id uint64) error {
	g := s.grants()
	if g.IsSuper() || g.GlobalHas(privs.ConnectionAdmin) || g.GlobalHas(privs.Super) {
		return nil
	}
	if id > uint64(^uint32(0)) {
		return nil
	}
	if o, ok := s.eng.sessions.load(uint32(id)); ok && o.user != s.user {
		return mysqldef.NewError(mysqldef.ErrKillDenied, "You are not owner of thread %d", id)
	}
	return nil
}

package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/auth"
	"github.com/pingcap/tidb/pkg/parser/mysql"
)

// GRANT, REVOKE and SHOW GRANTS over the accounts' privileges (the model
// is exec/privs; the server stores it with the accounts).

// parserPrivs maps the parser's static privileges to loopdb's.
var parserPrivs = map[mysql.PrivilegeType]privs.Set{
	mysql.SelectPriv: privs.Select, mysql.InsertPriv: privs.Insert, mysql.UpdatePriv: privs.Update,
	mysql.DeletePriv: privs.Delete, mysql.CreatePriv: privs.Create, mysql.DropPriv: privs.Drop,
	mysql.ReloadPriv: privs.Reload, mysql.ShutdownPriv: privs.Shutdown, mysql.ProcessPriv: privs.Process,
	mysql.FilePriv: privs.File, mysql.ReferencesPriv: privs.References, mysql.IndexPriv: privs.Index,
	mysql.AlterPriv: privs.Alter, mysql.ShowDBPriv: privs.ShowDatabases, mysql.SuperPriv: privs.Super,
	mysql.CreateTMPTablePriv: privs.CreateTemporaryTables, mysql.LockTablesPriv: privs.LockTables,
	mysql.ExecutePriv: privs.Execute, mysql.CreateViewPriv: privs.CreateView, mysql.ShowViewPriv: privs.ShowView,
	mysql.CreateRoutinePriv: privs.CreateRoutine, mysql.AlterRoutinePriv: privs.AlterRoutine,
	mysql.CreateUserPriv: privs.CreateUser, mysql.EventPriv: privs.Event, mysql.TriggerPriv: privs.Trigger,
	mysql.GrantPriv: privs.GrantOption, mysql.UsagePriv: 0,
}

// grantTarget resolves ON *.*, db.*, *, db.t and t.
func (s *Session) grantTarget(level *ast.GrantLevel) (privs.Target, error) {
	t := privs.Target{DB: level.DBName, Table: level.TableName}
	switch level.Level {
	case ast.GrantLevelGlobal:
		return privs.Target{Level: privs.LevelGlobal}, nil
	case ast.GrantLevelDB:
		t.Level = privs.LevelDB
	default:
		t.Level = privs.LevelTable
	}
	if t.DB == "" {
		if s.db == "" {
			return t, mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
		}
		t.DB = s.db
	}
	if t.Level == privs.LevelTable && s.eng.catalog.Table(t.DB, t.Table) == nil && !isGrantTable(t.DB, t.Table) {
		return t, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", t.DB, t.Table)
	}
	return t, nil
}

// privSet reads a GRANT/REVOKE privilege list for target.
func privSet(list []*ast.PrivElem, target privs.Target) (privs.Set, error) {
	var set privs.Set
	for _, e := range list {
		var p privs.Set
		switch e.Priv {
		case mysql.AllPriv:
			p = privs.AllAt(target.Level)
		case mysql.ExtendedPriv:
			var ok bool
			if p, ok = privs.Parse(e.Name); !ok || p&privs.Dynamic == 0 {
				return 0, mysqldef.NewError(3929, "Dynamic privilege '%s' is not registered with the server.", e.Name)
			}
			if target.Level != privs.LevelGlobal {
				return 0, mysqldef.NewError(mysqldef.ErrIllegalPrivilegeLevel, "Illegal privilege level specified for %s", p.Name())
			}
		default:
			var ok bool
			if p, ok = parserPrivs[e.Priv]; !ok {
				return 0, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'the %s privilege'", e.Priv.String())
			}
		}
		set |= p
	}
	if extra := set &^ privs.Allowed(target.Level); extra != 0 {
		if target.Level == privs.LevelDB {
			return 0, mysqldef.NewError(mysqldef.ErrWrongUsage, "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES")
		}
		return 0, mysqldef.NewError(mysqldef.ErrIllegalGrantForTable, "Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used")
	}
	return set, nil
}

// mayGrant checks that the session may grant or revoke set at target: it
// must hold GRANT OPTION and set there, else MySQL's error for the level.
func (s *Session) mayGrant(target privs.Target, set privs.Set) error {
	g := s.grants()
	need := set | privs.GrantOption
	switch target.Level {
	case privs.LevelGlobal:
		if !g.GlobalHas(need) {
			return mysqldef.NewError(mysqldef.ErrAccessDenied, "Access denied for user '%s'@'%s' (using password: YES)", s.user, s.acctHost)
		}
	case privs.LevelDB:
		if !g.OnDB(target.DB, need) {
			return s.dbDenied(target.DB)
		}
	case privs.LevelRoutine:
		return s.mayGrantRoutine(target, set)
	default:
		if !g.OnTable(target.DB, target.Table, need) {
			return s.tableDenied("GRANT", target.Table)
		}
	}
	return nil
}

// grantParts is what GRANT and REVOKE share: the account store, the level
// the statement names, and the privileges it lists, checked against that
// level.
func (s *Session) grantParts(obj ast.ObjectTypeType, level *ast.GrantLevel, list []*ast.PrivElem, isGrant bool) (Accounts, privs.Target, privs.Set, privs.Columns, error) {
	acc, err := s.accounts()
	if err != nil {
		return nil, privs.Target{}, 0, nil, err
	}
	if obj == ast.ObjectTypeFunction {
		return nil, privs.Target{}, 0, nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'stored functions'")
	}
	var target privs.Target
	if obj == ast.ObjectTypeProcedure {
		target, err = s.routineTarget(level, isGrant)
	} else {
		target, err = s.grantTarget(level)
	}
	if err != nil {
		return nil, privs.Target{}, 0, nil, err
	}
	cols, list, err := s.splitColumnPrivs(list, target)
	if err != nil {
		return nil, privs.Target{}, 0, nil, err
	}
	set, err := privSet(list, target)
	if err != nil {
		return nil, privs.Target{}, 0, nil, err
	}
	return acc, target, set, cols, nil
}

// columnUnion is every privilege cols name.
func columnUnion(cols privs.Columns) privs.Set {
	var s privs.Set
	for _, p := range cols {
		s |= p
	}
	return s
}

func (s *Session) execGrant(st *ast.GrantStmt, w ResultWriter, more bool) error {
	acc, target, set, cols, err := s.grantParts(st.ObjectType, st.Level, st.Privs, true)
	if err != nil {
		return err
	}
	if st.WithGrant {
		set |= privs.GrantOption
	}
	if err := s.mayGrant(target, (set|columnUnion(cols))&^privs.GrantOption); err != nil {
		return err
	}
	// MySQL 8 never creates an account in GRANT: every grantee must exist
	// before anything changes.
	for _, spec := range st.Users {
		user, host := s.grantee(spec.User)
		if acc.PluginOf(user, host) == "" {
			return mysqldef.NewError(mysqldef.ErrCantCreateUserWithGrant, "You are not allowed to create a user with GRANT")
		}
	}
	for _, spec := range st.Users {
		user, host := s.grantee(spec.User)
		edit := func(g *privs.Grants) *privs.Grants {
			if set != 0 || len(cols) == 0 {
				g = g.WithGrant(target, set)
			}
			if len(cols) > 0 {
				g = g.WithColumns(privs.TableName{DB: target.DB, Table: target.Table}, cols, false)
			}
			return g
		}
		if _, err := acc.EditGrants(user, host, edit); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

func (s *Session) execRevoke(st *ast.RevokeStmt, w ResultWriter, more bool) error {
	acc, target, set, cols, err := s.grantParts(st.ObjectType, st.Level, st.Privs, false)
	if err != nil {
		return err
	}
	everything := isRevokeAll(st)
	tn := privs.TableName{DB: target.DB, Table: target.Table}
	if everything {
		// REVOKE ALL PRIVILEGES, GRANT OPTION FROM u needs CREATE USER.
		if err := s.needGlobal(s.grants(), privs.CreateUser); err != nil {
			return err
		}
	} else if err := s.mayGrant(target, (set|columnUnion(cols))&^privs.GrantOption); err != nil {
		return err
	}
	snap := acc.Privileges()
	for _, spec := range st.Users {
		user, host := s.grantee(spec.User)
		if acc.PluginOf(user, host) == "" {
			return noSuchGrant(user, host)
		}
		if everything {
			continue
		}
		g := snap.Of(user, host)
		switch target.Level {
		case privs.LevelDB:
			if g.DB[target.DB] == 0 {
				return noSuchGrant(user, host)
			}
		case privs.LevelRoutine:
			if g.Routine[privs.RoutineKey(target.DB, target.Table)] == 0 {
				return noSuchRoutineGrant(user, host, target)
			}
		case privs.LevelTable:
			hasCols := len(g.ColumnsOn(target.DB, target.Table)) > 0
			all := set.Has(privs.AllAt(privs.LevelTable)) // REVOKE ALL ON t: column privileges count
			if (set != 0 && g.Table[tn] == 0 && !(all && hasCols)) || (len(cols) > 0 && !hasCols) {
				return mysqldef.NewError(mysqldef.ErrNonExistingTableGrant,
					"There is no such grant defined for user '%s' on host '%s' on table '%s'", user, host, target.Table)
			}
		}
	}
	for _, spec := range st.Users {
		user, host := s.grantee(spec.User)
		edit := func(g *privs.Grants) *privs.Grants {
			if set != 0 {
				g = g.WithRevoke(target, set)
			}
			if len(cols) > 0 {
				g = g.WithColumns(tn, cols, true)
			}
			if target.Level == privs.LevelTable && set.Has(privs.AllAt(privs.LevelTable)) {
				g = g.WithoutColumns(tn) // REVOKE ALL ON t takes the column privileges too
			}
			return g
		}
		if everything {
			edit = func(g *privs.Grants) *privs.Grants { return g.WithoutAll() }
		}
		if _, err := acc.EditGrants(user, host, edit); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// isRevokeAll recognises REVOKE ALL [PRIVILEGES], GRANT OPTION FROM u.
func isRevokeAll(st *ast.RevokeStmt) bool {
	if len(st.Privs) != 2 || st.Level.Level != ast.GrantLevelGlobal {
		return false
	}
	return st.Privs[0].Priv == mysql.AllPriv && st.Privs[1].Priv == mysql.GrantPriv
}

func noSuchGrant(user, host string) error {
	return mysqldef.NewError(mysqldef.ErrNonExistingGrant, "There is no such grant defined for user '%s' on host '%s'", user, host)
}

// grantee names a GRANT/REVOKE/SHOW GRANTS account; CURRENT_USER() is the
// session's own.
func (s *Session) grantee(u *auth.UserIdentity) (string, string) {
	if u == nil || u.CurrentUser {
		return s.user, s.acctHost
	}
	return userHost(u)
}

// showGrants is SHOW GRANTS [FOR u] in MySQL 8's format (one GRANT
// statement per level, USAGE for an account with none).
func (s *Session) showGrants(st *ast.ShowStmt, w ResultWriter, more bool) error {
	user, host := s.grantee(st.User)
	var g *privs.Grants
	var roleLines []string
	if s.eng.accounts == nil {
		g = privs.Superuser
	} else {
		if s.eng.accounts.PluginOf(user, host) == "" {
			return noSuchGrant(user, host)
		}
		snap := s.eng.accounts.Privileges()
		own := snap.Of(user, host)
		// USING r, ...: the privileges with those roles active, each of
		// which must be granted (3530); one's own SHOW GRANTS without
		// USING shows the session's active roles, as MySQL 8 does.
		using := make([]privs.AccountName, len(st.Roles))
		for i, r := range st.Roles {
			using[i] = roleName(r)
			if !own.HasRole(using[i]) {
				return roleNotGranted(using[i], privs.AccountName{User: user, Host: host})
			}
		}
		if len(using) == 0 && s.isSelf(user, host, st.User == nil || st.User.CurrentUser) {
			using = s.priv.active
		}
		g = snap.Effective(user, host, using)
		roleLines = own.RoleLines(privs.Account(user, host))
	}
	lines := append(g.Lines(privs.Account(user, host)), roleLines...)
	rows := make([][]expr.Value, len(lines))
	for i, l := range lines {
		rows[i] = []expr.Value{expr.StringValue(l)}
	}
	return s.writeRows(w, []Column{textColumn("Grants for "+user+"@"+host, 1024)}, rows, more)
}

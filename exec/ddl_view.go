package exec

import (
	"regexp"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/auth"
)

// Views. A view is a descriptor in the catalog's table namespace whose
// ViewDef keeps the SELECT as written; reading a view parses that text
// again and materialises its rows for the statement (viewRows), in the
// view's database and with the definer's privileges (SQL SECURITY
// DEFINER, the default) or the invoker's. Views are read-only: INSERT,
// UPDATE and DELETE through one answer 1288.

// maxViewDepth bounds views reading views (a view redefined to read
// itself through another would otherwise recurse forever).
const maxViewDepth = 32

// execCreateView runs CREATE [OR REPLACE] VIEW and ALTER VIEW (which the
// parser does not know: queryParsed rewrites it to CREATE OR REPLACE and
// marks the statement in s.cold().alterView).
func (s *Session) execCreateView(st *ast.CreateViewStmt, w ResultWriter, more bool) error {
	isAlter := s.cold().alterView == st
	s.cold().alterView = nil
	db, name, err := s.tableName(st.ViewName)
	if err != nil {
		return err
	}
	if err := checkIdentifier(name, "table"); err != nil {
		return err
	}
	if !s.eng.catalog.HasDatabase(db) {
		return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	if table.IsSystemSchema(db) {
		return s.dbDenied(db)
	}
	old := s.eng.catalog.Table(db, name)
	switch {
	case old != nil && !old.IsView():
		if isAlter || st.OrReplace {
			return errNotView(db, name)
		}
		return mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", name)
	case old != nil && !st.OrReplace:
		return mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", name)
	case old == nil && isAlter:
		return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name)
	}
	if hasVariableOrParam(st.Select) {
		return mysqldef.NewError(mysqldef.ErrViewSelectVariable, "View's SELECT contains a variable or parameter")
	}
	if err := s.checkViewTempTables(st.Select); err != nil {
		return err
	}
	def := &table.ViewDef{
		Select:        stripVersionCommentEnd(st.Select.Text()),
		Algorithm:     st.Algorithm.String(),
		Definer:       s.viewDefiner(st.Definer),
		Security:      st.Security.String(),
		CheckOption:   "NONE",
		CharsetClient: s.sessionString("character_set_client", "utf8mb4"),
		Collation:     s.sessionString("collation_connection", "utf8mb4_0900_ai_ci"),
	}
	if strings.HasSuffix(strings.ToUpper(stripVersionCommentEnd(strings.TrimSuffix(strings.TrimSpace(st.Text()), ";"))), "CHECK OPTION") {
		def.CheckOption = st.CheckOption.String()
	}
	for _, c := range st.Cols {
		def.ColumnList = append(def.ColumnList, c.O)
	}
	t := &table.Table{DB: db, Name: name, Version: 1, View: def}
	cols, err := s.viewColumns(t)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, c := range cols {
		if seen[strings.ToLower(c.Name)] {
			return mysqldef.NewError(mysqldef.ErrDupFieldName, "Duplicate column name '%s'", c.Name)
		}
		seen[strings.ToLower(c.Name)] = true
		t.Columns = append(t.Columns, &table.TableColumn{ID: uint32(i + 1), Name: c.Name,
			Type: expr.SQLTypeOfResult(c.Type), NotNull: !c.Type.Nullable()})
	}
	t.NextColumn = uint32(len(cols))
	if err := s.eng.catalog.Publish(t, nil); err != nil {
		return err
	}
	if old != nil {
		t.ID, t.CreateTime = old.ID, old.CreateTime
		if err := s.eng.catalog.ReplaceTable(old, t, nil); err != nil {
			return err
		}
	} else if _, err := s.eng.catalog.CreateTable(t, false); err != nil {
		return err
	}
	return s.writeOK(w, 0, 0, "", more)
}

// stripVersionCommentEnd drops the "*/" that closes a versioned comment
// around the statement (mariadb-dump writes /*!50001 CREATE VIEW ... */):
// the parser's text of the SELECT runs to it.
func stripVersionCommentEnd(text string) string {
	text = strings.TrimSpace(text)
	if strings.HasSuffix(text, "*/") && !strings.Contains(text, "/*") {
		text = strings.TrimSpace(strings.TrimSuffix(text, "*/"))
	}
	return text
}

// viewDefiner renders DEFINER = user@host (default: the current account)
// as SHOW CREATE VIEW prints it.
func (s *Session) viewDefiner(d *auth.UserIdentity) string {
	user, host := s.user, s.acctHost
	if d != nil && !d.CurrentUser {
		user, host = d.Username, d.Hostname
		if host == "" {
			host = "%"
		}
	}
	return quoteIdent(user) + "@" + quoteIdent(host)
}

// sessionString reads a session variable as text, def when unset.
func (s *Session) sessionString(name, def string) string {
	v, err := s.SystemVar(name, false)
	if err != nil || v.IsNull() {
		return def
	}
	return v.String()
}

// viewColumns checks a view's SELECT by running it once (as MySQL, CREATE
// VIEW fails on a missing table or column) and returns its columns under
// the view's column list.
func (s *Session) viewColumns(t *table.Table) ([]Column, error) {
	cols, _, err := s.viewRowsOf(t, false)
	return cols, err
}

// viewRows is a view's columns and rows for the running statement.
func (s *Session) viewRows(t *table.Table) ([]Column, [][]expr.Value, error) {
	return s.viewRowsOf(t, true)
}

// viewRowsOf runs the view's SELECT in the view's database, without the
// statement's CTEs, after checking its tables against the definer's (or,
// for SQL SECURITY INVOKER, the session's) privileges. A view whose
// tables or columns are gone answers 1356 when it is read.
func (s *Session) viewRowsOf(t *table.Table, reading bool) ([]Column, [][]expr.Value, error) {
	if s.cold().viewDepth >= maxViewDepth {
		return nil, nil, mysqldef.NewError(mysqldef.ErrViewInvalid,
			"View '%s.%s' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them", t.DB, t.Name)
	}
	node, err := s.parseResultSet(t.View.Select)
	if err != nil {
		return nil, nil, err
	}
	savedDB := s.db
	s.db = t.DB
	s.cold().viewDepth++
	leave := s.planner.HideCTEs()
	defer func() {
		leave()
		s.cold().viewDepth--
		s.db = savedDB
	}()
	if err := s.checkViewPrivileges(t, node); err != nil {
		return nil, nil, err
	}
	cols, rows, err := s.queryRowsCols(node)
	if err != nil {
		if e, ok := err.(*mysqldef.SQLError); ok && reading && (e.Code == mysqldef.ErrNoSuchTable || e.Code == mysqldef.ErrBadField) {
			return nil, nil, mysqldef.NewError(mysqldef.ErrViewInvalid,
				"View '%s.%s' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them", t.DB, t.Name)
		}
		return nil, nil, err
	}
	if names := t.View.ColumnList; names != nil {
		if len(names) != len(cols) {
			return nil, nil, mysqldef.NewError(mysqldef.ErrViewWrongList,
				"In definition of view, derived table or common table expression, SELECT list and column names list have different column counts")
		}
		for i := range cols {
			cols[i].Name = names[i]
		}
	}
	return cols, rows, nil
}

// checkViewPrivileges checks the tables a view reads against the account
// its SQL SECURITY names. The view itself was checked with the statement.
func (s *Session) checkViewPrivileges(t *table.Table, node ast.ResultSetNode) error {
	var g *privs.Grants
	if t.View.Security == "INVOKER" || s.eng.accounts == nil {
		g = s.grants()
	} else {
		user, host := t.View.DefinerParts()
		snap := s.eng.accounts.Privileges()
		if !snap.Exists(privs.AccountName{User: user, Host: host}) {
			// MySQL 8: a SQL SECURITY DEFINER view whose definer was dropped
			// cannot be read.
			return mysqldef.NewError(mysqldef.ErrNoSuchDefiner, "The user specified as a definer ('%s'@'%s') does not exist", user, host)
		}
		g = snap.Of(user, host)
	}
	if g == nil || g.IsSuper() {
		return nil
	}
	for _, n := range s.collectTableNeeds(node, nil) {
		if n.db == "" || freeOfPrivileges(n.db) {
			continue
		}
		if !g.OnTable(n.db, n.name, privs.Select) {
			return mysqldef.NewError(mysqldef.ErrViewInvalid,
				"View '%s.%s' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them", t.DB, t.Name)
		}
	}
	return nil
}

// execDropView runs DROP VIEW [IF EXISTS]: a missing view is 1051 (a note
// with IF EXISTS), a table 1347, as in MySQL 8.
func (s *Session) execDropView(st *ast.DropTableStmt, w ResultWriter, more bool) error {
	var unknown []string
	var views []*table.Table
	for _, tn := range st.Tables {
		db, name, err := s.tableName(tn)
		if err != nil {
			return err
		}
		t := s.eng.catalog.Table(db, name)
		switch {
		case t == nil:
			unknown = append(unknown, db+"."+name)
		case !t.IsView():
			return errNotView(db, name)
		default:
			views = append(views, t)
		}
	}
	if len(unknown) > 0 && !st.IfExists {
		return mysqldef.NewError(mysqldef.ErrBadTable, "Unknown table '%s'", strings.Join(unknown, "','"))
	}
	for _, u := range unknown {
		s.addDiag("Note", mysqldef.ErrBadTable, "Unknown table '"+u+"'")
	}
	for _, t := range views {
		if err := s.eng.catalog.DropTable(t.DB, t.Name); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

func errNotView(db, name string) error {
	return mysqldef.NewError(mysqldef.ErrWrongObject, "'%s.%s' is not VIEW", db, name)
}

func errNotBaseTable(db, name string) error {
	return mysqldef.NewError(mysqldef.ErrWrongObject, "'%s.%s' is not BASE TABLE", db, name)
}

// errNotUpdatable is what a write through a view gets: loopdb treats every
// view as MySQL treats one it cannot write through (1471 for INSERT, 1288
// for the rest).
func errNotUpdatable(name, verb string) error {
	if verb == "INSERT" {
		return mysqldef.NewError(mysqldef.ErrNonInsertableTable, "The target table %s of the %s is not insertable-into", name, verb)
	}
	return mysqldef.NewError(mysqldef.ErrNonUpdatableTable, "The target table %s of the %s is not updatable", name, verb)
}

// showCreateView answers SHOW CREATE VIEW, and SHOW CREATE TABLE of a
// view, in MySQL's four columns.
func (s *Session) showCreateView(t *table.Table, w ResultWriter, more bool) error {
	cols := []Column{textColumn("View", 64), textColumn("Create View", 1024),
		textColumn("character_set_client", 32), textColumn("collation_connection", 32)}
	row := []expr.Value{expr.StringValue(t.Name), expr.StringValue(createViewText(t)),
		expr.StringValue(t.View.CharsetClient), expr.StringValue(t.View.Collation)}
	return s.writeRows(w, cols, [][]expr.Value{row}, more)
}

// createViewText is the CREATE VIEW statement SHOW CREATE VIEW prints.
// MySQL prints its own rewrite of the SELECT; loopdb keeps the SELECT as
// it was written.
func createViewText(t *table.Table) string {
	v := t.View
	var b strings.Builder
	b.WriteString("CREATE ALGORITHM=" + v.Algorithm + " DEFINER=" + v.Definer + " SQL SECURITY " + v.Security + " VIEW " + quoteIdent(t.Name))
	if len(v.ColumnList) > 0 {
		b.WriteString(" (")
		for i, c := range v.ColumnList {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(quoteIdent(c))
		}
		b.WriteString(")")
	}
	b.WriteString(" AS " + v.Select)
	if v.CheckOption != "NONE" {
		b.WriteString(" WITH " + v.CheckOption + " CHECK OPTION")
	}
	return b.String()
}

// tableType is SHOW FULL TABLES' Table_type and information_schema's
// TABLE_TYPE.
func tableType(t *table.Table) string {
	if t.IsView() {
		return "VIEW"
	}
	return "BASE TABLE"
}

// View syntax the parser lacks: ALTER [ALGORITHM=...] [DEFINER=...] [SQL
// SECURITY ...] VIEW (the rest is CREATE VIEW's syntax), and a bare WITH
// CHECK OPTION, which means CASCADED.
var (
	alterViewRE    = regexp.MustCompile(`(?is)^\s*ALTER\s+((?:ALGORITHM\s*=\s*\w+\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?VIEW\s)`)
	viewStartRE    = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:ALGORITHM\s*=\s*\w+\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?VIEW\s`)
	bareCheckOptRE = regexp.MustCompile(`(?is)\sWITH\s+CHECK\s+OPTION\s*;?\s*$`)
)

// rewriteView rewrites what the parser lacks into CREATE OR REPLACE VIEW
// ... WITH CASCADED CHECK OPTION; isAlter tells execCreateView to require
// an existing view, as ALTER VIEW does.
func rewriteView(sql string) (out string, isAlter, ok bool) {
	if m := alterViewRE.FindStringSubmatchIndex(sql); m != nil {
		sql, isAlter, ok = "CREATE OR REPLACE "+sql[m[2]:], true, true
	} else if !viewStartRE.MatchString(sql) {
		return "", false, false
	}
	if loc := bareCheckOptRE.FindStringIndex(sql); loc != nil {
		sql, ok = sql[:loc[0]]+" WITH CASCADED CHECK OPTION", true
	}
	return sql, isAlter, ok
}

// viewBaseTables calls add for each table a view reads, through the views
// it reads (LOCK TABLES of a view locks them). Names that are not tables
// (the view's own CTEs, information_schema) are skipped.
func (s *Session) viewBaseTables(t *table.Table, depth int, add func(*table.Table)) {
	if depth >= maxViewDepth {
		return
	}
	node, err := s.parseResultSet(t.View.Select)
	if err != nil {
		return
	}
	v := &tableNameCollector{}
	node.Accept(v)
	for _, tn := range v.names {
		db := tn.Schema.O
		if db == "" {
			db = t.DB
		}
		if freeOfPrivileges(db) {
			continue
		}
		base := s.eng.catalog.Table(db, tn.Name.O)
		if base == nil {
			continue
		}
		add(base)
		if base.IsView() {
			s.viewBaseTables(base, depth+1, add)
		}
	}
}

// hasVariableOrParam reports a user variable or a ? marker in a view's
// SELECT, which MySQL refuses (1351): a view's rows may not depend on
// the session that reads it.
func hasVariableOrParam(n ast.Node) bool {
	v := &variableFinder{}
	n.Accept(v)
	return v.found
}

type variableFinder struct{ found bool }

func (v *variableFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.VariableExpr:
		v.found = v.found || !x.IsSystem
	case ast.ParamMarkerExpr:
		v.found = true
	}
	return n, v.found
}

func (v *variableFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

package exec

import (
	"strings"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Stored procedures in the catalog: CREATE PROCEDURE keeps the parameter
// list and the body as written (table.Routine), checked first by reading
// them as CALL will; DROP PROCEDURE, SHOW CREATE PROCEDURE, SHOW
// PROCEDURE STATUS and information_schema.ROUTINES read them back.
// Stored functions are not in this first cut.

// execCreateProcedure runs CREATE PROCEDURE, which the session reads with
// its own procedure reader (sp_parse.go), not the TiDB parser. rest is
// the text that followed the statement in a multi-statement query.
func (s *Session) execCreateProcedure(sql string, w ResultWriter, more bool) (rest string, err error) {
	s.startStmt(&ast.ProcedureInfo{}, nil)
	defer s.endStmtContext()
	h, body, err := parseCreateProcedure(sql)
	if err != nil {
		return "", err
	}
	if h.rest != "" {
		if !s.multiStatements {
			return "", syntaxError(cut80(h.rest), 1)
		}
		more = true
	}
	if s.c != nil && len(s.c.spStack) > 0 {
		return "", mysqldef.NewError(mysqldef.ErrSPNoRecursiveCreate, "Can't create a PROCEDURE from within another stored routine")
	}
	db := h.db
	if db == "" {
		db = s.db
	}
	if db == "" {
		return "", mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	if len([]rune(h.name)) > 64 || strings.HasSuffix(h.name, " ") || h.name == "" {
		return "", mysqldef.NewError(1458, "Incorrect routine name '%s'", h.name)
	}
	if g := s.grants(); !g.IsSuper() {
		if !g.OnDB(db, privs.CreateRoutine) {
			return "", s.dbDenied(db)
		}
		if h.definer != "" {
			u, host := (&table.Routine{Definer: h.definer}).DefinerParts()
			if !s.isSelf(u, host, false) && !g.GlobalHas(privs.Super) {
				return "", mysqldef.NewError(mysqldef.ErrSpecificAccessDenied,
					"Access denied; you need (at least one of) the SUPER or SET_USER_ID privilege(s) for this operation")
			}
		}
	}
	if !s.eng.catalog.HasDatabase(db) {
		return "", mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	if table.IsSystemSchema(db) {
		return "", s.dbDenied(db)
	}
	if _, err := s.spParams(h.params); err != nil {
		return "", err
	}
	if err := s.spCheckBody(body.stmts, body.decls); err != nil {
		return "", err
	}
	if err := s.implicitCommit(); err != nil {
		return "", err
	}
	if err := s.checkWritable(); err != nil {
		return "", err
	}
	r := &table.Routine{DB: db, Name: h.name, Params: h.params, Body: h.body, Definer: h.definer,
		Security: h.security, Comment: h.comment, Deterministic: h.deterministic, DataAccess: h.dataAccess,
		SQLMode:       s.sessionString("sql_mode", ""),
		CharsetClient: s.sessionString("character_set_client", "utf8mb4"),
		Collation:     s.sessionString("collation_connection", "utf8mb4_0900_ai_ci"),
		DBCollation:   "utf8mb4_0900_ai_ci"}
	if r.Definer == "" {
		r.Definer = s.viewDefiner(nil)
	}
	if r.Security == "" {
		r.Security = "DEFINER"
	}
	if r.DataAccess == "" {
		r.DataAccess = "CONTAINS SQL"
	}
	existed, err := s.eng.catalog.CreateRoutine(r, h.ifNotExists)
	if err != nil {
		return "", err
	}
	if existed {
		s.addDiag("Note", mysqldef.ErrSPAlreadyExists, "PROCEDURE "+h.name+" already exists")
	} else if err := s.grantCreatorRoutine(db, h.name); err != nil {
		return "", err
	}
	return h.rest, s.writeOK(w, 0, 0, "", more)
}

// spCheckBody reads every piece of a body as CALL will, so CREATE
// PROCEDURE fails on what could never run: a statement or expression the
// parser rejects, a type that is not one, a duplicate local variable.
func (s *Session) spCheckBody(stmts []spNode, decls []*spDecl) error {
	seen := map[string]bool{}
	for _, d := range decls {
		switch d.kind {
		case 'c':
			if _, err := s.eng.parse(d.query); err != nil {
				return parseError(err)
			}
			continue
		case 'h':
			if err := s.spCheckBody([]spNode{d.body}, nil); err != nil {
				return err
			}
			continue
		case 'n':
			continue
		}
		if _, err := s.spDeclType(d.typ); err != nil {
			return err
		}
		if d.def != "" {
			if _, err := s.parseExprText(d.def); err != nil {
				return err
			}
		}
		for _, n := range d.names {
			if seen[strings.ToLower(n)] {
				return mysqldef.NewError(mysqldef.ErrSPDupVar, "Duplicate variable: %s", n)
			}
			seen[strings.ToLower(n)] = true
		}
	}
	for _, n := range stmts {
		var err error
		switch x := n.(type) {
		case *spBlock:
			err = s.spCheckBody(x.stmts, x.decls)
		case *spIf:
			for i, c := range x.conds {
				if _, err = s.parseExprText(c); err != nil {
					return err
				}
				if err = s.spCheckBody(x.bodies[i], nil); err != nil {
					return err
				}
			}
			err = s.spCheckBody(x.els, nil)
		case *spLoop:
			if x.cond != "" {
				if _, err = s.parseExprText(x.cond); err != nil {
					return err
				}
			}
			err = s.spCheckBody(x.body, nil)
		case *spSignal:
			for _, text := range x.items {
				if _, err = s.parseExprText(text); err != nil {
					return err
				}
			}
		case *spSQL:
			if x.kw == "CREATE" && isCreateProcedure(x.text) {
				return mysqldef.NewError(mysqldef.ErrSPNoRecursiveCreate, "Can't create a PROCEDURE from within another stored routine")
			}
			text, _, _, cutErr := cutSelectIntoTargets(x.text)
			if cutErr != nil {
				return cutErr
			}
			if _, perr := s.eng.parse(text); perr != nil {
				return parseError(perr)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// execDropProcedure runs DROP PROCEDURE [IF EXISTS].
func (s *Session) execDropProcedure(st *ast.DropProcedureStmt, w ResultWriter, more bool) error {
	db, name := st.ProcedureName.Schema.O, st.ProcedureName.Name.O
	if db == "" {
		db = s.db
	}
	if db == "" {
		return mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	if g := s.grants(); !g.IsSuper() && !g.OnRoutine(db, name, privs.AlterRoutine) {
		return s.routineDenied("alter routine", db, name)
	}
	missing, err := s.eng.catalog.DropRoutine(db, name)
	if err != nil {
		return err
	}
	if missing {
		if !st.IfExists {
			return mysqldef.NewError(mysqldef.ErrSPDoesNotExist, "PROCEDURE %s.%s does not exist", db, name)
		}
		s.addDiag("Note", mysqldef.ErrSPDoesNotExist, "PROCEDURE "+db+"."+name+" does not exist")
	} else if err := s.dropRoutineGrants(db, name); err != nil {
		return err
	}
	return s.writeOK(w, 0, 0, "", more)
}

// routineVisible: MySQL shows a routine to its definer and to accounts
// with a privilege on routines of its database (or global SELECT).
func (s *Session) routineVisible(r *table.Routine) bool {
	g := s.grants()
	if g.IsSuper() || g.GlobalHas(privs.Select) {
		return true
	}
	if user, host := r.DefinerParts(); s.isSelf(user, host, false) {
		return true
	}
	return g.OnRoutine(r.DB, r.Name, privs.Execute) || g.OnDB(r.DB, privs.CreateRoutine) || g.OnRoutine(r.DB, r.Name, privs.AlterRoutine)
}

// showCreateProcedure answers SHOW CREATE PROCEDURE in MySQL's six columns.
func (s *Session) showCreateProcedure(st *ast.ShowStmt, w ResultWriter, more bool) error {
	if st.Procedure == nil {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support '%s'", stmtKind(st))
	}
	db, name := st.Procedure.Schema.O, st.Procedure.Name.O
	if db == "" {
		db = s.db
	}
	if db == "" {
		return mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	r := s.eng.catalog.Routine(db, name)
	if r == nil || !s.routineVisible(r) {
		return mysqldef.NewError(mysqldef.ErrSPDoesNotExist, "PROCEDURE %s does not exist", name)
	}
	cols := []Column{textColumn("Procedure", 64), textColumn("sql_mode", 1024), textColumn("Create Procedure", 65535),
		textColumn("character_set_client", 32), textColumn("collation_connection", 32), textColumn("Database Collation", 32)}
	row := []expr.Value{str(r.Name), str(r.SQLMode), str(createProcedureText(r)), str(r.CharsetClient),
		str(r.Collation), str(r.DBCollation)}
	return s.writeRows(w, cols, [][]expr.Value{row}, more)
}

// createProcedureText is the statement SHOW CREATE PROCEDURE prints, laid
// out as MySQL lays it out: the options that differ from the defaults on
// lines of their own, then the body as written.
func createProcedureText(r *table.Routine) string {
	var b strings.Builder
	b.WriteString("CREATE DEFINER=" + r.Definer + " PROCEDURE " + quoteIdent(r.Name) + "(" + r.Params + ")")
	if r.DataAccess != "" && r.DataAccess != "CONTAINS SQL" {
		b.WriteString("\n    " + r.DataAccess)
	}
	if r.Deterministic {
		b.WriteString("\n    DETERMINISTIC")
	}
	if r.Security == "INVOKER" {
		b.WriteString("\n    SQL SECURITY INVOKER")
	}
	if r.Comment != "" {
		b.WriteString("\n    COMMENT " + quoteString(r.Comment))
	}
	b.WriteString("\n" + r.Body)
	return b.String()
}

// showProcedureStatus answers SHOW PROCEDURE STATUS [LIKE | WHERE]; LIKE
// matches the Name column, as in MySQL. SHOW FUNCTION STATUS has no rows.
func (s *Session) showProcedureStatus(st *ast.ShowStmt, w ResultWriter, more bool) error {
	names := []string{"Db", "Name", "Type", "Definer", "Modified", "Created", "Security_type",
		"Comment", "character_set_client", "collation_connection", "Database Collation"}
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = textColumn(n, 64)
	}
	cols[4], cols[5] = datetimeColumn("Modified"), datetimeColumn("Created")
	var rows [][]expr.Value
	if st.Tp == ast.ShowProcedureStatus {
		for _, r := range s.eng.catalog.Routines() {
			if !s.routineVisible(r) {
				continue
			}
			user, host := r.DefinerParts()
			rows = append(rows, []expr.Value{str(r.DB), str(r.Name), str("PROCEDURE"), str(user + "@" + host),
				s.unixDatetime(r.Modified), s.unixDatetime(r.Created), str(r.Security), str(r.Comment),
				str(r.CharsetClient), str(r.Collation), str(r.DBCollation)})
		}
	}
	if st.Pattern != nil {
		like := *st.Pattern
		like.Expr = &ast.ColumnNameExpr{Name: &ast.ColumnName{Name: ast.NewCIStr("Name")}}
		byName := *st
		byName.Pattern, byName.Where = nil, &like
		st = &byName
	}
	return s.filteredRows(st, w, cols, rows, more)
}

func (s *Session) unixDatetime(sec int64) expr.Value {
	return expr.DatetimeValue(time.Unix(sec, 0).In(s.location()), 0)
}

// routinesRows is information_schema.ROUTINES.
func routinesRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	null := expr.NullValue()
	for _, r := range s.eng.catalog.Routines() {
		if !s.routineVisible(r) {
			continue
		}
		user, host := r.DefinerParts()
		det := "NO"
		if r.Deterministic {
			det = "YES"
		}
		rows = append(rows, []expr.Value{str(r.Name), str("def"), str(r.DB), str(r.Name), str("PROCEDURE"),
			str(""), null, null, null, null, null, null, null, null, str("SQL"), str(r.Body), null, str("SQL"),
			str("SQL"), str(det), str(r.DataAccess), null, str(r.Security), s.unixDatetime(r.Created),
			s.unixDatetime(r.Modified), str(r.SQLMode), str(r.Comment), str(user + "@" + host),
			str(r.CharsetClient), str(r.Collation), str(r.DBCollation)})
	}
	return rows
}

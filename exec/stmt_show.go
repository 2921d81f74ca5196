package exec

import (
	"sort"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// execShow runs the SHOW statements that need no tables.
func (s *Session) execShow(st *ast.ShowStmt, w ResultWriter, more bool) error {
	switch st.Tp {
	case ast.ShowVariables:
		return s.showVariables(st, w, more)
	case ast.ShowStatus:
		return s.showStatus(st, w, more)
	case ast.ShowWarnings, ast.ShowErrors:
		return s.showWarnings(st, w, more)
	case ast.ShowDatabases:
		cols := []Column{textColumn("Database", 64)}
		var rows [][]expr.Value
		for _, db := range s.eng.catalog.Databases() {
			if !s.seesDatabase(db) {
				continue
			}
			rows = append(rows, []expr.Value{expr.StringValue(db)})
		}
		return s.filteredRows(st, w, cols, rows, more)
	case ast.ShowTables:
		db := st.DBName
		if db == "" {
			db = s.db
		}
		if db == "" {
			return mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
		}
		if !s.eng.catalog.HasDatabase(db) {
			return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
		}
		cols := []Column{textColumn("Tables_in_"+db, 64)}
		if st.Full {
			cols = append(cols, textColumn("Table_type", 64))
		}
		var rows [][]expr.Value
		for _, t := range append(s.visibleGrantTables(db), s.eng.catalog.TablesIn(db)...) {
			if !s.seesTable(db, t.Name) {
				continue
			}
			r := []expr.Value{expr.StringValue(t.Name)}
			if st.Full {
				r = append(r, expr.StringValue(tableType(t)))
			}
			rows = append(rows, r)
		}
		return s.filteredRows(st, w, cols, rows, more)
	case ast.ShowProcessList:
		return s.showProcessList(st, w, more)
	case ast.ShowGrants:
		return s.showGrants(st, w, more)
	case ast.ShowCreateUser:
		return s.showCreateUser(st, w, more)
	case ast.ShowCreateTable:
		return s.showCreateTable(st, w, more)
	case ast.ShowCreateView:
		t, err := s.showTable(st)
		if err != nil {
			return err
		}
		if !t.IsView() {
			return errNotView(t.DB, t.Name)
		}
		return s.showCreateView(t, w, more)
	case ast.ShowColumns:
		return s.showColumns(st, w, more)
	case ast.ShowIndex:
		return s.showIndex(st, w, more)
	case ast.ShowTableStatus:
		return s.showTableStatus(st, w, more)
	case ast.ShowTriggers, ast.ShowEvents:
		return s.showEmpty(st, w, more)
	case ast.ShowProcedureStatus, ast.ShowFunctionStatus:
		return s.showProcedureStatus(st, w, more)
	case ast.ShowCreateProcedure:
		return s.showCreateProcedure(st, w, more)
	case ast.ShowEngines:
		return s.showEngines(st, w, more)
	case ast.ShowCharset:
		return s.showCharsets(st, w, more)
	case ast.ShowCollation:
		return s.showCollations(st, w, more)
	case ast.ShowCreateDatabase:
		if !s.eng.catalog.HasDatabase(st.DBName) {
			return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", st.DBName)
		}
		create := s.createDatabaseText(st.DBName, st.IfNotExists)
		return s.writeRows(w, []Column{textColumn("Database", 64), textColumn("Create Database", 1024)},
			[][]expr.Value{{expr.StringValue(st.DBName), expr.StringValue(create)}}, more)
	}
	if ok, err := s.showServer(st, w, more); ok {
		return err
	}
	return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support '%s'", stmtKind(st))
}

// filteredRows applies SHOW ... LIKE 'pattern' (on the first column) or
// SHOW ... WHERE expr (over the named columns) and sends the rows.
func (s *Session) filteredRows(st *ast.ShowStmt, w ResultWriter, cols []Column, rows [][]expr.Value, more bool) error {
	var cond ast.ExprNode
	switch {
	case st.Pattern != nil:
		like := *st.Pattern
		like.Expr = &ast.ColumnNameExpr{Name: &ast.ColumnName{Name: ast.NewCIStr(cols[0].Name)}}
		cond = &like
	case st.Where != nil:
		cond = st.Where
	}
	if cond != nil {
		scope := &expr.Scope{Env: s}
		for _, c := range cols {
			scope.Columns = append(scope.Columns, expr.ScopeColumn{Name: c.Name, Type: c.Type})
		}
		x, err := expr.Compile(cond, scope)
		if err != nil {
			return err
		}
		kept := rows[:0:0]
		for _, r := range rows {
			v, err := x.Eval(s.evalCtx, r)
			if err != nil {
				return err
			}
			if isTrue(s.evalCtx, v) {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	return s.writeRows(w, cols, rows, more)
}

func (s *Session) showVariables(st *ast.ShowStmt, w ResultWriter, more bool) error {
	names := make([]string, 0, len(s.eng.vars.defs)+len(dynamicVars))
	for name, d := range s.eng.vars.defs {
		if st.GlobalScope && d.scope&scopeGlobal == 0 {
			continue
		}
		names = append(names, name)
	}
	if !st.GlobalScope {
		for name := range dynamicVars {
			if name != "timestamp" && name != "pseudo_thread_id" {
				continue
			}
			names = append(names, name)
		}
	}
	sort.Strings(names)
	rows := make([][]expr.Value, 0, len(names))
	for _, name := range names {
		v, err := s.SystemVar(name, st.GlobalScope)
		if err != nil {
			continue
		}
		rows = append(rows, []expr.Value{expr.StringValue(name), expr.StringValue(s.eng.vars.defs[name].showText(v))})
	}
	return s.filteredRows(st, w, []Column{textColumn("Variable_name", 64), textColumn("Value", 1024)}, rows, more)
}

// runningCount counts sessions executing a command now.
func (e *Engine) runningCount() int {
	n := 0
	e.sessions.each(func(o *Session) bool {
		if c := o.command.Load(); c != nil && (*c == cmdQuery || *c == cmdExecute) {
			n++
		}
		return true
	})
	return n
}

func (s *Session) showWarnings(st *ast.ShowStmt, w ResultWriter, more bool) error {
	cols := []Column{textColumn("Level", 7), intColumn("Code", 4), textColumn("Message", 512)}
	var rows [][]expr.Value
	for _, wn := range s.warnings {
		if st.Tp == ast.ShowErrors && wn.Level != "Error" {
			continue
		}
		rows = append(rows, []expr.Value{expr.StringValue(wn.Level), expr.IntValue(int64(wn.Code)), expr.StringValue(wn.Message)})
	}
	if st.CountWarningsOrErrors {
		n := s.warningCount()
		name := "@@session.warning_count"
		if st.Tp == ast.ShowErrors {
			n, name = len(rows), "@@session.error_count"
		}
		return s.writeRows(w, []Column{intColumn(name, 21)}, [][]expr.Value{{expr.IntValue(int64(n))}}, more)
	}
	rows, err := s.applyLimit(st.Limit, rows)
	if err != nil {
		return err
	}
	return s.writeRows(w, cols, rows, more)
}

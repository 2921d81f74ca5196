package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/exec/table"
)

// What information_schema and SHOW TABLE STATUS say of views: MySQL's
// rows for a view carry its name, TABLE_TYPE VIEW and the comment VIEW,
// and NULL wherever a table has storage (engine, rows, lengths, times).

// viewTablesRow is information_schema.TABLES' row of a view.
func viewTablesRow(t *table.Table) []expr.Value {
	row := []expr.Value{str("def"), str(t.DB), str(t.Name), str("VIEW")}
	for i := 0; i < 16; i++ { // ENGINE ... CREATE_OPTIONS
		row = append(row, expr.NullValue())
	}
	return append(row, str("VIEW"))
}

// viewStatusRow is SHOW TABLE STATUS' row of a view.
func viewStatusRow(t *table.Table) []expr.Value {
	row := []expr.Value{str(t.Name)}
	for i := 0; i < 16; i++ { // Engine ... Create_options
		row = append(row, expr.NullValue())
	}
	return append(row, str("VIEW"))
}

// viewsRows is information_schema.VIEWS. IS_UPDATABLE is NO: loopdb does
// not write through views.
func viewsRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range s.userTables() {
		if !t.IsView() {
			continue
		}
		v := t.View
		user, host := v.DefinerParts()
		// As MySQL: the definition only for the definer or with SHOW VIEW.
		def := v.Select
		if g := s.grants(); !g.IsSuper() && !g.OnTable(t.DB, t.Name, privs.ShowView) && !s.isSelf(user, host, false) {
			def = ""
		}
		rows = append(rows, []expr.Value{str("def"), str(t.DB), str(t.Name), str(def), str(v.CheckOption),
			str("NO"), str(user + "@" + host), str(v.Security), str(v.CharsetClient), str(v.Collation)})
	}
	return rows
}

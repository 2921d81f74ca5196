package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
)

// Foreign keys and CHECK constraints in information_schema:
// CHECK_CONSTRAINTS, REFERENTIAL_CONSTRAINTS, and their rows in
// KEY_COLUMN_USAGE (the REFERENCED_* columns ORMs read to find relations)
// and TABLE_CONSTRAINTS.

func init() {
	infoSchemaTables["REFERENTIAL_CONSTRAINTS"] = &isTable{
		cols: []isCol{isVarchar("CONSTRAINT_CATALOG", 64), isVarchar("CONSTRAINT_SCHEMA", 64),
			isVarchar("CONSTRAINT_NAME", 64), isVarchar("UNIQUE_CONSTRAINT_CATALOG", 64),
			isVarchar("UNIQUE_CONSTRAINT_SCHEMA", 64), isVarchar("UNIQUE_CONSTRAINT_NAME", 64),
			isVarchar("MATCH_OPTION", 7), isVarchar("UPDATE_RULE", 11), isVarchar("DELETE_RULE", 11),
			isVarchar("TABLE_NAME", 64), isVarchar("REFERENCED_TABLE_NAME", 64)},
		rows: referentialConstraintsRows,
	}
	infoSchemaTables["CHECK_CONSTRAINTS"] = &isTable{
		cols: []isCol{isVarchar("CONSTRAINT_CATALOG", 64), isVarchar("CONSTRAINT_SCHEMA", 64),
			isVarchar("CONSTRAINT_NAME", 64), isText("CHECK_CLAUSE")},
		rows: checkConstraintsRows,
	}
}

func checkConstraintsRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range s.userTables() {
		for _, c := range sortedChecks(t) {
			rows = append(rows, []expr.Value{str("def"), str(t.DB), str(c.Name), str("(" + c.Expr + ")")})
		}
	}
	return rows
}

// checkTableConstraintsRows are TABLE_CONSTRAINTS' rows for t's CHECK
// constraints.
func checkTableConstraintsRows(t *table.Table) [][]expr.Value {
	var rows [][]expr.Value
	for _, c := range sortedChecks(t) {
		rows = append(rows, []expr.Value{str("def"), str(t.DB), str(c.Name), str(t.DB), str(t.Name), str("CHECK"), str(yesNo(c.Enforced))})
	}
	return rows
}

func referentialConstraintsRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range s.userTables() {
		for _, fk := range sortedForeignKeys(t) {
			unique := expr.NullValue()
			if name := s.parentIndexName(fk); name != "" {
				unique = str(name)
			}
			rows = append(rows, []expr.Value{str("def"), str(t.DB), str(fk.Name), str("def"), str(fk.RefDB), unique,
				str("NONE"), str(fk.OnUpdate.RuleName()), str(fk.OnDelete.RuleName()), str(t.Name), str(fk.RefTable)})
		}
	}
	return rows
}

// parentIndexName names the parent's index a constraint finds rows
// through ("" when the parent is missing).
func (s *Session) parentIndexName(fk *table.ForeignKey) string {
	parent := s.eng.catalog.Table(fk.RefDB, fk.RefTable)
	if parent == nil {
		return ""
	}
	var ids []uint32
	for _, n := range fk.RefColumns {
		off := parent.Column(n)
		if off < 0 {
			return ""
		}
		ids = append(ids, parent.Columns[off].ID)
	}
	if parent.PKCoversFK(ids) {
		return "PRIMARY"
	}
	for _, ix := range orderedIndexes(parent) {
		if ix.CoversFK(ids) {
			return ix.Name
		}
	}
	return ""
}

// fkKeyColumnUsageRows are KEY_COLUMN_USAGE's rows for t's foreign keys.
func fkKeyColumnUsageRows(t *table.Table) [][]expr.Value {
	var rows [][]expr.Value
	for _, fk := range sortedForeignKeys(t) {
		for i, id := range fk.Columns {
			off, ok := t.OffsetOfID(id)
			if !ok {
				continue
			}
			pos := expr.UintValue(uint64(i + 1))
			rows = append(rows, []expr.Value{str("def"), str(t.DB), str(fk.Name), str("def"), str(t.DB), str(t.Name),
				str(t.Columns[off].Name), pos, pos, str(fk.RefDB), str(fk.RefTable), str(fk.RefColumns[i])})
		}
	}
	return rows
}

// fkTableConstraintsRows are TABLE_CONSTRAINTS' rows for t's foreign keys.
func fkTableConstraintsRows(t *table.Table) [][]expr.Value {
	var rows [][]expr.Value
	for _, fk := range sortedForeignKeys(t) {
		rows = append(rows, []expr.Value{str("def"), str(t.DB), str(fk.Name), str(t.DB), str(t.Name), str("FOREIGN KEY"), str("YES")})
	}
	return rows
}

package exec

import (
	"fmt"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Statement-level rules of temporary tables (the storage side is in
// temptable.go).

// errTempTableForeignKey is MySQL 8's answer to a FOREIGN KEY on a
// temporary table (InnoDB refuses it: ER_CANNOT_ADD_FOREIGN).
func errTempTableForeignKey() error {
	return mysqldef.NewError(mysqldef.ErrCannotAddForeign, "Cannot add foreign key constraint")
}

// isTempTableDDL reports CREATE/DROP TEMPORARY TABLE, which MySQL runs
// without committing the open transaction (and which a READ ONLY
// transaction allows).
func isTempTableDDL(stmt ast.StmtNode) bool {
	switch st := stmt.(type) {
	case *ast.CreateTableStmt:
		return st.TemporaryKeyword != ast.TemporaryNone
	case *ast.DropTableStmt:
		return !st.IsView && st.TemporaryKeyword != ast.TemporaryNone
	}
	return false
}

// writesOnlyTempTable reports a data change whose target is one of the
// session's temporary tables: MySQL allows it in a READ ONLY transaction.
func (s *Session) writesOnlyTempTable(stmt ast.StmtNode) bool {
	var refs *ast.TableRefsClause
	switch st := stmt.(type) {
	case *ast.InsertStmt:
		refs = st.Table
	case *ast.UpdateStmt:
		refs = st.TableRefs
	case *ast.DeleteStmt:
		if st.IsMultiTable {
			return false
		}
		refs = st.TableRefs
	case *ast.LoadDataStmt:
		return s.isTempTableName(st.Table)
	}
	if refs == nil || refs.TableRefs == nil || refs.TableRefs.Right != nil {
		return false
	}
	src, ok := refs.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return false
	}
	tn, ok := src.Source.(*ast.TableName)
	return ok && s.isTempTableName(tn)
}

// isTempTableName reports a name that means one of the session's
// temporary tables.
func (s *Session) isTempTableName(tn *ast.TableName) bool {
	if tn == nil || len(s.temp) == 0 {
		return false
	}
	db, name, err := s.tableName(tn)
	return err == nil && s.tempTable(db, name) != nil
}

// checkReopen fails with MySQL 8's 1137 when one statement names the same
// temporary table more than once (a self-join, a UNION of it with itself, a
// subquery over the table the outer query reads): MySQL 8.0 opens a
// temporary table once per statement. The target of INSERT ... SELECT is
// not counted against its SELECT (MySQL reads such a SELECT into a
// buffer first). MariaDB lifted the restriction; loopdb follows MySQL 8.
func (s *Session) checkReopen(stmt ast.Node) error {
	if len(s.temp) == 0 || stmt == nil {
		return nil
	}
	switch st := stmt.(type) {
	case *ast.InsertStmt:
		if st.Select == nil {
			return nil
		}
		stmt = st.Select
	case *ast.CreateTableStmt:
		if st.Select == nil {
			return nil
		}
		stmt = st.Select
	}
	v := &tempRefCollector{ctes: map[string]bool{}}
	stmt.Accept(v)
	seen := map[*table.Table]bool{}
	for _, tn := range v.names {
		if tn.Schema.O == "" && v.ctes[tn.Name.L] {
			continue // a CTE of that name hides the table
		}
		db, name, err := s.tableName(tn)
		if err != nil {
			continue
		}
		t := s.tempTable(db, name)
		if t == nil {
			continue
		}
		if seen[t] {
			return mysqldef.NewError(mysqldef.ErrCantReopenTable, "Can't reopen table: '%s'", t.Name)
		}
		seen[t] = true
	}
	return nil
}

// tempRefCollector lists the table names a statement reads from and the
// names of its CTEs.
type tempRefCollector struct {
	names []*ast.TableName
	ctes  map[string]bool
}

func (v *tempRefCollector) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.TableSource:
		if tn, ok := x.Source.(*ast.TableName); ok {
			v.names = append(v.names, tn)
		}
	case *ast.WithClause:
		for _, c := range x.CTEs {
			v.ctes[c.Name.L] = true
		}
	}
	return n, false
}

func (v *tempRefCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// buildCachedSelect is the planner's BuildCachedSelect, planned with
// numParams NULL parameters outside a statement run, except that a
// statement naming a temporary table twice is never cached: it must fail
// with 1137 at each run, which only the uncached path checks.
func (s *Session) buildCachedSelect(sel *ast.SelectStmt, numParams int) *plan.CachedSelect {
	if s.checkReopen(sel) != nil {
		return nil
	}
	s.prepareEvalCtx(make([]expr.Value, numParams))
	defer s.endStmtContext()
	return s.planner.BuildCachedSelect(sel)
}

// execCreateTempTableSelect runs CREATE TEMPORARY TABLE t [AS] SELECT ...:
// the table gets one column per result column, typed as the result column
// (expr.SQLTypeOfResult), and the rows. A failed insert leaves no table,
// as in MySQL.
func (s *Session) execCreateTempTableSelect(st *ast.CreateTableStmt, w ResultWriter, more bool) error {
	if st.ReferTable != nil {
		return expr.Unsupported("CREATE TABLE ... LIKE with a SELECT")
	}
	for _, k := range st.Constraints {
		if k.Tp == ast.ConstraintForeignKey {
			return errTempTableForeignKey()
		}
	}
	db, name, err := s.tableName(st.Table)
	if err != nil {
		return err
	}
	if err := s.checkTempTableTarget(db, name); err != nil {
		return err
	}
	if s.tempTable(db, name) != nil {
		return s.tableExists(st, name, w, more)
	}
	t, cols, rows, err := s.tableFromSelect(st, db, name)
	if err != nil {
		return err
	}
	t.Temporary = true
	if err := s.eng.catalog.Publish(t, nil); err != nil {
		return err
	}
	if _, err := s.createTempTable(t, false); err != nil {
		return err
	}
	ins := selectInsert(st, cols)
	is := &insertState{s: s, st: ins, t: t}
	if err := is.resolveTargets(); err != nil {
		_ = s.dropTempTable(t)
		return err
	}
	s.evalCtx.DivZeroIsError = s.divZeroIsError(ins.IgnoreErr)
	err = s.inTxn(func(tx storage.Txn) error { return is.insertRows(tx, rows) })
	if err != nil {
		_ = s.dropTempTable(t)
		return err
	}
	s.rowCount = int64(is.affected)
	info := fmt.Sprintf("Records: %d  Duplicates: %d  Warnings: %d", is.records, is.dups, s.warningCount())
	return s.writeOK(w, is.affected, 0, info, more)
}

// checkTempTableTarget validates where a temporary table is created.
func (s *Session) checkTempTableTarget(db, name string) error {
	if err := s.checkTempTablesSupported(); err != nil {
		return err
	}
	if !s.eng.catalog.HasDatabase(db) {
		return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	if table.IsSystemSchema(db) {
		return mysqldef.NewError(mysqldef.ErrDBAccessDenied, "Access denied for user '%s'@'%s' to database '%s'", s.user, s.acctHost, db)
	}
	return checkIdentifier(name, "table")
}

// checkViewTempTables refuses a view whose SELECT reads one of the
// session's temporary tables (MySQL's 1352): the view would outlive it.
func (s *Session) checkViewTempTables(sel ast.Node) error {
	if len(s.temp) == 0 {
		return nil
	}
	v := &tempRefCollector{ctes: map[string]bool{}}
	sel.Accept(v)
	for _, tn := range v.names {
		if (tn.Schema.O != "" || !v.ctes[tn.Name.L]) && s.isTempTableName(tn) {
			return mysqldef.NewError(mysqldef.ErrViewSelectTmptable, "View's SELECT refers to a temporary table '%s'", tn.Name.O)
		}
	}
	return nil
}

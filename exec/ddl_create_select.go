package exec

import (
	"fmt"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// execCreateTableSelect runs CREATE TABLE t [(definitions)] [IGNORE |
// REPLACE] [AS] SELECT ... as MySQL 8 does:
//
//   - The table's columns are the defined ones followed by the SELECT's, in
//     its order; a selected column a definition names takes that
//     definition (and its type) instead. Selected columns keep their
//     result type and NOT NULL-ness and get no default, index or
//     AUTO_INCREMENT of their own (MySQL keeps a copied column's DEFAULT;
//     loopdb does not: see README).
//   - Rows go in as INSERT would put them; a duplicate key fails the
//     statement (1062) unless IGNORE (skip the row, warning) or REPLACE
//     (the later row wins).
//   - The statement is atomic, as with MySQL 8's atomic DDL: when filling
//     the table fails, the table is dropped again. It commits on its own,
//     also under autocommit=0, like every DDL statement.
//   - IF NOT EXISTS on an existing table inserts nothing (note 1050).
//
// The SELECT's result is buffered before the table is created (as for
// INSERT ... SELECT), so a SELECT from the table being created fails as
// the table does not exist yet.
func (s *Session) execCreateTableSelect(st *ast.CreateTableStmt, w ResultWriter, more bool) error {
	db, name, err := s.tableName(st.Table)
	if err != nil {
		return err
	}
	if st.ReferTable != nil {
		return expr.Unsupported("CREATE TABLE ... LIKE with a SELECT")
	}
	if !s.eng.catalog.HasDatabase(db) {
		return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	if table.IsSystemSchema(db) {
		return mysqldef.NewError(mysqldef.ErrDBAccessDenied, "Access denied for user '%s'@'%s' to database '%s'", s.user, s.acctHost, db)
	}
	if err := checkIdentifier(name, "table"); err != nil {
		return err
	}
	if s.eng.catalog.Table(db, name) != nil {
		return s.tableExists(st, name, w, more)
	}
	t, cols, rows, err := s.tableFromSelect(st, db, name)
	if err != nil {
		return err
	}
	for _, k := range st.Constraints {
		if k.Tp != ast.ConstraintForeignKey {
			continue
		}
		if _, err := s.addForeignKey(t, k); err != nil {
			return err
		}
	}
	if err := s.eng.catalog.Publish(t, nil); err != nil {
		return err
	}
	existed, err := s.eng.catalog.CreateTable(t, st.IfNotExists)
	if err != nil {
		return err
	}
	if existed { // created by another session since the check above
		s.addDiag("Note", mysqldef.ErrTableExists, "Table '"+name+"' already exists")
		return s.writeOK(w, 0, 0, "", more)
	}
	if start := autoIncOption(st.Options); start > 1 && t.AutoIncOffset() >= 0 {
		if err := s.eng.catalog.RaiseAutoInc(t, start); err != nil {
			return s.undoCreate(db, name, err)
		}
	}
	live := s.eng.catalog.Table(db, name)
	if live == nil {
		return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name)
	}
	is, err := s.fillCreatedTable(st, live, cols, rows)
	if err != nil {
		return s.undoCreate(db, name, err)
	}
	s.rowCount = int64(is.affected)
	info := fmt.Sprintf("Records: %d  Duplicates: %d  Warnings: %d", is.records, is.dups, s.warningCount())
	return s.writeOK(w, is.affected, 0, info, more)
}

// tableExists answers CREATE TABLE ... SELECT of a table that exists:
// 1050, or with IF NOT EXISTS a note and nothing inserted.
func (s *Session) tableExists(st *ast.CreateTableStmt, name string, w ResultWriter, more bool) error {
	if !st.IfNotExists {
		return mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", name)
	}
	s.addDiag("Note", mysqldef.ErrTableExists, "Table '"+name+"' already exists")
	return s.writeOK(w, 0, 0, "", more)
}

// tableFromSelect runs CREATE TABLE ... SELECT's query and builds the new
// table db.name from the definitions and the result's columns.
func (s *Session) tableFromSelect(st *ast.CreateTableStmt, db, name string) (*table.Table, []Column, [][]expr.Value, error) {
	cols, rows, err := s.queryRowsCols(st.Select)
	if err != nil {
		return nil, nil, nil, err
	}
	selected, err := selectedColumns(cols)
	if err != nil {
		return nil, nil, nil, err
	}
	t, err := s.buildTableWith(st, selected)
	if err != nil {
		return nil, nil, nil, err
	}
	t.DB, t.Name = db, name
	return t, cols, rows, nil
}

// selectedColumns are the columns a SELECT's result gives a table created
// from it: its names (each at most once), result types and NOT NULL-ness.
func selectedColumns(cols []Column) ([]*table.TableColumn, error) {
	selected := make([]*table.TableColumn, len(cols))
	seen := make(map[string]bool, len(cols))
	for i, c := range cols {
		if err := checkIdentifier(c.Name, "column"); err != nil {
			return nil, err
		}
		key := strings.ToLower(c.Name)
		if seen[key] {
			return nil, mysqldef.NewError(mysqldef.ErrDupFieldName, "Duplicate column name '%s'", c.Name)
		}
		seen[key] = true
		selected[i] = &table.TableColumn{Name: c.Name, Type: expr.SQLTypeOfResult(c.Type),
			NotNull: c.Type.Flags&mysqldef.FlagNotNull != 0}
	}
	return selected, nil
}

// selectInsert is the INSERT that fills a table created from a SELECT:
// the SELECT's columns by name, IGNORE or REPLACE as the CREATE said.
func selectInsert(st *ast.CreateTableStmt, cols []Column) *ast.InsertStmt {
	ins := &ast.InsertStmt{
		IgnoreErr: st.OnDuplicate == ast.OnDuplicateKeyHandlingIgnore,
		IsReplace: st.OnDuplicate == ast.OnDuplicateKeyHandlingReplace,
	}
	for _, c := range cols {
		ins.Columns = append(ins.Columns, &ast.ColumnName{Name: ast.NewCIStr(c.Name)})
	}
	return ins
}

// fillCreatedTable inserts the SELECT's rows into the new table in a
// transaction of their own, holding the table's metadata lock exclusively
// so no other session sees it half filled.
func (s *Session) fillCreatedTable(st *ast.CreateTableStmt, t *table.Table, cols []Column, rows [][]expr.Value) (*insertState, error) {
	ins := selectInsert(st, cols)
	is := &insertState{s: s, st: ins, t: t}
	if err := is.resolveTargets(); err != nil {
		return nil, err
	}
	mdl := &t.Shared().MDL
	mdl.Lock()
	defer mdl.Unlock()
	s.evalCtx.DivZeroIsError = s.divZeroIsError(ins.IgnoreErr)
	tx := s.eng.newTxn()
	tx.BeginStatement()
	if err := is.insertRows(tx, rows); err != nil {
		tx.Rollback()
		return nil, err
	}
	tx.EndStatement()
	if err := s.commit(tx); err != nil {
		return nil, s.mapStorageErr(err)
	}
	return is, nil
}

// insertRows writes rows (one value per target column each) into the
// table in tx, as INSERT ... SELECT does.
func (is *insertState) insertRows(tx storage.Txn, rows [][]expr.Value) error {
	s := is.s
	is.tw = s.newTableWriter(is.t, tx)
	is.wc = table.WriteCtx{Eval: s.evalCtx, Strict: s.strictMode() && !is.st.IgnoreErr}
	is.tw.UseWriteCtx(&is.wc)
	for _, r := range rows {
		if err := is.insertOne(r); err != nil {
			return err
		}
	}
	return nil
}

// undoCreate drops a table CREATE TABLE ... SELECT made and could not
// fill, and returns the error that stopped it.
func (s *Session) undoCreate(db, name string, cause error) error {
	if err := s.eng.catalog.DropTable(db, name); err != nil {
		s.eng.log.Warn("CREATE TABLE ... SELECT failed and its table could not be dropped", "table", db+"."+name, "err", err)
	}
	return cause
}

package exec

import (
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// execTruncate empties a table: rows, index entries and id counters go in
// one range deletion, in the transaction that also publishes a new
// descriptor version with fresh counters, so AUTO_INCREMENT starts again
// at 1.
func (s *Session) execTruncate(st *ast.TruncateTableStmt, w ResultWriter, more bool) error {
	t, unlock, err := s.lockTableExclusive(st.Table)
	if err != nil {
		return err
	}
	defer unlock()
	if s.foreignKeyChecks() {
		// MySQL refuses to truncate a parent of another table (a
		// self-reference does not count).
		for _, ref := range s.referencedBy(t) {
			if ref.Child.ID != t.ID {
				return mysqldef.NewError(mysqldef.ErrTruncateIllegalFK,
					"Cannot truncate a table referenced in a foreign key constraint (%s)", truncateFKText(ref))
			}
		}
	}
	next := t.Clone()
	// A fresh table.Shared: the allocators reload from the (deleted)
	// counters. Statements waiting on the old metadata lock see the
	// descriptor changed and look the table up again.
	if err := s.eng.catalog.Publish(next, nil); err != nil {
		return err
	}
	err = s.replaceTable(t, next, func(tx storage.Txn) error {
		return table.DeleteTableData(tx, t.ID)
	})
	if err != nil {
		return err
	}
	return s.writeOK(w, 0, 0, "", more)
}

// checkRenameTarget validates the destination of a rename.
func (s *Session) checkRenameTarget(db, name string) error {
	if table.IsSystemSchema(db) {
		return mysqldef.NewError(mysqldef.ErrDBAccessDenied, "Access denied for user '%s'@'%s' to database '%s'", s.user, s.acctHost, db)
	}
	if !s.eng.catalog.HasDatabase(db) {
		return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	return checkIdentifier(name, "table")
}

// execRenameTable runs RENAME TABLE a TO b [, c TO d ...]. The pairs are
// checked in order against the names as earlier pairs leave them, so
// swaps through a temporary name work, then applied one by one.
func (s *Session) execRenameTable(st *ast.RenameTableStmt, w ResultWriter, more bool) error {
	type pair struct{ fromDB, from, toDB, to string }
	pairs := make([]pair, 0, len(st.TableToTables))
	exists := map[[2]string]bool{}
	has := func(db, name string) bool {
		if v, ok := exists[[2]string{db, name}]; ok {
			return v
		}
		return s.findTable(db, name) != nil
	}
	for _, tt := range st.TableToTables {
		fromDB, from, err := s.tableName(tt.OldTable)
		if err != nil {
			return err
		}
		toDB, to, err := s.tableName(tt.NewTable)
		if err != nil {
			return err
		}
		if !has(fromDB, from) {
			return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", fromDB, from)
		}
		if has(toDB, to) {
			return mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", to)
		}
		if err := s.checkRenameTarget(toDB, to); err != nil {
			return err
		}
		exists[[2]string{fromDB, from}] = false
		exists[[2]string{toDB, to}] = true
		pairs = append(pairs, pair{fromDB, from, toDB, to})
	}
	for i, pr := range pairs {
		if err := s.renameOne(pr.fromDB, pr.from, pr.toDB, pr.to); err != nil {
			// Undo the renames already done, newest first, so the
			// statement changes nothing (a concurrent DDL raced us).
			for j := i - 1; j >= 0; j-- {
				_ = s.renameOne(pairs[j].toDB, pairs[j].to, pairs[j].fromDB, pairs[j].from)
			}
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// renameOne moves one table under its exclusive metadata lock.
func (s *Session) renameOne(fromDB, from, toDB, to string) error {
	t, unlock, err := s.lockExclusive(&ast.TableName{Schema: ast.NewCIStr(fromDB), Name: ast.NewCIStr(from)})
	if err != nil {
		return err
	}
	defer unlock()
	if t.IsView() && fromDB != toDB {
		// MySQL keeps a view in its database.
		return mysqldef.NewError(mysqldef.ErrForbidSchemaChange, "Changing schema from '%s' to '%s' is not allowed.", fromDB, toDB)
	}
	next := t.Clone()
	next.DB, next.Name = toDB, to
	if err := s.eng.catalog.Publish(next, t.Shared()); err != nil {
		return err
	}
	return s.replaceTable(t, next, nil)
}

package exec

import (
	"log/slog"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Temporary tables (CREATE TEMPORARY TABLE), MySQL 8's session-scoped
// tables.
//
// Where they live. The descriptor stays in the creating session's memory
// (Session.temp), never in the catalog: no other session can find it, SHOW
// TABLES and information_schema (which read the catalog) do not list it,
// and no catalog write or schema-version bump is paid for it. Its rows and
// index entries go to the same store as every table's, under a table id
// from the reserved range at table.TempIDBase, through the session's own
// transactions: DML, indexes, joins and subqueries work unchanged, and
// ROLLBACK undoes a temporary table's rows as InnoDB does (while CREATE and
// DROP TEMPORARY TABLE neither commit nor roll back, as in MySQL).
//
// How they go. The session deletes a table's key range when the table is
// dropped and when the session ends (disconnect, KILL, COM_CHANGE_USER,
// COM_RESET_CONNECTION). A crash skips that, so the id range itself is the
// marker: every key from TablePrefix(TempIDBase) to the end of the 't'
// space is temporary data, and NewEngine deletes whatever is there before
// the first session starts (cleanOrphanTempData). The AUTO_INCREMENT and
// row-id counters of a temporary table stay in memory (table.Table's
// Temporary), so nothing about it is written under 'm'.
//
// Name resolution. A temporary table shadows a base table of the same name
// for its session: findTable and lockTable look in Session.temp first.
// The plan caches need no key of their own: a cached plan re-locks its
// tables by name and re-plans when the descriptor found is not the one it
// was built with, which is the case whenever a temporary table starts or
// stops shadowing a name. Privileges are checked by name at each run, and a
// name that is a temporary table needs none (priv_check.go).
//
// A store shared by several front ends (storage/tikv) is refused: the
// start-up cleanup of one front end would delete the live temporary tables
// of another, and there is no record of which front end is alive.

// tempKey names a temporary table: its database and name as written
// (case-sensitive, as the catalog's names are).
type tempKey struct{ db, name string }

// tempTables are a session's temporary tables.
type tempTables map[tempKey]*table.Table

// tempTable returns the session's temporary table db.name, or nil.
func (s *Session) tempTable(db, name string) *table.Table {
	if len(s.temp) == 0 {
		return nil
	}
	return s.temp[tempKey{db, name}]
}

// findTable returns what db.name means to this session: its temporary
// table, else the catalog's table or view, else nil.
func (s *Session) findTable(db, name string) *table.Table {
	if t := s.tempTable(db, name); t != nil {
		return t
	}
	return s.eng.catalog.Table(db, name)
}

// referencedBy lists the foreign keys naming t as their parent. None name a
// temporary table, even one shadowing a parent.
func (s *Session) referencedBy(t *table.Table) []table.FKRef {
	if t.Temporary {
		return nil
	}
	return s.eng.catalog.ReferencedBy(t.DB, t.Name)
}

// checkTempTablesSupported refuses temporary tables on a shared store
// (see the comment at the top of this file).
func (s *Session) checkTempTablesSupported() error {
	if s.eng.catalog.Shared() {
		return expr.Unsupported("CREATE TEMPORARY TABLE on a store shared by several front ends (--store=tikv://)")
	}
	return nil
}

// createTempTable registers t (published, Temporary set) as a temporary
// table of the session under a fresh id; existed reports a temporary table
// of that name already there (an error unless ifNotExists).
func (s *Session) createTempTable(t *table.Table, ifNotExists bool) (existed bool, err error) {
	if s.tempTable(t.DB, t.Name) != nil {
		if ifNotExists {
			return true, nil
		}
		return true, mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", t.Name)
	}
	t.ID = table.TempIDBase + s.eng.tempIDs.Add(1)
	t.CreateTime = s.stmtStart.Unix()
	if s.temp == nil {
		s.temp = make(tempTables)
	}
	s.temp[tempKey{t.DB, t.Name}] = t
	s.eng.tempTablesOpen.Add(1)
	return false, nil
}

// dropTempTable forgets t and deletes its rows and index entries.
func (s *Session) dropTempTable(t *table.Table) error {
	delete(s.temp, tempKey{t.DB, t.Name})
	s.eng.tempTablesOpen.Add(-1)
	if s.txn != nil {
		// Rows the open transaction wrote must not reach the store when
		// it commits: they would belong to no table.
		if err := table.DeleteTableData(s.txn, t.ID); err != nil {
			return err
		}
	}
	return s.deleteTempData(t.ID)
}

// deleteTempData deletes a temporary table's committed keys in a
// transaction of its own.
func (s *Session) deleteTempData(id uint64) error {
	tx := s.eng.newTxn()
	if err := table.DeleteTableData(tx, id); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// replaceTable swaps in a new version of a table after ALTER, TRUNCATE,
// CREATE/DROP INDEX or a rename: in the catalog, or for a temporary table
// in the session, with fill's data changes committed first.
func (s *Session) replaceTable(old, next *table.Table, fill func(tx storage.Txn) error) error {
	if !old.Temporary {
		return s.eng.catalog.ReplaceTable(old, next, fill)
	}
	if s.tempTable(old.DB, old.Name) != old {
		return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", old.DB, old.Name)
	}
	renamed := old.DB != next.DB || old.Name != next.Name
	if renamed && s.tempTable(next.DB, next.Name) != nil {
		return mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", next.Name)
	}
	if fill != nil {
		tx := s.eng.newTxn()
		if err := fill(tx); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	next.Temporary = true
	delete(s.temp, tempKey{old.DB, old.Name})
	s.temp[tempKey{next.DB, next.Name}] = next
	return nil
}

// dropAllTempTables ends every temporary table of the session (disconnect,
// KILL, COM_CHANGE_USER, COM_RESET_CONNECTION). Call it after the open
// transaction ended. A failure is logged: the next start removes the rest.
func (s *Session) dropAllTempTables() {
	for _, t := range s.temp {
		if err := s.dropTempTable(t); err != nil {
			s.eng.log.Warn("temporary table cleanup failed; the next start removes it",
				slog.String("table", t.DB+"."+t.Name), slog.Any("err", err))
		}
	}
	s.temp = nil
}

// cleanOrphanTempData deletes the temporary tables a crashed server left
// behind: every key in the reserved id range (no session exists yet). A
// store shared by several front ends is left alone (temporary tables are
// refused there).
func (e *Engine) cleanOrphanTempData() error {
	if e.catalog.Shared() {
		return nil
	}
	start := table.TablePrefix(table.TempIDBase)
	end := storage.PrefixEnd([]byte{storage.TablePrefix})
	it, err := e.store.NewIter(start, end)
	if err != nil {
		return err
	}
	found := it.First()
	err = it.Error()
	_ = it.Close()
	if err != nil || !found {
		return err // nothing there: no range tombstone for every start
	}
	tx := e.store.Begin(storage.TxnOptions{})
	if err := storage.DeleteRange(tx, start, end); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	e.log.Info("removed temporary tables left by an unclean shutdown")
	return nil
}

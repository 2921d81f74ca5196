package table

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// systemSchemas exist on every server and cannot be created or dropped.
var systemSchemas = []string{"information_schema", "mysql", "performance_schema", "sys"}

// Catalog holds the databases (schemas) and table descriptors. It is
// durable in storage, written through storage transactions, and cached in
// memory.
type Catalog struct {
	store  storage.Engine
	shared bool // other front ends write store too (catalog_sync.go)
	mu     sync.RWMutex
	dbs    map[string]string            // name -> default collation ("": utf8mb4_0900_ai_ci)
	tables map[string]map[string]*Table // db -> name -> current descriptor
	refs   map[string][]FKRef           // parent (refKey) -> constraints naming it; see rebuildRefs
	// routines: db -> lower-case name -> stored procedure (routine.go).
	routines map[string]map[string]*Routine
	// version is the schema version the cache was built from.
	version uint64
	// hooks run when Sync sees the version move (catalog_sync.go);
	// hookVersion is the version they last ran for.
	hookMu      sync.Mutex
	hooks       []func() error
	hookVersion atomic.Uint64
}

const metaKindDB = "db"

// OpenCatalog loads the catalog from store.
func OpenCatalog(store storage.Engine) (*Catalog, error) {
	c := &Catalog{store: store}
	if sh, ok := store.(storage.Shared); ok {
		c.shared = sh.SharedByFrontEnds()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c, c.reloadLocked()
}

// loadDatabases reads the database names and default collations.
func loadDatabases(store storage.Engine) (map[string]string, error) {
	dbs := make(map[string]string)
	prefix := storage.MetaKindPrefix(metaKindDB)
	it, err := store.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		_, parts, err := storage.DecodeMetaKey(it.Key())
		if err != nil || len(parts) != 1 {
			continue
		}
		dbs[parts[0]] = dbCollation(it.Value())
	}
	return dbs, it.Error()
}

// IsSystemSchema reports whether name is one of the schemas every server
// has (information_schema, mysql, ...), which cannot be created or dropped.
func IsSystemSchema(name string) bool {
	for _, s := range systemSchemas {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// HasDatabase reports whether name exists.
func (c *Catalog) HasDatabase(name string) bool {
	if IsSystemSchema(name) {
		return true
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.dbs[name]
	return ok
}

func (c *Catalog) hasDatabaseLocked(name string) bool {
	_, ok := c.dbs[name]
	return ok || IsSystemSchema(name)
}

// Databases lists all databases, sorted.
func (c *Catalog) Databases() []string {
	c.mu.RLock()
	out := append([]string(nil), systemSchemas...)
	for name := range c.dbs {
		out = append(out, name)
	}
	c.mu.RUnlock()
	sort.Strings(out)
	return out
}

// dbCollation reads a database record: 1 for the default collation (as
// every database was stored before CHARACTER SET was kept), or the
// collation's name.
func dbCollation(v []byte) string {
	if len(v) <= 1 {
		return ""
	}
	return string(v)
}

// DatabaseCollation is the default collation of database name ("" for
// utf8mb4_0900_ai_ci, and for databases that do not exist).
func (c *Catalog) DatabaseCollation(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.dbs[name]
}

// CreateDatabase creates name; existed reports an existing one (an error
// unless ifNotExists).
func (c *Catalog) CreateDatabase(name string, ifNotExists bool) (existed bool, err error) {
	return c.CreateDatabaseWith(name, ifNotExists, "")
}

// CreateDatabaseWith is CreateDatabase with a default collation ("" for
// utf8mb4_0900_ai_ci).
func (c *Catalog) CreateDatabaseWith(name string, ifNotExists bool, collation string) (existed bool, err error) {
	if c.HasDatabase(name) {
		if ifNotExists {
			return true, nil
		}
		return true, mysqldef.NewError(mysqldef.ErrDBCreateExists, "Can't create database '%s'; database exists", name)
	}
	if err := validIdentifier(name); err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.dbs[name]; ok {
		return true, mysqldef.NewError(mysqldef.ErrDBCreateExists, "Can't create database '%s'; database exists", name)
	}
	if err := c.changeSchema(func(tx storage.Txn) error {
		v := []byte{1}
		if collation != "" {
			v = []byte(collation)
		}
		return tx.Set(storage.MetaKey(metaKindDB, name), v)
	}); err != nil {
		return false, err
	}
	c.dbs[name] = collation
	return false, nil
}

// DropDatabase drops name; missing reports a database that did not exist
// (an error unless ifExists).
func (c *Catalog) DropDatabase(name string, ifExists bool) (missing bool, err error) {
	if IsSystemSchema(name) {
		return false, mysqldef.NewError(mysqldef.ErrDBAccessDenied, "Access denied for user to database '%s'", name)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.dbs[name]; !ok {
		if ifExists {
			return true, nil
		}
		return true, mysqldef.NewError(mysqldef.ErrDBDropExists, "Can't drop database '%s'; database doesn't exist", name)
	}
	err = c.changeSchema(func(tx storage.Txn) error {
		if err := tx.Delete(storage.MetaKey(metaKindDB, name)); err != nil {
			return err
		}
		// Its tables and routines go with it, in the same transaction.
		if err := c.deleteRoutinesIn(tx, name); err != nil {
			return err
		}
		for _, t := range c.tables[name] {
			if err := tx.Delete(storage.MetaKey(metaKindTable, t.DB, t.Name)); err != nil {
				return err
			}
			if err := DeleteTableData(tx, t.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	delete(c.dbs, name)
	delete(c.tables, name)
	delete(c.routines, name)
	c.rebuildRefs()
	return false, nil
}

// change runs edit in a transaction of its own and commits it durably.
// Catalog writes never join a session's transaction (DDL commits that
// first), and the catalog's mutexes serialise its writers, so they take no
// row locks. Changes to databases and descriptors go through changeSchema,
// which also bumps the schema version other front ends watch.
func (c *Catalog) change(edit func(tx storage.Txn) error) error {
	tx := c.store.Begin(storage.TxnOptions{})
	if err := edit(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// validIdentifier applies MySQL's limits to a schema name: at most 64
// characters, no trailing space, no NUL.
func validIdentifier(name string) error {
	if name == "" || len([]rune(name)) > 64 || strings.HasSuffix(name, " ") || strings.ContainsRune(name, 0) {
		return mysqldef.NewError(mysqldef.ErrWrongDBName, "Incorrect database name '%s'", name)
	}
	return nil
}

package table

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Several front ends over one store (storage.Shared) each cache the
// catalog. The schema version key ("schema", "version") is bumped by every
// catalog change, in the change's own transaction, after locking it: the
// lock serialises DDL across front ends, and a front end whose cache is
// older than the stored version refuses its change (ER_TABLE_DEF_CHANGED,
// retry) instead of writing over a descriptor it has not seen. Before each
// statement, Sync compares the stored version with the cached one and
// reloads the catalog when another front end changed it. Over a store only
// this process writes, the version is still kept but Sync costs nothing.
const (
	metaKindSchema    = "schema"
	schemaVersionPart = "version"
	// schemaLockWait bounds how long a DDL waits for another front end's
	// DDL to commit.
	schemaLockWait = 30 * time.Second
)

func schemaVersionKey() []byte { return storage.MetaKey(metaKindSchema, schemaVersionPart) }

func decodeVersion(v []byte, err error) (uint64, error) {
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return 0, nil
	case err != nil:
		return 0, err
	case len(v) != 8:
		return 0, errors.New("catalog: bad schema version value")
	}
	return binary.BigEndian.Uint64(v), nil
}

// Shared reports whether other front ends write the catalog's store.
func (c *Catalog) Shared() bool { return c.shared }

// Sync reloads the catalog when another front end changed it since this
// one last looked (a no-op over an unshared store). exec calls it before
// each statement; a statement then sees every schema change committed
// before it began.
func (c *Catalog) Sync() error {
	if !c.shared {
		return nil
	}
	stored, err := decodeVersion(c.store.Get(schemaVersionKey()))
	if err != nil {
		return err
	}
	c.mu.RLock()
	current := c.version
	c.mu.RUnlock()
	if stored != current {
		c.mu.Lock()
		err := c.reloadLocked()
		current = c.version
		c.mu.Unlock()
		if err != nil {
			return err
		}
	}
	if current == c.hookVersion.Load() {
		return nil
	}
	return c.runSharedHooks()
}

// OnSharedChange registers fn to run after Sync finds that the shared
// version moved: what else the front ends share through that version (the
// accounts) reloads there. fn runs outside the catalog's lock, one call
// at a time.
func (c *Catalog) OnSharedChange(fn func() error) {
	c.hookMu.Lock()
	defer c.hookMu.Unlock()
	c.hooks = append(c.hooks, fn)
	c.mu.RLock()
	c.hookVersion.Store(c.version)
	c.mu.RUnlock()
}

// runSharedHooks runs the hooks once for the catalog's current version
// (a hook that fails runs again at the next Sync).
func (c *Catalog) runSharedHooks() error {
	c.hookMu.Lock()
	defer c.hookMu.Unlock()
	c.mu.RLock()
	v := c.version
	c.mu.RUnlock()
	if v == c.hookVersion.Load() {
		return nil
	}
	for _, fn := range c.hooks {
		if err := fn(); err != nil {
			return err
		}
	}
	c.hookVersion.Store(v)
	return nil
}

// BumpSharedVersion makes a change that tx commits, to state other than
// the catalog that front ends share (an account), reach the others: it
// locks the version key until tx ends and moves it on, so every front
// end's next Sync reloads and runs its OnSharedChange hooks. A no-op over
// an unshared store.
func (c *Catalog) BumpSharedVersion(tx storage.Txn) error {
	if !c.shared {
		return nil
	}
	key := schemaVersionKey()
	if err := tx.Lock(context.Background(), key, schemaLockWait); err != nil {
		return err
	}
	stored, err := decodeVersion(tx.Current().Get(key))
	if err != nil {
		return err
	}
	return tx.Set(key, binary.BigEndian.AppendUint64(nil, stored+1))
}

// reloadLocked reads every database and descriptor again (c.mu held). A
// descriptor whose id and version are unchanged keeps its object, so
// statements and cached plans holding it stay valid; a changed one keeps
// its table's Shared (metadata lock, counters).
func (c *Catalog) reloadLocked() error {
	version, err := decodeVersion(c.store.Get(schemaVersionKey()))
	if err != nil {
		return err
	}
	old := make(map[uint64]*Table)
	for _, tables := range c.tables {
		for _, t := range tables {
			old[t.ID] = t
		}
	}
	dbs, err := loadDatabases(c.store)
	if err != nil {
		return err
	}
	loaded, err := c.readTables()
	if err != nil {
		return err
	}
	routines, err := c.readRoutines()
	if err != nil {
		return err
	}
	c.dbs, c.tables, c.routines, c.version = dbs, make(map[string]map[string]*Table), routines, version
	for _, t := range loaded {
		prev := old[t.ID]
		switch {
		case prev != nil && prev.Version == t.Version && prev.DB == t.DB && prev.Name == t.Name:
			t = prev
		case prev != nil:
			if err := c.Publish(t, prev.shared); err != nil {
				return err
			}
		default:
			if err := c.Publish(t, nil); err != nil {
				return err
			}
		}
		c.putTable(t)
	}
	c.rebuildRefs()
	return nil
}

// changeSchema runs a catalog change (c.mu held) in a transaction of its
// own that also locks and bumps the schema version. When the stored
// version is not the one this catalog was built from, another front end
// changed the catalog since: the change is refused and the cache reloaded,
// so the statement can be retried against what is really there.
func (c *Catalog) changeSchema(edit func(tx storage.Txn) error) error {
	tx := c.store.Begin(storage.TxnOptions{})
	key := schemaVersionKey()
	if err := tx.Lock(context.Background(), key, schemaLockWait); err != nil {
		tx.Rollback()
		return err
	}
	stored, err := decodeVersion(tx.Current().Get(key))
	if err != nil {
		tx.Rollback()
		return err
	}
	if stored != c.version {
		tx.Rollback()
		if err := c.reloadLocked(); err != nil {
			return err
		}
		return mysqldef.NewError(mysqldef.ErrTableDefChanged, "Table definition has changed, please retry transaction")
	}
	if err := edit(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Set(key, binary.BigEndian.AppendUint64(nil, stored+1)); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	c.version = stored + 1
	return nil
}

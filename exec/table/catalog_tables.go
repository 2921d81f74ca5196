package table

import (
	"context"
	"encoding/binary"
	"sort"
	"strconv"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/internal/jsoncodec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Catalog keys for tables: the descriptor under ("table", db, name), id
// counters under ("seq", ...).
const (
	metaKindTable  = "table"
	metaKindSeq    = "seq"
	seqTableID     = "table_id"
	seqAutoIncPart = "autoinc"
	seqRowIDPart   = "rowid"
)

// readTables reads every table descriptor (unpublished).
func (c *Catalog) readTables() ([]*Table, error) {
	var out []*Table
	prefix := storage.MetaKindPrefix(metaKindTable)
	it, err := c.store.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		t := new(Table)
		if err := jsoncodec.Unmarshal(it.Value(), t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, it.Error()
}

func (c *Catalog) putTable(t *Table) {
	m := c.tables[t.DB]
	if m == nil {
		m = make(map[string]*Table)
		c.tables[t.DB] = m
	}
	m[t.Name] = t
}

// Publish prepares a descriptor for use: lookup maps and coerced defaults.
func (c *Catalog) Publish(t *Table, shared *Shared) error {
	t.Publish(shared)
	ctx := &WriteCtx{Eval: expr.NewEvalCtx(nil, time.Now(), nil), Strict: true, Row: 1}
	// A TIMESTAMP default's text is in UTC (defaultValue normalises it so):
	// read in UTC, it comes out in storage form unchanged.
	ctx.Eval.Loc = time.UTC
	for _, col := range t.Columns {
		col.addedDefault = expr.Value{}
		if col.Default == nil {
			continue
		}
		v, err := defaultFromText(ctx, col)
		if err != nil {
			return mysqldef.NewError(mysqldef.ErrInvalidDefault, "Invalid default value for '%s'", col.Name)
		}
		col.addedDefault = v
	}
	return nil
}

// defaultFromText reads a column's stored default text as a value of the
// column. A BIT default is kept as b'...' (the form SHOW shows), which a
// string coercion would read as its characters' bytes.
func defaultFromText(ctx *WriteCtx, col *TableColumn) (expr.Value, error) {
	if col.Type.Tp != mysqldef.TypeBit {
		return ctx.Coerce(col, expr.StringValue(*col.Default))
	}
	u, ok := ParseBitLiteral(*col.Default)
	if !ok || !BitFits(u, col.Type.Flen) {
		return expr.Value{}, mysqldef.NewError(mysqldef.ErrInvalidDefault, "Invalid default value for '%s'", col.Name)
	}
	return expr.UintValue(u), nil
}

// Table returns the current descriptor of db.name, or nil.
func (c *Catalog) Table(db, name string) *Table {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.tables[db][name]
}

// TablesIn lists db's tables sorted by name.
func (c *Catalog) TablesIn(db string) []*Table {
	c.mu.RLock()
	out := make([]*Table, 0, len(c.tables[db]))
	for _, t := range c.tables[db] {
		out = append(out, t)
	}
	c.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// storeTable writes a descriptor in tx.
func storeTable(tx storage.Txn, t *Table) error {
	data, err := jsoncodec.Marshal(t)
	if err != nil {
		return err
	}
	return tx.Set(storage.MetaKey(metaKindTable, t.DB, t.Name), data)
}

// nextTableID allocates a table id durably in tx (callers hold c.mu).
func (c *Catalog) nextTableID(tx storage.Txn) (uint64, error) {
	key := storage.MetaKey(metaKindSeq, seqTableID)
	var id uint64
	if v, err := tx.Get(key); err == nil && len(v) == 8 {
		id = binary.BigEndian.Uint64(v)
	} else if err != nil && err != storage.ErrNotFound {
		return 0, err
	}
	id++
	if err := tx.Set(key, binary.BigEndian.AppendUint64(nil, id)); err != nil {
		return 0, err
	}
	return id, nil
}

// CreateTable adds t (with its id unset) to the catalog.
func (c *Catalog) CreateTable(t *Table, ifNotExists bool) (existed bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.hasDatabaseLocked(t.DB) {
		return false, mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", t.DB)
	}
	if c.tables[t.DB][t.Name] != nil {
		if ifNotExists {
			return true, nil
		}
		return true, mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", t.Name)
	}
	err = c.changeSchema(func(tx storage.Txn) error {
		var err error
		if t.ID, err = c.nextTableID(tx); err != nil {
			return err
		}
		t.CreateTime = time.Now().Unix()
		return storeTable(tx, t)
	})
	if err != nil {
		return false, err
	}
	c.putTable(t)
	c.rebuildRefs()
	return false, nil
}

// DropTable removes a table and all its rows and index entries.
func (c *Catalog) DropTable(db, name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.tables[db][name]
	if t == nil {
		return mysqldef.NewError(mysqldef.ErrBadTable, "Unknown table '%s.%s'", db, name)
	}
	t.shared.MDL.Lock()
	defer t.shared.MDL.Unlock()
	err := c.changeSchema(func(tx storage.Txn) error {
		if err := tx.Delete(storage.MetaKey(metaKindTable, db, name)); err != nil {
			return err
		}
		return DeleteTableData(tx, t.ID)
	})
	if err != nil {
		return err
	}
	delete(c.tables[db], name)
	c.rebuildRefs()
	return nil
}

// DeleteTableData removes every row, index entry and counter of table id.
func DeleteTableData(tx storage.Txn, id uint64) error {
	prefix := TablePrefix(id)
	if err := storage.DeleteRange(tx, prefix, storage.PrefixEnd(prefix)); err != nil {
		return err
	}
	for _, part := range []string{seqAutoIncPart, seqRowIDPart, seqAutoIncPart + exactSuffix, seqRowIDPart + exactSuffix} {
		if err := tx.Delete(storage.MetaKey(metaKindSeq, part, strconv.FormatUint(id, 10))); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceTable swaps in a new version of a table (ALTER, RENAME); writes
// extra changes from fill into the same transaction so the switch is atomic.
func (c *Catalog) ReplaceTable(old, next *Table, fill func(tx storage.Txn) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch cur := c.tables[old.DB][old.Name]; {
	case cur == nil:
		return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", old.DB, old.Name)
	case cur != old: // another front end changed it since the statement began
		return mysqldef.NewError(mysqldef.ErrTableDefChanged, "Table definition has changed, please retry transaction")
	}
	if (old.DB != next.DB || old.Name != next.Name) && c.tables[next.DB][next.Name] != nil {
		return mysqldef.NewError(mysqldef.ErrTableExists, "Table '%s' already exists", next.Name)
	}
	children, err := c.retargetChildren(old, next)
	if err != nil {
		return err
	}
	err = c.changeSchema(func(tx storage.Txn) error {
		if old.DB != next.DB || old.Name != next.Name {
			if err := tx.Delete(storage.MetaKey(metaKindTable, old.DB, old.Name)); err != nil {
				return err
			}
		}
		if fill != nil {
			if err := fill(tx); err != nil {
				return err
			}
		}
		for _, child := range children {
			if err := storeTable(tx, child); err != nil {
				return err
			}
		}
		return storeTable(tx, next)
	})
	if err != nil {
		return err
	}
	delete(c.tables[old.DB], old.Name)
	c.putTable(next)
	for _, child := range children {
		c.putTable(child)
	}
	c.rebuildRefs()
	return nil
}

// allocID hands out n consecutive ids (AUTO_INCREMENT values or hidden row
// ids) for table t, making the high-water mark durable ahead of use.
func (c *Catalog) allocID(t *Table, a *idAllocator, part string, n uint64) (uint64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := c.loadIDs(t, a, part); err != nil {
		return 0, err
	}
	if err := c.reserveIDs(t, a, part, a.next.Load()+n); err != nil {
		return 0, err
	}
	first := a.next.Load() // reserveIDs may have moved it past another front end's range
	a.next.Store(first + n)
	return first, nil
}

// AllocAutoInc hands out n consecutive AUTO_INCREMENT values of t and
// returns the first (n = 0 peeks at the next one).
func (c *Catalog) AllocAutoInc(t *Table, n uint64) (uint64, error) {
	return c.allocID(t, &t.shared.autoInc, seqAutoIncPart, n)
}

// RaiseAutoInc makes t's AUTO_INCREMENT hand out only values >= v.
func (c *Catalog) RaiseAutoInc(t *Table, v uint64) error {
	return c.raiseID(t, &t.shared.autoInc, seqAutoIncPart, v)
}

// AllocRowID hands out a hidden row id of t (a table without a primary
// key).
func (c *Catalog) AllocRowID(t *Table) (uint64, error) {
	return c.allocID(t, &t.shared.rowID, seqRowIDPart, 1)
}

// raiseID makes the allocator hand out only ids >= v (an explicit
// AUTO_INCREMENT value v-1 was inserted).
func (c *Catalog) raiseID(t *Table, a *idAllocator, part string, v uint64) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := c.loadIDs(t, a, part); err != nil {
		return err
	}
	if v <= a.next.Load() {
		return nil
	}
	a.next.Store(v)
	return c.reserveIDs(t, a, part, v)
}

func idKey(t *Table, part string) []byte {
	return storage.MetaKey(metaKindSeq, part, strconv.FormatUint(t.ID, 10))
}

// loadIDs reads the counter once (a.mu held): the exact value saved by a
// clean shutdown when there is one, else the durable high-water mark
// (after a crash ids continue above everything possibly handed out; a
// front end that starts next to others begins above every range they
// reserved).
func (c *Catalog) loadIDs(t *Table, a *idAllocator, part string) error {
	if a.loaded {
		return nil
	}
	if t.Temporary {
		// A temporary table dies with its session (or, after a crash,
		// at the next start): its counters never need to be durable.
		a.next.Store(1)
		a.durable = ^uint64(0)
		a.loaded = true
		return nil
	}
	start := uint64(1)
	if v, err := c.store.Get(idKey(t, part)); err == nil && len(v) == 8 {
		start = binary.BigEndian.Uint64(v)
	} else if err != nil && err != storage.ErrNotFound {
		return err
	}
	a.durable = start
	exact, err := c.takeExactID(idKey(t, part+exactSuffix))
	if err != nil {
		return err
	}
	if exact > 0 {
		start = exact
	}
	a.next.Store(start)
	a.loaded = true
	return nil
}

// takeExactID reads and deletes the value a clean shutdown saved (0 if
// none), under its lock, so that of several front ends loading the
// counter at once only one continues from it.
func (c *Catalog) takeExactID(key []byte) (uint64, error) {
	tx := c.store.Begin(storage.TxnOptions{})
	defer tx.Rollback()
	if err := tx.Lock(context.Background(), key, schemaLockWait); err != nil {
		return 0, err
	}
	v, err := tx.Current().Get(key)
	if err == storage.ErrNotFound || (err == nil && len(v) != 8) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	// Used once: a later crash must fall back to the high-water mark.
	if err := tx.Delete(key); err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint64(v), tx.Commit()
}

// exactSuffix marks the counter value saved at a clean shutdown.
const exactSuffix = "_exact"

// SaveExactIDs records every loaded counter's next value, so a clean
// restart continues without a gap (as MySQL 8 does).
func (c *Catalog) SaveExactIDs() error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.change(c.writeExactIDs)
}

// writeExactIDs writes the next value of every loaded counter in tx
// (c.mu held). A counter another front end reserved past this one's range
// is left alone: continuing from our next value would hand out its ids.
func (c *Catalog) writeExactIDs(tx storage.Txn) error {
	for _, tables := range c.tables {
		for _, t := range tables {
			for _, x := range []struct {
				a    *idAllocator
				part string
			}{{&t.shared.autoInc, seqAutoIncPart}, {&t.shared.rowID, seqRowIDPart}} {
				if err := c.writeExactID(tx, t, x.a, x.part); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (c *Catalog) writeExactID(tx storage.Txn, t *Table, a *idAllocator, part string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.loaded {
		return nil
	}
	mark := idKey(t, part)
	if err := tx.Lock(context.Background(), mark, schemaLockWait); err != nil {
		return err
	}
	v, err := tx.Current().Get(mark)
	if err != nil && err != storage.ErrNotFound {
		return err
	}
	if err == nil && len(v) == 8 && binary.BigEndian.Uint64(v) != a.durable {
		return nil
	}
	return tx.Set(idKey(t, part+exactSuffix), binary.BigEndian.AppendUint64(nil, a.next.Load()))
}

// reserveIDs makes ids below upto safe to hand out (a.mu held). When they
// are not yet, it moves the stored high-water mark a step past upto,
// under the mark's lock: if another front end moved the mark past this
// one's range meanwhile, this one's next id jumps to the stored mark
// first, so two front ends never hand out the same id (each works in its
// own range; ids are unique, not ordered across front ends).
func (c *Catalog) reserveIDs(t *Table, a *idAllocator, part string, upto uint64) error {
	if upto <= a.durable {
		return nil
	}
	key := idKey(t, part)
	tx := c.store.Begin(storage.TxnOptions{})
	if err := tx.Lock(context.Background(), key, schemaLockWait); err != nil {
		tx.Rollback()
		return err
	}
	v, err := tx.Current().Get(key)
	if err != nil && err != storage.ErrNotFound {
		tx.Rollback()
		return err
	}
	next := a.next.Load()
	if err == nil && len(v) == 8 {
		if stored := binary.BigEndian.Uint64(v); stored > a.durable && stored > next {
			upto += stored - next
			next = stored
		}
	}
	step, now := uint64(idReserveStep), time.Now()
	if a.step > 0 && now.Sub(a.reservedAt) < idReserveBurst {
		step = min(2*a.step, maxIDReserveStep)
	}
	mark := upto + step
	if err := tx.Set(key, binary.BigEndian.AppendUint64(nil, mark)); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	a.next.Store(next)
	a.durable = mark
	a.step, a.reservedAt = step, now
	return nil
}

// TablePrefix is the key prefix of all of a table's data: 't' + id.
func TablePrefix(id uint64) []byte {
	// Room for the row or index key built on it, so appending the rest
	// rarely reallocates.
	b := make([]byte, 1, 64)
	b[0] = storage.TablePrefix
	return storage.AppendUint64(b, id)
}

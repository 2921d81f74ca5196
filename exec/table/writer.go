package table

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Writer changes one table's rows inside a transaction, keeping its
// indexes in step. Every row it writes is locked first (its row key, and
// for unique indexes the unique key), which is what makes statement undo
// and "no lost update" hold.
type Writer struct {
	cat    *Catalog
	t      *Table
	tx     storage.Txn
	locker Locker
	eval   *expr.EvalCtx
	buf    []byte

	fk     fkState    // foreign key checks and cascades (fkcheck.go)
	checks []RowCheck // CHECK constraints (check.go)
	gen    genState   // generated columns (generated.go)
	tail   tailHint   // rows appended after the table's last key (writer_tail.go)
}

// Locker takes the row locks a Writer needs: it locks key in tx, waiting
// while another transaction holds it. The waiting is the statement's
// business (exec waits off its worker, up to innodb_lock_wait_timeout or
// a KILL), so it is passed in.
type Locker interface {
	LockKey(tx storage.Txn, key []byte) error
}

// MakeWriter returns a writer of t's rows in tx: cat hands out hidden row
// ids, locker takes row locks, and eval evaluates the WHERE a locked row
// is checked against again. It is a value so that the caller can allocate
// it together with its Locker.
func MakeWriter(cat *Catalog, t *Table, tx storage.Txn, locker Locker, eval *expr.EvalCtx) Writer {
	return Writer{cat: cat, t: t, tx: tx, locker: locker, eval: eval}
}

// Lock locks key in the writer's transaction.
func (tw *Writer) Lock(key []byte) error {
	if tw.tx.Locked(key) {
		return nil // re-entrant: no wait, no pool hand-off
	}
	return tw.locker.LockKey(tw.tx, key)
}

// DupKeyError is a unique-key conflict; Existing is the row key of the
// row already holding the key (for ON DUPLICATE KEY UPDATE and REPLACE).
type DupKeyError struct {
	Table, Index, Entry string
	Existing            []byte
}

func (e *DupKeyError) Error() string { return e.SQLError().Error() }

// SQLError is the 1062 MySQL reports for the conflict.
func (e *DupKeyError) SQLError() *mysqldef.SQLError {
	return mysqldef.NewError(mysqldef.ErrDupEntry, "Duplicate entry '%s' for key '%s.%s'", e.Entry, e.Table, e.Index)
}

// EntryText renders key values as MySQL quotes them in 1062 messages: a
// prefix part shows only its prefix (prefixes may be nil).
func EntryText(row []expr.Value, offs []int, prefixes []uint32) string {
	parts := make([]string, len(offs))
	for i, off := range offs {
		if row[off].IsNull() {
			parts[i] = "NULL"
		} else {
			parts[i] = expr.TextOf(KeyPartValue(row[off], prefixAt(prefixes, i)))
		}
	}
	return strings.Join(parts, "-")
}

// keyFor returns the key a new row gets (allocating a hidden row id for
// tables without a primary key).
func (tw *Writer) keyFor(row []expr.Value) ([]byte, error) {
	t := tw.t
	if t.HasPrimaryKey() {
		return t.RowKey(row), nil
	}
	id, err := tw.cat.AllocRowID(t)
	if err != nil {
		return nil, err
	}
	return t.HiddenRowKey(id), nil
}

// Insert writes a new row (already coerced). A conflict on the primary key
// or a unique index returns *DupKeyError and writes nothing; so does a
// foreign key without its parent row (1452), checked after the unique keys
// as InnoDB does.
func (tw *Writer) Insert(row []expr.Value) ([]byte, error) {
	if h := tw.handler(); h != nil {
		h.Write++
	}
	return tw.insert(row, nil)
}

// handler is where the writer counts its row operations (Handler_*), or nil.
func (tw *Writer) handler() *expr.HandlerCounts {
	if tw.eval == nil {
		return nil
	}
	return tw.eval.Handler
}

// insert writes a new row; old is the row's previous version when an
// UPDATE moves it to a new primary key (only foreign keys whose columns
// changed are checked then), nil for a new row.
func (tw *Writer) insert(row, old []expr.Value) ([]byte, error) {
	t := tw.t
	if err := tw.computeGenerated(row); err != nil {
		return nil, err
	}
	if err := tw.checkRow(row); err != nil {
		return nil, err
	}
	key, err := tw.keyFor(row)
	if err != nil {
		return nil, err
	}
	if err := tw.Lock(key); err != nil {
		return nil, err
	}
	pastTail := tw.pastTail(key)
	if pastTail {
		// No row key sorts after the table's last one: nothing to look up.
	} else if _, err := tw.tx.Get(key); err == nil {
		return nil, &DupKeyError{Table: t.Name, Index: "PRIMARY", Entry: EntryText(row, t.PKOffsets(), t.PKPrefix), Existing: key}
	} else if err != storage.ErrNotFound {
		return nil, err
	}
	suffix := key[len(t.RowPrefix()):]
	entries := make([][]byte, len(t.Indexes))
	for i, ix := range t.Indexes {
		ikey, unique := t.IndexEntry(ix, row, suffix)
		if unique {
			if err := tw.checkUnique(ix, ikey, row); err != nil {
				return nil, err
			}
		}
		entries[i] = ikey
	}
	if err := tw.checkParents(row, old); err != nil {
		return nil, err
	}
	tw.buf = t.EncodeRow(tw.buf[:0], row)
	if err := tw.tx.Set(key, tw.buf); err != nil {
		return nil, err
	}
	for _, ikey := range entries {
		if err := tw.tx.Set(ikey, suffix); err != nil {
			return nil, err
		}
	}
	if pastTail {
		tw.appended(key)
	}
	return key, nil
}

// checkUnique locks a unique index key and fails if another row holds it.
func (tw *Writer) checkUnique(ix *Index, ikey []byte, row []expr.Value) error {
	if err := tw.Lock(ikey); err != nil {
		return err
	}
	owner, err := tw.tx.Get(ikey)
	if err == storage.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return &DupKeyError{Table: tw.t.Name, Index: ix.Name, Entry: EntryText(row, ix.Offsets(), ix.Prefix),
		Existing: tw.t.RowKeyFromSuffix(owner)}
}

// Remove deletes a row the caller has locked, with its index entries,
// then applies the ON DELETE action of every foreign key referencing the
// table to the row's children (after the row is gone, so a cascade that
// comes back to it finds nothing, as InnoDB's delete-marked row).
func (tw *Writer) Remove(key []byte, row []expr.Value) error {
	if h := tw.handler(); h != nil {
		h.Delete++
	}
	if err := tw.remove(key, row); err != nil {
		return err
	}
	return tw.onParentChange(key, row, nil)
}

// remove deletes a locked row and its index entries, nothing else.
func (tw *Writer) remove(key []byte, row []expr.Value) error {
	t := tw.t
	suffix := key[len(t.RowPrefix()):]
	for _, ix := range t.Indexes {
		ikey, unique := t.IndexEntry(ix, row, suffix)
		if unique {
			// Hold the unique key until commit: an inserter of the same
			// value waits and then sees it free.
			if err := tw.Lock(ikey); err != nil {
				return err
			}
		}
		if err := tw.tx.Delete(ikey); err != nil {
			return err
		}
	}
	return tw.tx.Delete(key)
}

// Update replaces a locked row's values. A changed primary key moves the
// row; changed index values move its entries, checking uniqueness. Changed
// foreign key columns must find their parent; changed referenced columns
// apply the ON UPDATE action to the children, after the row is written
// (a cascaded child then finds its new parent).
func (tw *Writer) Update(key []byte, old, row []expr.Value) ([]byte, error) {
	if h := tw.handler(); h != nil {
		h.Update++
	}
	newKey, err := tw.update(key, old, row)
	if err != nil {
		return nil, err
	}
	return newKey, tw.onParentChange(key, old, row)
}

func (tw *Writer) update(key []byte, old, row []expr.Value) ([]byte, error) {
	t := tw.t
	if err := tw.computeGenerated(row); err != nil {
		return nil, err
	}
	if err := tw.checkRow(row); err != nil {
		return nil, err
	}
	// Before anything is written, so that UPDATE IGNORE can skip the row.
	if err := tw.checkParents(row, old); err != nil {
		return nil, err
	}
	if t.HasPrimaryKey() {
		if newKey := t.RowKey(row); string(newKey) != string(key) {
			if err := tw.Lock(newKey); err != nil {
				return nil, err
			}
			if _, err := tw.tx.Get(newKey); err == nil {
				return nil, &DupKeyError{Table: t.Name, Index: "PRIMARY", Entry: EntryText(row, t.PKOffsets(), t.PKPrefix), Existing: newKey}
			}
			if err := tw.remove(key, old); err != nil {
				return nil, err
			}
			return tw.insert(row, old)
		}
	}
	suffix := key[len(t.RowPrefix()):]
	for _, ix := range t.Indexes {
		if !indexChanged(ix, old, row) {
			continue
		}
		oldKey, _ := t.IndexEntry(ix, old, suffix)
		newKey, unique := t.IndexEntry(ix, row, suffix)
		if string(oldKey) == string(newKey) {
			continue // e.g. a change past a prefix part's length: same entry
		}
		if unique {
			if err := tw.checkUnique(ix, newKey, row); err != nil {
				return nil, err
			}
		}
		if err := tw.tx.Delete(oldKey); err != nil {
			return nil, err
		}
		if err := tw.tx.Set(newKey, suffix); err != nil {
			return nil, err
		}
	}
	tw.buf = t.EncodeRow(tw.buf[:0], row)
	return key, tw.tx.Set(key, tw.buf)
}

// indexChanged compares the index's column values of two versions of a
// row by their key encoding (what the index stores).
func indexChanged(ix *Index, old, row []expr.Value) bool {
	for _, off := range ix.Offsets() {
		a, b := old[off], row[off]
		if a.IsNull() != b.IsNull() || a.Kind() != b.Kind() || a.Bits() != b.Bits() || a.Str() != b.Str() ||
			(a.Decimal() != nil && b.Decimal() != nil && a.Decimal().Cmp(b.Decimal()) != 0) {
			return true
		}
	}
	return false
}

// ReadRow reads and decodes the row at key (ok=false if absent).
func (tw *Writer) ReadRow(key []byte, row []expr.Value) (bool, error) {
	b, err := tw.tx.Get(key)
	if err == storage.ErrNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, tw.t.DecodeOwnedRowColumns(b, row, nil) // b is Get's copy
}

// RemoveCurrent locks the row at key and deletes it if it still exists and
// satisfies where; removed reports whether it did. row is scratch.
func (tw *Writer) RemoveCurrent(key []byte, row []expr.Value, where expr.Expr) (removed bool, err error) {
	if ok, err := tw.LockCurrent(key, row, where); err != nil || !ok {
		return false, err
	}
	return true, tw.Remove(key, row)
}

// LockCurrent locks the row at key and reads its latest version into row;
// ok is false when it is gone or no longer satisfies where (it changed
// between being found and being locked).
func (tw *Writer) LockCurrent(key []byte, row []expr.Value, where expr.Expr) (bool, error) {
	if err := tw.Lock(key); err != nil {
		return false, err
	}
	ok, err := tw.ReadRow(key, row)
	if err != nil || !ok || where == nil {
		return ok, err
	}
	v, err := where.Eval(tw.eval, row)
	if err != nil {
		return false, err
	}
	t, null := expr.TruthValue(tw.eval, v)
	return t && !null, nil
}

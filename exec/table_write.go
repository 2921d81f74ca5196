package exec

import (
	"context"
	"strings"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// tableWriter changes one table's rows inside a transaction, keeping its
// indexes in step. Every row it writes is locked first (its row key, and
// for unique indexes the unique key), which is what makes statement undo
// and "no lost update" hold.
type tableWriter struct {
	s    *Session
	t    *table.Table
	tx   storage.Txn
	ctx  context.Context
	wait time.Duration
	buf  []byte
}

func (s *Session) newTableWriter(t *table.Table, tx storage.Txn) *tableWriter {
	return &tableWriter{s: s, t: t, tx: tx, ctx: s.stmtContext(), wait: s.lockWait()}
}

func (tw *tableWriter) lock(key []byte) error {
	if tw.tx.Locked(key) {
		return nil // re-entrant: no wait, no pool hand-off
	}
	return tw.s.eng.pool.Blocking(func() error { return tw.tx.Lock(tw.ctx, key, tw.wait) })
}

// dupKeyError is a unique-key conflict; existing is the row key of the
// row already holding the key (for ON DUPLICATE KEY UPDATE and REPLACE).
type dupKeyError struct {
	table, index, entry string
	existing            []byte
}

func (e *dupKeyError) Error() string { return e.sqlError().Error() }

func (e *dupKeyError) sqlError() *mysqldef.SQLError {
	return mysqldef.NewError(mysqldef.ErrDupEntry, "Duplicate entry '%s' for key '%s.%s'", e.entry, e.table, e.index)
}

// entryText renders key values as MySQL quotes them in 1062 messages.
func entryText(row []expr.Value, offs []int) string {
	parts := make([]string, len(offs))
	for i, off := range offs {
		if row[off].IsNull() {
			parts[i] = "NULL"
		} else {
			parts[i] = expr.TextOf(row[off])
		}
	}
	return strings.Join(parts, "-")
}

// keyFor returns the key a new row gets (allocating a hidden row id for
// tables without a primary key).
func (tw *tableWriter) keyFor(row []expr.Value) ([]byte, error) {
	t := tw.t
	if t.HasPrimaryKey() {
		return t.RowKey(row), nil
	}
	id, err := tw.s.eng.catalog.AllocRowID(t)
	if err != nil {
		return nil, err
	}
	return t.HiddenRowKey(id), nil
}

// insert writes a new row (already coerced). A conflict on the primary key
// or a unique index returns *dupKeyError and writes nothing.
func (tw *tableWriter) insert(row []expr.Value) ([]byte, error) {
	t := tw.t
	key, err := tw.keyFor(row)
	if err != nil {
		return nil, err
	}
	if err := tw.lock(key); err != nil {
		return nil, err
	}
	if _, err := tw.tx.Get(key); err == nil {
		return nil, &dupKeyError{table: t.Name, index: "PRIMARY", entry: entryText(row, t.PKOffsets()), existing: key}
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
	tw.buf = t.EncodeRow(tw.buf[:0], row)
	if err := tw.tx.Set(key, tw.buf); err != nil {
		return nil, err
	}
	for _, ikey := range entries {
		if err := tw.tx.Set(ikey, suffix); err != nil {
			return nil, err
		}
	}
	return key, nil
}

// checkUnique locks a unique index key and fails if another row holds it.
func (tw *tableWriter) checkUnique(ix *table.Index, ikey []byte, row []expr.Value) error {
	if err := tw.lock(ikey); err != nil {
		return err
	}
	owner, err := tw.tx.Get(ikey)
	if err == storage.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return &dupKeyError{table: tw.t.Name, index: ix.Name, entry: entryText(row, ix.Offsets()),
		existing: tw.t.RowKeyFromSuffix(owner)}
}

// remove deletes a row the caller has locked, with its index entries.
func (tw *tableWriter) remove(key []byte, row []expr.Value) error {
	t := tw.t
	suffix := key[len(t.RowPrefix()):]
	for _, ix := range t.Indexes {
		ikey, unique := t.IndexEntry(ix, row, suffix)
		if unique {
			// Hold the unique key until commit: an inserter of the same
			// value waits and then sees it free.
			if err := tw.lock(ikey); err != nil {
				return err
			}
		}
		if err := tw.tx.Delete(ikey); err != nil {
			return err
		}
	}
	return tw.tx.Delete(key)
}

// update replaces a locked row's values. A changed primary key moves the
// row; changed index values move its entries, checking uniqueness.
func (tw *tableWriter) update(key []byte, old, row []expr.Value) ([]byte, error) {
	t := tw.t
	if t.HasPrimaryKey() {
		if newKey := t.RowKey(row); string(newKey) != string(key) {
			if err := tw.lock(newKey); err != nil {
				return nil, err
			}
			if _, err := tw.tx.Get(newKey); err == nil {
				return nil, &dupKeyError{table: t.Name, index: "PRIMARY", entry: entryText(row, t.PKOffsets()), existing: newKey}
			}
			if err := tw.remove(key, old); err != nil {
				return nil, err
			}
			return tw.insert(row)
		}
	}
	suffix := key[len(t.RowPrefix()):]
	for _, ix := range t.Indexes {
		if !indexChanged(ix, old, row) {
			continue
		}
		oldKey, _ := t.IndexEntry(ix, old, suffix)
		newKey, unique := t.IndexEntry(ix, row, suffix)
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
func indexChanged(ix *table.Index, old, row []expr.Value) bool {
	for _, off := range ix.Offsets() {
		a, b := old[off], row[off]
		if a.IsNull() != b.IsNull() || a.Kind() != b.Kind() || a.Bits() != b.Bits() || a.Str() != b.Str() ||
			(a.Decimal() != nil && b.Decimal() != nil && a.Decimal().Cmp(b.Decimal()) != 0) {
			return true
		}
	}
	return false
}

// readRow reads and decodes the row at key (ok=false if absent).
func (tw *tableWriter) readRow(key []byte, row []expr.Value) (bool, error) {
	b, err := tw.tx.Get(key)
	if err == storage.ErrNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, tw.t.DecodeRow(b, row)
}

// removeCurrent locks the row at key and deletes it if it still exists and
// satisfies where; removed reports whether it did. row is scratch.
func (tw *tableWriter) removeCurrent(key []byte, row []expr.Value, where expr.Expr) (removed bool, err error) {
	if ok, err := tw.lockCurrent(key, row, where); err != nil || !ok {
		return false, err
	}
	return true, tw.remove(key, row)
}

// lockCurrent locks the row at key and reads its latest version into row;
// ok is false when it is gone or no longer satisfies where (it changed
// between being found and being locked).
func (tw *tableWriter) lockCurrent(key []byte, row []expr.Value, where expr.Expr) (bool, error) {
	if err := tw.lock(key); err != nil {
		return false, err
	}
	ok, err := tw.readRow(key, row)
	if err != nil || !ok || where == nil {
		return ok, err
	}
	v, err := where.Eval(tw.s.evalCtx, row)
	if err != nil {
		return false, err
	}
	return isTrue(tw.s.evalCtx, v), nil
}

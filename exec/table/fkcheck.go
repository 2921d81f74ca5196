package table

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Foreign key enforcement, as InnoDB does it: inside the writing
// statement's transaction, immediately (no deferred checks), with the row
// locks a write takes, so a failing check or cascade is undone with the
// statement.
//
// Locks: the parent row a new child row points at is locked before the
// child is written, so a concurrent DELETE of that parent waits (and then
// finds the child). InnoDB takes a shared lock there; storage has only
// exclusive row locks, so two transactions adding children of the same
// parent wait for each other here where InnoDB lets them run.

// MaxFKCascadeDepth is how deep cascades nest before 3008, as InnoDB's
// FK_MAX_CASCADE_DEL.
const MaxFKCascadeDepth = 15

// fkState is a Writer's foreign key state.
type fkState struct {
	off    bool    // foreign_key_checks=0: no check, no cascade
	depth  int     // cascade nesting of this writer (0: the statement's own)
	refs   []FKRef // constraints referencing the table, loaded once
	loaded bool
}

// SkipForeignKeyChecks turns foreign key checks and actions off for this
// writer (foreign_key_checks=0).
func (tw *Writer) SkipForeignKeyChecks() { tw.fk.off = true }

func (tw *Writer) referencedBy() []FKRef {
	if !tw.fk.loaded && tw.t.Temporary {
		// A temporary table shadowing a parent is not that parent: the
		// constraints name the base table.
		tw.fk.loaded = true
	}
	if !tw.fk.loaded {
		tw.fk.refs = tw.cat.ReferencedBy(tw.t.DB, tw.t.Name)
		tw.fk.loaded = true
	}
	return tw.fk.refs
}

// checkParents makes sure every foreign key of the table whose columns
// are all non-NULL has its parent row (locking it); with old set, only the
// constraints whose columns changed.
func (tw *Writer) checkParents(row, old []expr.Value) error {
	if tw.fk.off || len(tw.t.ForeignKeys) == 0 {
		return nil
	}
	for _, fk := range tw.t.ForeignKeys {
		if old != nil && !valuesChanged(tw.t, fk.offsets, old, row) {
			continue
		}
		if hasNull(row, fk.offsets) {
			continue // MATCH SIMPLE: a NULL in the key means no reference
		}
		ok, err := tw.parentExists(fk, row)
		if err != nil {
			return err
		}
		if !ok {
			return mysqldef.NewError(mysqldef.ErrNoReferencedRow2,
				"Cannot add or update a child row: a foreign key constraint fails (%s)", FKErrorText(tw.t, fk))
		}
	}
	return nil
}

// parentExists finds and locks fk's parent row of a child row.
func (tw *Writer) parentExists(fk *ForeignKey, row []expr.Value) (bool, error) {
	parent := tw.cat.Table(fk.RefDB, fk.RefTable)
	if parent == nil {
		return false, nil
	}
	refOffs, ok := parent.columnOffsets(fk.RefColumns)
	if !ok {
		return false, nil
	}
	// A row may reference itself (a self-referencing table): InnoDB sees
	// it, having written the clustered row before checking.
	if parent.ID == tw.t.ID && sameKeyValues(parent, row, refOffs, row, fk.offsets) {
		return true, nil
	}
	keys, err := matchingRows(tw.tx, parent, refOffs, row, fk.offsets, 1)
	if err != nil {
		return false, err
	}
	prow := make([]expr.Value, len(parent.Columns))
	for _, key := range keys {
		found, err := tw.lockRead(parent, key, prow)
		if err != nil {
			return false, err
		}
		if found && sameKeyValues(parent, prow, refOffs, row, fk.offsets) {
			return true, nil
		}
	}
	return false, nil
}

// ParentRowExists reports whether a row of child (a descriptor published
// for fk's table) has its parent through fk, reading r without locks:
// ALTER TABLE ... ADD FOREIGN KEY checking the existing rows. A row with a
// NULL in the constraint's columns needs no parent.
//
// parent is fk's parent, looked up by the caller (nil: missing), since
// the catalog is locked while an ALTER's transaction is filled.
func ParentRowExists(parent *Table, r storage.Reader, child *Table, fk *ForeignKey, row []expr.Value) (bool, error) {
	if hasNull(row, fk.offsets) {
		return true, nil
	}
	if parent == nil {
		return false, nil
	}
	refOffs, ok := parent.columnOffsets(fk.RefColumns)
	if !ok {
		return false, nil
	}
	if parent.ID == child.ID && sameKeyValues(child, row, fk.offsets, row, refOffs) {
		return true, nil
	}
	keys, err := matchingRows(r, parent, refOffs, row, fk.offsets, 1)
	return len(keys) > 0, err
}

// onParentChange applies the ON DELETE (row == nil) or ON UPDATE action of
// every foreign key referencing the table to the children of old, the row
// at key that was just deleted or updated.
func (tw *Writer) onParentChange(key []byte, old, row []expr.Value) error {
	if tw.fk.off {
		return nil
	}
	for _, ref := range tw.referencedBy() {
		refOffs, ok := tw.t.columnOffsets(ref.FK.RefColumns)
		if !ok || hasNull(old, refOffs) {
			continue
		}
		if row != nil && !valuesChanged(tw.t, refOffs, old, row) {
			continue
		}
		if err := tw.actOnChildren(ref, key, refOffs, old, row); err != nil {
			return err
		}
	}
	return nil
}

// actOnChildren finds the children of old through ref and restricts,
// cascades or sets them NULL.
func (tw *Writer) actOnChildren(ref FKRef, key []byte, refOffs []int, old, row []expr.Value) error {
	child, fk := ref.Child, ref.FK
	action := fk.OnDelete
	if row != nil {
		action = fk.OnUpdate
	}
	keys, err := matchingRows(tw.tx, child, fk.offsets, old, refOffs, 0)
	if err != nil || len(keys) == 0 {
		return err
	}
	cw := MakeWriter(tw.cat, child, tw.tx, tw.locker, tw.eval)
	cw.fk.depth = tw.fk.depth + 1
	cw.gen = genState{compile: tw.gen.compile, wc: tw.gen.wc} // a cascaded change recomputes the child's generated columns
	for _, ckey := range keys {
		if child.ID == tw.t.ID && string(ckey) == string(key) {
			continue // the row itself (self-reference)
		}
		crow := make([]expr.Value, len(child.Columns))
		found, err := tw.lockRead(child, ckey, crow)
		if err != nil {
			return err
		}
		if !found || !sameKeyValues(child, crow, fk.offsets, old, refOffs) {
			continue // gone or changed since the scan
		}
		switch action {
		case FKCascade, FKSetNull:
			if cw.fk.depth > MaxFKCascadeDepth {
				return mysqldef.NewError(mysqldef.ErrFKDepthExceeded,
					"Foreign key cascade delete/update exceeds max depth of %d.", MaxFKCascadeDepth)
			}
		default:
			return mysqldef.NewError(mysqldef.ErrRowIsReferenced2,
				"Cannot delete or update a parent row: a foreign key constraint fails (%s)", FKErrorText(child, fk))
		}
		if action == FKCascade && row == nil {
			if err := cw.Remove(ckey, crow); err != nil {
				return err
			}
			continue
		}
		next := append([]expr.Value(nil), crow...)
		for i, off := range fk.offsets {
			if action == FKSetNull {
				next[off] = expr.Value{}
			} else {
				next[off] = row[refOffs[i]]
			}
		}
		if _, err := cw.Update(ckey, crow, next); err != nil {
			return err
		}
	}
	return nil
}

// matchingRows returns the keys of t's rows whose columns offs hold the
// values src[srcOffs], found through the primary key or an index starting
// with those columns (at most limit keys; 0: all). It only reads: the
// caller locks and re-reads each row.
func matchingRows(r storage.Reader, t *Table, offs []int, src []expr.Value, srcOffs []int, limit int) ([][]byte, error) {
	ids := make([]uint32, len(offs))
	for i, off := range offs {
		ids[i] = t.Columns[off].ID
	}
	var prefix []byte
	var ix *Index
	if t.PKCoversFK(ids) {
		prefix = t.RowPrefix()
	} else {
		for _, cand := range t.Indexes {
			if cand.CoversFK(ids) {
				ix = cand
				break
			}
		}
		if ix == nil {
			// DDL guarantees an index; a table restored with
			// foreign_key_checks=0 may still lack one on the parent.
			return nil, nil
		}
		prefix = t.IndexPrefix(ix)
	}
	for i, off := range offs {
		prefix = expr.AppendKeyValue(prefix, src[srcOffs[i]], t.Columns[off].Type)
	}
	it, err := r.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var keys [][]byte
	for ok := it.First(); ok && (limit == 0 || len(keys) < limit); ok = it.Next() {
		if ix == nil {
			keys = append(keys, append([]byte(nil), it.Key()...))
		} else {
			keys = append(keys, t.RowKeyFromSuffix(it.Value()))
		}
	}
	return keys, it.Error()
}

// lockRead locks a row of t (any table of the transaction) and reads its
// latest version.
func (tw *Writer) lockRead(t *Table, key []byte, row []expr.Value) (bool, error) {
	if err := tw.Lock(key); err != nil {
		return false, err
	}
	b, err := tw.tx.Get(key)
	if err == storage.ErrNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, t.DecodeRow(b, row)
}

// columnOffsets maps column names to offsets; ok is false if one is gone.
func (t *Table) columnOffsets(names []string) ([]int, bool) {
	offs := make([]int, len(names))
	for i, n := range names {
		if offs[i] = t.Column(n); offs[i] < 0 {
			return nil, false
		}
	}
	return offs, true
}

func hasNull(row []expr.Value, offs []int) bool {
	for _, off := range offs {
		if row[off].IsNull() {
			return true
		}
	}
	return false
}

// valuesChanged compares columns offs of two versions of a row of t as
// an index would.
func valuesChanged(t *Table, offs []int, old, row []expr.Value) bool {
	for _, off := range offs {
		if old[off].IsNull() != row[off].IsNull() || !keyEqual(old[off], row[off], t.Columns[off].Type) {
			return true
		}
	}
	return false
}

// sameKeyValues reports whether row's columns offs (of table t) hold
// src's values at srcOffs, compared in t's key encoding.
func sameKeyValues(t *Table, row []expr.Value, offs []int, src []expr.Value, srcOffs []int) bool {
	for i, off := range offs {
		a, b := row[off], src[srcOffs[i]]
		if a.IsNull() || b.IsNull() || !keyEqual(a, b, t.Columns[off].Type) {
			return false
		}
	}
	return true
}

// FKClause renders a constraint as SHOW CREATE TABLE prints it (without
// the leading CONSTRAINT name): the parent's database only when it is not
// the child's, and the actions InnoDB prints (RESTRICT and an unspecified
// action are not printed).
func FKClause(child *Table, fk *ForeignKey) string {
	var b strings.Builder
	b.WriteString("FOREIGN KEY (")
	for i, id := range fk.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		name := "?"
		if off := child.FindColumnID(id); off >= 0 {
			name = child.Columns[off].Name
		}
		b.WriteString(QuoteIdent(name))
	}
	b.WriteString(") REFERENCES ")
	if fk.RefDB != child.DB {
		b.WriteString(QuoteIdent(fk.RefDB) + ".")
	}
	b.WriteString(QuoteIdent(fk.RefTable) + " (")
	for i, n := range fk.RefColumns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(QuoteIdent(n))
	}
	b.WriteString(")")
	for _, a := range []struct {
		what   string
		action FKAction
	}{{"DELETE", fk.OnDelete}, {"UPDATE", fk.OnUpdate}} {
		switch a.action {
		case FKCascade, FKSetNull, FKNoAction:
			b.WriteString(" ON " + a.what + " " + a.action.RuleName())
		}
	}
	return b.String()
}

// FKErrorText is the constraint as 1451/1452 messages name it:
// `db`.`child`, CONSTRAINT `name` FOREIGN KEY ...
func FKErrorText(child *Table, fk *ForeignKey) string {
	return QuoteIdent(child.DB) + "." + QuoteIdent(child.Name) + ", CONSTRAINT " + QuoteIdent(fk.Name) + " " + FKClause(child, fk)
}

// QuoteIdent quotes an identifier with backticks, doubling any inside.
func QuoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

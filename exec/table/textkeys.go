package table

import (
	"bytes"
	"fmt"
	"log/slog"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/storage"
)

// Text key format. Primary keys and index entries hold text in the
// collation's key form (expr.AppendKeyValue), so the bytes on disk depend
// on the collation's weights. The meta key ("format", "text_keys") says
// which form a store holds:
//
//	absent   version 1: each character lower-cased and, for Latin letters,
//	         stripped of its accent (builds up to December 2026)
//	"2"      version 2: UCA primary weights (exec/expr/collation.go)
//
// A store without the key that holds tables is upgraded when the catalog
// opens (UpgradeTextKeys): each table with a text key part is rewritten,
// rows and index entries, from its row values, which do not depend on the
// collation. A new store gets the key at once.
const textKeysVersion = "2"

const metaKindFormat = "format"

func textKeysKey() []byte { return storage.MetaKey(metaKindFormat, "text_keys") }

// UpgradeTextKeys rewrites the keys of every table whose primary key or
// indexes hold text, if the store's keys are in an older form, then
// records the current form. Each table is rewritten in one transaction,
// so memory grows with the largest table, once. Rewriting derives every
// key from the row values, so a rewrite interrupted by a crash is simply
// done again at the next start. Two rows that the new collation finds
// equal in a unique key (older builds told 'ß' from 'ss', 'Æ' from 'ae'
// and kept control characters) stop the upgrade with an error naming
// them: start an older build, change one of them, and start again.
func (c *Catalog) UpgradeTextKeys(log *slog.Logger) error {
	v, err := c.store.Get(textKeysKey())
	switch {
	case err == nil && string(v) == textKeysVersion:
		return nil
	case err == nil:
		return fmt.Errorf("text keys: the store holds format %q, this build knows %q and older", v, textKeysVersion)
	case err != storage.ErrNotFound:
		return err
	}
	for _, t := range c.textKeyTables() {
		if log != nil {
			log.Info("rewriting text keys in the collation's new form", "table", t.DB+"."+t.Name)
		}
		if err := c.change(func(tx storage.Txn) error { return rewriteKeys(c.store, tx, t) }); err != nil {
			return fmt.Errorf("rewriting the keys of %s.%s: %w", t.DB, t.Name, err)
		}
	}
	return c.change(func(tx storage.Txn) error { return tx.Set(textKeysKey(), []byte(textKeysVersion)) })
}

// TextKeysStale reports whether UpgradeTextKeys has keys to rewrite.
func (c *Catalog) TextKeysStale() (bool, error) {
	switch _, err := c.store.Get(textKeysKey()); err {
	case nil:
		return false, nil
	case storage.ErrNotFound:
		return len(c.textKeyTables()) > 0, nil
	default:
		return false, err
	}
}

// textKeyTables are the tables whose keys hold collated text.
func (c *Catalog) textKeyTables() []*Table {
	var out []*Table
	for _, t := range c.AllTables() {
		if t.hasTextKey() {
			out = append(out, t)
		}
	}
	return out
}

// hasTextKey reports whether a key part of the table's primary key or
// of an index is collated text.
func (t *Table) hasTextKey() bool {
	collated := func(off int) bool {
		typ := t.Columns[off].Type
		return typ.IsText() && !typ.CaseSensitive()
	}
	for _, off := range t.pk {
		if collated(off) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		for _, off := range ix.offsets {
			if collated(off) {
				return true
			}
		}
	}
	return false
}

// rewriteKeys deletes the table's rows and index entries in tx and writes
// them again under keys computed now, reading the committed rows from r.
func rewriteKeys(r storage.Reader, tx storage.Txn, t *Table) error {
	prefix := TablePrefix(t.ID)
	rows := t.RowPrefix()
	it, err := r.NewIter(rows, storage.PrefixEnd(rows))
	if err != nil {
		return err
	}
	defer it.Close()
	if err := storage.DeleteRange(tx, prefix, storage.PrefixEnd(prefix)); err != nil {
		return err
	}
	row := make([]expr.Value, len(t.Columns))
	for ok := it.First(); ok; ok = it.Next() {
		if err := t.DecodeRow(it.Value(), row); err != nil {
			return fmt.Errorf("row %x: %w", it.Key(), err)
		}
		key := bytes.Clone(it.Key())
		if len(t.pk) > 0 {
			key = t.RowKey(row)
			if err := mustBeNew(tx, key, t, "PRIMARY", row, t.pk); err != nil {
				return err
			}
		}
		if err := tx.Set(key, it.Value()); err != nil {
			return err
		}
		suffix := key[len(rows):]
		for _, ix := range t.Indexes {
			ikey, unique := t.IndexEntry(ix, row, suffix)
			if unique {
				if err := mustBeNew(tx, ikey, t, ix.Name, row, ix.offsets); err != nil {
					return err
				}
			}
			if err := tx.Set(ikey, suffix); err != nil {
				return err
			}
		}
	}
	return it.Error()
}

// mustBeNew fails if tx already holds key: two rows collide in a unique
// key under the new weights.
func mustBeNew(tx storage.Txn, key []byte, t *Table, index string, row []expr.Value, offs []int) error {
	switch _, err := tx.Get(key); err {
	case storage.ErrNotFound:
		return nil
	case nil:
		return fmt.Errorf("two rows are now equal in key %s ('%s'): change one of them with an older build",
			index, EntryText(row, offs, nil))
	default:
		return err
	}
}

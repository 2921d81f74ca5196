package table

import (
	"encoding/binary"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/storage"
)

// Key layout of a table's data (all under TablePrefix(id) = 't' + id):
//
//	rows:    't' id 'r' pk...            -> encoded row
//	indexes: 't' id 'i' ixid(4) vals...  -> pk suffix        (unique, no NULL)
//	         't' id 'i' ixid(4) vals... pk suffix -> pk suffix (otherwise)
//
// pk is the primary key's values in key encoding, or the hidden row id
// (8 bytes) for tables without one. An index entry's value is the pk
// suffix, so an index lookup finds the row key without parsing the
// index key.
const (
	KeyRowsTag  byte = 'r'
	keyIndexTag byte = 'i'
)

// RowPrefix is the common prefix of the table's row keys.
func (t *Table) RowPrefix() []byte {
	return append(TablePrefix(t.ID), KeyRowsTag)
}

// IndexPrefix is the common prefix of ix's entries.
func (t *Table) IndexPrefix(ix *Index) []byte {
	b := append(TablePrefix(t.ID), keyIndexTag)
	return binary.BigEndian.AppendUint32(b, ix.ID)
}

// pkSuffix encodes the row's primary key values.
func (t *Table) pkSuffix(dst []byte, row []expr.Value) []byte {
	for i, off := range t.pk {
		dst = AppendKeyPart(dst, row[off], t.Columns[off].Type, t.PKPrefixLen(i))
	}
	return dst
}

// RowKey is the row's key: its prefix plus the pk suffix.
func (t *Table) RowKey(row []expr.Value) []byte {
	return t.pkSuffix(t.RowPrefix(), row)
}

// RowKeyFromSuffix rebuilds a row key from an index entry's value.
func (t *Table) RowKeyFromSuffix(suffix []byte) []byte {
	return append(t.RowPrefix(), suffix...)
}

// HiddenRowKey is the key of row id in a table without a primary key.
func (t *Table) HiddenRowKey(id uint64) []byte {
	return storage.AppendUint64(t.RowPrefix(), id)
}

// indexValues appends the encoded values of ix's columns (prefixes cut); hasNull reports
// a NULL among them (such entries never conflict in a unique index).
func (t *Table) indexValues(dst []byte, ix *Index, row []expr.Value) (_ []byte, hasNull bool) {
	for i, off := range ix.offsets {
		v := row[off]
		hasNull = hasNull || v.IsNull()
		dst = AppendKeyPart(dst, v, t.Columns[off].Type, ix.PrefixLen(i))
	}
	return dst, hasNull
}

// IndexEntry returns ix's key for a row, given the row key's pk suffix.
// uniqueKey is true when the key alone must be unique (the lock target).
func (t *Table) IndexEntry(ix *Index, row []expr.Value, suffix []byte) (key []byte, uniqueKey bool) {
	key, hasNull := t.indexValues(t.IndexPrefix(ix), ix, row)
	if ix.Unique && !hasNull {
		return key, true
	}
	return append(key, suffix...), false
}

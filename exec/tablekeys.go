package exec

import (
	"encoding/binary"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/storage"
)

// Key layout of a table's data (all under tablePrefix(id) = 't' + id):
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
	keyRowsTag  byte = 'r'
	keyIndexTag byte = 'i'
)

func (t *Table) rowPrefix() []byte {
	return append(tablePrefix(t.ID), keyRowsTag)
}

func (t *Table) indexPrefix(ix *Index) []byte {
	b := append(tablePrefix(t.ID), keyIndexTag)
	return binary.BigEndian.AppendUint32(b, ix.ID)
}

// pkSuffix encodes the row's primary key values.
func (t *Table) pkSuffix(dst []byte, row []expr.Value) []byte {
	for _, off := range t.pk {
		dst = expr.AppendKeyValue(dst, row[off], t.Columns[off].Type)
	}
	return dst
}

// rowKey is the row's key: its prefix plus the pk suffix.
func (t *Table) rowKey(row []expr.Value) []byte {
	return t.pkSuffix(t.rowPrefix(), row)
}

// rowKeyFromSuffix rebuilds a row key from an index entry's value.
func (t *Table) rowKeyFromSuffix(suffix []byte) []byte {
	return append(t.rowPrefix(), suffix...)
}

// hiddenRowKey is the key of row id in a table without a primary key.
func (t *Table) hiddenRowKey(id uint64) []byte {
	return storage.AppendUint64(t.rowPrefix(), id)
}

// indexValues appends the encoded values of ix's columns; hasNull reports
// a NULL among them (such entries never conflict in a unique index).
func (t *Table) indexValues(dst []byte, ix *Index, row []expr.Value) (_ []byte, hasNull bool) {
	for _, off := range ix.offsets {
		v := row[off]
		hasNull = hasNull || v.IsNull()
		dst = expr.AppendKeyValue(dst, v, t.Columns[off].Type)
	}
	return dst, hasNull
}

// indexEntry returns ix's key for a row, given the row key's pk suffix.
// uniqueKey is true when the key alone must be unique (the lock target).
func (t *Table) indexEntry(ix *Index, row []expr.Value, suffix []byte) (key []byte, uniqueKey bool) {
	key, hasNull := t.indexValues(t.indexPrefix(ix), ix, row)
	if ix.Unique && !hasNull {
		return key, true
	}
	return append(key, suffix...), false
}

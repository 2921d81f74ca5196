package table

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Index-only reads.
//
// An index entry holds its columns' values in key encoding and, as its
// value, the primary key's (see the layout in tablekeys.go). When every
// column a statement reads is among those and their encoding can be read
// back, the entry alone gives the row's needed columns: no lookup of the
// row. Only integer columns qualify: their key part is a tag byte and 8
// big-endian bytes (expr.AppendKeyValue); a text key holds collation
// weights, which do not give the text back.

// IndexCovers reports whether ix's entries give every column need marks
// (nil: every column of the table), all integers stored whole.
//
// Every column of ix and of the primary key must be such an integer (the
// entry is read part by part), stored whole.
func (t *Table) IndexCovers(ix *Index, need []bool) bool {
	if ix == nil || t.HasPKPrefix() {
		return false
	}
	for i, off := range ix.offsets {
		if ix.PrefixLen(i) != 0 || !keyReadable(t.Columns[off].Type) {
			return false
		}
	}
	for _, off := range t.pk {
		if !keyReadable(t.Columns[off].Type) {
			return false
		}
	}
	in := func(offs []int, off int) bool {
		for _, o := range offs {
			if o == off {
				return true
			}
		}
		return false
	}
	for off := range t.Columns {
		if (need == nil || need[off]) && !in(ix.offsets, off) && !in(t.pk, off) {
			return false
		}
	}
	return true
}

// keyReadable reports a column type whose key part reads back as its value.
func keyReadable(typ expr.SQLType) bool {
	return typ.IsInteger() && typ.Tp != mysqldef.TypeYear
}

// indexPrefixLen is len(t.IndexPrefix(ix)), without building it: 't', the
// table id (8 bytes), 'i', the index id (4 bytes).
const indexPrefixLen = 1 + 8 + 1 + 4

// DecodeIndexEntry fills row from an entry (key, value) of ix, which
// IndexCovers said covers need: the needed columns from the key and the
// primary key suffix (the value); the others are left as they are (see
// DecodeRowColumns: a scan fills them with defaults once). It
// appends the row's key to keyDst and returns it. It allocates nothing
// when keyDst has room: it runs for every entry an index-only scan reads.
func (t *Table) DecodeIndexEntry(ix *Index, key, value []byte, row []expr.Value, need []bool, keyDst []byte) ([]byte, error) {
	if len(key) < indexPrefixLen {
		return keyDst, storage.ErrBadKey
	}
	b := key[indexPrefixLen:]
	var err error
	for _, off := range ix.offsets {
		if b, err = decodeIntKeyPart(b, t.Columns[off].Type, &row[off]); err != nil {
			return nil, err
		}
	}
	b = value
	for _, off := range t.pk {
		if b, err = decodeIntKeyPart(b, t.Columns[off].Type, &row[off]); err != nil {
			return nil, err
		}
	}
	// The row key: the index key's table prefix, the rows tag, the suffix.
	keyDst = append(keyDst, key[:indexPrefixLen-5]...)
	keyDst = append(keyDst, KeyRowsTag)
	return append(keyDst, value...), nil
}

// decodeIntKeyPart reads one integer key part into *v.
func decodeIntKeyPart(b []byte, typ expr.SQLType, v *expr.Value) ([]byte, error) {
	if len(b) == 0 {
		return b, storage.ErrBadKey
	}
	switch b[0] {
	case expr.KeyNullTag:
		*v = expr.NullValue()
		return b[1:], nil
	case expr.KeyValueTag:
	default:
		return b, storage.ErrBadKey
	}
	if typ.Unsigned {
		u, rest, err := storage.DecodeUint64(b[1:])
		*v = expr.UintValue(u)
		return rest, err
	}
	n, rest, err := storage.DecodeInt64(b[1:])
	*v = expr.IntValue(n)
	return rest, err
}

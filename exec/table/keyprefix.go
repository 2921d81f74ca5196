package table

import (
	"unicode/utf8"

	"github.com/loopdb/loopdb/exec/expr"
)

// Prefix key parts. A key part with a prefix length stores only the
// value's first N characters (bytes for a binary string) in the key, so
// the key is lossy: many values share it. Whoever reads through such a
// key re-checks the row (the planner always applies the whole WHERE), and
// a unique key with a prefix makes the prefix unique, as in MySQL.

// PrefixLen is part i's prefix length (0: the whole column).
func (ix *Index) PrefixLen(i int) uint32 { return prefixAt(ix.Prefix, i) }

// HasPrefix reports whether some part of ix indexes only a prefix.
func (ix *Index) HasPrefix() bool { return anyPrefix(ix.Prefix) }

// PKPrefixLen is primary key part i's prefix length (0: the whole column).
func (t *Table) PKPrefixLen(i int) uint32 { return prefixAt(t.PKPrefix, i) }

// HasPKPrefix reports whether some primary key part indexes only a prefix.
func (t *Table) HasPKPrefix() bool { return anyPrefix(t.PKPrefix) }

// KeyPrefixes are the prefix lengths of ix's parts, or of the primary
// key's when ix is nil (entries may be missing: 0).
func (t *Table) KeyPrefixes(ix *Index) []uint32 {
	if ix == nil {
		return t.PKPrefix
	}
	return ix.Prefix
}

func prefixAt(p []uint32, i int) uint32 {
	if i < len(p) {
		return p[i]
	}
	return 0
}

func anyPrefix(p []uint32) bool {
	for _, n := range p {
		if n > 0 {
			return true
		}
	}
	return false
}

// KeyPartValue is what a key part with prefix length n stores of v: its
// first n characters (bytes for a binary string); v itself when n is 0
// or v is no string.
func KeyPartValue(v expr.Value, n uint32) expr.Value {
	if n == 0 {
		return v
	}
	switch v.Kind() {
	case expr.KindBytes:
		if s := v.Str(); uint64(len(s)) > uint64(n) {
			return expr.BinaryStringValue(s[:n])
		}
	case expr.KindString:
		s := v.Str()
		if uint64(len(s)) <= uint64(n) {
			return v // n bytes hold at most n characters
		}
		i, count := 0, uint32(0)
		for i < len(s) && count < n {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			count++
		}
		if i < len(s) {
			return expr.StringValue(s[:i])
		}
	}
	return v
}

// AppendKeyPart appends v's key encoding as a part with prefix length n.
func AppendKeyPart(dst []byte, v expr.Value, typ expr.SQLType, n uint32) []byte {
	return expr.AppendKeyValue(dst, KeyPartValue(v, n), typ)
}

// CoversFK reports whether ix can serve a foreign key on cols: its leading
// parts are cols, whole columns (MySQL does not use prefix indexes for
// foreign keys: the key must find rows by their exact values).
func (ix *Index) CoversFK(cols []uint32) bool {
	return FKIndexCovers(ix.Columns, cols) && !anyPrefix(ix.Prefix[:min(len(cols), len(ix.Prefix))])
}

// PKCoversFK is CoversFK for the primary key.
func (t *Table) PKCoversFK(cols []uint32) bool {
	return FKIndexCovers(t.PrimaryKey, cols) && !anyPrefix(t.PKPrefix[:min(len(cols), len(t.PKPrefix))])
}

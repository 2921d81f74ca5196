package table

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/storage"
)

// KeyspaceProblem is one inconsistency CheckKeyspace found.
type KeyspaceProblem struct {
	Kind   string // one of the Problem* constants
	Key    []byte
	Detail string
}

func (p KeyspaceProblem) String() string {
	return fmt.Sprintf("%s: key %x: %s", p.Kind, p.Key, p.Detail)
}

// What CheckKeyspace reports.
const (
	ProblemOrphanTable     = "orphan key of a dropped table" // no descriptor has the key's table id
	ProblemOrphanIndex     = "orphan entry of a dropped index"
	ProblemBadRow          = "undecodable row"
	ProblemMissingIndex    = "row missing an index entry"
	ProblemIndexWithoutRow = "index entry without its row"
	ProblemStaleIndex      = "index entry that its row would not produce"
	ProblemStaleRowKey     = "row under a key that its values would not produce"
	ProblemBadKey          = "key outside the table layout"
)

// CheckKeyspace walks every table key in r and checks it against tables
// (every descriptor of the catalog): rows decode and have each of their
// index entries, index entries point at a row that produces exactly that
// entry, and no key belongs to a table or index that no descriptor has (the
// leftovers of a DROP or a failed CREATE INDEX). It is what a crash test
// runs after restarting a killed server: an empty answer means the
// keyspace is what the catalog says. It reads everything, so it is for
// tests and offline checks, not a serving server's hot path. At most limit
// problems are returned (0: no limit).
func CheckKeyspace(r storage.Reader, tables []*Table, limit int) ([]KeyspaceProblem, error) {
	lower := []byte{storage.TablePrefix}
	return checkKeys(r, tables, lower, storage.PrefixEnd(lower), limit)
}

// CheckTable is CheckKeyspace for the keys of one table (CHECK TABLE):
// its rows and index entries, including entries of indexes it no longer
// has.
func CheckTable(r storage.Reader, t *Table, limit int) ([]KeyspaceProblem, error) {
	lower := TablePrefix(t.ID)
	return checkKeys(r, []*Table{t}, lower, storage.PrefixEnd(lower), limit)
}

// checkKeys checks the table keys in [lower, upper) against tables.
func checkKeys(r storage.Reader, tables []*Table, lower, upper []byte, limit int) ([]KeyspaceProblem, error) {
	byID := make(map[uint64]*Table, len(tables))
	for _, t := range tables {
		byID[t.ID] = t
	}
	var problems []KeyspaceProblem
	report := func(kind string, key []byte, format string, args ...any) bool {
		problems = append(problems, KeyspaceProblem{Kind: kind, Key: bytes.Clone(key), Detail: fmt.Sprintf(format, args...)})
		return limit > 0 && len(problems) >= limit
	}
	it, err := r.NewIter(lower, upper)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		key := it.Key()
		id, rest, err := storage.DecodeUint64(key[1:])
		if err != nil || len(rest) == 0 {
			if report(ProblemBadKey, key, "no table id and tag") {
				break
			}
			continue
		}
		t := byID[id]
		if t == nil {
			if report(ProblemOrphanTable, key, "table id %d", id) {
				break
			}
			continue
		}
		var stop bool
		switch rest[0] {
		case KeyRowsTag:
			stop = checkRow(r, t, key, it.Value(), report)
		case keyIndexTag:
			stop = checkIndexEntry(r, t, key, rest[1:], it.Value(), report)
		default:
			stop = report(ProblemBadKey, key, "table %s: tag %q", t.Name, rest[0])
		}
		if stop {
			break
		}
	}
	if err := it.Error(); err != nil {
		return problems, err
	}
	return problems, nil
}

type reportFunc func(kind string, key []byte, format string, args ...any) bool

// checkRow decodes a row and looks up each index entry it must have.
func checkRow(r storage.Reader, t *Table, key, value []byte, report reportFunc) bool {
	row := make([]expr.Value, len(t.Columns))
	if err := t.DecodeRow(value, row); err != nil {
		return report(ProblemBadRow, key, "table %s: %v", t.Name, err)
	}
	if len(t.pk) > 0 && !bytes.Equal(t.RowKey(row), key) {
		if report(ProblemStaleRowKey, key, "table %s", t.Name) {
			return true
		}
	}
	suffix := key[len(t.RowPrefix()):]
	for _, ix := range t.Indexes {
		ikey, _ := t.IndexEntry(ix, row, suffix)
		if _, err := r.Get(ikey); err == storage.ErrNotFound {
			if report(ProblemMissingIndex, key, "table %s, index %s", t.Name, ix.Name) {
				return true
			}
		} else if err != nil {
			return report(ProblemBadKey, ikey, "reading index %s: %v", ix.Name, err)
		}
	}
	return false
}

// checkIndexEntry finds the row an index entry points at and checks the
// row would write this very entry.
func checkIndexEntry(r storage.Reader, t *Table, key, rest, value []byte, report reportFunc) bool {
	if len(rest) < 4 {
		return report(ProblemBadKey, key, "table %s: short index id", t.Name)
	}
	ixID := binary.BigEndian.Uint32(rest)
	var ix *Index
	for _, candidate := range t.Indexes {
		if candidate.ID == ixID {
			ix = candidate
		}
	}
	if ix == nil {
		return report(ProblemOrphanIndex, key, "table %s, index id %d", t.Name, ixID)
	}
	rowKey := t.RowKeyFromSuffix(value)
	encoded, err := r.Get(rowKey)
	if err == storage.ErrNotFound {
		return report(ProblemIndexWithoutRow, key, "table %s, index %s", t.Name, ix.Name)
	}
	if err != nil {
		return report(ProblemBadKey, rowKey, "reading row: %v", err)
	}
	row := make([]expr.Value, len(t.Columns))
	if err := t.DecodeRow(encoded, row); err != nil {
		return report(ProblemBadRow, rowKey, "table %s: %v", t.Name, err)
	}
	if want, _ := t.IndexEntry(ix, row, value); !bytes.Equal(want, key) {
		return report(ProblemStaleIndex, key, "table %s, index %s", t.Name, ix.Name)
	}
	return false
}

// AllTables lists every table descriptor the catalog holds, in all
// databases: what CheckKeyspace checks the keyspace against.
func (c *Catalog) AllTables() []*Table {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*Table
	for _, tables := range c.tables {
		for _, t := range tables {
			out = append(out, t)
		}
	}
	return out
}

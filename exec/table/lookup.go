package table

import (
	"strconv"
	"strings"
)

// Lookups over a descriptor that DDL uses while it builds one (before
// Publish has made the lookup maps) or seldom enough not to need a map.

// IndexByID finds an index by id; nil if absent.
func (t *Table) IndexByID(id uint32) *Index {
	for _, ix := range t.Indexes {
		if ix.ID == id {
			return ix
		}
	}
	return nil
}

// FindColumn is Column before the lookup maps exist.
func (t *Table) FindColumn(name string) int {
	for i, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// FindColumnID finds a column by id without the lookup maps; -1 if
// absent.
func (t *Table) FindColumnID(id uint32) int {
	for i, c := range t.Columns {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// UniqueIndexName names an unnamed index after its first column, as MySQL
// does (col, col_2, col_3, ...).
func (t *Table) UniqueIndexName(base string) string {
	name := base
	for n := 2; t.Index(name) != nil || strings.EqualFold(name, "PRIMARY"); n++ {
		name = base + "_" + strconv.Itoa(n)
	}
	return name
}

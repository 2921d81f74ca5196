package privs

import (
	"maps"
	"sort"
	"strings"
)

// Column privileges (GRANT SELECT (a, b), UPDATE (c) ON db.t): per table,
// each column's privileges. They add to the table-level ones: a check on a
// column passes with the privilege at any level above it too.

// ColumnLevel is what GRANT priv (columns) accepts.
const ColumnLevel = Select | Insert | Update | References

// Columns is one table's column privileges: column name, as the catalog
// spells it, to privileges. Immutable once published.
type Columns map[string]Set

// ColumnsOn returns the column privileges g holds on db.table (nil for
// none).
func (g *Grants) ColumnsOn(db, table string) Columns { return g.Column[TableName{db, table}] }

// ColumnPrivs is every privilege g holds on some column of db.table.
func (g *Grants) ColumnPrivs(db, table string) Set {
	var s Set
	for _, p := range g.Column[TableName{db, table}] {
		s |= p
	}
	return s
}

// OnColumn reports whether g holds need on db.table.column, from any
// level. column is matched without regard to case, as MySQL compares
// column names.
func (g *Grants) OnColumn(db, table, column string, need Set) bool {
	if g.OnTable(db, table, need) {
		return true
	}
	have := g.Global | g.DB[db] | g.Table[TableName{db, table}]
	for name, p := range g.Column[TableName{db, table}] {
		if strings.EqualFold(name, column) {
			have |= p
		}
	}
	return have.Has(need)
}

// AnyOnColumn reports whether g holds some privilege on db.table.column,
// from any level (GRANT OPTION alone does not count): what SHOW COLUMNS
// and information_schema.COLUMNS list.
func (g *Grants) AnyOnColumn(db, table, column string) bool {
	if (g.Global|g.DB[db]|g.Table[TableName{db, table}])&^GrantOption != 0 {
		return true
	}
	for name, p := range g.Column[TableName{db, table}] {
		if p != 0 && strings.EqualFold(name, column) {
			return true
		}
	}
	return false
}

// WithColumns returns g with cols' privileges added to (revoke false) or
// removed from (revoke true) db.table's columns.
func (g *Grants) WithColumns(t TableName, cols Columns, revoke bool) *Grants {
	next := g.clone()
	cur := maps.Clone(next.Column[t])
	if cur == nil {
		cur = Columns{}
	}
	for name, p := range cols {
		key := name
		for have := range cur {
			if strings.EqualFold(have, name) {
				key = have
			}
		}
		if revoke {
			cur[key] &^= p
		} else {
			cur[key] |= p
		}
		if cur[key] == 0 {
			delete(cur, key)
		}
	}
	if next.Column == nil {
		next.Column = make(map[TableName]Columns)
	}
	if len(cur) == 0 {
		delete(next.Column, t)
	} else {
		next.Column[t] = cur
	}
	if len(next.Column) == 0 {
		next.Column = nil
	}
	return next.indexed()
}

// WithoutColumns returns g with no column privileges left on t (REVOKE
// ALL PRIVILEGES ON t).
func (g *Grants) WithoutColumns(t TableName) *Grants {
	if _, ok := g.Column[t]; !ok {
		return g
	}
	next := g.clone()
	delete(next.Column, t)
	if len(next.Column) == 0 {
		next.Column = nil
	}
	return next.indexed()
}

// tableText writes a table's privileges as SHOW GRANTS does: each
// privilege held on the table by name, one held on columns only as
// `NAME (`a`, `b`)`, in SHOW GRANTS order (GRANT OPTION left out).
func tableText(p Set, cols Columns) string {
	p &^= GrantOption
	if len(cols) == 0 {
		return privText(p, LevelTable)
	}
	var parts []string
	for _, n := range names {
		switch {
		case p.Has(n.priv):
			parts = append(parts, n.name)
		case n.priv&ColumnLevel != 0:
			var on []string
			for name, cp := range cols {
				if cp.Has(n.priv) {
					on = append(on, QuoteName(name))
				}
			}
			if len(on) > 0 {
				sort.Strings(on)
				parts = append(parts, n.name+" ("+strings.Join(on, ", ")+")")
			}
		}
	}
	return strings.Join(parts, ", ")
}

// StoredColumn is one column's privileges in the durable form.
type StoredColumn struct {
	DB     string   `json:"db"`
	Table  string   `json:"table"`
	Column string   `json:"column"`
	Privs  []string `json:"privs"`
}

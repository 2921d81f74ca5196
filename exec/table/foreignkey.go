package table

import (
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
)

// FKAction is what a foreign key does to child rows when their parent row
// is deleted or its referenced columns change.
type FKAction uint8

// The actions InnoDB knows. FKDefault is an unspecified clause: it behaves
// as RESTRICT (InnoDB checks at once, there is no deferred checking) and
// SHOW CREATE TABLE omits it; an explicit NO ACTION is kept because InnoDB
// prints it.
const (
	FKDefault FKAction = iota
	FKRestrict
	FKCascade
	FKSetNull
	FKNoAction
)

// RuleName is the action as information_schema.REFERENTIAL_CONSTRAINTS
// names it (MySQL 8 reports an unspecified rule as NO ACTION).
func (a FKAction) RuleName() string {
	switch a {
	case FKRestrict:
		return "RESTRICT"
	case FKCascade:
		return "CASCADE"
	case FKSetNull:
		return "SET NULL"
	}
	return "NO ACTION"
}

// ForeignKey is a FOREIGN KEY constraint of the table holding it (the
// child). The parent is named, not referenced by id: with
// foreign_key_checks=0 it may not exist yet (dump restores), and it is
// looked up when a row is checked.
type ForeignKey struct {
	Name       string   `json:"name"`
	Columns    []uint32 `json:"columns"` // child column ids, in constraint order
	RefDB      string   `json:"ref_db"`
	RefTable   string   `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
	OnDelete   FKAction `json:"on_delete,omitempty"`
	OnUpdate   FKAction `json:"on_update,omitempty"`

	offsets []int
}

// Offsets are the offsets of the constraint's child columns in a row.
func (fk *ForeignKey) Offsets() []int { return fk.offsets }

// References reports whether fk's parent is db.name.
func (fk *ForeignKey) References(db, name string) bool {
	return fk.RefDB == db && fk.RefTable == name
}

// FKRef is a foreign key seen from its parent: the child table and its
// constraint.
type FKRef struct {
	Child *Table
	FK    *ForeignKey
}

// ForeignKey finds a constraint by name (case-insensitive, as MySQL
// compares constraint names); nil if absent.
func (t *Table) ForeignKey(name string) *ForeignKey {
	for _, fk := range t.ForeignKeys {
		if strings.EqualFold(fk.Name, name) {
			return fk
		}
	}
	return nil
}

// cloneForeignKeys deep-copies the constraints for Clone.
func cloneForeignKeys(fks []*ForeignKey) []*ForeignKey {
	if fks == nil {
		return nil
	}
	out := make([]*ForeignKey, len(fks))
	for i, fk := range fks {
		c := *fk
		c.Columns = append([]uint32(nil), fk.Columns...)
		c.RefColumns = append([]string(nil), fk.RefColumns...)
		out[i] = &c
	}
	return out
}

// FKIndexCovers reports whether the leading columns of an index (or the
// primary key) are exactly cols in order: the index a foreign key needs
// on either side to find rows by the constraint's values.
func FKIndexCovers(index, cols []uint32) bool {
	if len(index) < len(cols) {
		return false
	}
	for i, c := range cols {
		if index[i] != c {
			return false
		}
	}
	return true
}

// HasIndexOn reports whether the primary key or an index starts with cols.
func (t *Table) HasIndexOn(cols []uint32) bool {
	if t.PKCoversFK(cols) {
		return true
	}
	for _, ix := range t.Indexes {
		if ix.CoversFK(cols) {
			return true
		}
	}
	return false
}

// NextFKName is the name MySQL gives an unnamed constraint: table_ibfk_N
// with N one above the highest N in use.
func (t *Table) NextFKName() string {
	prefix := strings.ToLower(t.Name) + "_ibfk_"
	n := 0
	for _, fk := range t.ForeignKeys {
		lname := strings.ToLower(fk.Name)
		if !strings.HasPrefix(lname, prefix) {
			continue
		}
		if k, err := strconv.Atoi(lname[len(prefix):]); err == nil && k > n {
			n = k
		}
	}
	return t.Name + "_ibfk_" + strconv.Itoa(n+1)
}

// keyEqual compares two values the way an index compares them: by their
// key encoding under typ (collation included).
func keyEqual(a, b expr.Value, typ expr.SQLType) bool {
	return string(expr.AppendKeyValue(nil, a, typ)) == string(expr.AppendKeyValue(nil, b, typ))
}

// refKey maps a table to the key of the catalog's referenced-by index.
func refKey(db, name string) string { return db + "\x00" + name }

// rebuildRefs recomputes which constraints reference each table (c.mu
// held for writing). DDL is rare; row writes read the result.
func (c *Catalog) rebuildRefs() {
	refs := make(map[string][]FKRef)
	for _, tables := range c.tables {
		for _, t := range tables {
			for _, fk := range t.ForeignKeys {
				k := refKey(fk.RefDB, fk.RefTable)
				refs[k] = append(refs[k], FKRef{Child: t, FK: fk})
			}
		}
	}
	c.refs = refs
}

// ReferencedBy lists the foreign keys whose parent is db.name (the table
// need not exist).
func (c *Catalog) ReferencedBy(db, name string) []FKRef {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.refs[refKey(db, name)]
}

// retargetChildren follows a rename of a parent table or of its
// referenced columns, as MySQL does: the constraints naming old now name
// next. It edits next's own (self-referencing) constraints in place and
// returns new published versions of the other children, which the caller
// stores with next (c.mu held).
func (c *Catalog) retargetChildren(old, next *Table) ([]*Table, error) {
	retargetFKs(next.ForeignKeys, old, next)
	var out []*Table
	seen := map[uint64]bool{}
	for _, ref := range c.refs[refKey(old.DB, old.Name)] {
		child := ref.Child
		if child.ID == old.ID || seen[child.ID] {
			continue
		}
		seen[child.ID] = true
		clone := child.Clone()
		if !retargetFKs(clone.ForeignKeys, old, next) {
			continue
		}
		if err := c.Publish(clone, child.shared); err != nil {
			return nil, err
		}
		out = append(out, clone)
	}
	return out, nil
}

// retargetFKs points the constraints naming old at next (its name and its
// columns' current names); changed reports whether any was edited.
func retargetFKs(fks []*ForeignKey, old, next *Table) (changed bool) {
	for _, fk := range fks {
		if !fk.References(old.DB, old.Name) {
			continue
		}
		if old.DB != next.DB || old.Name != next.Name {
			fk.RefDB, fk.RefTable = next.DB, next.Name
			changed = true
		}
		for i, n := range fk.RefColumns {
			off := old.Column(n)
			if off < 0 {
				continue
			}
			if noff, ok := next.OffsetOfID(old.Columns[off].ID); ok && next.Columns[noff].Name != n {
				fk.RefColumns[i] = next.Columns[noff].Name
				changed = true
			}
		}
	}
	return changed
}

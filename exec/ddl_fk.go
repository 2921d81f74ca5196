package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// FOREIGN KEY definitions (CREATE TABLE, ALTER TABLE ADD/DROP FOREIGN
// KEY), validated as MySQL 8 validates them. Enforcement lives with the
// row writer (exec/table/fkcheck.go).

// addForeignKey validates k against child (a descriptor being built, its
// DB and Name set) and appends the constraint. When no index of child
// starts with the constraint's columns it adds one, as MySQL does, and
// returns it so that ALTER TABLE builds it from the existing rows.
func (s *Session) addForeignKey(child *table.Table, k *ast.Constraint) (*table.Index, error) {
	name := k.Name
	if name == "" {
		name = child.NextFKName()
	} else if err := s.checkFKNameFree(child, name); err != nil {
		return nil, err
	}
	fk := &table.ForeignKey{Name: name, RefDB: k.Refer.Table.Schema.O, RefTable: k.Refer.Table.Name.O}
	fk.OnDelete, fk.OnUpdate = fkActions(k.Refer)
	if fk.RefDB == "" {
		fk.RefDB = child.DB
	}
	if (k.Refer.OnDelete != nil && k.Refer.OnDelete.ReferOpt == ast.ReferOptionSetDefault) ||
		(k.Refer.OnUpdate != nil && k.Refer.OnUpdate.ReferOpt == ast.ReferOptionSetDefault) {
		return nil, mysqldef.NewError(mysqldef.ErrCannotAddForeign, "Cannot add foreign key constraint")
	}
	var cols []*table.TableColumn
	for _, part := range k.Keys {
		if part.Expr != nil {
			return nil, expr.Unsupported("functional foreign keys")
		}
		i := child.FindColumn(part.Column.Name.O)
		if i < 0 {
			return nil, mysqldef.NewError(mysqldef.ErrKeyColumnMissing, "Key column '%s' doesn't exist in table", part.Column.Name.O)
		}
		cols = append(cols, child.Columns[i])
		fk.Columns = append(fk.Columns, child.Columns[i].ID)
	}
	for _, part := range k.Refer.IndexPartSpecifications {
		fk.RefColumns = append(fk.RefColumns, part.Column.Name.O)
	}
	if len(fk.RefColumns) != len(fk.Columns) {
		return nil, mysqldef.NewError(mysqldef.ErrWrongFKDef,
			"Incorrect foreign key definition for '%s': Key reference and table reference don't match", name)
	}
	for _, c := range cols {
		if c.NotNull && (fk.OnDelete == table.FKSetNull || fk.OnUpdate == table.FKSetNull) {
			return nil, mysqldef.NewError(mysqldef.ErrFKColumnNotNull,
				"Column '%s' cannot be NOT NULL: needed in a foreign key constraint '%s' SET NULL", c.Name, name)
		}
	}
	if err := s.checkParent(child, fk, cols); err != nil {
		return nil, err
	}
	child.ForeignKeys = append(child.ForeignKeys, fk)
	if child.HasIndexOn(fk.Columns) {
		return nil, nil
	}
	ixName := k.Name
	if ixName == "" || child.Index(ixName) != nil {
		ixName = child.UniqueIndexName(cols[0].Name)
	}
	child.NextIndex++
	ix := &table.Index{ID: child.NextIndex, Name: ixName, Columns: append([]uint32(nil), fk.Columns...)}
	child.Indexes = append(child.Indexes, ix)
	return ix, nil
}

// checkParent validates the referenced table, columns and index. With
// foreign_key_checks=0 a missing parent is accepted (a dump creates
// children before parents); a parent that exists is still validated.
func (s *Session) checkParent(child *table.Table, fk *table.ForeignKey, cols []*table.TableColumn) error {
	parent := s.eng.catalog.Table(fk.RefDB, fk.RefTable)
	if fk.References(child.DB, child.Name) {
		parent = child
	}
	if parent == nil {
		if !s.foreignKeyChecks() {
			return nil
		}
		return mysqldef.NewError(mysqldef.ErrFKCannotOpenParent, "Failed to open the referenced table '%s'", fk.RefTable)
	}
	var refIDs []uint32
	for i, n := range fk.RefColumns {
		off := parent.FindColumn(n)
		if off < 0 {
			return mysqldef.NewError(mysqldef.ErrFKNoColumnParent,
				"Failed to add the foreign key constraint. Missing column '%s' for constraint '%s' in the referenced table '%s'", n, fk.Name, fk.RefTable)
		}
		pc := parent.Columns[off]
		fk.RefColumns[i] = pc.Name // as the parent spells it
		if !fkTypesCompatible(cols[i].Type, pc.Type) {
			return mysqldef.NewError(mysqldef.ErrFKIncompatibleColumns,
				"Referencing column '%s' and referenced column '%s' in foreign key constraint '%s' are incompatible.", cols[i].Name, pc.Name, fk.Name)
		}
		refIDs = append(refIDs, pc.ID)
	}
	if !parent.HasIndexOn(refIDs) {
		return mysqldef.NewError(mysqldef.ErrFKNoIndexParent,
			"Failed to add the foreign key constraint. Missing index for constraint '%s' in the referenced table '%s'", fk.Name, fk.RefTable)
	}
	return nil
}

// checkFKNameFree refuses a constraint name already used in the schema
// (MySQL 8 keeps foreign key names unique per schema).
func (s *Session) checkFKNameFree(child *table.Table, name string) error {
	dup := mysqldef.NewError(mysqldef.ErrFKDupName, "Duplicate foreign key constraint name '%s'", name)
	if child.ForeignKey(name) != nil {
		return dup
	}
	for _, t := range s.eng.catalog.TablesIn(child.DB) {
		if t.Name != child.Name && t.ForeignKey(name) != nil {
			return dup
		}
	}
	return nil
}

// fkTypesCompatible applies InnoDB's rule: integer and decimal types must
// match in size and sign (precision and scale), string types in
// character set and collation (lengths may differ), others in type.
func fkTypesCompatible(a, b expr.SQLType) bool {
	switch {
	case a.IsInteger() || b.IsInteger():
		return a.Tp == b.Tp && a.Unsigned == b.Unsigned
	case a.Tp == mysqldef.TypeNewDecimal || b.Tp == mysqldef.TypeNewDecimal:
		return a.Tp == b.Tp && a.Flen == b.Flen && a.Decimal == b.Decimal
	case isCharOrVarchar(a) && isCharOrVarchar(b):
		return a.Binary == b.Binary && strings.EqualFold(a.Collation, b.Collation)
	}
	return a.Tp == b.Tp && a.Binary == b.Binary && strings.EqualFold(a.Collation, b.Collation)
}

func isCharOrVarchar(t expr.SQLType) bool {
	switch t.Tp {
	case mysqldef.TypeString, mysqldef.TypeVarchar, mysqldef.TypeVarString:
		return true
	}
	return false
}

// fkActions reads a REFERENCES clause's ON DELETE and ON UPDATE.
func fkActions(r *ast.ReferenceDef) (onDelete, onUpdate table.FKAction) {
	if r.OnDelete != nil {
		onDelete = fkActionOf(r.OnDelete.ReferOpt)
	}
	if r.OnUpdate != nil {
		onUpdate = fkActionOf(r.OnUpdate.ReferOpt)
	}
	return onDelete, onUpdate
}

func fkActionOf(o ast.ReferOptionType) table.FKAction {
	switch o {
	case ast.ReferOptionRestrict:
		return table.FKRestrict
	case ast.ReferOptionCascade:
		return table.FKCascade
	case ast.ReferOptionSetNull:
		return table.FKSetNull
	case ast.ReferOptionNoAction:
		return table.FKNoAction
	}
	return table.FKDefault
}

// addForeignKey is ALTER TABLE ... ADD [CONSTRAINT name] FOREIGN KEY: the
// implicit index (if any) is built and, with foreign_key_checks on, every
// existing row must find its parent.
func (p *alterPlan) addForeignKey(k *ast.Constraint) error {
	if p.old.Temporary {
		return errTempTableForeignKey()
	}
	ix, err := p.s.addForeignKey(p.next, k)
	if err != nil {
		return err
	}
	if ix != nil {
		p.build = append(p.build, ix)
	}
	if p.s.foreignKeyChecks() {
		fk := p.next.ForeignKeys[len(p.next.ForeignKeys)-1]
		parent := p.next
		if !fk.References(p.next.DB, p.next.Name) {
			parent = p.s.eng.catalog.Table(fk.RefDB, fk.RefTable)
		}
		p.checkFKs = append(p.checkFKs, table.FKRef{Child: parent, FK: fk})
	}
	return nil
}

// checkExistingRow refuses an existing row (in the new descriptor's
// layout) that lacks the parent an added foreign key requires.
func (p *alterPlan) checkExistingRow(row []expr.Value) error {
	for _, c := range p.checkFKs {
		fk := c.FK
		ok, err := table.ParentRowExists(c.Child, p.s.eng.store, p.next, fk, row)
		if err != nil {
			return err
		}
		if !ok {
			return mysqldef.NewError(mysqldef.ErrNoReferencedRow2,
				"Cannot add or update a child row: a foreign key constraint fails (%s)", table.FKErrorText(p.next, fk))
		}
	}
	return nil
}

// dropForeignKey is ALTER TABLE ... DROP FOREIGN KEY name; the index the
// constraint used stays, as in MySQL.
func (p *alterPlan) dropForeignKey(name string, ifExists bool) error {
	for i, fk := range p.next.ForeignKeys {
		if strings.EqualFold(fk.Name, name) {
			p.next.ForeignKeys = append(p.next.ForeignKeys[:i:i], p.next.ForeignKeys[i+1:]...)
			return nil
		}
	}
	msg := "Can't DROP '" + name + "'; check that column/key exists"
	if ifExists {
		p.s.addDiag("Note", mysqldef.ErrCantDropFieldOrKey, msg)
		return nil
	}
	return mysqldef.NewError(mysqldef.ErrCantDropFieldOrKey, "%s", msg)
}

// checkIndexNotNeededByFK refuses to drop the last index a foreign key of
// the table, or one referencing it, finds rows through (1553).
func (p *alterPlan) checkIndexNotNeededByFK(ix *table.Index) error {
	t := p.next
	needs := func(cols []uint32) bool {
		if !ix.CoversFK(cols) || t.PKCoversFK(cols) {
			return false
		}
		for _, other := range t.Indexes {
			if other != ix && other.CoversFK(cols) {
				return false
			}
		}
		return true
	}
	fail := mysqldef.NewError(mysqldef.ErrDropIndexFK, "Cannot drop index '%s': needed in a foreign key constraint", ix.Name)
	for _, fk := range t.ForeignKeys {
		if needs(fk.Columns) {
			return fail
		}
	}
	for _, ref := range p.s.referencedBy(t) {
		var ids []uint32
		for _, n := range ref.FK.RefColumns {
			off := t.FindColumn(n)
			if off < 0 {
				break
			}
			ids = append(ids, t.Columns[off].ID)
		}
		if len(ids) == len(ref.FK.RefColumns) && needs(ids) {
			return fail
		}
	}
	return nil
}

// checkColumnNotInFK refuses to drop a column a CHECK constraint uses
// (3959), a foreign key of the table uses (1828) or one referencing the
// table names (1829).
func (p *alterPlan) checkColumnNotInFK(name string) error {
	t := p.next
	off := t.FindColumn(name)
	if off < 0 {
		return nil
	}
	id := t.Columns[off].ID
	for _, c := range t.Checks {
		if strings.Contains(strings.ToLower(c.Expr), "`"+strings.ToLower(t.Columns[off].Name)+"`") {
			return mysqldef.NewError(mysqldef.ErrDependentByCheck,
				"Check constraint '%s' uses column '%s', hence column cannot be dropped or renamed.", c.Name, t.Columns[off].Name)
		}
	}
	for _, fk := range t.ForeignKeys {
		for _, c := range fk.Columns {
			if c == id {
				return mysqldef.NewError(mysqldef.ErrFKColumnCannotDrop,
					"Cannot drop column '%s': needed in a foreign key constraint '%s'", t.Columns[off].Name, fk.Name)
			}
		}
	}
	for _, ref := range p.s.referencedBy(t) {
		if ref.Child.Name == t.Name && ref.Child.DB == t.DB {
			continue // self-reference: checked above
		}
		for _, n := range ref.FK.RefColumns {
			if strings.EqualFold(n, name) {
				return mysqldef.NewError(mysqldef.ErrFKColumnCannotDropChd,
					"Cannot drop column '%s': needed in a foreign key constraint '%s' of table '%s'", t.Columns[off].Name, ref.FK.Name, ref.Child.Name)
			}
		}
	}
	return nil
}

// checkDropParent refuses DROP TABLE of a table other tables reference
// (3730) unless foreign_key_checks is off or every referencing table is
// dropped by the same statement.
func (s *Session) checkDropParent(db, name string, dropping map[string]bool) error {
	if !s.foreignKeyChecks() {
		return nil
	}
	for _, ref := range s.eng.catalog.ReferencedBy(db, name) {
		if dropping[ref.Child.DB+"."+ref.Child.Name] {
			continue
		}
		return mysqldef.NewError(mysqldef.ErrFKCannotDropParent,
			"Cannot drop table '%s' referenced by a foreign key constraint '%s' on table '%s'.", name, ref.FK.Name, ref.Child.Name)
	}
	return nil
}

// truncateFKText names a constraint as 1701 does: the parent always
// qualified by its database.
func truncateFKText(ref table.FKRef) string {
	fk := *ref.FK
	clause := table.FKClause(&table.Table{DB: "", Name: ref.Child.Name, Columns: ref.Child.Columns}, &fk)
	return table.QuoteIdent(ref.Child.DB) + "." + table.QuoteIdent(ref.Child.Name) + ", CONSTRAINT " + table.QuoteIdent(fk.Name) + " " + clause
}

// checkFKColumnTypes refuses an ALTER that leaves a foreign key between
// columns of incompatible types (3780), on either side: the constraint's
// lookups compare key encodings, which only compatible types share.
func (p *alterPlan) checkFKColumnTypes() error {
	t := p.next
	incompatible := func(child, parent *table.TableColumn, fk *table.ForeignKey) error {
		if fkTypesCompatible(child.Type, parent.Type) {
			return nil
		}
		return mysqldef.NewError(mysqldef.ErrFKIncompatibleColumns,
			"Referencing column '%s' and referenced column '%s' in foreign key constraint '%s' are incompatible.", child.Name, parent.Name, fk.Name)
	}
	for _, fk := range t.ForeignKeys {
		parent := p.s.eng.catalog.Table(fk.RefDB, fk.RefTable)
		if fk.References(p.old.DB, p.old.Name) {
			parent = t
		}
		if parent == nil {
			continue
		}
		for i, id := range fk.Columns {
			off := t.FindColumnID(id)
			poff := parent.FindColumn(fk.RefColumns[i])
			if parent == t {
				poff = p.renamedColumn(fk.RefColumns[i])
			}
			if off < 0 || poff < 0 {
				continue
			}
			if err := incompatible(t.Columns[off], parent.Columns[poff], fk); err != nil {
				return err
			}
		}
	}
	for _, ref := range p.s.referencedBy(p.old) {
		if ref.Child.ID == t.ID {
			continue // checked above
		}
		for i, id := range ref.FK.Columns {
			off := ref.Child.FindColumnID(id)
			poff := p.renamedColumn(ref.FK.RefColumns[i])
			if off < 0 || poff < 0 {
				continue
			}
			if err := incompatible(ref.Child.Columns[off], t.Columns[poff], ref.FK); err != nil {
				return err
			}
		}
	}
	return nil
}

// renamedColumn finds in the new descriptor the column the old one called
// name (an ALTER may have renamed it); -1 if it is gone.
func (p *alterPlan) renamedColumn(name string) int {
	off := p.old.Column(name)
	if off < 0 {
		return p.next.FindColumn(name)
	}
	return p.next.FindColumnID(p.old.Columns[off].ID)
}

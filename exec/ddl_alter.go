package exec

import (
	"cmp"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// alterPlan is one ALTER TABLE (or CREATE/DROP INDEX) in the making: the
// specs edit next, a clone of the current descriptor, and record the data
// work that must land in the same transaction as the new descriptor.
type alterPlan struct {
	s         *Session
	old, next *table.Table
	build     []*table.Index           // indexes of next to fill from the existing rows
	drop      []*table.Index           // indexes of old whose entries go
	rewrite   bool                     // re-encode every row with next
	fillValue map[uint32]expr.Value    // column id -> value existing rows get (rewrite)
	notNull   []uint32                 // column ids that became NOT NULL: no row may hold NULL
	autoInc   uint64                   // AUTO_INCREMENT=n
	newChecks []*table.CheckConstraint // CHECK constraints that became enforced
	rowChecks []table.RowCheck         // newChecks compiled: existing rows must pass them
	checkFKs  []table.FKRef            // added foreign keys every existing row must satisfy, with their parents (Child: the parent)
	genCols   []table.RowGenerated     // generated columns of next to compute into every existing row (an added or redefined one)
	recompute bool                     // set genCols before fill
}

// lockTableExclusive finds a table and holds its metadata lock
// exclusively: running statements on it finish first, new ones wait.
func (s *Session) lockTableExclusive(tn *ast.TableName) (*table.Table, func(), error) {
	t, unlock, err := s.lockExclusive(tn)
	if err == nil && t.IsView() {
		unlock()
		return nil, nil, errNotBaseTable(t.DB, t.Name)
	}
	return t, unlock, err
}

// lockExclusive is lockTableExclusive for a table or a view (RENAME).
func (s *Session) lockExclusive(tn *ast.TableName) (*table.Table, func(), error) {
	db, name, err := s.tableName(tn)
	if err != nil {
		return nil, nil, err
	}
	if t := s.tempTable(db, name); t != nil {
		return t, noRelease, nil // only this session sees it: no metadata lock
	}
	for {
		t := s.eng.catalog.Table(db, name)
		if t == nil {
			return nil, nil, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name)
		}
		t.Shared().MDL.Lock()
		if s.eng.catalog.Table(db, name) == t {
			return t, t.Shared().MDL.Unlock, nil
		}
		t.Shared().MDL.Unlock()
	}
}

// alterTable runs apply over a clone of the table and swaps the result in,
// with its index builds, index drops and row rewrites, in one transaction.
func (s *Session) alterTable(tn *ast.TableName, w ResultWriter, more bool, apply func(*alterPlan) error) error {
	t, unlock, err := s.lockTableExclusive(tn)
	if err != nil {
		return err
	}
	defer unlock()
	p := &alterPlan{s: s, old: t, next: t.Clone(), fillValue: map[uint32]expr.Value{}}
	if err := apply(p); err != nil {
		return err
	}
	if err := p.checkFKColumnTypes(); err != nil {
		return err
	}
	if err := validateTable(p.next); err != nil {
		return err
	}
	if err := s.validateGenerated(p.next); err != nil {
		return err
	}
	if err := s.eng.catalog.Publish(p.next, t.Shared()); err != nil {
		return err
	}
	if p.recompute {
		p.genCols, p.rewrite = s.compileGenerated(p.next), true
	}
	if err := p.compileNewChecks(); err != nil {
		return err
	}
	if err := s.replaceTable(t, p.next, p.fill); err != nil {
		return err
	}
	if p.autoInc > 0 && p.next.AutoIncOffset() >= 0 {
		if err := s.eng.catalog.RaiseAutoInc(p.next, p.autoInc); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "Records: 0  Duplicates: 0  Warnings: 0", more)
}

func (s *Session) execAlterTable(st *ast.AlterTableStmt, w ResultWriter, more bool) error {
	return s.alterTable(st.Table, w, more, func(p *alterPlan) error {
		for _, spec := range st.Specs {
			if err := p.apply(spec); err != nil {
				return err
			}
		}
		return nil
	})
}

// apply performs one alter specification on p.next.
func (p *alterPlan) apply(spec *ast.AlterTableSpec) error {
	switch spec.Tp {
	case ast.AlterTableAddColumns:
		for i, cd := range spec.NewColumns {
			pos := spec.Position
			if i > 0 {
				pos = nil
			}
			if err := p.addColumn(cd, pos, spec.IfNotExists); err != nil {
				return err
			}
		}
		for _, k := range spec.NewConstraints {
			if err := p.addKey(k); err != nil {
				return err
			}
		}
		return nil
	case ast.AlterTableAddConstraint:
		if spec.Constraint.Tp == ast.ConstraintForeignKey {
			return p.addForeignKey(spec.Constraint)
		}
		if spec.Constraint.Tp == ast.ConstraintCheck {
			return p.addCheck(spec.Constraint)
		}
		return p.addKey(spec.Constraint)
	case ast.AlterTableDropCheck:
		// The parser gives DROP CONSTRAINT this type too; MySQL 8.0.19+
		// drops a foreign key of that name then.
		if name := spec.Constraint.Name; p.next.Check(name) == nil && p.next.ForeignKey(name) != nil {
			return p.dropForeignKey(name, false)
		}
		return p.dropCheck(spec.Constraint.Name)
	case ast.AlterTableAlterCheck:
		return p.setCheckEnforced(spec.Constraint.Name, spec.Constraint.Enforced)
	case ast.AlterTableDropForeignKey:
		return p.dropForeignKey(spec.Name, spec.IfExists)
	case ast.AlterTableDropColumn:
		if spec.IfExists && p.next.FindColumn(spec.OldColumnName.Name.O) < 0 {
			return nil
		}
		if err := p.checkColumnNotInFK(spec.OldColumnName.Name.O); err != nil {
			return err
		}
		return p.dropColumn(spec.OldColumnName.Name.O)
	case ast.AlterTableDropIndex:
		if spec.IfExists && p.next.Index(spec.Name) == nil {
			return nil
		}
		return p.dropIndex(spec.Name)
	case ast.AlterTableDropPrimaryKey:
		return expr.Unsupported("ALTER TABLE ... DROP PRIMARY KEY")
	case ast.AlterTableModifyColumn:
		cd := spec.NewColumns[0]
		return p.changeColumn(cd.Name.Name.O, cd, spec.Position)
	case ast.AlterTableChangeColumn:
		return p.changeColumn(spec.OldColumnName.Name.O, spec.NewColumns[0], spec.Position)
	case ast.AlterTableRenameColumn:
		return p.renameColumn(spec.OldColumnName.Name.O, spec.NewColumnName.Name.O)
	case ast.AlterTableAlterColumn:
		return p.alterDefault(spec.NewColumns[0])
	case ast.AlterTableRenameIndex:
		return p.renameIndex(spec.FromKey.O, spec.ToKey.O)
	case ast.AlterTableRenameTable:
		return p.renameTo(spec.NewTable)
	case ast.AlterTableOption:
		return p.options(spec.Options)
	case ast.AlterTableEnableKeys, ast.AlterTableDisableKeys:
		// MyISAM-only, as InnoDB answers it (dumps wrap their INSERTs in it).
		p.s.addDiag("Note", mysqldef.ErrIllegalHaOption, "Table storage engine for '"+p.old.Name+"' doesn't have this option")
		return nil
	case ast.AlterTableLock, ast.AlterTableAlgorithm, ast.AlterTableForce:
		// Every change here is applied at once under an exclusive
		// metadata lock; the hints do not change the result.
		return nil
	}
	return expr.Unsupported("this ALTER TABLE")
}

func unknownColumn(name, table string) error {
	return mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in '%s'", name, table)
}

// place inserts col into next.Columns at pos (default: last).
func (p *alterPlan) place(col *table.TableColumn, pos *ast.ColumnPosition) error {
	cols := p.next.Columns
	at := len(cols)
	if pos != nil {
		switch pos.Tp {
		case ast.ColumnPositionFirst:
			at = 0
		case ast.ColumnPositionAfter:
			i := p.next.FindColumn(pos.RelativeColumn.Name.O)
			if i < 0 {
				return unknownColumn(pos.RelativeColumn.Name.O, p.next.Name)
			}
			at = i + 1
		}
	}
	cols = append(cols, nil)
	copy(cols[at+1:], cols[at:])
	cols[at] = col
	p.next.Columns = cols
	return nil
}

func (p *alterPlan) addColumn(cd *ast.ColumnDef, pos *ast.ColumnPosition, ifNotExists bool) error {
	if p.next.FindColumn(cd.Name.Name.O) >= 0 {
		if ifNotExists {
			p.s.addDiag("Note", mysqldef.ErrDupFieldName, "Duplicate column name '"+cd.Name.Name.O+"'")
			return nil
		}
		return mysqldef.NewError(mysqldef.ErrDupFieldName, "Duplicate column name '%s'", cd.Name.Name.O)
	}
	col, keys, err := p.s.buildColumn(p.next, cd)
	if err != nil {
		return err
	}
	if col.AutoInc {
		return expr.Unsupported("ALTER TABLE ... ADD COLUMN ... AUTO_INCREMENT")
	}
	if col.IsGenerated() {
		p.recompute = true // existing rows get the computed value
	}
	// Existing rows read a constant default without being rewritten;
	// CURRENT_TIMESTAMP and the implicit default of a NOT NULL column
	// without one are written into every row.
	switch {
	case col.DefaultNow:
		wc := &table.WriteCtx{Eval: p.s.evalCtx, Strict: true, Row: 1}
		v, err := wc.Coerce(col, expr.DatetimeValue(p.s.stmtStart.In(p.s.location()), col.Type.Decimal))
		if err != nil {
			return err
		}
		p.fillValue[col.ID], p.rewrite = v, true
	case col.NotNull && col.Default == nil:
		v := table.ZeroValue(col.Type)
		if col.Type.Tp == mysqldef.TypeEnum && len(col.Type.Elems) > 0 {
			v = expr.StringValue(col.Type.Elems[0])
		}
		p.fillValue[col.ID], p.rewrite = v, true
	}
	if err := p.place(col, pos); err != nil {
		return err
	}
	for _, k := range keys {
		if err := p.addKey(k); err != nil {
			return err
		}
	}
	return nil
}

// dropColumn removes a column. Rows keep its value under its id, which
// decoders skip. Indexes lose the column (and are rebuilt under a new id,
// their key layout having changed); an index left empty is dropped.
func (p *alterPlan) dropColumn(name string) error {
	t := p.next
	i := t.FindColumn(name)
	if i < 0 {
		return mysqldef.NewError(mysqldef.ErrCantDropFieldOrKey, "Can't DROP '%s'; check that column/key exists", name)
	}
	if len(t.Columns) == 1 {
		return mysqldef.NewError(mysqldef.ErrCantRemoveAllCols, "You can't delete all columns with ALTER TABLE; use DROP TABLE instead")
	}
	if err := p.s.generatedDependents(t, name, nil); err != nil {
		return err
	}
	id := t.Columns[i].ID
	for _, pk := range t.PrimaryKey {
		if pk == id {
			return expr.Unsupported("dropping a PRIMARY KEY column")
		}
	}
	t.Columns = append(t.Columns[:i:i], t.Columns[i+1:]...)
	delete(p.fillValue, id)
	for n := 0; n < len(t.Indexes); n++ {
		ix := t.Indexes[n]
		rest, restPrefix := removeKeyPart(ix, id)
		if len(rest) == len(ix.Columns) {
			continue
		}
		p.forgetIndex(ix)
		if len(rest) == 0 {
			t.Indexes = append(t.Indexes[:n:n], t.Indexes[n+1:]...)
			n--
			continue
		}
		t.NextIndex++
		rebuilt := &table.Index{ID: t.NextIndex, Name: ix.Name, Columns: rest, Unique: ix.Unique, Prefix: restPrefix}
		t.Indexes[n] = rebuilt
		p.build = append(p.build, rebuilt)
	}
	return nil
}

// removeKeyPart is ix's parts without column id, with their prefix
// lengths (nil when none is left with one).
func removeKeyPart(ix *table.Index, id uint32) ([]uint32, []uint32) {
	var cols, prefixes []uint32
	hasPrefix := false
	for i, x := range ix.Columns {
		if x != id {
			cols = append(cols, x)
			prefixes = append(prefixes, ix.PrefixLen(i))
			hasPrefix = hasPrefix || ix.PrefixLen(i) > 0
		}
	}
	if !hasPrefix {
		prefixes = nil
	}
	return cols, prefixes
}

// changeColumn is MODIFY / CHANGE COLUMN: allowed when the stored values
// and index entries stay valid as they are.
func (p *alterPlan) changeColumn(oldName string, cd *ast.ColumnDef, pos *ast.ColumnPosition) error {
	t := p.next
	i := t.FindColumn(oldName)
	if i < 0 {
		return unknownColumn(oldName, t.Name)
	}
	cur := t.Columns[i]
	newName := cd.Name.Name.O
	if j := t.FindColumn(newName); j >= 0 && j != i {
		return mysqldef.NewError(mysqldef.ErrDupFieldName, "Duplicate column name '%s'", newName)
	}
	col, keys, err := p.s.buildColumn(&table.Table{}, cd)
	if err != nil {
		return err
	}
	col.ID = cur.ID
	if err := p.changeGenerated(cur, col); err != nil {
		return err
	}
	if p.inPrimaryKey(col.ID) {
		col.NotNull = true // as MySQL: key columns are NOT NULL
	}
	if !sameStorage(cur.Type, col.Type, p.indexed(col.ID)) {
		return expr.Unsupported("this ALTER TABLE")
	}
	if col.NotNull && !cur.NotNull {
		p.notNull = append(p.notNull, col.ID)
	}
	if defaultText(cur) != defaultText(col) {
		// Rows written before the column existed read its default: keep
		// the value they had by writing it into them.
		p.rewrite = true
	}
	if pos == nil || pos.Tp == ast.ColumnPositionNone {
		t.Columns[i] = col
	} else {
		t.Columns = append(t.Columns[:i:i], t.Columns[i+1:]...)
		if err := p.place(col, pos); err != nil {
			return err
		}
	}
	if err := checkKeysOfColumn(t, col.ID); err != nil {
		return err
	}
	for _, k := range keys {
		if err := p.addKey(k); err != nil {
			return err
		}
	}
	return nil
}

func (p *alterPlan) inPrimaryKey(id uint32) bool {
	for _, x := range p.next.PrimaryKey {
		if x == id {
			return true
		}
	}
	return false
}

// indexed reports whether column id is part of any key.
func (p *alterPlan) indexed(id uint32) bool {
	if p.inPrimaryKey(id) {
		return true
	}
	for _, ix := range p.next.Indexes {
		for _, x := range ix.Columns {
			if x == id {
				return true
			}
		}
	}
	return false
}

// sameStorage reports whether every value stored for type a is a valid
// value of type b with the same encoding (row and key), so no row needs
// rewriting: widening integers of the same signedness, longer strings,
// wider decimals with the same scale, ENUMs that keep their values.
func sameStorage(a, b expr.SQLType, indexed bool) bool {
	if a.Unsigned != b.Unsigned || a.Binary != b.Binary {
		return false
	}
	if a.IsText() && b.IsText() && a.Collation != b.Collation && indexed && a.CaseSensitive() != b.CaseSensitive() {
		return false
	}
	if a.IsInteger() && b.IsInteger() && a.Tp != mysqldef.TypeYear && b.Tp != mysqldef.TypeYear {
		return intRank(b.Tp) >= intRank(a.Tp)
	}
	if a.Tp != b.Tp {
		return false
	}
	switch a.Tp {
	case mysqldef.TypeVarchar, mysqldef.TypeBlob:
		return b.Flen >= a.Flen
	case mysqldef.TypeString:
		return b.Flen == a.Flen // CHAR pads: a new width changes values
	case mysqldef.TypeNewDecimal:
		return a.Decimal == b.Decimal && b.Flen >= a.Flen
	case mysqldef.TypeBit:
		return b.Flen >= a.Flen // a narrower BIT must check every row
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime:
		return a.Decimal == b.Decimal
	case mysqldef.TypeEnum:
		if len(b.Elems) < len(a.Elems) {
			return false
		}
		for i, e := range a.Elems {
			if b.Elems[i] != e {
				return false
			}
		}
		return true
	}
	return true
}

func intRank(tp byte) int {
	return map[byte]int{mysqldef.TypeTiny: 1, mysqldef.TypeShort: 2, mysqldef.TypeInt24: 3, mysqldef.TypeLong: 4, mysqldef.TypeLongLong: 5}[tp]
}

// defaultText summarises a column's default for comparison.
func defaultText(c *table.TableColumn) string {
	switch {
	case c.DefaultNow:
		return "now"
	case c.Default != nil:
		return "=" + *c.Default
	}
	return "null"
}

func (p *alterPlan) renameColumn(from, to string) error {
	t := p.next
	i := t.FindColumn(from)
	if i < 0 {
		return unknownColumn(from, t.Name)
	}
	if j := t.FindColumn(to); j >= 0 && j != i {
		return mysqldef.NewError(mysqldef.ErrDupFieldName, "Duplicate column name '%s'", to)
	}
	if err := checkIdentifier(to, "column"); err != nil {
		return err
	}
	if err := p.s.generatedDependents(t, from, nil); err != nil {
		return err
	}
	t.Columns[i].Name = to
	return nil
}

// alterDefault is ALTER COLUMN c SET DEFAULT v / DROP DEFAULT.
func (p *alterPlan) alterDefault(cd *ast.ColumnDef) error {
	t := p.next
	i := t.FindColumn(cd.Name.Name.O)
	if i < 0 {
		return unknownColumn(cd.Name.Name.O, t.Name)
	}
	col := t.Columns[i]
	before := defaultText(col)
	if len(cd.Options) == 0 {
		col.HasDefault, col.Default, col.DefaultNow = false, nil, false
	} else {
		col.Default, col.DefaultNow = nil, false
		if err := p.s.columnDefault(col, cd.Options[0].Expr); err != nil {
			return err
		}
	}
	if defaultText(col) != before {
		p.rewrite = true
	}
	return nil
}

func (p *alterPlan) renameIndex(from, to string) error {
	ix := p.next.Index(from)
	if ix == nil {
		return mysqldef.NewError(mysqldef.ErrKeyDoesNotExist, "Key '%s' doesn't exist in table '%s'", from, p.next.Name)
	}
	if other := p.next.Index(to); (other != nil && other != ix) || strings.EqualFold(to, "PRIMARY") {
		return mysqldef.NewError(mysqldef.ErrDupKeyName, "Duplicate key name '%s'", to)
	}
	ix.Name = to
	return nil
}

// renameTo moves the table (ALTER TABLE ... RENAME [TO] db.name); its id,
// and so its data, stays.
func (p *alterPlan) renameTo(tn *ast.TableName) error {
	db, name, err := p.s.tableName(tn)
	if err != nil {
		return err
	}
	if err := p.s.checkRenameTarget(db, name); err != nil {
		return err
	}
	p.next.DB, p.next.Name = db, name
	return nil
}

// options applies table options; those that describe storage loopdb does
// not have are accepted only where they change nothing.
func (p *alterPlan) options(opts []*ast.TableOption) error {
	for _, o := range opts {
		switch o.Tp {
		case ast.TableOptionEngine:
			if o.StrValue != "" && !strings.EqualFold(o.StrValue, "InnoDB") {
				return expr.Unsupported("storage engine " + o.StrValue)
			}
		case ast.TableOptionComment:
			p.next.Comment = o.StrValue
		case ast.TableOptionAutoIncrement:
			p.autoInc = o.UintValue
		case ast.TableOptionCharset, ast.TableOptionCollate:
			coll, err := tableCollation(opts, p.next.Collation)
			if err != nil {
				return err
			}
			if o.Tp == ast.TableOptionCharset && o.UintValue == ast.TableOptionCharsetWithConvertTo {
				if err := p.convertTo(cmp.Or(coll, defaultCollation)); err != nil {
					return err
				}
			}
			p.next.Collation = coll
		case ast.TableOptionRowFormat, ast.TableOptionStatsPersistent, ast.TableOptionStatsAutoRecalc,
			ast.TableOptionStatsSamplePages, ast.TableOptionKeyBlockSize, ast.TableOptionPackKeys,
			ast.TableOptionCheckSum, ast.TableOptionDelayKeyWrite, ast.TableOptionAvgRowLength,
			ast.TableOptionMaxRows, ast.TableOptionMinRows:
			// Tuning hints for storage loopdb does not have.
		default:
			return expr.Unsupported("this ALTER TABLE option")
		}
	}
	return nil
}

const defaultCollation = "utf8mb4_0900_ai_ci"

// convertTo is CONVERT TO CHARACTER SET utf8mb4: a no-op when every text
// column already uses the collation (converting values is not supported).
func (p *alterPlan) convertTo(collation string) error {
	for _, c := range p.next.Columns {
		if c.Type.IsText() && c.Type.Collation != collation {
			return expr.Unsupported("CONVERT TO CHARACTER SET that changes a column's collation")
		}
	}
	return nil
}

// fill is the data half of the ALTER, run inside the transaction that
// publishes the new descriptor: drop index entries, then one pass over the
// committed rows to check NOT NULL, rewrite rows and build new indexes. The
// metadata lock is held exclusively, so no statement writes the table
// meanwhile.
func (p *alterPlan) fill(tx storage.Txn) error {
	for _, ix := range p.drop {
		prefix := p.old.IndexPrefix(ix)
		if err := storage.DeleteRange(tx, prefix, storage.PrefixEnd(prefix)); err != nil {
			return err
		}
	}
	if !p.rewrite && len(p.build) == 0 && len(p.notNull) == 0 && len(p.checkFKs) == 0 && len(p.rowChecks) == 0 {
		return nil
	}
	old, next := p.old, p.next
	prefix := old.RowPrefix()
	it, err := p.s.eng.store.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return err
	}
	defer it.Close()
	oldRow := make([]expr.Value, len(old.Columns))
	row := make([]expr.Value, len(next.Columns))
	ib := &indexBuilder{t: next, tx: tx, ixs: p.build}
	var buf []byte
	for ok := it.First(); ok; ok = it.Next() {
		if err := old.DecodeRow(it.Value(), oldRow); err != nil {
			return err
		}
		for i, c := range next.Columns {
			if j, ok := old.OffsetOfID(c.ID); ok {
				row[i] = oldRow[j]
			} else if v, ok := p.fillValue[c.ID]; ok {
				row[i] = v
			} else {
				row[i] = c.AddedDefault()
			}
		}
		for _, id := range p.notNull {
			if off, _ := next.OffsetOfID(id); row[off].IsNull() {
				return mysqldef.NewError(mysqldef.ErrInvalidUseOfNull, "Invalid use of NULL value")
			}
		}
		if len(p.genCols) > 0 {
			wc := &table.WriteCtx{Eval: p.s.evalCtx, Strict: p.s.strictMode(), Row: 1}
			if err := table.ComputeGenerated(wc, p.genCols, row); err != nil {
				return err
			}
		}
		if err := table.EvalChecks(p.s.evalCtx, p.rowChecks, row); err != nil {
			return err
		}
		if err := p.checkExistingRow(row); err != nil {
			return err
		}
		if p.rewrite {
			buf = next.EncodeRow(buf[:0], row)
			if err := tx.Set(it.Key(), buf); err != nil {
				return err
			}
		}
		if err := ib.add(it.Key(), row); err != nil {
			return err
		}
	}
	return it.Error()
}

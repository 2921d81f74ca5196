package exec

import (
	"fmt"
	"slices"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// valuesTable qualifies VALUES(col) references in ON DUPLICATE KEY UPDATE:
// they are rewritten to `__values__`.col and resolved against the new row.
const valuesTable = "__values__"

// openTable resolves a single-table reference for DML (verb: INSERT,
// UPDATE or DELETE, for the error a view gets) and takes the table's
// metadata lock for the statement; release with the returned func.
func (s *Session) openTable(refs *ast.TableRefsClause, verb string) (*table.Table, string, func(), error) {
	if refs == nil || refs.TableRefs == nil || refs.TableRefs.Right != nil {
		return nil, "", nil, expr.Unsupported("multi-table DML")
	}
	src, ok := refs.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return nil, "", nil, expr.Unsupported("multi-table DML")
	}
	tn, ok := src.Source.(*ast.TableName)
	if !ok {
		return nil, "", nil, expr.Unsupported("DML on a derived table")
	}
	if s.planner.IsCTE(tn) {
		return nil, "", nil, errNotUpdatable(tn.Name.O, verb)
	}
	t, release, err := s.lockTable(tn)
	if err != nil {
		return nil, "", nil, err
	}
	if t.IsView() {
		release()
		return nil, "", nil, errNotUpdatable(t.Name, verb)
	}
	if err := s.enterTable(t, lockForWrite); err != nil {
		release()
		return nil, "", nil, err
	}
	alias := src.AsName.O
	if alias == "" {
		alias = t.Name
	}
	return t, alias, release, nil
}

// lockTable finds a table and holds its metadata lock shared, so DDL on it
// waits. Inside a transaction the lock is kept until the transaction ends,
// as MySQL does: DDL must not slip between a transaction's uncommitted
// writes and its commit. Otherwise it is released with the returned func.
func (s *Session) lockTable(tn *ast.TableName) (*table.Table, func(), error) {
	db, name, err := s.tableName(tn)
	if err != nil {
		return nil, nil, err
	}
	if t := s.tempTable(db, name); t != nil {
		return t, noRelease, nil // only this session sees it: no metadata lock
	}
	txnScoped := s.txn != nil || s.status&mysqldef.StatusAutocommit == 0
	for {
		t := s.eng.catalog.Table(db, name)
		if t == nil {
			if !s.eng.catalog.HasDatabase(db) {
				return nil, nil, mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
			}
			return nil, nil, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name)
		}
		if _, held := s.mdlHeld[t.Shared()]; held {
			return t, noRelease, nil // already ours until the transaction ends
		}
		t.Shared().MDL.RLock()
		// DDL may have swapped the descriptor while we waited.
		if s.eng.catalog.Table(db, name) != t {
			t.Shared().MDL.RUnlock()
			continue
		}
		if !txnScoped {
			return t, t.Shared().MDL.RUnlock, nil
		}
		if s.mdlHeld == nil {
			s.mdlHeld = make(map[*table.Shared]struct{})
		}
		s.mdlHeld[t.Shared()] = struct{}{}
		return t, noRelease, nil
	}
}

func noRelease() {}

// releaseMDL drops the metadata locks a transaction held.
func (s *Session) releaseMDL() {
	for sh := range s.mdlHeld {
		sh.MDL.RUnlock()
	}
	clear(s.mdlHeld)
}

// strictMode reports whether sql_mode makes bad values errors.
func (s *Session) strictMode() bool {
	modes := s.sqlModes()
	return modes == nil || slices.Contains(modes, "STRICT_TRANS_TABLES") || slices.Contains(modes, "STRICT_ALL_TABLES")
}

// divZeroIsError reports whether a data-change statement's division by
// zero is an error (1365) rather than a warning: strict mode with
// ERROR_FOR_DIVISION_BY_ZERO, and no IGNORE.
func (s *Session) divZeroIsError(ignore bool) bool {
	return !ignore && s.strictMode() && s.sqlModeHas("ERROR_FOR_DIVISION_BY_ZERO")
}

// insertState carries one INSERT/REPLACE statement.
type insertState struct {
	s         *Session
	st        *ast.InsertStmt
	t         *table.Table
	tw        *table.Writer
	wc        table.WriteCtx
	targets   []int  // column offsets given values, in order
	given     []bool // by offset: a value was given
	onDup     []dupAssign
	firstID   uint64 // first generated AUTO_INCREMENT value
	lastGiven uint64 // last explicit AUTO_INCREMENT value (the OK packet reports it when none was generated)
	affected  uint64
	dups      uint64
	records   uint64
}

type dupAssign struct {
	off  int
	expr expr.Expr
}

func (s *Session) execInsert(st *ast.InsertStmt, w ResultWriter, more bool) error {
	t, _, release, err := s.openTable(st.Table, "INSERT")
	if err != nil {
		return err
	}
	defer release()
	is := &insertState{s: s, st: st, t: t}
	if err := is.resolveTargets(); err != nil {
		return err
	}
	if err := is.compileOnDup(); err != nil {
		return err
	}
	var rows [][]expr.Value
	s.evalCtx.DivZeroIsError = s.divZeroIsError(st.IgnoreErr)
	if st.Select != nil {
		if rows, err = s.selectRows(st.Select); err != nil {
			return err
		}
	}
	err = s.inTxn(func(tx storage.Txn) error {
		is.tw = s.newTableWriter(t, tx)
		is.wc = table.WriteCtx{Eval: s.evalCtx, Strict: s.strictMode() && !st.IgnoreErr}
		is.tw.UseWriteCtx(&is.wc)
		if st.Select != nil {
			for _, r := range rows {
				if len(r) != len(is.targets) {
					return mysqldef.NewError(mysqldef.ErrWrongNumberOfColumnsInSelect, "Column count doesn't match value count at row %d", is.records+1)
				}
				if err := is.insertOne(r); err != nil {
					return err
				}
			}
			return nil
		}
		for _, list := range st.Lists {
			if err := is.insertList(list); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	okID := is.firstID
	if is.firstID != 0 {
		s.lastInsertID = is.firstID
	} else {
		okID = is.lastGiven
	}
	s.rowCount = int64(is.affected)
	info := ""
	if len(st.Lists) > 1 || st.Select != nil {
		info = fmt.Sprintf("Records: %d  Duplicates: %d  Warnings: %d", is.records, is.dups, s.warningCount())
	}
	return s.writeOK(w, is.affected, okID, info, more)
}

func (is *insertState) resolveTargets() error {
	t := is.t
	is.given = make([]bool, len(t.Columns))
	if len(is.st.Columns) == 0 {
		for i := range t.Columns {
			is.targets = append(is.targets, i)
			is.given[i] = true
		}
		return nil
	}
	for _, c := range is.st.Columns {
		off := t.Column(c.Name.O)
		if off < 0 {
			return mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'field list'", c.Name.O)
		}
		if is.given[off] {
			return mysqldef.NewError(mysqldef.ErrFieldSpecifiedTwice, "Column '%s' specified twice", c.Name.O)
		}
		is.given[off] = true
		is.targets = append(is.targets, off)
	}
	return nil
}

// compileOnDup compiles ON DUPLICATE KEY UPDATE assignments over a scope
// of the existing row followed by the new row (as VALUES(col)).
func (is *insertState) compileOnDup() error {
	if len(is.st.OnDuplicate) == 0 {
		return nil
	}
	scope := is.s.tableScope(is.t, is.t.Name)
	for _, c := range is.t.Columns {
		scope.Columns = append(scope.Columns, expr.ScopeColumn{Table: valuesTable, Name: expr.SyntheticName(c.Name), Type: c.Type.ResultType(),
			UTC: storesUTC(is.t, c)}) // the new row is coerced: storage form
	}
	for _, a := range is.st.OnDuplicate {
		off := is.t.Column(a.Column.Name.O)
		if off < 0 {
			return mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'field list'", a.Column.Name.O)
		}
		if c := is.t.Columns[off]; c.IsGenerated() {
			if _, isDefault := a.Expr.(*ast.DefaultExpr); isDefault {
				continue // the writer computes it anyway
			}
			return generatedValueGiven(is.t, c)
		}
		ve := rewriteValuesExpr(a.Expr)
		x, err := expr.Compile(ve, scope)
		if err != nil {
			return err
		}
		is.onDup = append(is.onDup, dupAssign{off: off, expr: x})
	}
	return nil
}

// insertList evaluates one VALUES list and inserts the row.
func (is *insertState) insertList(list []ast.ExprNode) error {
	if len(list) != len(is.targets) && !(len(list) == 0 && len(is.st.Columns) == 0) {
		return mysqldef.NewError(mysqldef.ErrWrongValueCount, "Column count doesn't match value count at row %d", is.records+1)
	}
	vals := make([]expr.Value, len(list))
	defaults := make([]bool, len(list))
	for i, e := range list {
		switch x := e.(type) {
		case *ast.DefaultExpr:
			defaults[i] = true
			continue
		case *test_driver.ParamMarkerExpr:
			// A prepared or cached INSERT's ?: the bound value, without
			// compiling the marker for every row of every execution.
			if p := is.s.evalCtx.Params; x.Order >= 0 && x.Order < len(p) {
				vals[i] = p[x.Order]
				continue
			}
		}
		v, err := is.s.evalConst(e)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	if len(list) == 0 { // INSERT INTO t VALUES (): all defaults
		return is.insertRow(make([]expr.Value, len(is.t.Columns)), make([]bool, len(is.t.Columns)))
	}
	row := make([]expr.Value, len(is.t.Columns))
	given := make([]bool, len(is.t.Columns))
	for i, off := range is.targets {
		row[off] = vals[i]
		given[off] = !defaults[i]
	}
	return is.insertRow(row, given)
}

// insertOne inserts values for the target columns (INSERT ... SELECT).
func (is *insertState) insertOne(vals []expr.Value) error {
	row := make([]expr.Value, len(is.t.Columns))
	given := make([]bool, len(is.t.Columns))
	for i, off := range is.targets {
		row[off] = vals[i]
		given[off] = true
	}
	return is.insertRow(row, given)
}

// insertRow completes a row with defaults, coerces it and writes it,
// handling duplicates per IGNORE / REPLACE / ON DUPLICATE KEY UPDATE.
func (is *insertState) insertRow(row []expr.Value, given []bool) error {
	is.records++
	is.wc.Row = int(is.records)
	for off, c := range is.t.Columns {
		if given[off] && c.IsGenerated() {
			// MySQL 8 refuses the value (3105). Outside strict mode it is
			// dropped with a warning instead, as MariaDB does: mariadb-dump
			// writes generated columns' values into its INSERTs and
			// restores under a non-strict sql_mode.
			if is.wc.Strict {
				return generatedValueGiven(is.t, c)
			}
			e := generatedValueGiven(is.t, c)
			is.s.AddWarning(e.Code, e.Message)
			given[off] = false
		}
	}
	if err := is.s.completeRow(is.t, row, given, &is.wc, &is.firstID); err != nil {
		return err
	}
	if off := is.t.AutoIncOffset(); off >= 0 && given[off] {
		if n := autoIncNumber(row[off]); n > 0 {
			is.lastGiven = n
		}
	}
	for attempt := 0; ; attempt++ {
		_, err := is.tw.Insert(row)
		dup, isDup := err.(*table.DupKeyError)
		if !isDup {
			if err == nil {
				is.affected++
			} else if is.st.IgnoreErr && ignorableRowError(err) {
				// Refused before anything was written: IGNORE skips the row.
				is.s.AddWarning(err.(*mysqldef.SQLError).Code, err.(*mysqldef.SQLError).Message)
				return nil
			}
			return err
		}
		switch {
		case is.st.IsReplace && attempt < 64:
			old := make([]expr.Value, len(is.t.Columns))
			if _, err := is.tw.ReadRow(dup.Existing, old); err != nil {
				return err
			}
			if err := is.tw.Lock(dup.Existing); err != nil {
				return err
			}
			if err := is.tw.Remove(dup.Existing, old); err != nil {
				return err
			}
			is.affected++
			is.dups++
			continue
		case len(is.onDup) > 0:
			is.dups++
			return is.updateDuplicate(dup.Existing, row)
		case is.st.IgnoreErr:
			is.dups++
			is.s.AddWarning(mysqldef.ErrDupEntry, dup.SQLError().Message)
			return nil
		}
		return dup.SQLError()
	}
}

// ignorableRowError reports the errors INSERT IGNORE and UPDATE IGNORE
// turn into warnings besides duplicates: a child row without its parent
// (1452) and a violated CHECK constraint (3819), both refused before the
// row is written.
func ignorableRowError(err error) bool {
	e, ok := err.(*mysqldef.SQLError)
	return ok && (e.Code == mysqldef.ErrNoReferencedRow2 || e.Code == mysqldef.ErrCheckConstraintViolated)
}

// updateDuplicate applies ON DUPLICATE KEY UPDATE to the existing row.
func (is *insertState) updateDuplicate(key []byte, newRow []expr.Value) error {
	if err := is.tw.Lock(key); err != nil {
		return err
	}
	old := make([]expr.Value, len(is.t.Columns))
	if ok, err := is.tw.ReadRow(key, old); err != nil || !ok {
		return err
	}
	env := append(append(make([]expr.Value, 0, 2*len(old)), old...), newRow...)
	upd := append([]expr.Value(nil), old...)
	for _, a := range is.onDup {
		v, err := a.expr.Eval(is.s.evalCtx, env)
		if err != nil {
			return err
		}
		cv, err := is.wc.Coerce(is.t.Columns[a.off], v)
		if err != nil {
			return err
		}
		upd[a.off] = cv
		env[a.off] = cv // later assignments see earlier ones, as in MySQL
	}
	if rowsEqual(old, upd) {
		if is.s.opts.FoundRows {
			is.affected++
		}
		return nil
	}
	is.s.applyOnUpdate(is.t, old, upd)
	if _, err := is.tw.Update(key, old, upd); err != nil {
		if dup, ok := err.(*table.DupKeyError); ok {
			return dup.SQLError()
		}
		return err
	}
	is.affected += 2
	return nil
}

// completeRow fills defaults and AUTO_INCREMENT, then coerces every value.
func (s *Session) completeRow(t *table.Table, row []expr.Value, given []bool, wc *table.WriteCtx, firstID *uint64) error {
	for off, c := range t.Columns {
		if given[off] || c.IsGenerated() { // the writer computes generated columns
			continue
		}
		switch {
		case c.AutoInc:
			row[off] = expr.Value{}
		case c.DefaultNow:
			row[off] = expr.DatetimeValue(s.evalCtx.Now, c.Type.Decimal)
		case c.Default != nil:
			row[off] = c.AddedDefault()
		case c.HasDefault || !c.NotNull:
			row[off] = expr.Value{}
		default:
			if err := wc.Fail(mysqldef.ErrNoDefaultField, "Field '%s' doesn't have a default value", c.Name); err != nil {
				return err
			}
			row[off] = table.ZeroValue(c.Type)
		}
	}
	for off, c := range t.Columns {
		if c.AutoInc || c.IsGenerated() || (!given[off] && storedDefault(t, c)) {
			continue
		}
		v, err := wc.Coerce(c, row[off])
		if err != nil {
			return err
		}
		row[off] = v
	}
	if t.AutoIncOffset() >= 0 {
		return s.assignAutoInc(t, row, wc, firstID)
	}
	return nil
}

// assignAutoInc gives the AUTO_INCREMENT column a value: a new one for
// NULL or 0, otherwise the given one (and later ids go above it).
func (s *Session) assignAutoInc(t *table.Table, row []expr.Value, wc *table.WriteCtx, firstID *uint64) error {
	off := t.AutoIncOffset()
	c := t.Columns[off]
	v := row[off]
	if !v.IsNull() {
		cv, err := wc.Coerce(c, v)
		if err != nil {
			return err
		}
		if n := autoIncNumber(cv); n > 0 {
			row[off] = cv
			return s.eng.catalog.RaiseAutoInc(t, n+1)
		}
	}
	id, err := s.eng.catalog.AllocAutoInc(t, 1)
	if err != nil {
		return err
	}
	nv, err := wc.Coerce(c, expr.UintValue(id))
	if err != nil {
		return err
	}
	row[off] = nv
	if *firstID == 0 {
		*firstID = id
	}
	return nil
}

func autoIncNumber(v expr.Value) uint64 {
	switch v.Kind() {
	case expr.KindInt:
		if int64(v.Bits()) > 0 {
			return v.Bits()
		}
	case expr.KindUint:
		return v.Bits()
	case expr.KindFloat:
		if f := v.Float(); f >= 1 {
			return uint64(f)
		}
	}
	return 0
}

// applyOnUpdate sets ON UPDATE CURRENT_TIMESTAMP columns of a changed row
// that the statement did not assign.
func (s *Session) applyOnUpdate(t *table.Table, old, row []expr.Value) {
	for off, c := range t.Columns {
		if c.OnUpdateNow && sameValue(old[off], row[off]) {
			now := s.evalCtx.Now
			if storesUTC(t, c) {
				now = now.UTC() // the row is in storage form
			}
			row[off] = expr.DatetimeValue(now, c.Type.Decimal)
		}
	}
}

func sameValue(a, b expr.Value) bool {
	if a.Kind() != b.Kind() || a.Bits() != b.Bits() || a.Str() != b.Str() || a.RawFsp() != b.RawFsp() {
		return false
	}
	if ad, bd := a.Decimal(), b.Decimal(); ad != nil || bd != nil {
		return ad != nil && bd != nil && ad.Cmp(bd) == 0 && ad.Exponent == bd.Exponent
	}
	return true
}

func rowsEqual(a, b []expr.Value) bool {
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

// rewriteValuesExpr turns VALUES(col) into a reference to the new row's col.
func rewriteValuesExpr(e ast.ExprNode) ast.ExprNode {
	n, _ := e.Accept(&valuesRewriter{})
	return n.(ast.ExprNode)
}

type valuesRewriter struct{}

func (valuesRewriter) Enter(n ast.Node) (ast.Node, bool) { return n, false }

func (valuesRewriter) Leave(n ast.Node) (ast.Node, bool) {
	if v, ok := n.(*ast.ValuesExpr); ok && v.Column != nil {
		return &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(valuesTable), Name: ast.NewCIStr(expr.SyntheticName(v.Column.Name.Name.O))}}, true
	}
	return n, true
}

// tableScope is the expression scope of one table's rows.
func (s *Session) tableScope(t *table.Table, alias string) *expr.Scope {
	sc := &expr.Scope{Env: s}
	for i, c := range t.Columns {
		ct := c.ResultType()
		ct.Flags |= t.KeyFlags(i)
		sc.Columns = append(sc.Columns, expr.ScopeColumn{Table: alias, Name: c.Name, Type: ct, Elems: c.Type.Elems,
			UTC: storesUTC(t, c)})
	}
	return sc
}

// storesUTC reports a TIMESTAMP column whose rows hold what Coerce
// stored: UTC. A derived table's or a view's columns hold what their
// query computed, already in the session zone.
func storesUTC(t *table.Table, c *table.TableColumn) bool {
	return c.Type.Tp == mysqldef.TypeTimestamp && c.DerivedType == nil && t.View == nil
}

// storedDefault reports a column whose default, AddedDefault, is already
// in storage form and must not pass Coerce again: a TIMESTAMP constant is
// an instant, fixed (in UTC) when the column was defined, as in MySQL.
func storedDefault(t *table.Table, c *table.TableColumn) bool {
	return storesUTC(t, c) && c.Default != nil && !c.DefaultNow
}

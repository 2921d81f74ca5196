package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// DDL errors (mysqld_error.h).

// tableName resolves an optionally qualified table name against the
// session's current database.
func (s *Session) tableName(tn *ast.TableName) (db, name string, err error) {
	db = tn.Schema.O
	if db == "" {
		db = s.db
	}
	if db == "" {
		return "", "", mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	return db, tn.Name.O, nil
}

func (s *Session) execCreateTable(st *ast.CreateTableStmt, w ResultWriter, more bool) error {
	db, name, err := s.tableName(st.Table)
	if err != nil {
		return err
	}
	temporary := st.TemporaryKeyword != ast.TemporaryNone
	switch {
	case st.TemporaryKeyword == ast.TemporaryGlobal: // TiDB's syntax, not MySQL's
		return expr.Unsupported("CREATE GLOBAL TEMPORARY TABLE")
	case temporary && st.Select != nil:
		return s.execCreateTempTableSelect(st, w, more)
	case st.Partition != nil:
		return expr.Unsupported("partitioned tables")
	case st.Select != nil:
		return s.execCreateTableSelect(st, w, more)
	}
	if !s.eng.catalog.HasDatabase(db) {
		return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	if table.IsSystemSchema(db) {
		return mysqldef.NewError(mysqldef.ErrDBAccessDenied, "Access denied for user '%s'@'%s' to database '%s'", s.user, s.acctHost, db)
	}
	if temporary {
		if err := s.checkTempTablesSupported(); err != nil {
			return err
		}
	}
	var t *table.Table
	if st.ReferTable != nil {
		srcDB, srcName, err := s.tableName(st.ReferTable)
		if err != nil {
			return err
		}
		src := s.findTable(srcDB, srcName) // LIKE may copy a temporary table (MySQL does)
		if src == nil {
			return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", srcDB, srcName)
		}
		if src.IsView() { // MySQL 8 copies only base tables
			return errNotBaseTable(srcDB, srcName)
		}
		t = src.Clone()
		t.Version = 1
		t.Temporary = false
	} else if t, err = s.buildTable(st); err != nil {
		return err
	}
	t.DB, t.Name = db, name
	if err := checkIdentifier(name, "table"); err != nil {
		return err
	}
	if st.ReferTable != nil {
		t.ForeignKeys = nil // CREATE TABLE ... LIKE copies no foreign keys
	} else {
		for _, k := range st.Constraints {
			if k.Tp != ast.ConstraintForeignKey {
				continue
			}
			if temporary {
				return errTempTableForeignKey()
			}
			if _, err := s.addForeignKey(t, k); err != nil {
				return err
			}
		}
	}
	t.Temporary = temporary
	if err := s.eng.catalog.Publish(t, nil); err != nil {
		return err
	}
	var existed bool
	if temporary {
		existed, err = s.createTempTable(t, st.IfNotExists)
	} else {
		existed, err = s.eng.catalog.CreateTable(t, st.IfNotExists)
	}
	if err != nil {
		return err
	}
	if existed {
		s.addDiag("Note", mysqldef.ErrTableExists, "Table '"+name+"' already exists")
	} else if start := autoIncOption(st.Options); start > 1 && t.AutoIncOffset() >= 0 {
		if err := s.eng.catalog.RaiseAutoInc(t, start); err != nil {
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

func autoIncOption(opts []*ast.TableOption) uint64 {
	for _, o := range opts {
		if o.Tp == ast.TableOptionAutoIncrement {
			return o.UintValue
		}
	}
	return 0
}

func checkIdentifier(name, what string) error {
	if name == "" || strings.HasSuffix(name, " ") {
		return mysqldef.NewError(mysqldef.ErrWrongDBName, "Incorrect %s name '%s'", what, name)
	}
	if len([]rune(name)) > 64 {
		return mysqldef.NewError(mysqldef.ErrTooLongIdent, "Identifier name '%s' is too long", name)
	}
	return nil
}

// buildTable turns CREATE TABLE's columns and constraints into a descriptor.
func (s *Session) buildTable(st *ast.CreateTableStmt) (*table.Table, error) {
	return s.buildTableWith(st, nil)
}

// buildTableWith is buildTable for CREATE TABLE ... SELECT: the SELECT's
// columns follow the defined ones, except those a definition names (that
// definition's type holds the selected value), and the keys may name both.
func (s *Session) buildTableWith(st *ast.CreateTableStmt, selected []*table.TableColumn) (*table.Table, error) {
	t := &table.Table{Version: 1}
	// Generated constraint names (t_chk_N) need the name now.
	t.DB, t.Name, _ = s.tableName(st.Table)
	if len(st.Cols)+len(selected) == 0 {
		return nil, mysqldef.NewError(mysqldef.ErrTableMustHaveCol, "A table must have at least 1 column")
	}
	for _, o := range st.Options {
		if o.Tp == ast.TableOptionComment {
			t.Comment = o.StrValue
		}
	}
	coll, err := tableCollation(st.Options, s.eng.catalog.DatabaseCollation(t.DB))
	if err != nil {
		return nil, err
	}
	t.Collation = coll
	var keys []*ast.Constraint
	for _, cd := range st.Cols {
		col, colKeys, err := s.buildColumn(t, cd)
		if err != nil {
			return nil, err
		}
		if t.FindColumn(col.Name) >= 0 {
			return nil, mysqldef.NewError(mysqldef.ErrDupFieldName, "Duplicate column name '%s'", col.Name)
		}
		t.Columns = append(t.Columns, col)
		keys = append(keys, colKeys...)
	}
	if len(selected) > 0 {
		// MySQL's order: the defined columns the SELECT does not name,
		// then the SELECT's columns in its order, each one a definition
		// names taking that definition.
		defined := t.Columns
		t.Columns = nil
		inSelect := make(map[string]bool, len(selected))
		for _, col := range selected {
			inSelect[strings.ToLower(col.Name)] = true
		}
		for _, col := range defined {
			if !inSelect[strings.ToLower(col.Name)] {
				t.Columns = append(t.Columns, col)
			}
		}
		for _, col := range selected {
			for _, d := range defined {
				if strings.EqualFold(d.Name, col.Name) {
					col = d
					break
				}
			}
			if col.ID == 0 {
				t.NextColumn++
				col.ID = t.NextColumn
			}
			t.Columns = append(t.Columns, col)
		}
	}
	keys = append(keys, st.Constraints...)
	for _, k := range keys {
		if k.Tp == ast.ConstraintForeignKey || k.Tp == ast.ConstraintCheck {
			continue // once the table has its name, below and in execCreateTable
		}
		if err := s.addKey(t, k); err != nil {
			return nil, err
		}
	}
	if err := validateTable(t); err != nil {
		return nil, err
	}
	if err := s.validateGenerated(t); err != nil {
		return nil, err
	}
	return t, s.addChecks(t, keys)
}

// buildColumn reads one column definition; inline PRIMARY KEY / UNIQUE
// become constraints.
func (s *Session) buildColumn(t *table.Table, cd *ast.ColumnDef) (*table.TableColumn, []*ast.Constraint, error) {
	name := cd.Name.Name.O
	if err := checkIdentifier(name, "column"); err != nil {
		return nil, nil, err
	}
	typ, err := expr.SQLTypeFromField(cd.Tp, name)
	if err != nil {
		return nil, nil, err
	}
	if typ.IsText() && t.Collation != "" && cd.Tp.GetCharset() == "" && cd.Tp.GetCollate() == "" {
		typ.Collation = t.Collation // the table's default (a COLLATE option below still wins)
	}
	if err := generatedOptionConflict(cd); err != nil {
		return nil, nil, err
	}
	t.NextColumn++
	col := &table.TableColumn{ID: t.NextColumn, Name: name, Type: typ}
	var keys []*ast.Constraint
	part := []*ast.IndexPartSpecification{{Column: cd.Name}}
	for _, o := range cd.Options {
		switch o.Tp {
		case ast.ColumnOptionNotNull:
			col.NotNull = true
		case ast.ColumnOptionNull:
			col.NotNull = false
		case ast.ColumnOptionPrimaryKey:
			col.NotNull = true
			keys = append(keys, &ast.Constraint{Tp: ast.ConstraintPrimaryKey, Keys: part})
		case ast.ColumnOptionUniqKey:
			keys = append(keys, &ast.Constraint{Tp: ast.ConstraintUniq, Keys: part})
		case ast.ColumnOptionAutoIncrement:
			col.AutoInc = true
		case ast.ColumnOptionComment:
			if v, ok := o.Expr.(*test_driver.ValueExpr); ok {
				col.Comment = v.GetString()
			}
		case ast.ColumnOptionDefaultValue:
			if err := s.columnDefault(col, o.Expr); err != nil {
				return nil, nil, err
			}
		case ast.ColumnOptionOnUpdate:
			if !isNowExpr(o.Expr) {
				return nil, nil, mysqldef.NewError(mysqldef.ErrInvalidOnUpdate, "Invalid ON UPDATE clause for '%s' column", name)
			}
			col.OnUpdateNow = true
		case ast.ColumnOptionCollate:
			if col.Type.IsText() {
				cs := ""
				if cd.Tp.GetCharset() != "" {
					cs = col.Type.Charset().Name() // CHARACTER SET x COLLATE y must agree
				}
				coll, err := expr.ResolveCollation(cs, o.StrValue)
				if err != nil {
					return nil, nil, err
				}
				col.Type.Collation = coll
			}
		case ast.ColumnOptionGenerated:
			if err := generatedClause(col, o); err != nil {
				return nil, nil, err
			}
		case ast.ColumnOptionReference:
			// MySQL parses an inline REFERENCES and ignores it: only a
			// FOREIGN KEY clause makes a constraint.
		case ast.ColumnOptionCheck:
			keys = append(keys, columnCheck(cd, o))
		}
	}
	return col, keys, nil
}

// isNowExpr reports CURRENT_TIMESTAMP / NOW() (with any precision).
func isNowExpr(e ast.ExprNode) bool {
	f, ok := e.(*ast.FuncCallExpr)
	if !ok {
		return false
	}
	switch f.FnName.L {
	case "current_timestamp", "now", "localtime", "localtimestamp":
		return true
	}
	return false
}

func (s *Session) columnDefault(col *table.TableColumn, e ast.ExprNode) error {
	col.HasDefault = true
	if isNowExpr(e) {
		if col.Type.Tp != mysqldef.TypeDatetime && col.Type.Tp != mysqldef.TypeTimestamp {
			return mysqldef.NewError(mysqldef.ErrInvalidDefault, "Invalid default value for '%s'", col.Name)
		}
		col.DefaultNow = true
		return nil
	}
	if col.Type.Tp == mysqldef.TypeBlob || col.Type.Tp == mysqldef.TypeJSON {
		return mysqldef.NewError(mysqldef.ErrBlobCantHaveDefault, "BLOB, TEXT, GEOMETRY or JSON column '%s' can't have a default value", col.Name)
	}
	v, err := s.evalConst(e)
	if err != nil {
		return err
	}
	if v.IsNull() {
		if col.NotNull {
			return mysqldef.NewError(mysqldef.ErrInvalidDefault, "Invalid default value for '%s'", col.Name)
		}
		col.Default = nil
		return nil
	}
	// Validate and normalise now: an invalid default is a DDL error.
	wc := &table.WriteCtx{Eval: s.evalCtx, Strict: true, Row: 1}
	cv, err := wc.Coerce(col, v)
	if err != nil {
		return mysqldef.NewError(mysqldef.ErrInvalidDefault, "Invalid default value for '%s'", col.Name)
	}
	// A TIMESTAMP default is an instant (MySQL stores it so): its text is
	// kept in UTC, and shown in the reader's zone.
	text := expr.TextOf(cv)
	if col.Type.Tp == mysqldef.TypeBit {
		text = table.BitLiteral(cv.Uint()) // as SHOW shows it, and read back so
	}
	col.Default = &text
	return nil
}

// addKey adds a PRIMARY KEY, UNIQUE or plain index to t.
func (s *Session) addKey(t *table.Table, k *ast.Constraint) error {
	switch k.Tp {
	case ast.ConstraintForeignKey:
		return expr.Unsupported("FOREIGN KEY")
	case ast.ConstraintFulltext:
		return expr.Unsupported("FULLTEXT indexes")
	case ast.ConstraintCheck:
		return expr.Unsupported("CHECK constraints")
	case ast.ConstraintPrimaryKey, ast.ConstraintKey, ast.ConstraintIndex,
		ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
	default:
		return expr.Unsupported("this kind of index")
	}
	var ids []uint32
	var offs []int
	var prefixes []uint32
	for _, part := range k.Keys {
		off, prefix, err := keyPart(t, part)
		if err != nil {
			return err
		}
		ids = append(ids, t.Columns[off].ID)
		offs = append(offs, off)
		prefixes = append(prefixes, prefix)
	}
	if len(ids) > 16 {
		return mysqldef.NewError(mysqldef.ErrTooManyKeyParts, "Too many key parts specified; max 16 parts allowed")
	}
	if err := checkKeyLength(t, offs, prefixes); err != nil {
		return err
	}
	hasPrefix := false
	for _, n := range prefixes {
		hasPrefix = hasPrefix || n > 0
	}
	if !hasPrefix {
		prefixes = nil // stored only when some part has one
	}
	if k.Tp == ast.ConstraintPrimaryKey {
		if len(t.PrimaryKey) > 0 {
			return mysqldef.NewError(mysqldef.ErrMultiplePriKey, "Multiple primary key defined")
		}
		t.PrimaryKey, t.PKPrefix = ids, prefixes
		for _, id := range ids {
			for _, c := range t.Columns {
				if c.ID == id {
					c.NotNull = true
				}
			}
		}
		return nil
	}
	name := k.Name
	if name == "" {
		name = t.UniqueIndexName(t.Columns[t.FindColumnID(ids[0])].Name)
	} else if t.Index(name) != nil || strings.EqualFold(name, "PRIMARY") {
		return mysqldef.NewError(mysqldef.ErrDupKeyName, "Duplicate key name '%s'", name)
	}
	unique := k.Tp == ast.ConstraintUniq || k.Tp == ast.ConstraintUniqKey || k.Tp == ast.ConstraintUniqIndex
	t.NextIndex++
	t.Indexes = append(t.Indexes, &table.Index{ID: t.NextIndex, Name: name, Columns: ids, Unique: unique, Prefix: prefixes})
	return nil
}

// validateTable checks rules that span columns.
func validateTable(t *table.Table) error {
	autos := 0
	for _, c := range t.Columns {
		if !c.AutoInc {
			continue
		}
		autos++
		if !c.Type.IsInteger() && c.Type.Tp != mysqldef.TypeFloat && c.Type.Tp != mysqldef.TypeDouble {
			return mysqldef.NewError(mysqldef.ErrWrongFieldSpec, "Incorrect column specifier for column '%s'", c.Name)
		}
		// The column must be the first column of some key.
		keyed := len(t.PrimaryKey) > 0 && t.PrimaryKey[0] == c.ID
		for _, ix := range t.Indexes {
			keyed = keyed || ix.Columns[0] == c.ID
		}
		if !keyed {
			return mysqldef.NewError(mysqldef.ErrWrongAutoKey, "Incorrect table definition; there can be only one auto column and it must be defined as a key")
		}
	}
	if autos > 1 {
		return mysqldef.NewError(mysqldef.ErrWrongAutoKey, "Incorrect table definition; there can be only one auto column and it must be defined as a key")
	}
	return nil
}

func (s *Session) execDropTable(st *ast.DropTableStmt, w ResultWriter, more bool) error {
	if st.IsView {
		return s.execDropView(st, w, more)
	}
	var unknown []string
	dropping := map[string]bool{}
	for _, tn := range st.Tables {
		if db, name, err := s.tableName(tn); err == nil && s.tempTable(db, name) == nil {
			dropping[db+"."+name] = true
		}
	}
	// Every referenced parent is refused before anything is dropped.
	for key := range dropping {
		db, name, _ := strings.Cut(key, ".")
		if err := s.checkDropParent(db, name, dropping); err != nil {
			return err
		}
	}
	for _, tn := range st.Tables {
		db, name, err := s.tableName(tn)
		if err != nil {
			return err
		}
		// DROP TABLE drops the temporary table that shadows a base table
		// first; DROP TEMPORARY TABLE only ever a temporary one.
		if t := s.tempTable(db, name); t != nil {
			if err := s.dropTempTable(t); err != nil {
				return err
			}
			continue
		}
		if st.TemporaryKeyword != ast.TemporaryNone {
			unknown = append(unknown, db+"."+name)
			continue
		}
		if t := s.eng.catalog.Table(db, name); t == nil || t.IsView() { // MySQL 8: DROP TABLE of a view is 1051
			unknown = append(unknown, db+"."+name)
			continue
		}
		if err := s.eng.catalog.DropTable(db, name); err != nil {
			return err
		}
	}
	if len(unknown) > 0 {
		msg := "Unknown table '" + strings.Join(unknown, "','") + "'"
		if !st.IfExists {
			return mysqldef.NewError(mysqldef.ErrBadTable, "%s", msg)
		}
		for _, u := range unknown {
			s.addDiag("Note", mysqldef.ErrBadTable, "Unknown table '"+u+"'")
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// tableCollation reads CREATE/ALTER TABLE's [DEFAULT] CHARACTER SET and
// COLLATE options into the table's default collation ("" for
// utf8mb4_0900_ai_ci); cur is returned when neither is given.
func tableCollation(opts []*ast.TableOption, cur string) (string, error) {
	cs, coll, given := "", "", false
	for _, o := range opts {
		switch o.Tp {
		case ast.TableOptionCharset:
			cs, given = o.StrValue, true
		case ast.TableOptionCollate:
			coll, given = o.StrValue, true
		}
	}
	if !given {
		return cur, nil
	}
	if strings.EqualFold(cs, "binary") {
		return "", expr.Unsupported("character set binary as a table default")
	}
	c, err := expr.ResolveCollation(cs, coll)
	if err != nil || c == defaultCollation {
		return "", err
	}
	return c, nil
}

package exec

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SHOW statements about tables: CREATE TABLE, COLUMNS, INDEX, TABLE
// STATUS, and the empty listings of objects loopdb does not have.

// showTable finds the table a SHOW names (SHOW ... FROM t [FROM db]).
func (s *Session) showTable(st *ast.ShowStmt) (*table.Table, error) {
	tn := st.Table
	if st.DBName != "" {
		tn = &ast.TableName{Schema: ast.NewCIStr(st.DBName), Name: tn.Name}
	}
	db, name, err := s.tableName(tn)
	if err != nil {
		return nil, err
	}
	if isGrantTable(db, name) {
		t, _, err := grantTable(name) // DESCRIBE mysql.user and the like
		return t, err
	}
	t := s.findTable(db, name)
	if t == nil {
		return nil, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name)
	}
	return t, nil
}

func (s *Session) showCreateTable(st *ast.ShowStmt, w ResultWriter, more bool) error {
	t, err := s.showTable(st)
	if err != nil {
		return err
	}
	if t.IsView() {
		// As SHOW CREATE VIEW: SHOW VIEW and SELECT on the view.
		if g := s.grants(); !g.IsSuper() && !g.OnTable(t.DB, t.Name, privs.ShowView|privs.Select) {
			return s.tableDenied("SHOW VIEW", t.Name)
		}
		return s.showCreateView(t, w, more)
	}
	return s.writeRows(w, []Column{textColumn("Table", 64), textColumn("Create Table", 1024)},
		[][]expr.Value{{expr.StringValue(t.Name), expr.StringValue(s.createTableText(t))}}, more)
}

// quoteIdent backticks a name as SHOW CREATE TABLE does.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// quoteString renders a string literal as MySQL's SHOW CREATE TABLE does
// (append_unescaped).
func quoteString(v string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case 0:
			b.WriteString(`\0`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case 032:
			b.WriteString(`\Z`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// nowText is CURRENT_TIMESTAMP with the column's precision.
func nowText(c *table.TableColumn) string {
	if c.Type.Decimal > 0 {
		return "CURRENT_TIMESTAMP(" + strconv.Itoa(c.Type.Decimal) + ")"
	}
	return "CURRENT_TIMESTAMP"
}

// columnDefText is one column's line of SHOW CREATE TABLE.
// def is the constant default as shown (shownDefault).
func columnDefText(t *table.Table, c *table.TableColumn, def string) string {
	var b strings.Builder
	b.WriteString(quoteIdent(c.Name) + " " + c.Type.String())
	b.WriteString(columnCharsetText(t, c))
	if c.IsGenerated() {
		b.WriteString(generatedClauseText(c))
		if c.NotNull {
			b.WriteString(" NOT NULL")
		}
		if c.Comment != "" {
			b.WriteString(" COMMENT " + quoteString(c.Comment))
		}
		return b.String()
	}
	noDefault := c.Type.Tp == mysqldef.TypeBlob || c.Type.Tp == mysqldef.TypeJSON
	switch {
	case c.NotNull:
		b.WriteString(" NOT NULL")
	case c.Type.Tp == mysqldef.TypeTimestamp:
		b.WriteString(" NULL")
	}
	switch {
	case c.AutoInc:
	case c.DefaultNow:
		b.WriteString(" DEFAULT " + nowText(c))
	case c.Default != nil && c.Type.Tp == mysqldef.TypeBit:
		b.WriteString(" DEFAULT " + def) // b'101', unquoted as MySQL writes it
	case c.Default != nil:
		b.WriteString(" DEFAULT " + quoteString(def))
	case !c.NotNull && !noDefault:
		b.WriteString(" DEFAULT NULL")
	}
	if c.OnUpdateNow {
		b.WriteString(" ON UPDATE " + nowText(c))
	}
	if c.AutoInc {
		b.WriteString(" AUTO_INCREMENT")
	}
	if c.Comment != "" {
		b.WriteString(" COMMENT " + quoteString(c.Comment))
	}
	return b.String()
}

// keyColumnsText is "(`a`,`b`(10))": a prefix part shows its length.
func keyColumnsText(t *table.Table, ids, prefixes []uint32) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = quoteIdent(t.ColumnByID(id).Name)
		if i < len(prefixes) && prefixes[i] > 0 {
			names[i] += "(" + strconv.FormatUint(uint64(prefixes[i]), 10) + ")"
		}
	}
	return "(" + strings.Join(names, ",") + ")"
}

// orderedIndexes lists unique indexes before the others, as MySQL 8's
// data dictionary orders them; creation order within each group.
func orderedIndexes(t *table.Table) []*table.Index {
	out := make([]*table.Index, 0, len(t.Indexes))
	for _, unique := range []bool{true, false} {
		for _, ix := range t.Indexes {
			if ix.Unique == unique {
				out = append(out, ix)
			}
		}
	}
	return out
}

// createTableText is the CREATE TABLE statement for t in MySQL 8's format.
func (s *Session) createTableText(t *table.Table) string {
	var lines []string
	for _, c := range t.Columns {
		lines = append(lines, "  "+columnDefText(t, c, s.shownDefault(t, c)))
	}
	if len(t.PrimaryKey) > 0 {
		lines = append(lines, "  PRIMARY KEY "+keyColumnsText(t, t.PrimaryKey, t.PKPrefix))
	}
	for _, ix := range orderedIndexes(t) {
		kind := "KEY "
		if ix.Unique {
			kind = "UNIQUE KEY "
		}
		lines = append(lines, "  "+kind+quoteIdent(ix.Name)+" "+keyColumnsText(t, ix.Columns, ix.Prefix))
	}
	for _, fk := range sortedForeignKeys(t) {
		lines = append(lines, "  CONSTRAINT "+quoteIdent(fk.Name)+" "+table.FKClause(t, fk))
	}
	for _, c := range sortedChecks(t) {
		lines = append(lines, "  "+checkClauseText(c))
	}
	var b strings.Builder
	if t.Temporary {
		b.WriteString("CREATE TEMPORARY TABLE " + quoteIdent(t.Name) + " (\n")
	} else {
		b.WriteString("CREATE TABLE " + quoteIdent(t.Name) + " (\n")
	}
	b.WriteString(strings.Join(lines, ",\n"))
	b.WriteString("\n) ENGINE=InnoDB")
	if n := s.nextAutoInc(t); n > 1 {
		b.WriteString(" AUTO_INCREMENT=" + strconv.FormatUint(n, 10))
	}
	b.WriteString(tableCharsetText(t))
	if t.Comment != "" {
		b.WriteString(" COMMENT=" + quoteString(t.Comment))
	}
	return b.String()
}

// sortedForeignKeys lists t's constraints by name, as MySQL 8's data
// dictionary returns them.
func sortedForeignKeys(t *table.Table) []*table.ForeignKey {
	out := append([]*table.ForeignKey(nil), t.ForeignKeys...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// sortedChecks lists t's CHECK constraints by name, as MySQL 8 prints them.
func sortedChecks(t *table.Table) []*table.CheckConstraint {
	out := append([]*table.CheckConstraint(nil), t.Checks...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// nextAutoInc is the value the next AUTO_INCREMENT insert would get, or 0
// for a table without such a column.
func (s *Session) nextAutoInc(t *table.Table) uint64 {
	if t.AutoIncOffset() < 0 {
		return 0
	}
	n, err := s.eng.catalog.AllocAutoInc(t, 0)
	if err != nil {
		return 0
	}
	return n
}

// columnKey is SHOW COLUMNS' Key: PRI, UNI (a one-column unique index),
// MUL (first column of another index), or empty.
func columnKey(t *table.Table, c *table.TableColumn) string {
	for _, id := range t.PrimaryKey {
		if id == c.ID {
			return "PRI"
		}
	}
	key := ""
	for _, ix := range t.Indexes {
		if ix.Columns[0] != c.ID {
			continue
		}
		if ix.Unique && len(ix.Columns) == 1 {
			return "UNI"
		}
		key = "MUL"
	}
	return key
}

// columnExtra is SHOW COLUMNS' Extra.
func columnExtra(c *table.TableColumn) string {
	var parts []string
	if c.AutoInc {
		parts = append(parts, "auto_increment")
	}
	if c.DefaultNow {
		parts = append(parts, "DEFAULT_GENERATED")
	}
	if c.OnUpdateNow {
		parts = append(parts, "on update "+nowText(c))
	}
	if c.IsGenerated() {
		parts = append(parts, generatedKind(c)+" GENERATED")
	}
	return strings.Join(parts, " ")
}

// columnDefault is the Default shown for a column (NULL: none).
func columnDefault(c *table.TableColumn, def string) expr.Value {
	switch {
	case c.DefaultNow:
		return expr.StringValue(nowText(c))
	case c.Default != nil:
		return expr.StringValue(def)
	}
	return expr.NullValue()
}

// shownDefault is a constant default's text as SHOW shows it: a
// TIMESTAMP's (kept in UTC) in the session zone, as MySQL shows it.
func (s *Session) shownDefault(t *table.Table, c *table.TableColumn) string {
	if c.Default == nil {
		return ""
	}
	if !storedDefault(t, c) {
		return *c.Default
	}
	return expr.TextOf(expr.TimestampFromUTC(c.AddedDefault(), s.location()))
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

func (s *Session) showColumns(st *ast.ShowStmt, w ResultWriter, more bool) error {
	t, err := s.showTable(st)
	if err != nil {
		return err
	}
	cols := []Column{textColumn("Field", 64), textColumn("Type", 1024)}
	if st.Full {
		cols = append(cols, textColumn("Collation", 64))
	}
	cols = append(cols, textColumn("Null", 3), textColumn("Key", 3), textColumn("Default", 1024), textColumn("Extra", 256))
	if st.Full {
		cols = append(cols, textColumn("Privileges", 80), textColumn("Comment", 1024))
	}
	var rows [][]expr.Value
	for _, c := range t.Columns {
		if st.Column != nil && !strings.EqualFold(st.Column.Name.O, c.Name) {
			continue // DESCRIBE t col
		}
		if !t.Temporary && !s.seesColumn(t.DB, t.Name, c.Name) {
			continue // column privileges on other columns only
		}
		r := []expr.Value{expr.StringValue(c.Name), expr.StringValue(c.Type.String())}
		if st.Full {
			if c.Type.IsText() {
				r = append(r, expr.StringValue(c.Type.Collation))
			} else {
				r = append(r, expr.NullValue())
			}
		}
		r = append(r, expr.StringValue(yesNo(!c.NotNull)), expr.StringValue(columnKey(t, c)), columnDefault(c, s.shownDefault(t, c)), expr.StringValue(columnExtra(c)))
		if st.Full {
			r = append(r, expr.StringValue("select,insert,update,references"), expr.StringValue(c.Comment))
		}
		rows = append(rows, r)
	}
	return s.filteredRows(st, w, cols, rows, more)
}

// indexRow is one row of SHOW INDEX / information_schema.STATISTICS.
type indexRow struct {
	name      string
	nonUnique bool
	seq       int
	column    *table.TableColumn
	subPart   uint32 // prefix length; 0: the whole column
}

// subPartValue is Sub_part / SUB_PART: the prefix length, NULL for a
// whole column.
func (ir indexRow) subPartValue() expr.Value {
	if ir.subPart == 0 {
		return expr.NullValue()
	}
	return expr.IntValue(int64(ir.subPart))
}

// indexRows lists t's keys column by column, the primary key first.
func indexRows(t *table.Table) []indexRow {
	var out []indexRow
	for i, id := range t.PrimaryKey {
		out = append(out, indexRow{name: "PRIMARY", seq: i + 1, column: t.ColumnByID(id), subPart: t.PKPrefixLen(i)})
	}
	for _, ix := range orderedIndexes(t) {
		for i, id := range ix.Columns {
			out = append(out, indexRow{name: ix.Name, nonUnique: !ix.Unique, seq: i + 1, column: t.ColumnByID(id), subPart: ix.PrefixLen(i)})
		}
	}
	return out
}

func boolInt(b bool) expr.Value {
	if b {
		return expr.IntValue(1)
	}
	return expr.IntValue(0)
}

func (s *Session) showIndex(st *ast.ShowStmt, w ResultWriter, more bool) error {
	t, err := s.showTable(st)
	if err != nil {
		return err
	}
	cols := []Column{textColumn("Table", 64), intColumn("Non_unique", 1), textColumn("Key_name", 64),
		intColumn("Seq_in_index", 10), textColumn("Column_name", 64), textColumn("Collation", 1),
		intColumn("Cardinality", 21), intColumn("Sub_part", 21), textColumn("Packed", 10),
		textColumn("Null", 3), textColumn("Index_type", 11), textColumn("Comment", 8),
		textColumn("Index_comment", 2048), textColumn("Visible", 3), textColumn("Expression", 1024)}
	stats := s.tableStats(t)
	var rows [][]expr.Value
	for _, ir := range indexRows(t) {
		null := ""
		if !ir.column.NotNull {
			null = "YES"
		}
		rows = append(rows, []expr.Value{expr.StringValue(t.Name), boolInt(ir.nonUnique), expr.StringValue(ir.name),
			expr.IntValue(int64(ir.seq)), expr.StringValue(ir.column.Name), expr.StringValue("A"),
			expr.IntValue(int64(stats.rows)), ir.subPartValue(), expr.NullValue(), expr.StringValue(null), expr.StringValue("BTREE"),
			expr.StringValue(""), expr.StringValue(""), expr.StringValue("YES"), expr.NullValue()})
	}
	return s.filteredRows(st, w, cols, rows, more)
}

// tableStat is what SHOW TABLE STATUS and information_schema.TABLES report
// about a table's size.
type tableStat struct {
	rows, dataLen, indexLen uint64
	capped                  bool // counting stopped at statsKeyCap: figures are lower bounds
}

// statsKeyCap bounds the keys counted for one table's statistics, so a
// status query on a huge table stays fast.
const statsKeyCap = 1 << 20

// tableStats counts the table's rows and index entries and their bytes.
func (s *Session) tableStats(t *table.Table) tableStat {
	var st tableStat
	prefix := table.TablePrefix(t.ID)
	it, err := s.eng.store.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return st
	}
	defer it.Close()
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		if n++; n > statsKeyCap {
			st.capped = true
			break
		}
		k := it.Key()
		size := uint64(len(k) + len(it.Value()))
		if len(k) > len(prefix) && k[len(prefix)] == table.KeyRowsTag {
			st.rows++
			st.dataLen += size
		} else {
			st.indexLen += size
		}
	}
	return st
}

func (s *Session) showDB(st *ast.ShowStmt) (string, error) {
	db := st.DBName
	if db == "" {
		db = s.db
	}
	if db == "" {
		return "", mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	if !s.eng.catalog.HasDatabase(db) {
		return "", mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	return db, nil
}

func (s *Session) showTableStatus(st *ast.ShowStmt, w ResultWriter, more bool) error {
	db, err := s.showDB(st)
	if err != nil {
		return err
	}
	cols := []Column{textColumn("Name", 64), textColumn("Engine", 64), intColumn("Version", 2),
		textColumn("Row_format", 10), intColumn("Rows", 21), intColumn("Avg_row_length", 21),
		intColumn("Data_length", 21), intColumn("Max_data_length", 21), intColumn("Index_length", 21),
		intColumn("Data_free", 21), intColumn("Auto_increment", 21), datetimeColumn("Create_time"),
		datetimeColumn("Update_time"), datetimeColumn("Check_time"), textColumn("Collation", 64),
		intColumn("Checksum", 21), textColumn("Create_options", 256), textColumn("Comment", 2048)}
	var rows [][]expr.Value
	for _, t := range s.eng.catalog.TablesIn(db) {
		if !s.seesTable(db, t.Name) {
			continue
		}
		if st.Pattern != nil && !s.likeMatches(st.Pattern, t.Name) {
			continue // skip counting rows of tables LIKE filters out
		}
		rows = append(rows, s.tableStatusRow(t))
	}
	return s.filteredRows(st, w, cols, rows, more)
}

// likeMatches applies SHOW ... LIKE to one name.
func (s *Session) likeMatches(pat *ast.PatternLikeOrIlikeExpr, name string) bool {
	like := *pat
	like.Expr = ast.NewValueExpr(name, "", "")
	v, err := s.evalConst(&like)
	return err != nil || isTrue(s.evalCtx, v)
}

// tableStatusRow is one row of SHOW TABLE STATUS (after Name).
func (s *Session) tableStatusRow(t *table.Table) []expr.Value {
	if t.IsView() {
		return viewStatusRow(t)
	}
	st := s.tableStats(t)
	avg := uint64(0)
	if st.rows > 0 {
		avg = st.dataLen / st.rows
	}
	autoInc := expr.NullValue()
	if n := s.nextAutoInc(t); n > 0 {
		autoInc = expr.IntValue(int64(n))
	}
	return []expr.Value{expr.StringValue(t.Name), expr.StringValue("InnoDB"), expr.IntValue(10), expr.StringValue("Dynamic"),
		expr.IntValue(int64(st.rows)), expr.IntValue(int64(avg)), expr.IntValue(int64(st.dataLen)), expr.IntValue(0),
		expr.IntValue(int64(st.indexLen)), expr.IntValue(0), autoInc, s.createTime(t), expr.NullValue(), expr.NullValue(),
		expr.StringValue(tableCollationName(t)), expr.NullValue(), expr.StringValue(""), expr.StringValue(t.Comment)}
}

func (s *Session) createTime(t *table.Table) expr.Value {
	return expr.DatetimeValue(time.Unix(t.CreateTime, 0).In(s.location()), 0)
}

// datetimeColumn is a DATETIME result column.
func datetimeColumn(name string) Column {
	return Column{Name: name, Type: expr.DatetimeType(0, true)}
}

// showEmpty answers SHOW TRIGGERS / EVENTS / PROCEDURE STATUS / FUNCTION
// STATUS: loopdb has none of these objects, so the honest answer is the
// right columns and no rows.
func (s *Session) showEmpty(st *ast.ShowStmt, w ResultWriter, more bool) error {
	var names []string
	switch st.Tp {
	case ast.ShowTriggers:
		if _, err := s.showDB(st); err != nil {
			return err
		}
		names = []string{"Trigger", "Event", "Table", "Statement", "Timing", "Created", "sql_mode",
			"Definer", "character_set_client", "collation_connection", "Database Collation"}
	case ast.ShowEvents:
		if _, err := s.showDB(st); err != nil {
			return err
		}
		names = []string{"Db", "Name", "Definer", "Time zone", "Type", "Execute at", "Interval value",
			"Interval field", "Starts", "Ends", "Status", "Originator", "character_set_client",
			"collation_connection", "Database Collation"}
	default: // procedure / function status
		names = []string{"Db", "Name", "Type", "Definer", "Modified", "Created", "Security_type",
			"Comment", "character_set_client", "collation_connection", "Database Collation"}
	}
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = textColumn(n, 64)
	}
	return s.writeRows(w, cols, nil, more)
}

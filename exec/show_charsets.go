package exec

import (
	"sort"
	"strings"

	"github.com/loopdb/loopdb/exec/charset"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SHOW ENGINES, SHOW CHARACTER SET, SHOW COLLATION and ANALYZE TABLE: what
// client tools and ORMs ask before they create tables. Each lists what
// loopdb actually has, in MySQL 8's columns.

// engineRows is SHOW ENGINES: loopdb has one storage engine (Pebble, or
// TiKV with --store), which tables name as InnoDB so that dumps and ORMs
// that write ENGINE=InnoDB work unchanged.
var engineRows = [][]string{
	{"InnoDB", "DEFAULT", "Transactional row store (loopdb on Pebble or TiKV): row locks, snapshots, foreign keys", "YES", "NO", "YES"},
}

// charsetRow is one character set loopdb accepts (see knownCharsets).
type charsetRow struct {
	name, description, collation string
	maxLen                       int64
}

var charsetRows = []charsetRow{
	{"ascii", "US ASCII", "ascii_general_ci", 1},
	{"binary", "Binary pseudo charset", "binary", 1},
	{"latin1", "cp1252 West European", "latin1_swedish_ci", 1},
	{"utf8mb3", "UTF-8 Unicode", "utf8mb3_general_ci", 3},
	{"utf8mb4", "UTF-8 Unicode", "utf8mb4_0900_ai_ci", 4},
}

// collationRow is one collation with MySQL's id for it.
type collationRow struct {
	name, charset string
	id            int64
	isDefault     bool
	padSpace      bool
}

// collationRows are charset.Collations as SHOW COLLATION lists them,
// sorted by name: the ids handshakes and column definitions carry.
var collationRows = func() []collationRow {
	rows := make([]collationRow, 0, len(charset.Collations))
	for _, c := range charset.Collations {
		rows = append(rows, collationRow{name: c.Name, charset: c.Charset.Name(), id: int64(c.ID),
			isDefault: c.Name == c.Charset.DefaultCollation(), padSpace: !strings.Contains(c.Name, "_0900_")})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	return rows
}()

// attributes are the collation's Default ("Yes" or ""), pad attribute and
// sort length as SHOW COLLATION and information_schema.COLLATIONS show
// them.
func (c collationRow) attributes() (def, pad string, sortlen int64) {
	def, pad = "", "NO PAD"
	if c.isDefault {
		def = "Yes"
	}
	if c.padSpace {
		pad = "PAD SPACE"
	}
	sortlen = 1
	switch {
	case c.name == "utf8mb4_0900_ai_ci":
		sortlen = 0 // as MySQL shows it
	case strings.HasSuffix(c.name, "_unicode_ci"):
		sortlen = 8
	}
	return def, pad, sortlen
}

func (s *Session) showEngines(st *ast.ShowStmt, w ResultWriter, more bool) error {
	names := []string{"Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"}
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = textColumn(n, 80)
	}
	rows := make([][]expr.Value, len(engineRows))
	for i, r := range engineRows {
		for _, v := range r {
			rows[i] = append(rows[i], expr.StringValue(v))
		}
	}
	return s.filteredRows(st, w, cols, rows, more)
}

func (s *Session) showCharsets(st *ast.ShowStmt, w ResultWriter, more bool) error {
	cols := []Column{textColumn("Charset", 64), textColumn("Description", 2048), textColumn("Default collation", 64), intColumn("Maxlen", 3)}
	rows := make([][]expr.Value, len(charsetRows))
	for i, c := range charsetRows {
		rows[i] = []expr.Value{expr.StringValue(c.name), expr.StringValue(c.description), expr.StringValue(c.collation), expr.IntValue(c.maxLen)}
	}
	return s.filteredRows(st, w, cols, rows, more)
}

func (s *Session) showCollations(st *ast.ShowStmt, w ResultWriter, more bool) error {
	cols := []Column{textColumn("Collation", 64), textColumn("Charset", 64), intColumn("Id", 20),
		textColumn("Default", 3), textColumn("Compiled", 3), intColumn("Sortlen", 10), textColumn("Pad_attribute", 9)}
	rows := make([][]expr.Value, len(collationRows))
	for i, c := range collationRows {
		def, pad, sortlen := c.attributes()
		rows[i] = []expr.Value{expr.StringValue(c.name), expr.StringValue(c.charset), expr.IntValue(c.id),
			expr.StringValue(def), expr.StringValue("Yes"), expr.IntValue(sortlen), expr.StringValue(pad)}
	}
	return s.filteredRows(st, w, cols, rows, more)
}

// execAnalyze answers ANALYZE TABLE as MySQL does, one status row per
// table. loopdb keeps no statistics to refresh (the planner counts rows
// along a path when it needs them), so there is nothing else to do; a
// missing table gets MySQL's Error row and "Operation failed".
func (s *Session) execAnalyze(st *ast.AnalyzeTableStmt, w ResultWriter, more bool) error {
	cols := []Column{textColumn("Table", 64), textColumn("Op", 10), textColumn("Msg_type", 10), textColumn("Msg_text", 1024)}
	var rows [][]expr.Value
	add := func(table, typ, text string) {
		rows = append(rows, []expr.Value{expr.StringValue(table), expr.StringValue("analyze"), expr.StringValue(typ), expr.StringValue(text)})
	}
	for _, tn := range st.TableNames {
		db := tn.Schema.O
		if db == "" {
			db = s.db
		}
		if db == "" {
			return mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
		}
		name := db + "." + tn.Name.O
		if s.eng.catalog.Table(db, tn.Name.O) == nil {
			add(name, "Error", "Table '"+name+"' doesn't exist")
			add(name, "status", "Operation failed")
			continue
		}
		add(strings.ToLower(db)+"."+strings.ToLower(tn.Name.O), "status", "OK")
	}
	return s.writeRows(w, cols, rows, more)
}

package exec

import (
	"regexp"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// CHECK TABLE and OPTIMIZE TABLE, as mysqlcheck (mariadb-check) and admin
// tools run them. Both answer MySQL's four columns, one status row per
// table (ANALYZE TABLE, the third of the family, is in show_charsets.go).
//
// CHECK TABLE really checks: every row of the table decodes and has each of
// its index entries, and every index entry points at a row that would
// write exactly that entry (table.CheckTable), read from one snapshot.
// OPTIMIZE TABLE compacts the table's keys in storage, which drops deleted
// rows and old versions that range scans otherwise step over.

// checkTableStmt is CHECK TABLE, which the parser does not know.
type checkTableStmt struct {
	ast.StmtNode // an empty ANALYZE TABLE, for the statement's text
	tables       []*ast.TableName
}

// checkTableRE matches CHECK TABLE list [options]; the list is read by the
// parser as an ANALYZE TABLE's (the same table-list syntax).
var checkTableRE = regexp.MustCompile(`(?is)^\s*CHECK\s+TABLES?\s+(.+?)((?:\s+(?:FOR\s+UPGRADE|QUICK|FAST|MEDIUM|EXTENDED|CHANGED))*)\s*;?\s*$`)

// parseCheckTable reads CHECK TABLE t [, t] ... [FOR UPGRADE | QUICK | FAST
// | MEDIUM | EXTENDED | CHANGED] ...; the options change nothing here.
func (e *Engine) parseCheckTable(sql string) (ast.StmtNode, bool) {
	m := checkTableRE.FindStringSubmatch(sql)
	if m == nil {
		return nil, false
	}
	stmts, err := e.parse("ANALYZE TABLE " + m[1])
	if err != nil || len(stmts) != 1 {
		return nil, false
	}
	an, ok := stmts[0].(*ast.AnalyzeTableStmt)
	if !ok || len(an.TableNames) == 0 || len(an.PartitionNames) > 0 || len(an.IndexNames) > 0 {
		return nil, false
	}
	an.SetText(nil, strings.TrimSpace(sql))
	return &checkTableStmt{StmtNode: an, tables: an.TableNames}, true
}

// maintenanceColumns are the columns CHECK, OPTIMIZE and ANALYZE TABLE
// answer with.
func maintenanceColumns() []Column {
	return []Column{textColumn("Table", 64), textColumn("Op", 10), textColumn("Msg_type", 10), textColumn("Msg_text", 1024)}
}

// maintainTables runs op on each named table and answers with its rows:
// op returns the table's rows after the first (the status row comes last).
// A missing table gets MySQL's Error row and "Operation failed".
func (s *Session) maintainTables(name string, tables []*ast.TableName, w ResultWriter, more bool, op func(t *table.Table) ([][2]string, error)) error {
	var rows [][]expr.Value
	add := func(table, typ, text string) {
		rows = append(rows, []expr.Value{expr.StringValue(table), expr.StringValue(name), expr.StringValue(typ), expr.StringValue(text)})
	}
	for _, tn := range tables {
		db := tn.Schema.O
		if db == "" {
			db = s.db
		}
		if db == "" {
			return mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
		}
		full := db + "." + tn.Name.O
		t := s.tempTable(db, tn.Name.O)
		if t == nil {
			t = s.eng.catalog.Table(db, tn.Name.O)
		}
		if t == nil && s.virtualTable(&ast.TableName{Schema: ast.NewCIStr(db), Name: tn.Name}) != nil {
			// information_schema's and the mysql schema's tables are built
			// in memory: nothing to check or compact.
			add(strings.ToLower(full), "status", "OK")
			continue
		}
		if t == nil {
			add(full, "Error", "Table '"+full+"' doesn't exist")
			add(full, "status", "Operation failed")
			continue
		}
		full = strings.ToLower(db) + "." + strings.ToLower(tn.Name.O)
		msgs, err := op(t)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			add(full, m[0], m[1])
		}
	}
	return s.writeRows(w, maintenanceColumns(), rows, more)
}

// maxCheckProblems bounds the problems CHECK TABLE lists per table.
const maxCheckProblems = 20

func (s *Session) execCheckTable(st *checkTableStmt, w ResultWriter, more bool) error {
	return s.maintainTables("check", st.tables, w, more, func(t *table.Table) ([][2]string, error) {
		if t.IsView() {
			return [][2]string{{"status", "OK"}}, nil
		}
		tx := s.eng.store.Begin(storage.TxnOptions{Snapshot: true, NoSync: true})
		defer tx.Rollback()
		problems, err := table.CheckTable(tx, t, maxCheckProblems)
		if err != nil {
			return nil, err
		}
		if len(problems) == 0 {
			return [][2]string{{"status", "OK"}}, nil
		}
		var out [][2]string
		for _, p := range problems {
			out = append(out, [2]string{"error", p.String()})
		}
		return append(out, [2]string{"error", "Corrupt"}), nil
	})
}

func (s *Session) execOptimizeTable(st *ast.OptimizeTableStmt, w ResultWriter, more bool) error {
	return s.maintainTables("optimize", st.Tables, w, more, func(t *table.Table) ([][2]string, error) {
		if c, ok := s.eng.store.(storage.Compacter); ok && !t.IsView() {
			prefix := table.TablePrefix(t.ID)
			if err := c.Compact(prefix, storage.PrefixEnd(prefix)); err != nil {
				return nil, err
			}
		}
		return [][2]string{{"status", "OK"}}, nil
	})
}

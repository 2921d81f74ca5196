package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/privs"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Which tables a statement touches and what it needs on each, read from
// its AST before it runs (the planner is not involved): every table named
// anywhere is read (SELECT), and the statement's targets need what the
// statement does to them (INSERT, UPDATE, DELETE, DROP, ...).

// tableNeed is one table a statement touches and the privileges it needs.
type tableNeed struct {
	node *ast.TableName // nil for a need not written as a table name
	db   string
	name string
	need privs.Set
	// uses is what the statement does to columns, kept with a prepared
	// statement's needs (its AST is not kept) for column privileges.
	uses *colUses
}

// tableCollector gathers every table name and CTE name of a statement. A
// session keeps one, so collecting allocates nothing once its slices grew.
type tableCollector struct {
	tables []*ast.TableName
	ctes   []string
}

func (c *tableCollector) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.TableName:
		c.tables = append(c.tables, x)
	case *ast.WithClause:
		for _, cte := range x.CTEs {
			c.ctes = append(c.ctes, cte.Name.L)
		}
	}
	return n, false
}

func (c *tableCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func (c *tableCollector) isCTE(tn *ast.TableName) bool {
	if tn.Schema.L != "" {
		return false
	}
	for _, name := range c.ctes {
		if name == tn.Name.L {
			return true
		}
	}
	return false
}

// collectTableNeeds appends to needs every table stmt names, each needing
// SELECT; the caller then raises the needs of the statement's targets.
// CTE names and derived tables are not tables; information_schema and
// performance_schema are readable by every account (their rows are
// filtered instead).
func (s *Session) collectTableNeeds(stmt ast.Node, needs []tableNeed) []tableNeed {
	c := &s.priv.collector
	c.tables, c.ctes = c.tables[:0], c.ctes[:0]
	stmt.Accept(c)
	for _, tn := range c.tables {
		if c.isCTE(tn) {
			continue
		}
		needs = append(needs, s.needOn(tn, privs.Select))
	}
	return needs
}

// needOn is a need on the table tn names, resolved in the current
// database when it names none.
func (s *Session) needOn(tn *ast.TableName, need privs.Set) tableNeed {
	db := tn.Schema.O
	if db == "" {
		db = s.db
	}
	return tableNeed{node: tn, db: db, name: tn.Name.O, need: need}
}

// setNeed gives the need of target (found by identity) as need.
func setNeed(needs []tableNeed, target *ast.TableName, need privs.Set) {
	for i := range needs {
		if needs[i].node == target {
			needs[i].need = need
		}
	}
}

// freeOfPrivileges reports a database every account may read.
func freeOfPrivileges(db string) bool {
	return strings.EqualFold(db, "information_schema") || strings.EqualFold(db, "performance_schema")
}

// targetTable is the table of a single-table statement's table reference.
func targetTable(refs *ast.TableRefsClause) *ast.TableName {
	if refs == nil || refs.TableRefs == nil {
		return nil
	}
	var node ast.ResultSetNode = refs.TableRefs
	for {
		switch x := node.(type) {
		case *ast.Join:
			node = x.Left
		case *ast.TableSource:
			node = x.Source
		case *ast.TableName:
			return x
		default:
			return nil
		}
	}
}

// tableSources lists the named tables of a join with the name each is
// referred to by (its alias, else its name), lower-cased.
func tableSources(node ast.ResultSetNode, out []aliasedTable) []aliasedTable {
	switch x := node.(type) {
	case *ast.Join:
		out = tableSources(x.Left, out)
		if x.Right != nil {
			out = tableSources(x.Right, out)
		}
	case *ast.TableSource:
		if tn, ok := x.Source.(*ast.TableName); ok {
			ref := x.AsName.L
			if ref == "" {
				ref = tn.Name.L
			}
			out = append(out, aliasedTable{ref: ref, tn: tn})
		}
	}
	return out
}

type aliasedTable struct {
	ref string
	tn  *ast.TableName
}

// dmlTableNeeds is what an INSERT, UPDATE, DELETE or LOAD DATA needs:
// its targets what it does to them, every other table SELECT.
func (s *Session) dmlTableNeeds(stmt ast.StmtNode, needs []tableNeed) []tableNeed {
	switch st := stmt.(type) {
	case *ast.InsertStmt:
		needs = s.collectTableNeeds(st, needs)
		need := privs.Insert
		if st.IsReplace {
			need |= privs.Delete
		}
		if len(st.OnDuplicate) > 0 {
			need |= privs.Update
		}
		setNeed(needs, targetTable(st.Table), need)
	case *ast.UpdateStmt:
		needs = s.collectTableNeeds(st, needs)
		read := privs.Set(0)
		if st.Where != nil || st.Order != nil {
			read = privs.Select
		}
		var sources []aliasedTable
		if st.TableRefs != nil {
			sources = tableSources(st.TableRefs.TableRefs, nil)
		}
		if len(sources) <= 1 { // the parser sets MultipleTable only for a comma list
			setNeed(needs, targetTable(st.TableRefs), privs.Update|read)
			break
		}
		for _, src := range sources {
			if s.assigns(st, src) {
				setNeed(needs, src.tn, privs.Update|read)
			}
		}
	case *ast.DeleteStmt:
		needs = s.collectTableNeeds(st, needs)
		read := privs.Set(0)
		if st.Where != nil || st.Order != nil {
			read = privs.Select
		}
		if !st.IsMultiTable {
			setNeed(needs, targetTable(st.TableRefs), privs.Delete|read)
			break
		}
		sources := tableSources(st.TableRefs.TableRefs, nil)
		if st.Tables != nil {
			for _, del := range st.Tables.Tables {
				setNeed(needs, del, 0) // a name in the list, not a table read
				for _, src := range sources {
					if src.ref == del.Name.L {
						setNeed(needs, src.tn, privs.Delete|read)
					}
				}
			}
		}
	case *ast.LoadDataStmt:
		need := privs.Insert
		if st.OnDuplicate == ast.OnDuplicateKeyHandlingReplace {
			need |= privs.Delete
		}
		if st.Table != nil {
			needs = append(needs, s.needOn(st.Table, need))
		}
	}
	return needs
}

// assigns reports whether a multi-table UPDATE sets a column of src: a
// column qualified with src's name, or an unqualified one src's table has.
func (s *Session) assigns(st *ast.UpdateStmt, src aliasedTable) bool {
	for _, a := range st.List {
		if a.Column == nil {
			continue
		}
		if q := a.Column.Table.L; q != "" {
			if q == src.ref {
				return true
			}
			continue
		}
		db := src.tn.Schema.O
		if db == "" {
			db = s.db
		}
		if t := s.eng.catalog.Table(db, src.tn.Name.O); t != nil && t.Column(a.Column.Name.O) >= 0 {
			return true
		}
	}
	return false
}

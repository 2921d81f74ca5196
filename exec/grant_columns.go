package exec

import (
	"cmp"
	"slices"
	"strings"

	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Column privileges: GRANT SELECT (a, b), UPDATE (c) ON db.t, their
// REVOKE, and the checks that use them (checkColumnNeeds). The grants
// live in privs.Grants.Column; this file resolves the statement's column
// lists against the table and decides which columns a statement touches.

// splitColumnPrivs takes the elements with a column list out of list and
// returns them resolved against target's table, with the rest. Column
// lists are allowed only on a table and only for SELECT, INSERT, UPDATE
// and REFERENCES (1144 otherwise, as MySQL); an unknown column is 1054.
func (s *Session) splitColumnPrivs(list []*ast.PrivElem, target privs.Target) (privs.Columns, []*ast.PrivElem, error) {
	var rest []*ast.PrivElem
	var cols privs.Columns
	for _, e := range list {
		if len(e.Cols) == 0 {
			rest = append(rest, e)
			continue
		}
		p, ok := parserPrivs[e.Priv]
		if !ok || target.Level != privs.LevelTable || p&^privs.ColumnLevel != 0 {
			return nil, nil, mysqldef.NewError(mysqldef.ErrIllegalGrantForTable,
				"Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used")
		}
		t := s.eng.catalog.Table(target.DB, target.Table)
		if t == nil {
			return nil, nil, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", target.DB, target.Table)
		}
		for _, cn := range e.Cols {
			i := t.Column(cn.Name.O)
			if i < 0 {
				return nil, nil, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in '%s'", cn.Name.O, target.Table)
			}
			if cols == nil {
				cols = privs.Columns{}
			}
			cols[t.Columns[i].Name] |= p
		}
	}
	return cols, rest, nil
}

// columnDenied is MySQL's 1143, naming the client's host as 1142 does.
func (s *Session) columnDenied(command, column, table string) error {
	return mysqldef.NewError(mysqldef.ErrColumnAccessDenied,
		"%s command denied to user '%s'@'%s' for column '%s' in table '%s'", command, s.user, s.clientHost, column, table)
}

// checkColumnNeeds decides a table need that g does not meet at the
// table level but might through column privileges: each privilege
// missing at the table level must be held on every column the statement
// uses it on (uses: what the statement does to columns; nil when
// unknown). It returns handled false when column privileges cannot
// help (none of the missing kind on the table), so the caller answers
// 1142.
func (s *Session) checkColumnNeeds(g *privs.Grants, uses *colUses, n tableNeed) (handled bool, err error) {
	colPrivs := g.ColumnPrivs(n.db, n.name)
	have := g.Global | g.DB[n.db] | g.Table[privs.TableName{DB: n.db, Table: n.name}]
	missingSet := n.need &^ have
	if colPrivs == 0 || missingSet&^privs.ColumnLevel != 0 || missingSet&^colPrivs != 0 || uses == nil {
		return false, nil
	}
	t := s.findTable(n.db, n.name)
	if t == nil {
		return false, nil
	}
	for _, p := range []privs.Set{privs.Insert, privs.Update, privs.Select, privs.References} {
		if missingSet&p == 0 {
			continue
		}
		for _, c := range t.Columns {
			if uses.touches(p, c.Name) && !g.OnColumn(n.db, n.name, c.Name, p) {
				return true, s.columnDenied(p.Name(), c.Name, n.name)
			}
		}
	}
	return true, nil
}

// colUses is which columns a statement uses per privilege, by lower-case
// name (a reference anywhere counts for every table with that column
// name, erring toward asking more, as the plan's columnsRead does); all
// marks a privilege used on every column (SELECT *, INSERT without a
// column list). A prepared statement keeps one for its whole life, on
// every connection that prepared it, so it is a short list rather than
// maps (two nested maps were a tenth of a prepared point select's memory).
type colUses struct {
	uses []colUse
	all  privs.Set
}

type colUse struct {
	p    privs.Set
	name string // lower case
}

func (u *colUses) add(p privs.Set, name string) {
	u.uses = append(u.uses, colUse{p: p, name: strings.ToLower(name)})
}

func compareColUse(a, b colUse) int {
	if c := cmp.Compare(a.p, b.p); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}

// seal sorts the list and drops repeats, once it is complete.
func (u *colUses) seal() {
	slices.SortFunc(u.uses, compareColUse)
	u.uses = slices.Clip(slices.CompactFunc(u.uses, func(a, b colUse) bool { return compareColUse(a, b) == 0 }))
}

func (u *colUses) has(p privs.Set, lower string) bool {
	_, found := slices.BinarySearchFunc(u.uses, colUse{p: p, name: lower}, compareColUse)
	return found
}

func (u *colUses) touches(p privs.Set, name string) bool {
	return u.all&p != 0 || u.has(p, strings.ToLower(name))
}

// columnUses works out what stmt does to columns, by name: SELECT on
// every column read, UPDATE on every column assigned, INSERT on every
// column inserted.
func columnUses(stmt ast.StmtNode) *colUses {
	u := &colUses{}
	read := func(n ast.Node) {
		if n == nil {
			return
		}
		names, all := plan.ColumnNamesIn(n)
		if all {
			u.all |= privs.Select
		}
		for name := range names {
			u.add(privs.Select, name)
		}
	}
	switch st := stmt.(type) {
	case *ast.UpdateStmt:
		for _, a := range st.List {
			u.add(privs.Update, a.Column.Name.O)
			read(a.Expr)
		}
		read(st.TableRefs)
		if st.Where != nil {
			read(st.Where)
		}
		if st.Order != nil {
			read(st.Order)
		}
	case *ast.InsertStmt:
		if len(st.Columns) == 0 { // INSERT ... SET names its columns here too
			u.all |= privs.Insert
		}
		for _, c := range st.Columns {
			u.add(privs.Insert, c.Name.O)
		}
		for _, row := range st.Lists {
			for _, e := range row {
				read(e)
			}
		}
		for _, a := range st.OnDuplicate {
			u.add(privs.Update, a.Column.Name.O)
			read(a.Expr)
		}
		if st.Select != nil {
			read(st.Select)
		}
	case *ast.DeleteStmt:
		if st.Where != nil {
			read(st.Where)
		}
		if st.Order != nil {
			read(st.Order)
		}
		if st.TableRefs != nil {
			read(st.TableRefs)
		}
	default:
		read(stmt)
	}
	u.seal()
	return u
}

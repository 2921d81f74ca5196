package plan

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Which columns of each relation a SELECT reads. A scan decodes only
// those: a range scan that returns `c` of a table with a wide `pad`
// column would otherwise copy `pad` out of every row it steps over.
//
// The answer is read from the statement's AST, by name, and errs only on
// the side of reading more: a column is read when any column reference
// anywhere in the statement (select list, WHERE, ON, USING, GROUP BY,
// HAVING, ORDER BY, and subqueries, whose outer references are still in
// the AST when the outer plan is built) carries its name, whatever table
// the reference names. Shapes that read columns without naming them read
// every column: *, NATURAL JOIN, DEFAULT(col) and VALUES(col).

// columnsRead returns, for each relation, which of its table's columns
// the statement reads; a nil entry reads them all.
func columnsRead(sel *ast.SelectStmt, rels []*Relation) [][]bool {
	names, all := ColumnNamesIn(sel)
	needs := make([][]bool, len(rels))
	if all {
		return needs
	}
	for i, r := range rels {
		need := make([]bool, len(r.Table.Columns))
		every := true
		for j, c := range r.Table.Columns {
			_, need[j] = names[strings.ToLower(c.Name)]
			every = every && need[j]
		}
		if !every {
			needs[i] = need
		}
	}
	return needs
}

// ColumnNamesIn returns the lower-case names of the column references
// under n, and all = true when n reads columns it does not name (*,
// NATURAL JOIN, DEFAULT(col), VALUES(col)); the names are then
// incomplete, as the walk stops there. Column privileges use it too.
func ColumnNamesIn(n ast.Node) (names map[string]struct{}, all bool) {
	v := &columnNames{names: map[string]struct{}{}}
	n.Accept(v)
	return v.names, v.all
}

// columnNames gathers the lower-case names of every column reference.
type columnNames struct {
	names map[string]struct{}
	all   bool // a shape that reads columns it does not name
}

func (v *columnNames) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.ColumnName:
		v.names[strings.ToLower(x.Name.O)] = struct{}{}
	case *ast.SelectField:
		// The field's Accept does not visit its WildCard.
		if x.WildCard != nil {
			v.all = true
		}
	case *ast.WildCardField, *ast.DefaultExpr, *ast.ValuesExpr:
		v.all = true
	case *ast.Join:
		if x.NaturalJoin {
			v.all = true
		}
	}
	return n, v.all
}

func (v *columnNames) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// ColumnsRead says which columns of relation i the plan reads (nil: all),
// for a caller that scans the relation itself.
func (p *SelectPlan) ColumnsRead(i int) []bool { return p.reads[i] }

package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Telling a subquery's own column references from references to the
// enclosing query, without running anything: the names its FROM clauses
// define are read off the AST and the catalog.

// fromNames is what some FROM clauses make visible.
type fromNames struct {
	aliases map[string]bool // table names and aliases, lower case
	tables  []*table.Table  // catalog tables named
	cols    map[string]bool // derived tables' and select lists' output names, lower case
	unknown bool            // a table that is not in the catalog
}

func newFromNames() *fromNames {
	return &fromNames{aliases: map[string]bool{}, cols: map[string]bool{}}
}

// knows reports whether c names something these FROM clauses define. A
// qualified name only needs its table (an unknown column of a known table
// is an error of the subquery, not an outer reference).
func (n *fromNames) knows(c *ast.ColumnName) bool {
	if c.Table.L != "" {
		return n.aliases[c.Table.L]
	}
	if n.cols[c.Name.L] {
		return true
	}
	for _, t := range n.tables {
		if t.Column(c.Name.O) >= 0 {
			return true
		}
	}
	return false
}

// addFrom records one FROM item (a join tree, a table, a derived table).
func (pl *Planner) addFrom(node ast.ResultSetNode, n *fromNames) {
	switch x := node.(type) {
	case *ast.Join:
		if x.Left != nil {
			pl.addFrom(x.Left, n)
		}
		if x.Right != nil {
			pl.addFrom(x.Right, n)
		}
	case *ast.TableSource:
		switch src := x.Source.(type) {
		case *ast.TableName:
			alias := x.AsName.L
			if alias == "" {
				alias = src.Name.L
			}
			n.aliases[alias] = true
			if d := pl.findCTE(src); d != nil {
				if t, _, err := pl.cteRows(d); err == nil {
					n.tables = append(n.tables, t)
				} else {
					n.unknown = true // running the subquery reports it
				}
			} else if t := pl.Env.PeekTable(src); t != nil {
				n.tables = append(n.tables, t)
			} else {
				n.unknown = true
			}
		case *ast.SelectStmt:
			n.aliases[x.AsName.L] = true
			pl.addOutputNames(src, n)
		case *ast.SetOprStmt:
			n.aliases[x.AsName.L] = true
			if src.SelectList != nil && len(src.SelectList.Selects) > 0 {
				if first, ok := src.SelectList.Selects[0].(*ast.SelectStmt); ok {
					pl.addOutputNames(first, n)
				}
			}
		}
	}
}

// addOutputNames records a derived table's column names: its aliases and
// column references, and for * the columns of its own FROM.
func (pl *Planner) addOutputNames(sel *ast.SelectStmt, n *fromNames) {
	if sel.Fields == nil {
		return
	}
	for _, f := range sel.Fields.Fields {
		switch {
		case f.WildCard != nil:
			if sel.From != nil && sel.From.TableRefs != nil {
				inner := newFromNames()
				pl.addFrom(sel.From.TableRefs, inner)
				n.tables = append(n.tables, inner.tables...)
				for c := range inner.cols {
					n.cols[c] = true
				}
				n.unknown = n.unknown || inner.unknown
			}
		case f.AsName.L != "":
			n.cols[f.AsName.L] = true
		default:
			n.cols[strings.ToLower(expr.ColumnName(f))] = true
		}
	}
}

// ownNames is what a SELECT's own FROM and select list define.
func (pl *Planner) ownNames(sel *ast.SelectStmt) *fromNames {
	n := newFromNames()
	if sel.From != nil && sel.From.TableRefs != nil {
		pl.addFrom(sel.From.TableRefs, n)
	}
	if sel.Fields != nil {
		for _, f := range sel.Fields.Fields {
			if f.AsName.L != "" {
				n.cols[f.AsName.L] = true // ORDER BY / HAVING may name them
			}
		}
	}
	return n
}

// treeNames is what every FROM clause and select list anywhere inside
// node defines.
func (pl *Planner) treeNames(node ast.Node) *fromNames {
	v := &treeNamer{pl: pl, n: newFromNames()}
	node.Accept(v)
	return v.n
}

type treeNamer struct {
	pl *Planner
	n  *fromNames
}

func (v *treeNamer) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.TableSource:
		v.pl.addFrom(x, v.n)
	case *ast.SelectField:
		if x.AsName.L != "" {
			v.n.cols[x.AsName.L] = true
		}
	}
	return n, false
}

func (v *treeNamer) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// mayBeCorrelated reports whether a subquery might name a column of an
// enclosing query: some column reference inside it is not defined by any
// FROM clause or select list inside it. False when unsure for another
// reason (an unknown table, a UNION): running it then reports the error.
func (pl *Planner) mayBeCorrelated(q ast.ResultSetNode) bool {
	if _, ok := q.(*ast.SelectStmt); !ok {
		return false
	}
	names := pl.treeNames(q)
	if names.unknown {
		return false
	}
	v := &columnWalker{fn: func(c *ast.ColumnNameExpr, _ int) bool { return !names.knows(c.Name) }}
	q.Accept(v)
	return v.hit
}

// columnWalker calls fn for each column reference with its depth (0: the
// root SELECT's own level; derived tables and nested subqueries are
// deeper); fn returning true stops the walk.
type columnWalker struct {
	fn    func(c *ast.ColumnNameExpr, depth int) bool
	depth int
	root  bool
	hit   bool
}

func (v *columnWalker) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		if v.root {
			v.depth++
		}
		v.root = true
	case *ast.ColumnNameExpr:
		if v.fn(x, v.depth) {
			v.hit = true
		}
	}
	return n, v.hit
}

func (v *columnWalker) Leave(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		if v.depth > 0 {
			v.depth--
		}
	}
	return n, !v.hit
}

package exec

import (
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Aggregates and window functions in a SELECT without FROM. MySQL reads such a SELECT as
// one over a single row (SELECT COUNT(*) is 1, SELECT SUM(2) WHERE 0 is NULL, SELECT
// ROW_NUMBER() OVER () is 1); loopdb's planner aggregates only over relations, so the SELECT
// is given that row as a derived table right after parsing, and every path (text, prepared,
// cursors, subqueries, UNION branches) then plans it like any other grouped SELECT. Only a
// nested SELECT that names no column anywhere is rewritten: a column there belongs to an
// enclosing query, and an aggregate of an outer column aggregates in that query, which a row
// of its own would get wrong; those keep the 1235 they answered before.

// dualAggRewriter is the ast.Visitor that does it.
type dualAggRewriter struct{}

func (dualAggRewriter) Enter(n ast.Node) (ast.Node, bool) {
	if sel, ok := n.(*ast.SelectStmt); ok && sel.From == nil && sel.Kind == ast.SelectStmtKindSelect && needsDualRow(sel) {
		if from := dualRowFrom(); from != nil {
			sel.From = from
		}
	}
	return n, false
}

func (dualAggRewriter) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// needsDualRow reports whether sel holds an aggregate or window function of its own and no
// column reference at all.
func needsDualRow(sel *ast.SelectStmt) bool {
	f := &aggFinder{top: sel}
	sel.Accept(f)
	return f.agg && !f.column
}

type aggFinder struct {
	top         *ast.SelectStmt
	agg, column bool
}

func (f *aggFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.ColumnNameExpr:
		f.column = true
	case *ast.AggregateFuncExpr, *ast.WindowFuncExpr:
		f.agg = true
	case *ast.SelectStmt, *ast.SetOprStmt:
		if n != ast.Node(f.top) {
			// A nested query's aggregates are its own; its columns still count (they
			// may be correlated to sel's outer query).
			c := &aggFinder{top: nil}
			n.Accept(columnOnly{c})
			f.column = f.column || c.column
			return n, true
		}
	}
	return n, false
}

func (f *aggFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// columnOnly looks for column references in a nested query.
type columnOnly struct{ f *aggFinder }

func (c columnOnly) Enter(n ast.Node) (ast.Node, bool) {
	if _, ok := n.(*ast.ColumnNameExpr); ok {
		c.f.column = true
	}
	return n, false
}

func (c columnOnly) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// dualRowFrom is a FROM clause of one row and one column, under names no statement uses.
func dualRowFrom() *ast.TableRefsClause {
	stmts, _, err := parser.New().ParseSQL("SELECT 1 FROM (SELECT 1 AS `#dual`) AS `#dual`")
	if err != nil || len(stmts) != 1 {
		return nil
	}
	return stmts[0].(*ast.SelectStmt).From
}

// rewriteDualAggregates applies the rewrite to parsed statements.
func rewriteDualAggregates(stmts []ast.StmtNode) {
	for _, st := range stmts {
		if _, ok := st.(*ast.ExplainStmt); ok {
			continue // nothing runs: EXPLAIN says "No tables used", as MySQL, not the row
		}
		// A statement that is itself such a SELECT has no outer query, so a column in
		// it is simply unknown (1054, as MySQL says) once it has its row.
		if sel, ok := st.(*ast.SelectStmt); ok && sel.From == nil && sel.Kind == ast.SelectStmtKindSelect {
			if f := (&aggFinder{top: sel}); hasAggregate(sel, f) {
				sel.From = dualRowFrom()
			}
		}
		st.Accept(dualAggRewriter{})
	}
}

func hasAggregate(sel *ast.SelectStmt, f *aggFinder) bool {
	sel.Accept(f)
	return f.agg
}

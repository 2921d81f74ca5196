package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// Plan cache for prepared SELECTs: EXECUTE reuses the statement's compiled
// plan and the clauses of its parse a run reads again, and recomputes only
// what depends on the bound parameters (access paths and LIMIT). A plan is
// cached only when planning left the AST as parsed (subqueries and
// aggregates nested in expressions rewrite it), and it is dropped when DDL
// changed one of its tables.

// CachedSelect is one prepared SELECT's plan, kept for its EXECUTEs.
type CachedSelect struct {
	// Head is what starting a run reads of the statement (its kind,
	// optimizer hints, locking clause): a stub holding only those, shared
	// by every plain SELECT (plainSelectHead).
	Head *ast.SelectStmt
	// Where and Limit are the clauses each run plans again from (key
	// ranges and LIMIT depend on the parameters). The rest of the parse is
	// not kept: the compiled plan holds what it needs, and a parse tree is
	// the largest part of a prepared statement's memory.
	Where  ast.ExprNode
	Limit  *ast.Limit
	Plan   *SelectPlan
	tables []*table.Table // descriptors the plan was compiled against
}

// plainSelectHead is the Head of every cached SELECT without hints, a
// locking clause or INTO. It is never written: starting a statement only
// reads it.
var plainSelectHead = &ast.SelectStmt{Kind: ast.SelectStmtKindSelect}

// headOf returns sel's Head: plainSelectHead, or a stub with the fields
// starting a run reads (see CachedSelect.Head).
func headOf(sel *ast.SelectStmt) *ast.SelectStmt {
	if len(sel.TableHints) == 0 && sel.LockInfo == nil && sel.SelectIntoOpt == nil && sel.Kind == ast.SelectStmtKindSelect {
		return plainSelectHead
	}
	return &ast.SelectStmt{Kind: sel.Kind, TableHints: sel.TableHints, LockInfo: sel.LockInfo, SelectIntoOpt: sel.SelectIntoOpt}
}

// ASTText renders a statement as SQL text, for the checks that planning
// (or, in exec, a run) left its AST untouched.
func ASTText(n ast.Node) (string, bool) {
	var b strings.Builder
	if err := n.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &b)); err != nil {
		return "", false
	}
	return b.String(), true
}

// BuildCachedSelect plans sel for reuse, or returns nil when it cannot be
// cached. It runs at PREPARE with NULL parameters.
func (pl *Planner) BuildCachedSelect(sel *ast.SelectStmt) *CachedSelect {
	if sel.From == nil || sel.With != nil || HasSubquery(sel) {
		return nil // a subquery's results must not outlive one execution
	}
	if sel.SelectStmtOpts != nil && sel.SelectStmtOpts.CalcFoundRows {
		return nil // runs without its LIMIT (exec's execTableSelect)
	}
	before, ok := ASTText(sel)
	if !ok {
		return nil
	}
	for _, r := range relationSources(sel.From) {
		tn, isTable := r.(*ast.TableName)
		if !isTable {
			return nil // derived tables are materialised per run
		}
		if t := pl.Env.PeekTable(tn); t != nil && t.IsView() {
			return nil // so are views (planning here would run one)
		}
	}
	rels, release, err := pl.RelationsOf(sel.From, false)
	if err != nil {
		return nil
	}
	defer release()
	for _, r := range rels {
		if r.Src != nil {
			return nil // information_schema rows are built per run
		}
	}
	p, err := pl.PlanSelectRels(sel, rels)
	if err != nil {
		return nil
	}
	if after, ok := ASTText(sel); !ok || after != before {
		return nil
	}
	c := &CachedSelect{Head: headOf(sel), Where: sel.Where, Limit: sel.Limit, Plan: p}
	for _, r := range rels {
		c.tables = append(c.tables, r.Table)
	}
	return c
}

// relationSources lists the table sources of a FROM clause.
func relationSources(from *ast.TableRefsClause) []ast.ResultSetNode {
	var out []ast.ResultSetNode
	var walk func(n ast.ResultSetNode)
	walk = func(n ast.ResultSetNode) {
		switch x := n.(type) {
		case *ast.Join:
			walk(x.Left)
			if x.Right != nil {
				walk(x.Right)
			}
		case *ast.TableSource:
			out = append(out, x.Source)
		}
	}
	walk(from.TableRefs)
	return out
}

// RunCachedSelect executes a cached plan with the current parameters; ok
// is false when the plan went stale (the caller re-plans).
func (pl *Planner) RunCachedSelect(c *CachedSelect, out RowSink) (ok bool, err error) {
	p := c.Plan
	var releases []func()
	defer func() {
		for _, r := range releases {
			r()
		}
	}()
	for i, r := range p.Rels {
		t, release, err := pl.Env.LockTable(&ast.TableName{Schema: ast.NewCIStr(c.tables[i].DB), Name: ast.NewCIStr(c.tables[i].Name)})
		if err != nil {
			return false, nil
		}
		releases = append(releases, release)
		if t != c.tables[i] {
			return false, nil // DDL replaced the table: plan again
		}
		if err := pl.Env.EnterTableForRead(t); err != nil {
			return true, err
		}
		r.Table = t
	}
	// What depends on the parameters: LIMIT first (whether a key's order
	// is worth reading depends on it), then the access path, then whether
	// ORDER BY still needs a sort.
	p.Limit, p.Offset = ^uint64(0), 0
	if c.Limit != nil {
		if p.Limit, p.Offset, err = pl.Env.LimitOf(c.Limit); err != nil {
			return true, err
		}
	}
	p.groupsInOrder = false
	if len(p.Rels) == 1 {
		// A grouped plan wants its GROUP BY order, another its ORDER BY
		// order (orderWanted is nil for a grouped one).
		want, gw := p.orderWanted(), p.groupWanted()
		if gw != nil {
			want = gw
		}
		p.usePath(pl.planAccess(p.Table, p.alias, c.Where, want, p.reads[0]))
		p.groupsInOrder = gw != nil && p.Path.InOrder
	} else if err := pl.planJoins(p.Rels, c.Where, p.reads); err != nil {
		return true, err
	}
	p.Order = p.fullOrder
	if (p.Path.InOrder && !p.groupsInOrder) || p.pkOrdered() {
		p.Order = nil
	}
	return true, pl.Env.InTxn(func(tx storage.Txn) error { return p.Run(tx, out) })
}

// HasSubquery reports a subquery anywhere in n.
func HasSubquery(n ast.Node) bool {
	f := &subqueryFinder{}
	n.Accept(f)
	return f.found
}

type subqueryFinder struct{ found bool }

func (f *subqueryFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr, *ast.CompareSubqueryExpr:
		f.found = true
	}
	return n, f.found
}

func (f *subqueryFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

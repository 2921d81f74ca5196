package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// execExplain answers EXPLAIN [FORMAT=TRADITIONAL] SELECT in MySQL's
// tabular format from the plan the SELECT would run with (plan.Explain
// says what each column reports). Uncorrelated subqueries are run to plan
// the outer SELECT, as the planner does for a real run; they get no rows
// of their own. Other statements and formats answer 1235.
func (s *Session) execExplain(st *ast.ExplainStmt, w ResultWriter, more bool) error {
	switch strings.ToUpper(st.Format) {
	case "", "ROW", "TRADITIONAL":
	default:
		return expr.Unsupported("EXPLAIN FORMAT=" + st.Format)
	}
	if st.Analyze {
		return expr.Unsupported("EXPLAIN ANALYZE")
	}
	var sel *ast.SelectStmt
	switch x := st.Stmt.(type) {
	case *ast.SelectStmt:
		sel = x
	case *ast.UpdateStmt, *ast.DeleteStmt:
		return s.explainDML(x, w, more)
	default:
		return expr.Unsupported("EXPLAIN of " + explainedKind(st.Stmt))
	}
	cols := plan.ExplainColumns()
	null := expr.NullValue()
	if sel.From == nil {
		row := []expr.Value{expr.IntValue(1), expr.StringValue("SIMPLE"), null, null, null, null, null, null, null, null, null,
			expr.StringValue("No tables used")}
		return s.writeRows(w, cols, [][]expr.Value{row}, more)
	}
	leave, err := s.planner.EnterWith(sel.With)
	if err != nil {
		return err
	}
	defer leave()
	// A CTE's query is not a subquery of this SELECT.
	with := sel.With
	sel.With = nil
	selectType := "SIMPLE"
	if plan.HasSubquery(sel) {
		selectType = "PRIMARY"
	}
	sel.With = with
	resolved, err := s.planner.ResolveSubqueries(sel)
	if err != nil {
		return err
	}
	sel = resolved.(*ast.SelectStmt)
	rels, release, err := s.planner.RelationsOf(sel.From, false)
	if err != nil {
		return err
	}
	defer release()
	p, err := s.planner.PlanSelectRels(sel, rels)
	if err != nil {
		return err
	}
	var rows [][]expr.Value
	err = s.inTxn(func(tx storage.Txn) error {
		var err error
		rows, err = p.Explain(tx, sel, selectType)
		return err
	})
	if err != nil {
		return err
	}
	return s.writeRows(w, cols, rows, more)
}

// explainedKind names a statement EXPLAIN does not describe yet.
func explainedKind(stmt ast.StmtNode) string {
	switch stmt.(type) {
	case *ast.UpdateStmt:
		return "UPDATE"
	case *ast.DeleteStmt:
		return "DELETE"
	case *ast.InsertStmt:
		return "INSERT"
	case *ast.SetOprStmt:
		return "UNION"
	}
	return "this statement"
}

// explainDML describes a single-table UPDATE or DELETE: the rows it
// changes are found as a SELECT with its WHERE, ORDER BY and LIMIT would
// find them (dmlTargets.collect), so that SELECT's plan is what runs.
func (s *Session) explainDML(stmt ast.StmtNode, w ResultWriter, more bool) error {
	var refs *ast.TableRefsClause
	var where ast.ExprNode
	var order *ast.OrderByClause
	var limit *ast.Limit
	kind := "UPDATE"
	switch x := stmt.(type) {
	case *ast.UpdateStmt:
		if x.MultipleTable || (x.TableRefs != nil && x.TableRefs.TableRefs != nil && x.TableRefs.TableRefs.Right != nil) {
			return expr.Unsupported("EXPLAIN of a multi-table UPDATE")
		}
		refs, where, order, limit = x.TableRefs, x.Where, x.Order, x.Limit
	case *ast.DeleteStmt:
		if x.IsMultiTable {
			return expr.Unsupported("EXPLAIN of a multi-table DELETE")
		}
		kind = "DELETE"
		refs, where, order, limit = x.TableRefs, x.Where, x.Order, x.Limit
	}
	leave, err := s.planner.EnterWith(plan.WithOf(stmt))
	if err != nil {
		return err
	}
	defer leave()
	tn := targetTable(refs)
	if tn == nil {
		return expr.Unsupported("EXPLAIN of this " + kind)
	}
	if s.planner.IsCTE(tn) {
		return errNotUpdatable(tn.Name.O, kind)
	}
	t, release, err := s.lockTable(tn)
	if err != nil {
		return err
	}
	defer release()
	if t.IsView() {
		return errNotUpdatable(t.Name, kind)
	}
	alias := t.Name
	if ts, ok := refs.TableRefs.Left.(*ast.TableSource); ok && ts.AsName.O != "" {
		alias = ts.AsName.O
	}
	sel := &ast.SelectStmt{
		SelectStmtOpts: &ast.SelectStmtOpts{},
		Fields:         &ast.FieldList{Fields: []*ast.SelectField{{WildCard: &ast.WildCardField{}}}},
		Where:          where, OrderBy: order, Limit: limit,
	}
	resolved, err := s.planner.ResolveSubqueries(sel)
	if err != nil {
		return err
	}
	sel = resolved.(*ast.SelectStmt)
	p, err := s.planner.PlanSelect(sel, t, alias)
	if err != nil {
		return err
	}
	var rows [][]expr.Value
	err = s.inTxn(func(tx storage.Txn) error {
		var err error
		rows, err = p.Explain(tx, sel, kind)
		return err
	})
	if err != nil {
		return err
	}
	return s.writeRows(w, plan.ExplainColumns(), rows, more)
}

package exec

import (
	"strconv"
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
	case *ast.SetOprStmt:
		return s.explainUnion(x, w, more)
	default:
		return expr.Unsupported("EXPLAIN of " + explainedKind(st.Stmt))
	}
	rows, err := s.explainSelect(sel, "")
	if err != nil {
		return err
	}
	return s.writeRows(w, plan.ExplainColumns(), rows, more)
}

// explainSelect is the rows of one SELECT; selectType "" picks SIMPLE or
// PRIMARY (when subqueries ran beside it).
func (s *Session) explainSelect(sel *ast.SelectStmt, selectType string) ([][]expr.Value, error) {
	null := expr.NullValue()
	if sel.From == nil {
		if selectType == "" {
			selectType = "SIMPLE"
		}
		row := []expr.Value{expr.IntValue(1), expr.StringValue(selectType), null, null, null, null, null, null, null, null, null,
			expr.StringValue("No tables used")}
		return [][]expr.Value{row}, nil
	}
	leave, err := s.planner.EnterWith(sel.With)
	if err != nil {
		return nil, err
	}
	defer leave()
	if selectType == "" {
		// A CTE's query is not a subquery of this SELECT.
		with := sel.With
		sel.With = nil
		selectType = "SIMPLE"
		if plan.HasSubquery(sel) {
			selectType = "PRIMARY"
		}
		sel.With = with
	}
	p, sel, release, err := s.planSelectFrom(sel)
	if err != nil {
		return nil, err
	}
	defer release()
	var rows [][]expr.Value
	err = s.inTxn(func(tx storage.Txn) error {
		var err error
		rows, err = p.Explain(tx, sel, selectType)
		return err
	})
	return rows, err
}

// explainUnion describes each SELECT of a UNION under its own id
// (PRIMARY, then UNION), and for UNION DISTINCT the deduplicating step
// (UNION RESULT), as MySQL 8 shows them.
func (s *Session) explainUnion(st *ast.SetOprStmt, w ResultWriter, more bool) error {
	if st.SelectList == nil {
		return expr.Unsupported("EXPLAIN of this UNION")
	}
	leave, err := s.planner.EnterWith(st.With)
	if err != nil {
		return err
	}
	defer leave()
	var out [][]expr.Value
	var ids []string
	distinct := false
	for i, node := range st.SelectList.Selects {
		sel, ok := node.(*ast.SelectStmt)
		if !ok {
			return expr.Unsupported("EXPLAIN of a nested UNION")
		}
		if op := sel.AfterSetOperator; i > 0 && op != nil {
			switch *op {
			case ast.Union:
				distinct = true
			case ast.UnionAll:
			default:
				return expr.Unsupported("EXPLAIN of INTERSECT and EXCEPT")
			}
		}
		selectType := "UNION"
		if i == 0 {
			selectType = "PRIMARY"
		}
		rows, err := s.explainSelect(sel, selectType)
		if err != nil {
			return err
		}
		for _, r := range rows {
			r[0] = expr.IntValue(int64(i + 1))
		}
		out = append(out, rows...)
		ids = append(ids, strconv.Itoa(i+1))
	}
	if distinct {
		null := expr.NullValue()
		out = append(out, []expr.Value{null, expr.StringValue("UNION RESULT"), expr.StringValue("<union" + strings.Join(ids, ",") + ">"),
			null, expr.StringValue("ALL"), null, null, null, null, null, null, expr.StringValue("Using temporary")})
	}
	return s.writeRows(w, plan.ExplainColumns(), out, more)
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

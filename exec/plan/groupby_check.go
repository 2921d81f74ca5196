package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// ONLY_FULL_GROUP_BY (in MySQL 8's default sql_mode): a grouped query's
// select list may name a column outside an aggregate only when the column
// is grouped, or functionally determined by grouped columns (here: every
// column of a table whose whole primary key is grouped).

// checkFullGroupBy applies ONLY_FULL_GROUP_BY to the select list (with
// aggregates already lifted out). groupItems are the GROUP BY expressions
// with positions and select-list aliases already replaced by what they
// name (GROUP BY q groups by the expression q aliases).
func (p *SelectPlan) checkFullGroupBy(fields, groupItems []ast.ExprNode, hasGroupBy bool) error {
	grouped := map[int]bool{}
	groupTexts := map[string]bool{}
	for _, e := range groupItems {
		if off := p.sourceColumn(e); off >= 0 {
			grouped[off] = true
		}
		groupTexts[exprText(e)] = true
	}
	// Columns of a table whose whole primary key is grouped are
	// determined by the group.
	for _, r := range p.Rels {
		if !r.Table.HasPrimaryKey() || r.Table.HasPKPrefix() {
			continue // a prefix key determines nothing: its values may differ past the prefix
		}
		all := true
		for _, off := range r.Table.PKOffsets() {
			all = all && grouped[r.Offset+off]
		}
		if all {
			for i := range r.Table.Columns {
				grouped[r.Offset+i] = true
			}
		}
	}
	for i, f := range fields {
		if groupTexts[exprText(f)] {
			continue
		}
		for _, ref := range columnRefs(f) {
			off := p.sourceColumn(ref)
			if off < 0 || grouped[off] {
				continue
			}
			_, c := p.columnAt(off)
			r, _ := p.columnAt(off)
			name := r.Table.DB + "." + r.Alias + "." + c.Name
			if !hasGroupBy {
				return mysqldef.NewError(mysqldef.ErrMixOfGroupFunc, "In aggregated query without GROUP BY, expression #%d of SELECT list contains nonaggregated column '%s'; this is incompatible with sql_mode=only_full_group_by", i+1, name)
			}
			return mysqldef.NewError(mysqldef.ErrWrongFieldWithGroup, "Expression #%d of SELECT list is not in GROUP BY clause and contains nonaggregated column '%s' which is not functionally dependent on columns in GROUP BY clause; this is incompatible with sql_mode=only_full_group_by", i+1, name)
		}
	}
	return nil
}

// exprText is an expression's text for comparing GROUP BY items with
// select-list expressions (Restore, not Format: Format panics on
// subqueries and parameter markers).
func exprText(e ast.ExprNode) string {
	var b strings.Builder
	if err := e.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &b)); err != nil {
		return ""
	}
	return strings.ToLower(b.String())
}

// columnRefs lists the column references in e (aggregates were lifted
// already; their synthetic references are skipped).
func columnRefs(e ast.ExprNode) []*ast.ColumnNameExpr {
	v := &refCollector{}
	e.Accept(v)
	return v.refs
}

type refCollector struct{ refs []*ast.ColumnNameExpr }

func (v *refCollector) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.ColumnNameExpr:
		if x.Name.Table.O != expr.AggTable {
			v.refs = append(v.refs, x)
		}
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr:
		return n, true
	}
	return n, false
}

func (v *refCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// ORDER BY: resolving its items, and the sort keys computed per row.

// orderKeyFor resolves one ORDER BY item: a position, a select alias, or
// an expression over the source rows.
func (pl *Planner) orderKeyFor(it *ast.ByItem, scope *expr.Scope, cols []expr.Column, p *SelectPlan) (orderKey, error) {
	k := orderKey{out: -1, desc: it.Desc}
	switch x := it.Expr.(type) {
	case *ast.PositionExpr:
		if x.N < 1 || x.N > len(cols) {
			return k, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%d' in 'order clause'", x.N)
		}
		k.out = x.N - 1
		return k, nil
	case *ast.ColumnNameExpr:
		if x.Name.Table.O == "" {
			for i, c := range cols {
				if strings.EqualFold(c.Name, x.Name.Name.O) && (c.OrgName == "" || strings.EqualFold(c.OrgName, c.Name) || !p.hasColumn(c.Name)) {
					k.out = i
					return k, nil
				}
			}
		}
	}
	e, err := expr.Compile(it.Expr, scope)
	if err != nil {
		return k, err
	}
	k.expr = e
	return k, nil
}

// pkOrdered reports whether ORDER BY asks for exactly the order the scan
// produces (ascending primary key), so no sort is needed.
func (p *SelectPlan) pkOrdered() bool {
	if p.Table == nil || len(p.Order) == 0 || p.Grouped || p.Distinct || p.win != nil || !p.Path.ordered || p.Path.Index != nil || !p.Table.HasPrimaryKey() {
		return false
	}
	if len(p.Order) > len(p.Table.PKOffsets()) {
		return false
	}
	for i, k := range p.Order {
		if k.desc {
			return false
		}
		x := k.expr
		if k.out >= 0 {
			x = p.Fields[k.out]
		}
		if idx, ok := expr.ColumnIndex(x); !ok || idx != p.Table.PKOffsets()[i] {
			return false
		}
	}
	return true
}

func (p *SelectPlan) orderValues(ctx *expr.EvalCtx, row, vals []expr.Value) ([]expr.Value, error) {
	if len(p.Order) == 0 {
		return nil, nil
	}
	return p.orderValuesInto(ctx, row, vals, make([]expr.Value, len(p.Order)))
}

// orderValuesInto computes the sort keys into keys (len(p.Order) long; nil
// without ORDER BY).
func (p *SelectPlan) orderValuesInto(ctx *expr.EvalCtx, row, vals, keys []expr.Value) ([]expr.Value, error) {
	if len(p.Order) == 0 {
		return nil, nil
	}
	for i, k := range p.Order {
		if k.out >= 0 {
			keys[i] = vals[k.out]
		} else {
			v, err := k.expr.Eval(ctx, row)
			if err != nil {
				return nil, err
			}
			keys[i] = v
		}
		switch {
		case k.enum != nil && !keys[i].IsNull():
			keys[i] = expr.IntValue(int64(enumPosition(k.enum, keys[i].Str())))
		case keys[i].Kind() == expr.KindString:
			// Sort by the collation's weights, computed once per row rather
			// than per comparison.
			keys[i] = expr.BinaryStringValue(expr.CollationKeyString(keys[i].Str()))
		}
	}
	return keys, nil
}

// enumMembers returns the members of the ENUM column an ORDER BY key
// names directly, or nil.
func (p *SelectPlan) enumMembers(k orderKey) []string {
	x := k.expr
	if k.out >= 0 {
		x = p.Fields[k.out]
	}
	idx, ok := expr.ColumnIndex(x)
	if !ok || idx >= p.width {
		return nil
	}
	if _, c := p.columnAt(idx); c != nil && c.Type.Tp == mysqldef.TypeEnum {
		return c.Type.Elems
	}
	return nil
}

// enumPosition is a member's 1-based position (” sorts first, as 0).
func enumPosition(members []string, v string) int {
	for i, m := range members {
		if m == v {
			return i + 1
		}
	}
	return 0
}

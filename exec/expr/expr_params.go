package expr

import (
	"sort"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// NumberParams gives every ? marker in stmt its position (Order) by
// offset in the SQL text and returns how many there are. The parser
// leaves Order at 0, so call this once after parsing a statement that may
// hold markers (PREPARE, COM_STMT_PREPARE) and before compiling it.
func NumberParams(stmt ast.Node) int {
	if stmt == nil {
		return 0
	}
	marks := ParamMarkers(stmt)
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].Offset < marks[j].Offset })
	for i, m := range marks {
		m.SetOrder(i)
	}
	return len(marks)
}

// ParamMarkers returns the ? markers in n, in the order the walk meets them.
func ParamMarkers(n ast.Node) []*test_driver.ParamMarkerExpr {
	v := &paramCollector{}
	n.Accept(v)
	return v.marks
}

type paramCollector struct {
	marks []*test_driver.ParamMarkerExpr
}

func (v *paramCollector) Enter(n ast.Node) (ast.Node, bool) {
	if m, ok := n.(*test_driver.ParamMarkerExpr); ok {
		v.marks = append(v.marks, m)
	}
	return n, false
}

func (v *paramCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

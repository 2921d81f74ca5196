package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// plannerEnv is the Session as its planner sees it (Env). The session's
// own methods stay unexported, so what the planner may call is exactly
// this list; the wrapper is one pointer, stored in the planner once per
// session, and each call forwards directly.
type plannerEnv struct{ *Session }

var _ plan.Env = plannerEnv{}

func (e plannerEnv) SQLModeHas(mode string) bool { return e.sqlModeHas(mode) }

// EvalConst evaluates a constant of the statement being planned (a key
// bound, a conjunct) through the statement's cache of constant condition
// parts, so that the planner's evaluation and the rows' check of the same
// expression warn once between them.
func (e plannerEnv) EvalConst(n ast.ExprNode) (expr.Value, error) {
	x, err := expr.CompileConstant(n, &expr.Scope{Env: e.Session})
	if err != nil {
		return expr.Value{}, err
	}
	return x.Eval(e.evalCtx, nil)
}

func (e plannerEnv) EstimateSize(lo, hi []byte) (uint64, bool) {
	est, ok := e.eng.store.(storage.SizeEstimator)
	if !ok {
		return 0, false
	}
	n, err := est.EstimateSize(lo, hi)
	return n, err == nil
}

func (e plannerEnv) CountKeys(lo, hi []byte, limit int) (int, bool) {
	it, err := e.eng.store.NewIter(lo, hi)
	if err != nil {
		return 0, false
	}
	n := 0
	for ok := it.First(); ok && n < limit; ok = it.Next() {
		n++
	}
	err = it.Error()
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	return n, err == nil
}

func (e plannerEnv) LimitOf(l *ast.Limit) (count, offset uint64, err error) { return e.limitOf(l) }

func (e plannerEnv) LockTable(tn *ast.TableName) (*table.Table, func(), error) {
	return e.lockTable(tn)
}

func (e plannerEnv) EnterTableForRead(t *table.Table) error { return e.enterTableForRead(t) }

func (e plannerEnv) PeekTable(tn *ast.TableName) *table.Table { return e.peekTable(tn) }

func (e plannerEnv) TableScope(t *table.Table, alias string) *expr.Scope {
	return e.tableScope(t, alias)
}

func (e plannerEnv) VirtualTable(tn *ast.TableName) bool { return e.isVirtualName(tn) }

func (e plannerEnv) InfoSchemaRows(tn *ast.TableName, isStats bool) (*table.Table, *plan.MemRows, error) {
	return e.infoSchemaRows(tn, isStats)
}

func (e plannerEnv) InTxn(fn func(tx storage.Txn) error) error { return e.inTxn(fn) }

func (e plannerEnv) NewTableWriter(t *table.Table, tx storage.Txn) *table.Writer {
	return e.newTableWriter(t, tx)
}

func (e plannerEnv) MapStorageErr(err error) error { return e.mapStorageErr(err) }

func (e plannerEnv) QueryRowsCols(node ast.ResultSetNode) ([]Column, [][]expr.Value, error) {
	return e.queryRowsCols(node)
}

func (e plannerEnv) ConstRow(sel *ast.SelectStmt) ([]Column, []expr.Value, error) {
	return e.constRow(sel)
}

func (e plannerEnv) ParseResultSet(text string) (ast.ResultSetNode, error) {
	return e.parseResultSet(text)
}

// Nested takes back what LockSubqueryTables returned (nil when nothing
// was locked).
func (e plannerEnv) Nested(outer *expr.EvalCtx, params []expr.Value, held any, fn func(tx storage.Txn) error) error {
	h, _ := held.(*heldTables)
	return e.nested(outer, params, h, fn)
}

func (e plannerEnv) ViewRows(view *table.Table) ([]Column, [][]expr.Value, error) {
	return e.viewRows(view)
}

func (e plannerEnv) LockSubqueryTables(sel *ast.SelectStmt) any {
	return e.lockSubqueryTables(sel)
}

package plan

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Planner plans and runs the SELECTs of one session. The session holds one
// by value (exec's Session.planner) and uses it for every statement, so
// planning costs no allocation of its own. A plan keeps a pointer to its
// planner, so it must not outlive the session (cached plans live in its
// prepared statements).
type Planner struct {
	Env Env
	// ctes is the innermost CTE in scope (cte.go); it links to the rest.
	ctes *cteDef
}

// Env is what the planner needs from the session running it. Its
// methods are called per statement (or per subquery run), never per row:
// a run fetches the EvalCtx once and passes it down.
type Env interface {
	// expr.SessionEnv is the Env of the scopes the planner compiles in; a
	// correlated subquery reaches the planner back through it
	// (expr.SubqueryCompiler).
	expr.SessionEnv

	// EvalCtx is the running statement's (or nested run's) context.
	EvalCtx() *expr.EvalCtx
	// SQLModeHas reports whether sql_mode contains mode.
	SQLModeHas(mode string) bool
	// EvalConst evaluates an expression that names no columns.
	EvalConst(e ast.ExprNode) (expr.Value, error)
	// LimitOf evaluates a LIMIT clause.
	LimitOf(l *ast.Limit) (count, offset uint64, err error)
	// EstimateSize estimates the stored bytes in [lo, hi); ok is false
	// when the storage cannot tell (storage.SizeEstimator). CountKeys
	// counts the committed keys in [lo, hi), stopping at limit.
	EstimateSize(lo, hi []byte) (size uint64, ok bool)
	CountKeys(lo, hi []byte, limit int) (n int, ok bool)

	// Tables: LockTable takes a table's metadata lock (released by the
	// returned func) and EnterTableForRead checks a read against LOCK
	// TABLES and the transaction. PeekTable finds a descriptor without
	// locking it.
	LockTable(tn *ast.TableName) (*table.Table, func(), error)
	EnterTableForRead(t *table.Table) error
	PeekTable(tn *ast.TableName) *table.Table
	TableScope(t *table.Table, alias string) *expr.Scope
	// VirtualTable reports whether tn names a table whose rows are built
	// in memory (information_schema's, mysql's grant tables), which
	// InfoSchemaRows then builds.
	VirtualTable(tn *ast.TableName) bool
	InfoSchemaRows(tn *ast.TableName, isStats bool) (*table.Table, *MemRows, error)

	// Running: InTxn runs fn in the statement's transaction,
	// NewTableWriter locks rows for FOR UPDATE, MapStorageErr turns a
	// storage error into the client's.
	InTxn(fn func(tx storage.Txn) error) error
	NewTableWriter(t *table.Table, tx storage.Txn) *table.Writer
	MapStorageErr(err error) error

	// Subqueries: QueryRowsCols runs a derived table's or an
	// uncorrelated subquery's SELECT or UNION; ConstRow a table-less
	// SELECT; ParseResultSet, Nested and LockSubqueryTables serve a
	// correlated subquery's runs (exec's subquery_session.go).
	QueryRowsCols(node ast.ResultSetNode) ([]expr.Column, [][]expr.Value, error)
	ConstRow(sel *ast.SelectStmt) ([]expr.Column, []expr.Value, error)
	ParseResultSet(text string) (ast.ResultSetNode, error)
	// The locks a compiled subquery holds are the session's business: the
	// planner keeps what LockSubqueryTables returned and hands it back to
	// Nested unopened.
	Nested(outer *expr.EvalCtx, params []expr.Value, held any, fn func(tx storage.Txn) error) error
	LockSubqueryTables(sel *ast.SelectStmt) (held any)
	// ViewRows runs a view's SELECT for the statement reading it.
	ViewRows(view *table.Table) ([]expr.Column, [][]expr.Value, error)
}

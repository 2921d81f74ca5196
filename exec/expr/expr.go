package expr

import (
	"strings"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literals need a value driver
)

// Expr is a compiled expression: built once by Compile, evaluated many
// times. Eval must not keep row or ctx after it returns, and a compiled
// Expr holds no per-execution state, so one Expr may serve several
// executions (not concurrently with the same EvalCtx).
type Expr interface {
	Eval(ctx *EvalCtx, row []Value) (Value, error)
	Type() ColumnType
}

// SessionEnv is what expressions need from the session running them.
type SessionEnv interface {
	CurrentDB() string
	User() string        // USER(): "user@clienthost"
	CurrentUser() string // CURRENT_USER(): "user@accounthost"
	CurrentRole() string // CURRENT_ROLE(): "`r`@`h`,..." or NONE
	ConnectionID() uint64
	LastInsertID() uint64
	SetLastInsertID(id uint64) // LAST_INSERT_ID(expr)
	RowCount() int64
	FoundRows() uint64
	// SystemVar reads @@name (global selects @@global.name). Unknown names
	// must return codec error 1193 "Unknown system variable 'name'".
	SystemVar(name string, global bool) (Value, error)
	UserVar(name string) Value
	SetUserVar(name string, v Value)
	AddWarning(code uint16, msg string)
	Killed() bool // KILL QUERY was requested
}

// EvalCtx carries one statement execution's context. Make one per
// statement (or Reset it); it is not safe for concurrent use.
type EvalCtx struct {
	Env    SessionEnv
	Now    time.Time      // statement start: NOW() is constant within a statement
	Loc    *time.Location // session time zone; nil means time.Local
	Params []Value        // values for ? markers, by position
	// RowsExamined counts rows the session's table scans read, across
	// statements (the slow log's Rows_examined takes differences).
	RowsExamined uint64
	// Handler counts the row operations of the session's statements for
	// the Handler_* status counters; nil: not counted.
	Handler *HandlerCounts
	// DivZeroIsError makes division by zero fail with 1365 instead of
	// giving NULL and a warning: MySQL does so in INSERT, UPDATE and
	// REPLACE under a strict sql_mode with ERROR_FOR_DIVISION_BY_ZERO
	// (not with IGNORE). Reset clears it for each statement.
	DivZeroIsError bool

	// consts holds the statement's constant condition operands once
	// evaluated (constCache), by parsed node.
	consts map[ast.ExprNode]constValue
	stack  []Value                  // argument scratch for function calls
	rand   map[*randExpr]*mysqlRand // per-statement RAND(seed) sequences
}

// HandlerCounts are MySQL's Handler_* status counters of one session: the
// row operations its statements asked of storage. Only the session's
// goroutine writes them; the server-wide totals add each statement's
// difference when it ends.
type HandlerCounts struct {
	ReadFirst   uint64 // a full scan started at the first key
	ReadKey     uint64 // a row or range looked up by key
	ReadNext    uint64 // the next row of a key range or index scan
	ReadRndNext uint64 // the next row of a full table scan
	Write       uint64 // rows inserted
	Update      uint64 // rows updated
	Delete      uint64 // rows deleted
	Commit      uint64 // transactions committed
	Rollback    uint64 // transactions rolled back
}

// NewEvalCtx returns a context for one statement started at now.
func NewEvalCtx(env SessionEnv, now time.Time, params []Value) *EvalCtx {
	c := &EvalCtx{Env: env}
	c.Reset(now, params)
	return c
}

// Reset prepares c for the next statement, keeping its scratch space.
func (c *EvalCtx) Reset(now time.Time, params []Value) {
	if c.Loc == nil {
		c.Loc = time.Local
	}
	c.Now = now.In(c.Loc)
	c.Params = params
	c.DivZeroIsError = false
	if len(c.consts) > 0 {
		clear(c.consts)
	}
	c.stack = c.stack[:0]
	clear(c.rand)
}

func (c *EvalCtx) Warn(code uint16, msg string) {
	if c.Env != nil {
		c.Env.AddWarning(code, msg)
	}
}

// Location is the session time zone (the host's when none is set).
func (c *EvalCtx) Location() *time.Location { return c.location() }

func (c *EvalCtx) location() *time.Location {
	if c == nil || c.Loc == nil {
		return time.Local
	}
	return c.Loc
}

// ScopeColumn is one column visible to expressions, at row index = its
// position in Scope.Columns.
type ScopeColumn struct {
	Table string // table name or alias, may be empty
	Name  string
	Type  ColumnType
	Elems []string // an ENUM column's values (its index is the number it reads as)
	// UTC marks a stored TIMESTAMP column: the row holds it as written to
	// storage, in UTC, and reading it gives the session zone's wall clock.
	UTC bool
}

// Scope is what Compile may consult: the columns a row holds (resolved by
// name to indexes at compile time) and, optionally, the session (its
// current database names unknown functions in errors; its variables'
// current values type @var and @@var columns, as MySQL does).
type Scope struct {
	Columns []ScopeColumn
	Env     SessionEnv
	// Windows maps the window function calls the planner computes before
	// projection to the column of the row holding their value; a window
	// call not in it is one used where MySQL allows none (3593).
	Windows map[*ast.WindowFuncExpr]int
}

// ResolveColumn finds c in scope: unknown -> 1054, ambiguous -> 1052.
func ResolveColumn(scope *Scope, c *ast.ColumnName) (int, ColumnType, error) {
	full := c.Name.O
	if c.Table.O != "" {
		full = c.Table.O + "." + full
		if c.Schema.O != "" {
			full = c.Schema.O + "." + full
		}
	}
	found := -1
	if scope != nil {
		for i, col := range scope.Columns {
			if !strings.EqualFold(col.Name, c.Name.O) {
				continue
			}
			if c.Table.O != "" && !strings.EqualFold(col.Table, c.Table.O) {
				continue
			}
			if found >= 0 {
				return 0, ColumnType{}, mysqldef.NewError(mysqldef.ErrNonUniq, "Column '%s' in field list is ambiguous", full)
			}
			found = i
		}
	}
	if found < 0 {
		return 0, ColumnType{}, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'field list'", full)
	}
	return found, scope.Columns[found].Type, nil
}

// constExpr is a literal or a folded constant.
type constExpr struct {
	v   Value
	typ ColumnType
	hex bool // a hex or bit literal: a binary string that reads as an integer in numeric context
}

// Constant returns an expression that always evaluates to v, typed t.
func Constant(v Value, t ColumnType) Expr { return &constExpr{v: v, typ: t} }

func (e *constExpr) Eval(*EvalCtx, []Value) (Value, error) { return e.v, nil }
func (e *constExpr) Type() ColumnType                      { return e.typ }

// columnExpr reads one column of the row.
type columnExpr struct {
	idx   int
	typ   ColumnType
	elems []string // ENUM values, when the column is an ENUM
	utc   bool     // a stored TIMESTAMP: UTC in the row, session zone out
}

// ColumnIndex reports whether e reads a row's column as it is, and which.
func ColumnIndex(e Expr) (int, bool) {
	if ce, ok := e.(*columnExpr); ok {
		return ce.idx, true
	}
	return 0, false
}

// StoredColumn reports whether e is a row's column exactly as stored (no
// time zone conversion on the way out), and which: a select list of such
// columns in row order can hand the row on without evaluating anything.
func StoredColumn(e Expr) (int, bool) {
	if ce, ok := e.(*columnExpr); ok && !ce.utc {
		return ce.idx, true
	}
	return 0, false
}

func (e *columnExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	if e.idx >= len(row) {
		return Value{}, mysqldef.NewError(mysqldef.ErrUnknownError, "row has %d columns, expression wants column %d", len(row), e.idx+1)
	}
	if e.utc {
		return TimestampFromUTC(row[e.idx], ctx.location()), nil
	}
	return row[e.idx], nil
}
func (e *columnExpr) Type() ColumnType { return e.typ }

// paramExpr reads the value bound to a ? marker.
type paramExpr struct{ order int }

func (e *paramExpr) Eval(ctx *EvalCtx, _ []Value) (Value, error) {
	if e.order < 0 || e.order >= len(ctx.Params) {
		return Value{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to EXECUTE")
	}
	return ctx.Params[e.order], nil
}

// A parameter's type is unknown until execution; MySQL reports such
// columns as nullable VARCHAR-ish; we say so too.
func (e *paramExpr) Type() ColumnType { return stringType(64, true) }

// SubqueryCompiler compiles a subquery expression (scalar, EXISTS, IN,
// comparison with ANY/ALL) that the statement did not run up front. A
// Scope's Env implements it when queries can run: this package has no
// tables, so running a query is the session's job.
type SubqueryCompiler interface {
	CompileSubquery(n ast.ExprNode, scope *Scope) (Expr, error)
}

// SyntheticName names a scope column the executor adds (VALUES(col),
// aggregates): the NUL prefix cannot occur in an SQL identifier, so an
// unqualified user column never resolves to it or becomes ambiguous.
func SyntheticName(name string) string { return "\x00" + name }

// Unsupported is MySQL's 1235 for a feature loopdb does not implement.
func Unsupported(what string) error {
	return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support '%s'", what)
}

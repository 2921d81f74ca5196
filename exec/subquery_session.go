package exec

import (
	"context"
	"strings"
	"sync"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// What the session provides to run a correlated subquery inside its
// statement (subquery_correlated.go plans and memoizes it): parsing a
// fresh copy, a nested EvalCtx and transaction to run it in, and the
// metadata locks its tables keep until the statement ends.

// parseResultSet parses the text of one SELECT or UNION.
func (s *Session) parseResultSet(text string) (ast.ResultSetNode, error) {
	stmts, err := s.eng.parse(text)
	var stmt ast.StmtNode
	if err == nil && len(stmts) == 1 {
		stmt = stmts[0]
	}
	if err != nil {
		return nil, parseError(err)
	}
	rs, ok := stmt.(ast.ResultSetNode)
	if !ok {
		return nil, expr.Unsupported("this subquery form")
	}
	return rs, nil
}

// nestedEnv marks an EvalCtx of a nested run: queries run inside it read
// through tx rather than opening statements of their own.
type nestedEnv struct {
	*Session
	tx storage.Txn
}

// nested runs fn with the session's EvalCtx replaced by one holding
// params (Now and the time zone of outer), the held tables counted as
// locked, and a transaction to read in: the session's own, so the
// transaction's writes are visible, else a read-only one of its own.
func (s *Session) nested(outer *expr.EvalCtx, params []expr.Value, held *heldTables, fn func(tx storage.Txn) error) error {
	var tx storage.Txn
	if ne, ok := outer.Env.(*nestedEnv); ok {
		tx = ne.tx
	} else if s.txn != nil {
		tx = s.stmtView(s.txn)
	} else {
		tx = s.eng.newTxn()
		defer tx.Rollback()
	}
	sub := &expr.EvalCtx{Env: &nestedEnv{Session: s, tx: tx}, Now: outer.Now, Loc: outer.Loc, Params: params}
	saved := s.evalCtx
	s.evalCtx = sub
	defer func() { s.evalCtx = saved }()
	leave := held.enter(s)
	defer leave()
	return fn(tx)
}

// CompileSubquery implements expr.SubqueryCompiler: the expression
// compiler hands a correlated subquery to the planner.
func (s *Session) CompileSubquery(n ast.ExprNode, scope *expr.Scope) (expr.Expr, error) {
	return s.planner.CompileSubquery(n, scope)
}

// Metadata locks. A run per outer row would take its tables' shared locks
// again while the outer statement holds them; with DDL queued between the
// two, a second RLock of a sync.RWMutex waits for the DDL, which waits for
// the first: deadlock. So a correlated subquery locks its tables once,
// when compiled, keeps them to the end of the statement, and while it runs
// marks them held in s.mdlHeld so lockTable does not lock them again.

// heldTables are the locks one compiled subquery took.
type heldTables struct {
	mu      sync.Mutex
	list    []heldTable
	entered int  // nested runs in progress (on the session's goroutine)
	ended   bool // the statement ended (or was killed)
}

type heldTable struct {
	sh       *table.Shared
	release  func()
	released bool
}

// lockSubqueryTables takes the shared locks of the tables named anywhere
// in sel that the session does not already hold.
func (s *Session) lockSubqueryTables(sel *ast.SelectStmt) *heldTables {
	h := &heldTables{}
	v := &tableNameCollector{}
	sel.Accept(v)
	for _, tn := range v.names {
		if s.isVirtualName(tn) {
			continue
		}
		t, release, err := s.lockTable(tn)
		if err != nil {
			continue // planning the subquery reports it
		}
		if t.Temporary {
			continue // no metadata lock to hold (temptable.go)
		}
		if _, txnHeld := s.mdlHeld[t.Shared()]; txnHeld {
			continue // the transaction (or an enclosing run) holds it
		}
		h.list = append(h.list, heldTable{sh: t.Shared(), release: release})
	}
	if len(h.list) > 0 {
		context.AfterFunc(s.stmtContext(), h.end)
	}
	return h
}

type tableNameCollector struct{ names []*ast.TableName }

func (v *tableNameCollector) Enter(n ast.Node) (ast.Node, bool) {
	if ts, ok := n.(*ast.TableSource); ok {
		if tn, ok := ts.Source.(*ast.TableName); ok {
			v.names = append(v.names, tn)
		}
	}
	return n, false
}

func (v *tableNameCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// enter marks the locks held for a nested run; the returned func undoes
// it. Runs on the session's goroutine.
func (h *heldTables) enter(s *Session) func() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ended || len(h.list) == 0 {
		return func() {}
	}
	h.entered++
	var added []int
	for i, ht := range h.list {
		if ht.released {
			continue
		}
		if _, ok := s.mdlHeld[ht.sh]; ok {
			continue
		}
		if s.mdlHeld == nil {
			s.mdlHeld = make(map[*table.Shared]struct{})
		}
		s.mdlHeld[ht.sh] = struct{}{}
		added = append(added, i)
	}
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		for _, i := range added {
			if _, ok := s.mdlHeld[h.list[i].sh]; ok {
				delete(s.mdlHeld, h.list[i].sh)
			} else {
				// releaseMDL (a transaction ended inside the run)
				// unlocked it already.
				h.list[i].released = true
			}
		}
		h.entered--
		if h.ended && h.entered == 0 {
			h.releaseLocked()
		}
	}
}

// end releases the locks at the statement's end; if a run is still in
// progress (KILL cancels the statement's context early), its exit does.
func (h *heldTables) end() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ended = true
	if h.entered == 0 {
		h.releaseLocked()
	}
}

func (h *heldTables) releaseLocked() {
	for i := range h.list {
		if !h.list[i].released {
			h.list[i].released = true
			h.list[i].release()
		}
	}
}

// peekTable finds a table's descriptor for its column names, without
// locking it (descriptors are immutable once published).
func (s *Session) peekTable(tn *ast.TableName) *table.Table {
	if s.isVirtualName(tn) {
		return s.virtualTable(tn)
	}
	db, name, err := s.tableName(tn)
	if err != nil {
		return nil
	}
	return s.findTable(db, name)
}

func isInfoSchemaName(s *Session, tn *ast.TableName) bool {
	return tn.Schema.L == "information_schema" || (tn.Schema.O == "" && strings.EqualFold(s.db, "information_schema"))
}

package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Server-side cursors: COM_STMT_EXECUTE with CURSOR_TYPE_READ_ONLY on a
// SELECT sends only the column definitions (status CURSOR_EXISTS); each
// COM_STMT_FETCH then sends up to the requested number of rows, and the
// last batch carries LAST_ROW_SENT. That framing is the protocol side's;
// this keeps the cursor and reads its rows.
//
// A single-table SELECT that needs no sorting, grouping or DISTINCT keeps
// its storage iterator open and reads rows only as they are fetched, so a
// cursor over millions of rows holds one batch in memory. Other SELECTs are
// computed in full when the cursor opens, within tmp_table_size (MySQL's
// own cursors materialise into a temporary table too). The cursor reads in
// a transaction of its own and evaluates with its own context, so the
// connection may run other statements between fetches.

type cursor struct {
	plan    *plan.SelectPlan
	ctx     *expr.EvalCtx
	tx      storage.Txn
	release func()
	scan    *plan.TableScan // streaming: rows read on demand
	rows    [][]expr.Value  // materialised: all rows
	pos     int             // next materialised row
	cols    []Column
	skipped uint64
	sent    uint64
	done    bool
}

// openCursor plans st with params and opens a cursor on it (st.cursor);
// a statement that is no cursor candidate leaves st.cursor nil.
func (s *Session) openCursor(st *PreparedStmt, params []expr.Value) error {
	stmt, _, err := s.parseOne(st.sql)
	if err != nil {
		return err
	}
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.From == nil || sel.LockInfo != nil {
		return nil // not a cursor candidate: the caller runs it normally
	}
	s.startStmt(sel, params)
	defer s.endStmtContext()
	leave, err := s.planner.EnterWith(sel.With)
	if err != nil {
		return err
	}
	defer leave()
	resolved, err := s.planner.ResolveSubqueries(sel)
	if err != nil {
		return err
	}
	sel = resolved.(*ast.SelectStmt)
	rels, release, err := s.planner.RelationsOf(sel.From, false)
	if err != nil {
		return err
	}
	p, err := s.planner.PlanSelectRels(sel, rels)
	if err != nil {
		release()
		return err
	}
	c := &cursor{plan: p, tx: s.eng.newTxn(), release: release, cols: p.Cols}
	// The cursor keeps its own evaluation context: the session's is reset
	// by every statement the connection runs between fetches.
	c.ctx = &expr.EvalCtx{Env: s, Now: s.evalCtx.Now, Loc: s.evalCtx.Loc, Params: append([]expr.Value(nil), s.evalCtx.Params...), Handler: &s.handler}
	// With CTEs the rows are computed now, while the WITH scope is open
	// (a correlated subquery may name a CTE as it runs).
	streaming := p.Table != nil && !p.Grouped && !p.Distinct && len(p.Order) == 0 && sel.With == nil
	if streaming {
		if ok, err := p.ConstantsHold(c.ctx); err != nil || !ok {
			if err != nil {
				c.close()
				return err
			}
			st.cursor = c // no row can match: an empty cursor
			return nil
		}
		var reader storage.Reader = c.tx
		if p.Rels[0].Src != nil {
			reader = p.Rels[0].Src
		}
		c.scan = plan.NewTableScan(p.Table, reader, p.Path).Reading(p.ColumnsRead(0))
	} else {
		rc := &plan.RowCollector{}
		if err := p.Run(c.tx, rc); err != nil {
			c.close()
			return err
		}
		c.rows = rc.Rows
	}
	st.cursor = c
	return nil
}

// next returns the cursor's next row, or nil at the end.
func (c *cursor) next() ([]expr.Value, error) {
	p := c.plan
	if c.done || c.sent >= p.Limit {
		return nil, nil
	}
	if c.scan == nil {
		if c.pos >= len(c.rows) {
			return nil, nil
		}
		c.pos++
		c.sent++
		return c.rows[c.pos-1], nil
	}
	for c.scan.Next() {
		ok, err := p.Matches(c.ctx, c.scan.Row)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if c.skipped < p.Offset {
			c.skipped++
			continue
		}
		vals := make([]expr.Value, len(p.Fields))
		for i, f := range p.Fields {
			v, err := f.Eval(c.ctx, c.scan.Row)
			if err != nil {
				return nil, err
			}
			vals[i] = v
		}
		c.sent++
		return vals, nil
	}
	return nil, c.scan.Err
}

// HasCursor reports whether st has an open cursor.
func (st *PreparedStmt) HasCursor() bool { return st.cursor != nil }

// CursorColumns are the columns of st's open cursor.
func (st *PreparedStmt) CursorColumns() []Column { return st.cursor.cols }

// FetchRows implements COM_STMT_FETCH: it sends up to n rows of st's open
// cursor to w and reports whether the last row was sent (the cursor is
// then closed). w converts values with the cursor's context, EvalCtx
// while the rows are written.
func (s *Session) FetchRows(st *PreparedStmt, n uint32, w ResultWriter) (lastRowSent bool, err error) {
	s.eng.countCom(comStmtFetch)
	c := st.cursor
	saved := s.evalCtx
	s.evalCtx = c.ctx // binary encoding converts with the cursor's context
	defer func() { s.evalCtx = saved }()
	for i := uint32(0); i < n; i++ {
		row, err := c.next()
		if err != nil {
			s.closeCursor(st)
			return false, err
		}
		if row == nil {
			s.closeCursor(st)
			return true, nil
		}
		if err := w.Row(row); err != nil {
			return false, err
		}
	}
	return false, nil
}

// closeCursor releases a statement's cursor (end of rows, COM_STMT_RESET
// or CLOSE, a new EXECUTE, disconnect).
func (s *Session) closeCursor(st *PreparedStmt) {
	if st.cursor != nil {
		st.cursor.close()
		st.cursor = nil
	}
}

func (c *cursor) close() {
	if c.scan != nil {
		c.scan.Close()
	}
	c.tx.Rollback()
	c.release()
	c.done = true
}

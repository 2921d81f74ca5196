package exec

import (
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Server-side cursors: COM_STMT_EXECUTE with CURSOR_TYPE_READ_ONLY on a
// SELECT sends only the column definitions (status CURSOR_EXISTS); each
// COM_STMT_FETCH then sends up to the requested number of rows, and the
// last batch carries LAST_ROW_SENT.
//
// A single-table SELECT that needs no sorting, grouping or DISTINCT keeps
// its storage iterator open and reads rows only as they are fetched, so a
// cursor over millions of rows holds one batch in memory. Other SELECTs are
// computed in full when the cursor opens, within tmp_table_size (MySQL's
// own cursors materialise into a temporary table too). The cursor reads in
// a transaction of its own and evaluates with its own context, so the
// connection may run other statements between fetches.

type cursor struct {
	plan    *selectPlan
	ctx     *EvalCtx
	tx      storage.Txn
	release func()
	scan    *tableScan // streaming: rows read on demand
	rows    [][]Value  // materialised: all rows
	pos     int        // next materialised row
	cols    []Column
	skipped uint64
	sent    uint64
	done    bool
}

// openCursor plans sel with params and opens a cursor on it; it sends the
// result set header with CURSOR_EXISTS.
func (s *Session) openCursor(st *preparedStmt, params []Value, w Sink) error {
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
	resolved, err := s.resolveSubqueries(sel)
	if err != nil {
		return err
	}
	sel = resolved.(*ast.SelectStmt)
	rels, release, err := s.relationsOf(sel.From, false)
	if err != nil {
		return err
	}
	p, err := s.planSelectRels(sel, rels)
	if err != nil {
		release()
		return err
	}
	c := &cursor{plan: p, tx: s.eng.newTxn(), release: release, cols: p.cols}
	// The cursor keeps its own evaluation context: the session's is reset
	// by every statement the connection runs between fetches.
	c.ctx = &EvalCtx{Env: s, Now: s.evalCtx.Now, Loc: s.evalCtx.Loc, Params: append([]Value(nil), s.evalCtx.Params...)}
	streaming := p.t != nil && !p.grouped && !p.distinct && len(p.order) == 0
	if streaming {
		var reader storage.Reader = c.tx
		if p.rels[0].src != nil {
			reader = p.rels[0].src
		}
		c.scan = newTableScan(p.t, reader, p.path)
	} else {
		rc := &rowCollector{}
		if err := p.run(c.tx, rc); err != nil {
			c.close()
			return err
		}
		c.rows = rc.rows
	}
	st.cursor = c
	// Column definitions, then one EOF with CURSOR_EXISTS, and no rows.
	b := w.Begin()
	if err := w.Commit(codec.AppendColumnCount(b, len(p.cols))); err != nil {
		return err
	}
	for i := range p.cols {
		def := p.cols[i].def()
		if err := w.Commit(codec.AppendColumnDef(w.Begin(), &def)); err != nil {
			return err
		}
	}
	return s.writeEnd(w, mysqldef.StatusCursorExists)
}

// writeEnd sends the EOF (or its OK form) that ends a result set part.
func (s *Session) writeEnd(w Sink, extra uint16) error {
	status := s.status | extra
	warnings := uint16(min(s.warningCount(), 0xffff))
	if s.deprecateEOF() {
		return w.Commit(codec.AppendEOFOK(w.Begin(), &codec.OK{Status: status, Warnings: warnings}))
	}
	return w.Commit(codec.AppendEOF(w.Begin(), warnings, status))
}

// next returns the cursor's next row, or nil at the end.
func (c *cursor) next() ([]Value, error) {
	p := c.plan
	if c.done || c.sent >= p.limit {
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
	for c.scan.next() {
		ok, err := p.matches(c.ctx, c.scan.row)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if c.skipped < p.offset {
			c.skipped++
			continue
		}
		vals := make([]Value, len(p.fields))
		for i, f := range p.fields {
			v, err := f.Eval(c.ctx, c.scan.row)
			if err != nil {
				return nil, err
			}
			vals[i] = v
		}
		c.sent++
		return vals, nil
	}
	return nil, c.scan.err
}

// fetch sends up to n rows; the batch's EOF says whether rows may remain.
func (s *Session) fetchRows(st *preparedStmt, n uint32, w Sink) error {
	c := st.cursor
	rs := &resultSet{s: s, w: w, cols: len(c.cols), types: make([]ColumnType, len(c.cols))}
	for i := range c.cols {
		rs.types[i] = c.cols[i].Type
	}
	saved := s.evalCtx
	s.evalCtx = c.ctx // binary encoding converts with the cursor's context
	defer func() { s.evalCtx = saved }()
	for i := uint32(0); i < n; i++ {
		row, err := c.next()
		if err != nil {
			s.closeCursor(st)
			return err
		}
		if row == nil {
			s.closeCursor(st)
			return s.writeEnd(w, mysqldef.StatusLastRowSent)
		}
		if err := rs.row(row); err != nil {
			return err
		}
	}
	return s.writeEnd(w, mysqldef.StatusCursorExists)
}

// closeCursor releases a statement's cursor (end of rows, COM_STMT_RESET
// or CLOSE, a new EXECUTE, disconnect).
func (s *Session) closeCursor(st *preparedStmt) {
	if st.cursor != nil {
		st.cursor.close()
		st.cursor = nil
	}
}

func (c *cursor) close() {
	if c.scan != nil {
		c.scan.close()
	}
	c.tx.Rollback()
	c.release()
	c.done = true
}

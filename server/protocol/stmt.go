package protocol

import (
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec/charset"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Prepared statements (COM_STMT_*): the packets, the binary protocol's
// parameters and rows, and cursor framing. The statements themselves, with
// their bound types, long data and cursors, are exec's.

// prepare answers COM_STMT_PREPARE: PREPARE_OK, then the parameter and
// column definitions, each list ended by EOF without CLIENT_DEPRECATE_EOF.
func (c *Conn) prepare(sql string) {
	st, err := c.sql.Prepare(sql)
	if err != nil {
		c.sql.Fail(&c.rw, err)
		return
	}
	w := c.rw.sink
	cols := st.Columns()
	if err := w.Commit(codec.AppendStmtPrepareOK(w.Begin(), st.ID(), len(cols), st.NumParams(), c.sql.WarningCount())); err != nil {
		return
	}
	if st.NumParams() > 0 {
		for i := 0; i < st.NumParams(); i++ {
			if err := w.Commit(codec.AppendParamDef(w.Begin())); err != nil {
				return
			}
		}
		if !c.rw.deprecateEOF {
			if err := w.Commit(codec.AppendEOF(w.Begin(), 0, c.sql.Status())); err != nil {
				return
			}
		}
	}
	if len(cols) > 0 {
		if err := c.rw.writeColumnDefs(cols); err != nil {
			return
		}
		if !c.rw.deprecateEOF {
			_ = w.Commit(codec.AppendEOF(w.Begin(), 0, c.sql.Status()))
		}
	}
}

// execute answers COM_STMT_EXECUTE: it decodes the parameters with the
// statement's bound types and runs it with binary rows. A read-only cursor
// request on a SELECT sends only the column definitions, ended by an EOF
// with CURSOR_EXISTS; COM_STMT_FETCH then sends the rows.
func (c *Conn) execute(payload []byte) {
	c.sql.ClearDiagnostics()
	id, err := codec.ParseStmtID(payload)
	if err != nil || len(payload) < 9 { // id, flags, iteration count: MySQL checks them first
		c.malformed()
		return
	}
	st, err := c.sql.Stmt(id, "mysqld_stmt_execute")
	if err != nil {
		c.sql.Fail(&c.rw, err)
		return
	}
	n := st.NumParams()
	long := make([]bool, n)
	for i := range long {
		_, long[i] = st.LongData(i)
	}
	ex, err := codec.ParseStmtExecute(payload, n, st.ParamTypes(), long)
	if err != nil {
		c.sql.Fail(&c.rw, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to mysqld_stmt_execute"))
		return
	}
	if ex.NewParamsBound {
		st.BindParamTypes(ex.Types)
	}
	params := make([]expr.Value, n)
	for i := range ex.Params {
		bp := &ex.Params[i]
		if bp.Long {
			data, _ := st.LongData(i)
			params[i] = expr.StringValue(c.text(data))
			continue
		}
		params[i] = paramValue(bp)
		if cs := c.sql.ClientCharset(); cs.NeedsConversion() && params[i].Kind() == expr.KindString {
			params[i] = expr.StringValue(charset.ToUTF8(cs, bp.Bytes))
		}
	}
	c.rw.binary = true
	cursor := ex.Flags&codec.CursorTypeReadOnly != 0
	cols := c.sql.Execute(st, params, cursor, &c.rw)
	if cols == nil {
		return
	}
	// A cursor opened: column definitions, then one EOF with
	// CURSOR_EXISTS, and no rows.
	if err := c.rw.writeColumns(cols); err != nil {
		return
	}
	_ = c.rw.writeEnd(c.sql.Status()|mysqldef.StatusCursorExists, c.sql.WarningCount())
}

// sendLongData takes COM_STMT_SEND_LONG_DATA (no reply).
func (c *Conn) sendLongData(payload []byte) {
	id, param, data, err := codec.ParseStmtSendLongData(payload)
	if err != nil {
		return
	}
	c.sql.AppendLongData(id, param, data)
}

// resetStmt answers COM_STMT_RESET.
func (c *Conn) resetStmt(payload []byte) {
	id, err := codec.ParseStmtID(payload)
	if err != nil {
		c.malformed()
		return
	}
	st, err := c.sql.Stmt(id, "mysqld_stmt_reset")
	if err != nil {
		c.sql.Fail(&c.rw, err)
		return
	}
	c.sql.ResetStmt(st)
	_ = c.sql.OK(&c.rw)
}

// fetch answers COM_STMT_FETCH: up to the requested number of binary rows,
// then an EOF with CURSOR_EXISTS while rows may remain, or LAST_ROW_SENT.
func (c *Conn) fetch(payload []byte) {
	id, n, err := codec.ParseStmtFetch(payload)
	if err != nil {
		c.malformed()
		return
	}
	st, err := c.sql.Stmt(id, "mysqld_stmt_fetch")
	if err != nil {
		c.sql.Fail(&c.rw, err)
		return
	}
	if !st.HasCursor() {
		c.sql.Fail(&c.rw, mysqldef.NewError(mysqldef.ErrStmtHasNoOpenCursor, "The statement (%d) has no open cursor.", id))
		return
	}
	c.rw.binary = true
	c.rw.useColumns(st.CursorColumns())
	last, err := c.sql.FetchRows(st, n, &c.rw)
	if err != nil {
		c.sql.Fail(&c.rw, err)
		return
	}
	flag := mysqldef.StatusCursorExists
	if last {
		flag = mysqldef.StatusLastRowSent
	}
	_ = c.rw.writeEnd(c.sql.Status()|flag, c.sql.WarningCount())
}

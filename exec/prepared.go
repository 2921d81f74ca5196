package exec

import (
	"strings"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Server-side prepared statements (COM_STMT_*). A statement is parsed and
// checked at PREPARE; each EXECUTE binds the client's values to its ?
// markers and runs it with results in the binary protocol. The SQL text is
// parsed again per execution: planning rewrites the AST in place
// (subqueries, aggregates), so an AST is never shared between runs.

// preparedStmt is one statement prepared on a connection.
type preparedStmt struct {
	id         uint32
	sql        string
	numParams  int
	cols       []Column
	paramTypes []codec.ParamType // types bound by the last EXECUTE that sent them
	longData   map[int][]byte    // COM_STMT_SEND_LONG_DATA, until the next EXECUTE or RESET
	longTooBig bool
	cache      *cachedSelect // reusable plan of a SELECT (nil: parse and plan per run)
	cursor     *cursor       // open cursor (EXECUTE with CURSOR_TYPE_READ_ONLY)
	recache    bool          // the cached plan went stale; build another
}

// Limits on prepared statements (MySQL's max_prepared_stmt_count is
// global; loopdb also caps each connection so one client cannot take all).
const maxStmtsPerConn = 4096

// parseOne parses sql as exactly one statement, with its ? markers numbered.
func (s *Session) parseOne(sql string) (ast.StmtNode, int, error) {
	p := s.eng.parsers.Get().(*parser.Parser)
	stmts, _, err := p.ParseSQL(sql)
	// The slice is the parser's own buffer, overwritten by its next user:
	// copy it before the parser goes back to the pool.
	stmts = append([]ast.StmtNode(nil), stmts...)
	s.eng.parsers.Put(p)
	if err != nil {
		return nil, 0, parseError(err)
	}
	if len(stmts) == 0 {
		return nil, 0, mysqldef.NewError(mysqldef.ErrEmptyQuery, "Query was empty")
	}
	if len(stmts) > 1 {
		rest := strings.TrimSpace(sql[stmts[0].OriginTextPosition()+len(stmts[0].OriginalText()):])
		return nil, 0, syntaxError(strings.TrimSpace(strings.TrimPrefix(rest, ";")), 1)
	}
	if _, ok := stmts[0].(*ast.LoadDataStmt); ok {
		// As in MySQL: the 0xFB file exchange has no prepared form.
		return nil, 0, mysqldef.NewError(mysqldef.ErrUnsupportedPS, "This command is not supported in the prepared statement protocol yet")
	}
	return stmts[0], expr.NumberParams(stmts[0]), nil
}

// prepare implements COM_STMT_PREPARE.
func (s *Session) prepare(sql string, w Sink) {
	s.clearDiagnostics()
	stmt, n, err := s.parseOne(sql)
	if err != nil {
		s.fail(w, err)
		return
	}
	if len(s.stmts) >= maxStmtsPerConn || !s.eng.reserveStmt() {
		s.fail(w, mysqldef.NewError(mysqldef.ErrMaxPreparedStmtCountReached,
			"Can't create more than max_prepared_stmt_count statements (current value: %d)", s.eng.maxStmts()))
		return
	}
	cols, err := s.describe(stmt, n)
	if err != nil {
		s.eng.releaseStmt()
		s.fail(w, err)
		return
	}
	s.nextStmtID++
	st := &preparedStmt{id: s.nextStmtID, sql: sql, numParams: n, cols: cols}
	if _, ok := stmt.(*ast.SelectStmt); ok {
		// A fresh parse: describe's planning may have rewritten stmt.
		if fresh, _, err := s.parseOne(sql); err == nil {
			s.prepareEvalCtx(make([]expr.Value, n))
			st.cache = s.buildCachedSelect(fresh.(*ast.SelectStmt))
			s.endStmtContext()
		}
	}
	if s.stmts == nil {
		s.stmts = make(map[uint32]*preparedStmt)
	}
	s.stmts[st.id] = st
	if err := s.writePrepareOK(w, st); err != nil {
		return
	}
}

// describe returns a statement's result columns (nil for statements that
// return none), planning it with NULL parameters.
func (s *Session) describe(stmt ast.StmtNode, numParams int) ([]Column, error) {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok {
		return nil, nil
	}
	s.prepareEvalCtx(make([]expr.Value, numParams))
	defer s.endStmtContext()
	if sel.From == nil {
		resolved, err := s.resolveSubqueries(sel)
		if err != nil {
			return nil, err
		}
		cols, _, err := s.constRow(resolved.(*ast.SelectStmt))
		return cols, err
	}
	resolved, err := s.resolveSubqueries(sel)
	if err != nil {
		return nil, err
	}
	sel = resolved.(*ast.SelectStmt)
	rels, release, err := s.relationsOf(sel.From, false)
	if err != nil {
		return nil, err
	}
	defer release()
	p, err := s.planSelectRels(sel, rels)
	if err != nil {
		return nil, err
	}
	return p.cols, nil
}

// prepareEvalCtx readies the session's evaluation context for planning
// outside a statement run.
func (s *Session) prepareEvalCtx(params []expr.Value) {
	if s.evalCtx == nil {
		s.evalCtx = expr.NewEvalCtx(s, s.stmtStart, nil)
	}
	s.evalCtx.Loc = s.location()
	s.evalCtx.Reset(s.stmtStart, params)
}

func (s *Session) writePrepareOK(w Sink, st *preparedStmt) error {
	if err := w.Commit(codec.AppendStmtPrepareOK(w.Begin(), st.id, len(st.cols), st.numParams, uint16(min(s.warningCount(), 0xffff)))); err != nil {
		return err
	}
	if st.numParams > 0 {
		for i := 0; i < st.numParams; i++ {
			if err := w.Commit(codec.AppendParamDef(w.Begin())); err != nil {
				return err
			}
		}
		if !s.deprecateEOF() {
			if err := w.Commit(codec.AppendEOF(w.Begin(), 0, s.status)); err != nil {
				return err
			}
		}
	}
	if len(st.cols) > 0 {
		for i := range st.cols {
			def := st.cols[i].def()
			if err := w.Commit(codec.AppendColumnDef(w.Begin(), &def)); err != nil {
				return err
			}
		}
		if !s.deprecateEOF() {
			if err := w.Commit(codec.AppendEOF(w.Begin(), 0, s.status)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Session) stmtByID(id uint32, command string) (*preparedStmt, error) {
	st, ok := s.stmts[id]
	if !ok {
		return nil, mysqldef.NewError(mysqldef.ErrUnknownStmtHandler, "Unknown prepared statement handler (%d) given to %s", id, command)
	}
	return st, nil
}

// execute implements COM_STMT_EXECUTE.
func (s *Session) execute(payload []byte, w Sink) {
	s.clearDiagnostics()
	id, err := codec.ParseStmtID(payload)
	if err != nil {
		s.fail(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Malformed communication packet"))
		return
	}
	st, err := s.stmtByID(id, "mysqld_stmt_execute")
	if err != nil {
		s.fail(w, err)
		return
	}
	long := make([]bool, st.numParams)
	for i := range st.longData {
		if i < len(long) {
			long[i] = true
		}
	}
	ex, err := codec.ParseStmtExecute(payload, st.numParams, st.paramTypes, long)
	if err != nil {
		s.fail(w, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to mysqld_stmt_execute"))
		return
	}
	if ex.NewParamsBound {
		st.paramTypes = append(st.paramTypes[:0], ex.Types...)
	}
	if st.longTooBig {
		st.longData, st.longTooBig = nil, false
		s.fail(w, mysqldef.NewError(mysqldef.ErrNetPacketTooLarge, "Parameter of prepared statement is bigger than 'max_allowed_packet' bytes"))
		return
	}
	params := make([]expr.Value, st.numParams)
	for i, bp := range ex.Params {
		if bp.Long {
			params[i] = expr.StringValue(string(st.longData[i]))
			continue
		}
		params[i] = valueFromBinaryParam(bp)
	}
	st.longData = nil
	s.closeCursor(st) // a new EXECUTE closes the statement's cursor
	s.command.Store(&cmdExecute)
	info := st.sql
	s.info.Store(&info)
	s.eng.questions.Add(1)
	s.binaryRows = true
	defer func() { s.binaryRows = false }()
	if ex.Flags&codec.CursorTypeReadOnly != 0 && len(st.cols) > 0 {
		if err := s.openCursor(st, params, w); err != nil {
			s.fail(w, err)
			return
		}
		if st.cursor != nil {
			return
		}
		// Not a cursor candidate: answer without a cursor, as MySQL may.
	}
	if st.cache != nil {
		done, err := s.executeCached(st, params, w)
		if done {
			if err != nil {
				s.fail(w, err)
			}
			return
		}
		st.cache, st.recache = nil, true // stale: plan afresh below, and cache again
	}
	stmt, _, err := s.parseOne(st.sql)
	if err != nil {
		s.fail(w, err)
		return
	}
	_, isSelect := stmt.(*ast.SelectStmt)
	if err := s.execStmtParams(stmt, w, false, params); err != nil {
		s.fail(w, err)
		return
	}
	if isSelect && st.cache == nil && st.recache {
		// The plan went stale (DDL): cache a fresh one for next time.
		st.recache = false
		if fresh, _, err := s.parseOne(st.sql); err == nil {
			s.prepareEvalCtx(make([]expr.Value, st.numParams))
			st.cache = s.buildCachedSelect(fresh.(*ast.SelectStmt))
			s.endStmtContext()
		}
	}
}

// executeCached runs a prepared SELECT through its cached plan; done is
// false when the plan is stale and nothing was sent.
func (s *Session) executeCached(st *preparedStmt, params []expr.Value, w Sink) (done bool, err error) {
	s.startStmt(st.cache.sel, params)
	defer s.endStmtContext()
	ws := &wireSink{s: s, w: w}
	ok, err := s.runCachedSelect(st.cache, ws)
	if !ok {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	s.foundRows = ws.rows
	s.rowCount = -1
	return true, ws.rs.end(false)
}

var cmdExecute = "Execute"

// sendLongData implements COM_STMT_SEND_LONG_DATA (no reply).
func (s *Session) sendLongData(payload []byte) {
	id, param, data, err := codec.ParseStmtSendLongData(payload)
	if err != nil {
		return
	}
	st, ok := s.stmts[id]
	if !ok || int(param) >= st.numParams {
		return // MySQL reports it at EXECUTE; the handle is checked there
	}
	if st.longData == nil {
		st.longData = make(map[int][]byte)
	}
	buf := st.longData[int(param)]
	if v, ok := s.eng.GlobalVar("max_allowed_packet"); ok && len(buf)+len(data) > int(v.Int()) {
		st.longTooBig = true
		return
	}
	st.longData[int(param)] = append(buf, data...)
}

// closeStmt implements COM_STMT_CLOSE (no reply).
func (s *Session) closeStmt(payload []byte) {
	id, err := codec.ParseStmtID(payload)
	if err != nil {
		return
	}
	if st, ok := s.stmts[id]; ok {
		s.closeCursor(st)
		delete(s.stmts, id)
		s.eng.releaseStmt()
	}
}

// resetStmt implements COM_STMT_RESET.
func (s *Session) resetStmt(payload []byte, w Sink) {
	id, err := codec.ParseStmtID(payload)
	if err != nil {
		s.fail(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Malformed communication packet"))
		return
	}
	st, err := s.stmtByID(id, "mysqld_stmt_reset")
	if err != nil {
		s.fail(w, err)
		return
	}
	st.longData, st.longTooBig = nil, false
	s.closeCursor(st)
	_ = s.writeOK(w, 0, 0, "", false)
}

// fetch implements COM_STMT_FETCH.
func (s *Session) fetch(payload []byte, w Sink) {
	id, n, err := codec.ParseStmtFetch(payload)
	if err != nil {
		s.fail(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Malformed communication packet"))
		return
	}
	st, err := s.stmtByID(id, "mysqld_stmt_fetch")
	if err != nil {
		s.fail(w, err)
		return
	}
	if st.cursor == nil {
		s.fail(w, mysqldef.NewError(mysqldef.ErrStmtHasNoOpenCursor, "The statement (%d) has no open cursor.", id))
		return
	}
	if err := s.fetchRows(st, n, w); err != nil {
		s.fail(w, err)
	}
}

// closeAllStmts releases a connection's statements (COM_RESET_CONNECTION,
// COM_CHANGE_USER, disconnect).
func (s *Session) closeAllStmts() {
	for id, st := range s.stmts {
		s.closeCursor(st)
		delete(s.stmts, id)
		s.eng.releaseStmt()
	}
	for name := range s.named {
		delete(s.named, name)
		s.eng.releaseStmt()
	}
}

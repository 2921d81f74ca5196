package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Server-side prepared statements (COM_STMT_*). A statement is parsed and
// checked at PREPARE; each EXECUTE binds the client's values to its ?
// markers and runs it (the protocol side sends its rows in the binary
// protocol). Planning may rewrite an AST in place (subqueries, aggregates,
// VALUES() in ON DUPLICATE KEY UPDATE), so an AST is reused only where that
// is known not to happen: a SELECT through its cached plan (plancache.go),
// and a data change without subqueries whose first run left its parse as
// it was (checked once by rendering it before and after). Everything else
// is parsed again per execution.

// PreparedStmt is one statement prepared on a connection. Reading the
// client's packets for it is the protocol side's job; this keeps what
// lives from one command to the next.
type PreparedStmt struct {
	id         uint32
	sql        string
	numParams  int
	cols       []Column
	paramTypes []mysqldef.ParamType // types bound by the last EXECUTE that sent them
	longData   map[int][]byte       // COM_STMT_SEND_LONG_DATA, until the next EXECUTE or RESET
	longTooBig bool
	cache      *plan.CachedSelect // reusable plan of a SELECT (nil: parse and plan per run)
	dml        ast.StmtNode       // reusable parse of a data change (see reusableDML), or nil
	dmlChecked bool               // a run left dml as parsed: reuse it without checking again
	noReuse    bool               // a run rewrote the parse: parse per run
	cursor     *cursor            // open cursor (EXECUTE with CURSOR_TYPE_READ_ONLY)
	recache    bool               // the cached plan went stale; build another
	needs      []tableNeed        // a SELECT's table privileges, checked at each EXECUTE
}

// Limits on prepared statements (MySQL's max_prepared_stmt_count is
// global; loopdb also caps each connection so one client cannot take all).
const maxStmtsPerConn = 4096

// parseOne parses sql as exactly one statement, with its ? markers numbered.
func (s *Session) parseOne(sql string) (ast.StmtNode, int, error) {
	stmts, err := s.eng.parse(sql)
	if err != nil {
		alt, ok := rewriteInsertRowAlias(sql)
		if !ok {
			return nil, 0, parseError(err)
		}
		alts, altErr := s.eng.parse(alt)
		if altErr != nil {
			return nil, 0, parseError(err)
		}
		stmts, sql = alts, alt
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

// ID is the statement id the client names it by.
func (st *PreparedStmt) ID() uint32 { return st.id }

// NumParams is the number of ? markers.
func (st *PreparedStmt) NumParams() int { return st.numParams }

// Columns are the result columns (none for statements without rows).
func (st *PreparedStmt) Columns() []Column { return st.cols }

// ParamTypes are the types the client bound last (nil before any).
func (st *PreparedStmt) ParamTypes() []mysqldef.ParamType { return st.paramTypes }

// BindParamTypes keeps the types an EXECUTE sent, for later executions
// that do not send them again.
func (st *PreparedStmt) BindParamTypes(types []mysqldef.ParamType) {
	st.paramTypes = append(st.paramTypes[:0], types...)
}

// LongData is the value COM_STMT_SEND_LONG_DATA sent for parameter i, if
// any, since the last EXECUTE or RESET.
func (st *PreparedStmt) LongData(i int) ([]byte, bool) {
	b, ok := st.longData[i]
	return b, ok
}

// Prepare implements COM_STMT_PREPARE: it parses and checks sql and keeps
// it under a new id.
func (s *Session) Prepare(sql string) (*PreparedStmt, error) {
	s.eng.countCom(comStmtPrepare)
	s.command.Store(&cmdPrepare)
	s.clearDiagnostics()
	if err := s.eng.catalog.Sync(); err != nil {
		return nil, err
	}
	stmt, n, err := s.parseOne(sql)
	if err != nil {
		return nil, err
	}
	if err := checkPreparable(stmt); err != nil {
		return nil, err
	}
	if err := s.checkPrivileges(stmt); err != nil {
		return nil, err
	}
	if len(s.stmts) >= maxStmtsPerConn || !s.eng.reserveStmt() {
		return nil, mysqldef.NewError(mysqldef.ErrMaxPreparedStmtCountReached,
			"Can't create more than max_prepared_stmt_count statements (current value: %d)", s.eng.maxStmts())
	}
	// Its table privileges are checked at each EXECUTE; read them before
	// planning, which may rewrite stmt.
	needs := s.preparedNeeds(stmt)
	var cache *plan.CachedSelect
	if sel, ok := stmt.(*ast.SelectStmt); ok {
		// Planning the cached plan gives the result columns too. When the
		// statement cannot be cached, describe plans it from a fresh
		// parse (the attempt may have rewritten this one).
		cache = s.buildCachedSelect(sel, n)
		if cache == nil {
			if stmt, _, err = s.parseOne(sql); err != nil {
				s.eng.releaseStmt()
				return nil, err
			}
		}
	}
	var cols []Column
	if cache != nil {
		cols = cache.Plan.Cols // built once at planning, never changed
	} else if cols, err = s.describe(stmt, n); err != nil {
		s.eng.releaseStmt()
		return nil, err
	}
	s.nextStmtID++
	st := &PreparedStmt{id: s.nextStmtID, sql: sql, numParams: n, cols: cols, needs: needs, cache: cache}
	if s.stmts == nil {
		s.stmts = make(map[uint32]*PreparedStmt)
	}
	s.stmts[st.id] = st
	return st, nil
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
	leave, err := s.planner.EnterWith(sel.With)
	if err != nil {
		return nil, err
	}
	defer leave()
	if sel.From == nil {
		resolved, err := s.planner.ResolveSubqueries(sel)
		if err != nil {
			return nil, err
		}
		cols, _, err := s.constRow(resolved.(*ast.SelectStmt))
		return cols, err
	}
	p, _, release, err := s.planSelectFrom(sel)
	if err != nil {
		return nil, err
	}
	defer release()
	return p.Cols, nil
}

// prepareEvalCtx readies the session's evaluation context for planning
// outside a statement run.
func (s *Session) prepareEvalCtx(params []expr.Value) {
	if s.evalCtx == nil {
		s.evalCtx = expr.NewEvalCtx(s, s.stmtStart, nil)
		s.evalCtx.Handler = &s.handler
	}
	s.evalCtx.Loc = s.location()
	s.evalCtx.Reset(s.stmtStart, params)
}

// Stmt finds prepared statement id; command names the command for the
// error when there is none.
func (s *Session) Stmt(id uint32, command string) (*PreparedStmt, error) {
	st, ok := s.stmts[id]
	if !ok {
		return nil, mysqldef.NewError(mysqldef.ErrUnknownStmtHandler, "Unknown prepared statement handler (%d) given to %s", id, command)
	}
	return st, nil
}

// ClearDiagnostics starts a new diagnostics area (SHOW WARNINGS), as a
// command does before its statement.
func (s *Session) ClearDiagnostics() { s.clearDiagnostics() }

// Execute implements COM_STMT_EXECUTE: st runs with params bound to its ?
// markers (the protocol side decodes them with the types st keeps). With
// cursor set, a SELECT that can stream opens a cursor instead of sending
// rows: Execute then writes nothing and returns the cursor's columns, and
// the rows are fetched with FetchRows.
func (s *Session) Execute(st *PreparedStmt, params []expr.Value, cursor bool, w ResultWriter) (cursorCols []Column) {
	if st.longTooBig {
		st.longData, st.longTooBig = nil, false
		s.fail(w, mysqldef.NewError(mysqldef.ErrNetPacketTooLarge, "Parameter of prepared statement is bigger than 'max_allowed_packet' bytes"))
		return nil
	}
	st.longData = nil
	s.closeCursor(st) // a new EXECUTE closes the statement's cursor
	s.command.Store(&cmdExecute)
	info := st.sql
	s.info.Store(&info)
	s.eng.questions.Add(1)
	s.eng.countCom(comStmtExecute)
	if err := s.eng.catalog.Sync(); err != nil {
		s.fail(w, err)
		return nil
	}
	if err := s.checkPrepared(st); err != nil {
		s.fail(w, err)
		return nil
	}
	if cursor && len(st.cols) > 0 {
		if err := s.openCursor(st, params); err != nil {
			s.fail(w, err)
			return nil
		}
		if st.cursor != nil {
			return st.cursor.cols
		}
		// Not a cursor candidate: answer without a cursor, as MySQL may.
	}
	s.runPrepared(st, params, w)
	return nil
}

// runPrepared runs st with params bound, reusing what it can: the cached
// plan of a SELECT, the parse of a data change (see PreparedStmt.dml).
// Errors go to w.
func (s *Session) runPrepared(st *PreparedStmt, params []expr.Value, w ResultWriter) {
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
	stmt := st.dml
	if stmt == nil {
		parsed, _, err := s.parseOne(st.sql)
		if err != nil {
			s.fail(w, err)
			return
		}
		stmt = parsed
		if !st.noReuse && reusableDML(stmt) {
			st.dml = stmt
		}
	}
	var before string
	check := st.dml != nil && !st.dmlChecked
	if check {
		if before, check = plan.ASTText(stmt); !check {
			st.dml, st.noReuse = nil, true
		}
	}
	_, isSelect := stmt.(*ast.SelectStmt)
	err := s.execStmtParams(stmt, w, false, params)
	if check {
		if after, ok := plan.ASTText(stmt); ok && after == before {
			st.dmlChecked = true
		} else {
			st.dml, st.noReuse = nil, true
		}
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	if isSelect && st.cache == nil && st.recache {
		// The plan went stale (DDL): cache a fresh one for next time.
		st.recache = false
		if fresh, _, err := s.parseOne(st.sql); err == nil {
			st.cache = s.buildCachedSelect(fresh.(*ast.SelectStmt), st.numParams)
		}
	}
}

// executeCached runs a prepared SELECT through its cached plan; done is
// false when the plan is stale and nothing was sent.
func (s *Session) executeCached(st *PreparedStmt, params []expr.Value, w ResultWriter) (done bool, err error) {
	s.startStmt(st.cache.Head, params)
	defer s.endStmtContext()
	rs := resultSink{w: w}
	ok, err := s.planner.RunCachedSelect(st.cache, &rs)
	if !ok {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	s.foundRows = rs.rows
	s.rowCount = -1
	return true, s.endResult(w, false)
}

var cmdExecute = "Execute"

// AppendLongData implements COM_STMT_SEND_LONG_DATA (no reply): data is
// the next piece of parameter param of statement id.
func (s *Session) AppendLongData(id uint32, param uint16, data []byte) {
	s.eng.countCom(comStmtSendLongData)
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

// CloseStmt implements COM_STMT_CLOSE (no reply).
func (s *Session) CloseStmt(id uint32) {
	s.eng.countCom(comStmtClose)
	if st, ok := s.stmts[id]; ok {
		s.closeCursor(st)
		delete(s.stmts, id)
		s.eng.releaseStmt()
	}
}

// ResetStmt implements COM_STMT_RESET: it forgets st's long data and
// closes its cursor.
func (s *Session) ResetStmt(st *PreparedStmt) {
	s.eng.countCom(comStmtReset)
	st.longData, st.longTooBig = nil, false
	s.closeCursor(st)
}

// closeAllStmts releases a connection's statements (COM_RESET_CONNECTION,
// COM_CHANGE_USER, disconnect).
func (s *Session) closeAllStmts() {
	for id, st := range s.stmts {
		s.closeCursor(st)
		delete(s.stmts, id)
		s.eng.releaseStmt()
	}
	if s.c != nil {
		for name := range s.c.named {
			delete(s.c.named, name)
			s.eng.releaseStmt()
		}
	}
	s.text.drop()
}

// planSelectFrom plans a SELECT with a FROM clause without running it
// (statement description, EXPLAIN): it returns the plan and the statement
// with its subqueries resolved, the tables entered; release leaves them,
// call it when done with the plan.
func (s *Session) planSelectFrom(sel *ast.SelectStmt) (*plan.SelectPlan, *ast.SelectStmt, func(), error) {
	resolved, err := s.planner.ResolveSubqueries(sel)
	if err != nil {
		return nil, nil, nil, err
	}
	sel = resolved.(*ast.SelectStmt)
	rels, release, err := s.planner.RelationsOf(sel.From, false)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := s.planner.PlanSelectRels(sel, rels)
	if err != nil {
		release()
		return nil, nil, nil, err
	}
	return p, sel, release, nil
}

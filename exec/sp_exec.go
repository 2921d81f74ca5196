package exec

import (
	"io"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/pingcap/tidb/pkg/parser/types"
)

// CALL runs a stored procedure: its text is read again (sp_parse.go), its
// parameters and local variables live in frames on the Go stack, and each
// statement of the body runs as a statement of the session would, with
// every unqualified column name that names a variable in scope replaced
// by the variable's value (a local variable wins over a column, as in
// MySQL). Expressions of the control statements (IF, WHILE, ...) run as
// "SELECT expr". Each result set a statement of the body sends goes to the
// client marked SERVER_MORE_RESULTS_EXISTS; the CALL ends with its own OK.
// The body runs with the definer's privileges (SQL SECURITY DEFINER, the
// default) or the caller's (INVOKER), in the procedure's database.

// maxSPDepth bounds procedures calling procedures, whatever
// max_sp_recursion_depth says (MySQL's bound is its thread stack).
const maxSPDepth = 64

// spParam is one declared parameter.
type spParam struct {
	mode int // 0 IN, 1 OUT, 2 INOUT (the parser's Paramstatus)
	name string
	typ  *table.TableColumn
}

// spVar is a parameter or local variable.
type spVar struct {
	col *table.TableColumn // the declared type, for coercion
	val expr.Value
}

// spRun is one CALL's state.
type spRun struct {
	s      *Session
	r      *table.Routine
	w      *callWriter
	frames []map[string]*spVar // innermost last
	scopes []*spScope          // running blocks' cursors and handlers (sp_handler.go)
}

// spParams reads a parameter list by letting the TiDB parser read it in
// an empty procedure.
func (s *Session) spParams(text string) ([]spParam, error) {
	stmts, err := s.eng.parse("CREATE PROCEDURE p(" + text + ") BEGIN END")
	if err != nil {
		return nil, parseError(err)
	}
	info, ok := stmts[0].(*ast.ProcedureInfo)
	if !ok || len(stmts) != 1 {
		return nil, syntaxError(cut80(text), 1)
	}
	var out []spParam
	seen := map[string]bool{}
	for _, p := range info.ProcedureParam {
		if seen[strings.ToLower(p.ParamName)] {
			return nil, mysqldef.NewError(mysqldef.ErrSPDupParam, "Duplicate parameter: %s", p.ParamName)
		}
		seen[strings.ToLower(p.ParamName)] = true
		col, err := spColumn(p.ParamName, p.ParamType)
		if err != nil {
			return nil, err
		}
		out = append(out, spParam{mode: p.Paramstatus, name: p.ParamName, typ: col})
	}
	return out, nil
}

// spDeclType reads a DECLARE's type the same way.
func (s *Session) spDeclType(text string) (*types.FieldType, error) {
	stmts, err := s.eng.parse("CREATE PROCEDURE p() BEGIN DECLARE v " + text + "; END")
	if err != nil {
		return nil, parseError(err)
	}
	if info, ok := stmts[0].(*ast.ProcedureInfo); ok && len(stmts) == 1 {
		if blk, ok := info.ProcedureBody.(*ast.ProcedureBlock); ok && len(blk.ProcedureVars) == 1 {
			if d, ok := blk.ProcedureVars[0].(*ast.ProcedureDecl); ok && d.DeclDefault == nil {
				return d.DeclType, nil
			}
		}
	}
	return nil, syntaxError(cut80(text), 1)
}

func spColumn(name string, ft *types.FieldType) (*table.TableColumn, error) {
	t, err := expr.SQLTypeFromField(ft, name)
	if err != nil {
		return nil, err
	}
	if t.IsString() && t.Collation == "" && !t.Binary {
		t.Collation = "utf8mb4_0900_ai_ci"
	}
	return &table.TableColumn{Name: name, Type: t}, nil
}

// parseExprText parses an expression of a control statement.
func (s *Session) parseExprText(text string) (*ast.SelectStmt, error) {
	stmts, err := s.eng.parse("SELECT " + text)
	if err != nil {
		return nil, parseError(err)
	}
	sel, ok := stmts[0].(*ast.SelectStmt)
	if !ok || len(stmts) != 1 || len(sel.Fields.Fields) != 1 || sel.From != nil {
		return nil, syntaxError(cut80(text), 1)
	}
	return sel, nil
}

// execCall runs CALL.
func (s *Session) execCall(st *ast.CallStmt, w ResultWriter, more bool) error {
	db, name := st.Procedure.Schema.O, st.Procedure.FnName.O
	if db == "" {
		db = s.db
	}
	if db == "" {
		return mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	r := s.eng.catalog.Routine(db, name)
	if r == nil {
		return mysqldef.NewError(mysqldef.ErrSPDoesNotExist, "PROCEDURE %s.%s does not exist", db, name)
	}
	if g := s.grants(); !g.IsSuper() && !g.OnRoutine(db, r.Name, privs.Execute) {
		return s.routineDenied("execute", db, r.Name)
	}
	if len(s.cold().spStack) >= maxSPDepth {
		return mysqldef.NewError(mysqldef.ErrSPRecursionLimit,
			"Recursive limit %d (as set by the max_sp_recursion_depth variable) was exceeded for routine %s", maxSPDepth, r.Name)
	}
	depth := 0
	for _, on := range s.cold().spStack {
		if on.DB == r.DB && strings.EqualFold(on.Name, r.Name) {
			depth++
		}
	}
	if depth > 0 {
		limit := int64(0)
		if v, err := s.SystemVar("max_sp_recursion_depth", false); err == nil {
			limit = v.Int()
		}
		if int64(depth) > limit {
			return mysqldef.NewError(mysqldef.ErrSPRecursionLimit,
				"Recursive limit %d (as set by the max_sp_recursion_depth variable) was exceeded for routine %s", limit, r.Name)
		}
	}
	params, err := s.spParams(r.Params)
	if err != nil {
		return err
	}
	toks, err := spTokenize(r.Body)
	if err != nil {
		return err
	}
	br := &spBodyReader{spReader: &spReader{text: r.Body, toks: toks}}
	node, err := br.stmt()
	if err != nil {
		return err
	}
	if len(st.Procedure.Args) != len(params) {
		return mysqldef.NewError(mysqldef.ErrSPWrongNoOfArgs, "Incorrect number of arguments for PROCEDURE %s.%s; expected %d, got %d",
			r.DB, r.Name, len(params), len(st.Procedure.Args))
	}
	run := &spRun{s: s, r: r, w: &callWriter{w: w}}
	frame := map[string]*spVar{}
	outs := make([]string, len(params)) // user variable of each OUT / INOUT argument
	for i, p := range params {
		arg := st.Procedure.Args[i]
		v := expr.NullValue()
		if p.mode != 0 {
			uv, ok := arg.(*ast.VariableExpr)
			if !ok || uv.IsSystem {
				return mysqldef.NewError(mysqldef.ErrSPNotVarArg,
					"OUT or INOUT argument %d for routine %s.%s is not a variable or NEW pseudo-variable in BEFORE trigger", i+1, r.DB, r.Name)
			}
			outs[i] = strings.ToLower(uv.Name)
			if p.mode == 2 {
				v = s.UserVar(outs[i])
			}
		} else if v, err = s.evalConst(arg); err != nil {
			return err
		}
		if v, err = run.coerce(p.typ, v); err != nil {
			return err
		}
		frame[strings.ToLower(p.name)] = &spVar{col: p.typ, val: v}
	}
	run.frames = append(run.frames, frame)

	restore, err := s.enterRoutine(r)
	if err != nil {
		return err
	}
	_, err = func() (*spJump, error) {
		defer restore() // the caller's database and privileges come back whatever happens
		return run.exec(node)
	}()
	if err != nil {
		return err
	}
	for i, p := range params {
		if p.mode != 0 {
			s.SetUserVar(outs[i], frame[strings.ToLower(p.name)].val)
		}
	}
	return s.writeOK(w, run.w.affected, run.w.insertID, "", more)
}

// enterRoutine switches the session to the routine's database, to the
// sql_mode it was created under and, for SQL SECURITY DEFINER, to the
// definer's privileges; restore undoes all three (a SET sql_mode in the
// body ends with the CALL too, as in MySQL).
func (s *Session) enterRoutine(r *table.Routine) (restore func(), err error) {
	savedDB, savedOverride := s.db, s.priv.override
	savedMode := s.sessionString("sql_mode", "")
	if r.Security != "INVOKER" && s.eng.accounts != nil {
		user, host := r.DefinerParts()
		snap := s.eng.accounts.Privileges()
		g := snap.Of(user, host)
		if g == nil || !snap.Exists(privs.AccountName{User: user, Host: host}) {
			return nil, mysqldef.NewError(mysqldef.ErrNoSuchDefiner, "The user specified as a definer ('%s'@'%s') does not exist", user, host)
		}
		s.priv.override = g
	}
	if r.SQLMode != savedMode {
		if err := s.setSystemVar("sql_mode", false, expr.StringValue(r.SQLMode), false); err != nil {
			s.priv.override = savedOverride
			return nil, err
		}
	}
	s.db = r.DB
	s.cold().spStack = append(s.cold().spStack, r)
	return func() {
		s.cold().spStack = s.cold().spStack[:len(s.cold().spStack)-1]
		s.db, s.priv.override = savedDB, savedOverride
		if s.sessionString("sql_mode", "") != savedMode {
			_ = s.setSystemVar("sql_mode", false, expr.StringValue(savedMode), false)
		}
	}, nil
}

// coerce converts v to a variable's declared type, with the errors (strict
// mode) or warnings a column of that type would give.
func (run *spRun) coerce(col *table.TableColumn, v expr.Value) (expr.Value, error) {
	wc := &table.WriteCtx{Eval: run.s.evalCtx, Strict: run.s.strictMode(), Row: 1}
	return wc.Coerce(col, v)
}

func (run *spRun) lookup(name string) *spVar {
	name = strings.ToLower(name)
	for i := len(run.frames) - 1; i >= 0; i-- {
		if v := run.frames[i][name]; v != nil {
			return v
		}
	}
	return nil
}

// errInterrupted is KILL QUERY's error, checked before each statement and
// each turn of a loop so a procedure that loops forever can be stopped.
func (run *spRun) checkKilled() error {
	if run.s.Killed() {
		return mysqldef.NewError(mysqldef.ErrQueryInterrupted, "Query execution was interrupted")
	}
	return nil
}

// exec runs one statement; jump is a LEAVE or ITERATE still looking for
// its label.
func (run *spRun) exec(n spNode) (jump *spJump, err error) {
	if err := run.checkKilled(); err != nil {
		return nil, err
	}
	switch x := n.(type) {
	case *spBlock:
		frame := map[string]*spVar{}
		run.frames = append(run.frames, frame)
		sc := &spScope{}
		run.scopes = append(run.scopes, sc)
		defer func() {
			run.frames = run.frames[:len(run.frames)-1]
			run.scopes = run.scopes[:len(run.scopes)-1]
			sc.close()
		}()
		for _, d := range x.decls {
			if d.kind != 0 {
				sc.declare(d)
				continue
			}
			ft, err := run.s.spDeclType(d.typ)
			if err != nil {
				return nil, err
			}
			v := expr.NullValue()
			if d.def != "" {
				if v, err = run.eval(d.def); err != nil {
					return nil, err
				}
			}
			for _, name := range d.names {
				col, err := spColumn(name, ft)
				if err != nil {
					return nil, err
				}
				cv, err := run.coerce(col, v)
				if err != nil {
					return nil, err
				}
				frame[strings.ToLower(name)] = &spVar{col: col, val: cv}
			}
		}
		jump, err = run.list(x.stmts)
		if ex, ok := err.(*spExit); ok && ex.scope == sc {
			return nil, nil // its EXIT handler ran: the block is done
		}
		if jump != nil && jump.leave && x.label != "" && strings.EqualFold(jump.label, x.label) {
			jump = nil
		}
		return jump, err
	case *spIf:
		for i, c := range x.conds {
			ok, err := run.cond(c)
			if err != nil {
				return nil, run.handleError(err) // CONTINUE goes on after the IF
			}
			if ok {
				return run.list(x.bodies[i])
			}
		}
		if x.isCase && !x.hasEls {
			return nil, mysqldef.NewError(1339, "Case not found for CASE statement")
		}
		return run.list(x.els)
	case *spLoop:
		return run.loop(x)
	case *spJump:
		return x, nil
	case *spSQL:
		return nil, run.sql(x)
	case *spCursorOp:
		return nil, run.cursorOp(x)
	case *spSignal:
		return nil, run.signal(x)
	}
	return nil, nil
}

func (run *spRun) list(stmts []spNode) (*spJump, error) {
	for _, n := range stmts {
		from := len(run.s.warnings)
		jump, err := run.exec(n)
		switch n.(type) {
		case *spSQL, *spCursorOp, *spSignal:
			// A compound statement's own statements met the handlers already.
			if err != nil {
				err = run.handleError(err)
			} else {
				err = run.handleWarnings(from)
			}
		}
		if jump != nil || err != nil {
			return jump, err
		}
	}
	return nil, nil
}

// loop runs WHILE, REPEAT and LOOP; LEAVE ends it, ITERATE starts its
// next turn.
func (run *spRun) loop(l *spLoop) (*spJump, error) {
	for {
		if err := run.checkKilled(); err != nil {
			return nil, err
		}
		if l.kind == "WHILE" {
			ok, err := run.cond(l.cond)
			if err != nil || !ok {
				return nil, run.handleError(err)
			}
		}
		jump, err := run.list(l.body)
		if err != nil {
			return nil, err
		}
		if jump != nil {
			if l.label == "" || !strings.EqualFold(jump.label, l.label) {
				return jump, nil
			}
			if jump.leave {
				return nil, nil
			}
			continue // ITERATE: REPEAT's UNTIL is not tested, as in MySQL
		}
		if l.kind == "REPEAT" {
			ok, err := run.cond(l.cond)
			if err != nil || ok {
				return nil, run.handleError(err)
			}
		}
	}
}

// cond evaluates a condition: true when non-NULL and non-zero.
func (run *spRun) cond(text string) (bool, error) {
	v, err := run.eval(text)
	if err != nil {
		return false, err
	}
	return isTrue(run.s.evalCtx, v), nil
}

// eval evaluates an expression of the body as "SELECT expr".
func (run *spRun) eval(text string) (expr.Value, error) {
	sel, err := run.s.parseExprText(text)
	if err != nil {
		return expr.Value{}, err
	}
	kw := &keepRowWriter{}
	run.s.spExpr = true
	err = run.stmt(sel, kw)
	run.s.spExpr = false
	if err != nil {
		return expr.Value{}, err
	}
	if kw.err != nil {
		return expr.Value{}, kw.err
	}
	if kw.rows == 0 || len(kw.row) == 0 {
		return expr.NullValue(), nil
	}
	return kw.row[0], nil
}

// stmt runs one parsed statement of the body with the variables in scope
// bound to its column names.
func (run *spRun) stmt(stmt ast.StmtNode, w ResultWriter) error {
	b := &spBinder{run: run}
	stmt.Accept(b)
	return run.s.execStmtParams(stmt, w, false, b.params)
}

// sql runs a statement of the body: SET of local variables, SELECT ...
// INTO variables, or anything else the session runs.
func (run *spRun) sql(x *spSQL) error {
	text, targets, found, err := cutSelectIntoTargets(x.text)
	if err != nil {
		return err
	}
	stmts, err := run.s.eng.parse(text)
	if err != nil {
		return parseError(err)
	}
	if len(stmts) != 1 {
		return syntaxError(cut80(x.text), 1)
	}
	stmt := stmts[0]
	switch st := stmt.(type) {
	case *ast.ProcedureInfo:
		return mysqldef.NewError(mysqldef.ErrSPNoRecursiveCreate, "Can't create a PROCEDURE from within another stored routine")
	case *ast.SetStmt:
		return run.set(st)
	}
	if found {
		return run.selectInto(stmt, targets)
	}
	return run.stmt(stmt, run.w)
}

// set assigns local variables itself and hands any other assignment of
// the statement to the session's SET.
func (run *spRun) set(st *ast.SetStmt) error {
	var rest []*ast.VariableAssignment
	for _, a := range st.Variables {
		v := run.lookup(a.Name)
		if v == nil || !a.IsSystem || a.IsGlobal || a.IsInstance || a.Value == nil {
			rest = append(rest, a)
			continue
		}
		text, ok := restoreExpr(a.Value)
		if !ok {
			return syntaxError(a.Name, 1)
		}
		val, err := run.eval(text)
		if err != nil {
			return err
		}
		if v.val, err = run.coerce(v.col, val); err != nil {
			return err
		}
	}
	if len(rest) == 0 {
		return nil // assigning a variable keeps the count of the statement before, as in MySQL
	}
	st.Variables = rest
	return run.stmt(st, run.w)
}

// selectInto runs SELECT ... INTO targets (local variables or @user
// variables) with MySQL's rules: 1222 on a column count unlike the
// targets', 1172 for more than one row, warning 1329 for none.
func (run *spRun) selectInto(stmt ast.StmtNode, targets []string) error {
	kw := &keepRowWriter{}
	if err := run.stmt(stmt, kw); err != nil {
		return err
	}
	if kw.err != nil {
		return kw.err
	}
	if kw.cols != len(targets) {
		return mysqldef.NewError(mysqldef.ErrWrongNumberOfColumnsInSelect,
			"The used SELECT statements have a different number of columns")
	}
	run.w.affected = 0
	if kw.rows == 0 {
		run.s.AddWarning(mysqldef.ErrSpFetchNoData, "No data - zero rows fetched, selected, or processed")
		return nil
	}
	run.w.affected = 1 // as SELECT ... INTO @var reports the row it stored
	for i, t := range targets {
		if strings.HasPrefix(t, "@") {
			run.s.SetUserVar(strings.ToLower(t[1:]), kw.row[i])
			continue
		}
		v := run.lookup(t)
		if v == nil {
			return mysqldef.NewError(mysqldef.ErrSPUndeclaredVar, "Undeclared variable: %s", t)
		}
		cv, err := run.coerce(v.col, kw.row[i])
		if err != nil {
			return err
		}
		v.val = cv
	}
	return nil
}

// restoreExpr renders an expression as SQL text.
func restoreExpr(e ast.ExprNode) (string, bool) { return plan.ASTText(e) }

// spBinder replaces each unqualified column name that names a variable in
// scope with a ? marker bound to the variable's value.
type spBinder struct {
	run    *spRun
	params []expr.Value
}

func (b *spBinder) Enter(n ast.Node) (ast.Node, bool) {
	// VALUES(col) holds its column as *ColumnNameExpr, which a marker
	// cannot replace: it names a column, never a variable.
	if _, ok := n.(*ast.ValuesExpr); ok {
		return n, true
	}
	return n, false
}

func (b *spBinder) Leave(n ast.Node) (ast.Node, bool) {
	c, ok := n.(*ast.ColumnNameExpr)
	if !ok || c.Name.Table.L != "" || c.Name.Schema.L != "" {
		return n, true
	}
	v := b.run.lookup(c.Name.Name.O)
	if v == nil {
		return n, true
	}
	m := &test_driver.ParamMarkerExpr{}
	m.SetOrder(len(b.params))
	b.params = append(b.params, v.val)
	return typedMarker(m, v.col.Type), true
}

// typedMarker keeps a variable's type through its marker: a bare marker
// is typed as text (SELECT of an INT variable would send a string, and
// arithmetic on it would go through DOUBLE), so numbers and temporal
// values are CAST to their declared type, as MySQL types a variable's
// column by its declaration.
func typedMarker(m ast.ExprNode, t expr.SQLType) ast.ExprNode {
	var ft *types.FieldType
	switch t.Tp {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeYear:
		ft = types.NewFieldType(mysql.TypeLonglong)
		if t.Unsigned {
			ft.AddFlag(mysql.UnsignedFlag)
		}
	case mysqldef.TypeNewDecimal:
		ft = types.NewFieldType(mysql.TypeNewDecimal)
		ft.SetFlen(t.Flen)
		ft.SetDecimal(t.Decimal)
	case mysqldef.TypeFloat, mysqldef.TypeDouble:
		ft = types.NewFieldType(mysql.TypeDouble)
	case mysqldef.TypeDate:
		ft = types.NewFieldType(mysql.TypeDate)
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		ft = types.NewFieldType(mysql.TypeDatetime)
		ft.SetDecimal(t.Decimal)
	case mysqldef.TypeTime:
		ft = types.NewFieldType(mysql.TypeDuration)
		ft.SetDecimal(t.Decimal)
	default:
		return m
	}
	return &ast.FuncCastExpr{Expr: m, Tp: ft, FunctionType: ast.CastFunction}
}

// callWriter passes the result sets of the body's statements to the
// client, each marked SERVER_MORE_RESULTS_EXISTS (the CALL's own OK
// follows), and keeps their OKs to itself: the CALL reports the affected
// rows of the last statement.
type callWriter struct {
	w        ResultWriter
	affected uint64
	insertID uint64
}

func (c *callWriter) BeginResult(cols []Column) error {
	c.affected = 0
	return c.w.BeginResult(cols)
}

func (c *callWriter) Row(vals []expr.Value) error { return c.w.Row(vals) }

// RowsTransient implements plan.Transient: rows go straight through.
func (c *callWriter) RowsTransient() bool { return plan.RowsTransient(c.w) }

func (c *callWriter) EndResult(done Completion) error {
	done.Status |= mysqldef.StatusMoreResultsExists
	return c.w.EndResult(done)
}

func (c *callWriter) OK(done Completion) error {
	c.affected = done.AffectedRows
	if done.LastInsertID != 0 {
		c.insertID = done.LastInsertID
	}
	return nil
}

// Error: a statement of the body that reports its own error ends the
// CALL with it.
func (c *callWriter) Error(e *mysqldef.SQLError) error { return e }

func (c *callWriter) RequestLocalFile(name string) (io.ReadCloser, error) {
	return c.w.RequestLocalFile(name)
}

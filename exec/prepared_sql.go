package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SQL-level prepared statements: PREPARE name FROM '...', EXECUTE name
// [USING @a, ...], DEALLOCATE PREPARE name. Results use the text protocol
// (the statement runs inside COM_QUERY).

type namedStmt struct {
	sql       string
	numParams int
}

func (s *Session) execPrepareSQL(st *ast.PrepareStmt, w ResultWriter, more bool) error {
	text := st.SQLText
	if st.SQLVar != nil {
		v := s.UserVar(st.SQLVar.Name)
		if v.IsNull() {
			text = "NULL" // MySQL then reports a syntax error near 'NULL'
		} else {
			text = expr.TextOf(v)
		}
	}
	stmt, n, err := s.parseOne(text)
	if err != nil {
		return err
	}
	if err := checkPreparable(stmt); err != nil {
		return err
	}
	name := strings.ToLower(st.Name)
	if _, exists := s.cold().named[name]; !exists {
		if !s.eng.reserveStmt() {
			return mysqldef.NewError(mysqldef.ErrMaxPreparedStmtCountReached,
				"Can't create more than max_prepared_stmt_count statements (current value: %d)", s.eng.maxStmts())
		}
	}
	if s.cold().named == nil {
		s.cold().named = make(map[string]*namedStmt)
	}
	s.cold().named[name] = &namedStmt{sql: text, numParams: n}
	return s.writeOK(w, 0, 0, "Statement prepared", more)
}

// checkPreparable refuses, as MySQL does with 1295, the statements that manage prepared
// statements themselves. EXECUTE in particular must never be prepared: a statement prepared
// as its own EXECUTE would run itself until the stack overflowed, killing the server.
func checkPreparable(stmt ast.StmtNode) error {
	switch stmt.(type) {
	case *ast.PrepareStmt, *ast.ExecuteStmt, *ast.DeallocateStmt, *ast.ProcedureInfo:
		return mysqldef.NewError(mysqldef.ErrUnsupportedPS, "This command is not supported in the prepared statement protocol yet")
	}
	return nil
}

func (s *Session) execExecuteSQL(st *ast.ExecuteStmt, w ResultWriter, more bool) error {
	ns, ok := s.cold().named[strings.ToLower(st.Name)]
	if !ok {
		return mysqldef.NewError(mysqldef.ErrUnknownStmtHandler, "Unknown prepared statement handler (%s) given to EXECUTE", st.Name)
	}
	if len(st.UsingVars) != ns.numParams {
		return mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to EXECUTE")
	}
	params := make([]expr.Value, len(st.UsingVars))
	for i, e := range st.UsingVars {
		v, err := s.evalConst(e)
		if err != nil {
			return err
		}
		params[i] = v
	}
	stmt, _, err := s.parseOne(ns.sql)
	if err != nil {
		return err
	}
	return s.execStmtParams(stmt, w, more, params)
}

func (s *Session) execDeallocateSQL(st *ast.DeallocateStmt, w ResultWriter, more bool) error {
	name := strings.ToLower(st.Name)
	if _, ok := s.cold().named[name]; !ok {
		return mysqldef.NewError(mysqldef.ErrUnknownStmtHandler, "Unknown prepared statement handler (%s) given to DEALLOCATE PREPARE", st.Name)
	}
	delete(s.cold().named, name)
	s.eng.releaseStmt()
	return s.writeOK(w, 0, 0, "", more)
}

package exec

import (
	"fmt"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// HandleCommand runs one command-phase packet and writes its response.
// It reports whether the connection should close afterwards.
// COM_CHANGE_USER is the server's (it re-authenticates).
func (s *Session) HandleCommand(payload []byte, w Sink) (closeConn bool) {
	if len(payload) == 0 {
		_ = writeErr(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Unknown command"))
		return false
	}
	s.killQuery.Store(false)
	s.cmdStart.Store(time.Now().UnixNano())
	defer func() {
		s.command.Store(&cmdSleep)
		s.info.Store(nil)
		s.cmdStart.Store(time.Now().UnixNano())
	}()
	arg := payload[1:]
	switch payload[0] {
	case codec.ComQuery:
		s.command.Store(&cmdQuery)
		s.Query(string(arg), w)
	case codec.ComInitDB:
		s.clearDiagnostics()
		if err := s.useDatabase(string(arg)); err != nil {
			s.fail(w, err)
			return false
		}
		_ = s.writeOK(w, 0, 0, "", false)
	case codec.ComPing:
		_ = s.writeOK(w, 0, 0, "", false)
	case codec.ComQuit:
		return true
	case codec.ComFieldList:
		s.fieldList(arg, w)
	case codec.ComStatistics:
		_ = w.Commit(append(w.Begin(), s.eng.statistics()...))
	case codec.ComResetConnection:
		s.Reset()
		_ = s.writeOK(w, 0, 0, "", false)
	case codec.ComSetOption:
		s.setOption(arg, w)
	case codec.ComProcessKill:
		id, err := codec.ParseUint32Arg(arg)
		if err != nil {
			s.fail(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Malformed communication packet"))
			return false
		}
		if serr := s.eng.Kill(uint64(id), false); serr != nil {
			s.fail(w, serr)
			return false
		}
		_ = s.writeOK(w, 0, 0, "", false)
	case codec.ComStmtPrepare:
		s.command.Store(&cmdPrepare)
		s.prepare(string(arg), w)
	case codec.ComStmtExecute:
		s.execute(arg, w)
	case codec.ComStmtSendLongData:
		s.sendLongData(arg)
	case codec.ComStmtClose:
		s.closeStmt(arg)
	case codec.ComStmtReset:
		s.resetStmt(arg, w)
	case codec.ComStmtFetch:
		s.fetch(arg, w)
	default:
		_ = writeErr(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Unknown command"))
	}
	return false
}

var cmdPrepare = "Prepare"

// fail reports err to the client and keeps it for SHOW WARNINGS.
func (s *Session) fail(w Sink, err error) {
	e := toSQLError(err)
	s.addDiag("Error", e.Code, e.Message)
	_ = writeErr(w, e)
}

// toSQLError turns any error into what a client is sent: SQL errors as
// they are, anything else as 1105 (unknown error).
func toSQLError(err error) *mysqldef.SQLError {
	if e, ok := err.(*mysqldef.SQLError); ok {
		return e
	}
	return mysqldef.NewError(mysqldef.ErrUnknownError, "%s", err.Error())
}

func (s *Session) setOption(arg []byte, w Sink) {
	opt, err := codec.ParseSetOption(arg)
	switch {
	case err != nil:
		s.fail(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Malformed communication packet"))
		return
	case opt == 0:
		s.multiStatements = true
	case opt == 1:
		s.multiStatements = false
	default:
		s.fail(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Unknown command"))
		return
	}
	// COM_SET_OPTION is answered with an EOF packet.
	if s.deprecateEOF() {
		_ = w.Commit(codec.AppendEOFOK(w.Begin(), &codec.OK{Status: s.status}))
	} else {
		_ = w.Commit(codec.AppendEOF(w.Begin(), 0, s.status))
	}
}

// fieldList answers COM_FIELD_LIST (the mysql CLI's auto-rehash): a
// column definition with its default for each column whose name matches
// the wildcard, then EOF (an OK-style 0xFE with CLIENT_DEPRECATE_EOF).
func (s *Session) fieldList(arg []byte, w Sink) {
	table, wild, err := codec.ParseFieldList(arg)
	if err != nil {
		s.fail(w, mysqldef.NewError(mysqldef.ErrUnknownCom, "Malformed communication packet"))
		return
	}
	if s.db == "" {
		s.fail(w, mysqldef.NewError(mysqldef.ErrNoDB, "No database selected"))
		return
	}
	s.clearDiagnostics()
	t := s.eng.catalog.Table(s.db, table)
	if t == nil {
		s.fail(w, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", s.db, table))
		return
	}
	for _, c := range t.Columns {
		if wild != "" && !expr.LikeMatch(c.Name, expr.CompileLikePattern(wild, '\\'), true) {
			continue
		}
		ct := c.resultType()
		switch t.columnKey(c) {
		case "PRI":
			ct.Flags |= mysqldef.FlagPriKey
		case "UNI":
			ct.Flags |= mysqldef.FlagUniqueKey
		case "MUL":
			ct.Flags |= mysqldef.FlagMultipleKey
		}
		def := codec.ColumnDef{Schema: t.DB, Table: t.Name, OrgTable: t.Name, Name: c.Name, OrgName: c.Name,
			Collation: ct.Collation, Length: ct.Length, Type: ct.Type, Flags: ct.Flags, Decimals: ct.Decimals}
		if c.Default != nil {
			def.Default = []byte(*c.Default)
		} else if c.DefaultNow {
			def.Default = []byte(nowText(c))
		}
		if err := w.Commit(codec.AppendFieldListColumnDef(w.Begin(), &def)); err != nil {
			return
		}
	}
	if s.deprecateEOF() {
		_ = w.Commit(codec.AppendEOFOK(w.Begin(), &codec.OK{Status: s.status}))
	} else {
		_ = w.Commit(codec.AppendEOF(w.Begin(), 0, s.status))
	}
}

// statistics is COM_STATISTICS's one-line status string.
func (e *Engine) statistics() string {
	up := int64(e.Uptime().Seconds())
	q := e.questions.Load()
	qps := 0.0
	if up > 0 {
		qps = float64(q) / float64(up)
	}
	return fmt.Sprintf("Uptime: %d  Threads: %d  Questions: %d  Slow queries: %d  Opens: 0  Flush tables: 0  Open tables: 0  Queries per second avg: %.3f",
		up, e.threads.Load(), q, e.slowQuery.Load(), qps)
}

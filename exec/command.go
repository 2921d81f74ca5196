package exec

import (
	"fmt"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// The session's side of the command phase: what COM_* commands do to SQL
// state. Reading the commands and answering them on the wire is the
// protocol side's job (server/protocol); it calls these.

// BeginCommand marks the start of a command for KILL QUERY and SHOW
// PROCESSLIST; EndCommand puts the session back to sleep.
func (s *Session) BeginCommand() {
	s.killQuery.Store(false)
	s.cmdStart.Store(time.Now().UnixNano())
	s.rowsSent = 0
	if s.evalCtx != nil {
		s.examinedAtStart = s.evalCtx.RowsExamined
	}
}

// EndCommand ends what BeginCommand started.
func (s *Session) EndCommand() {
	s.reportHandler()
	s.endCommandSlowLog(s.command.Load(), s.cmdStart.Load())
	s.command.Store(&cmdSleep)
	s.info.Store(nil)
	s.cmdStart.Store(time.Now().UnixNano())
}

var cmdPrepare = "Prepare"

// Fail reports err to the client through w and keeps it for SHOW WARNINGS.
func (s *Session) Fail(w ResultWriter, err error) { s.fail(w, err) }

// fail reports err to the client and keeps it for SHOW WARNINGS.
func (s *Session) fail(w ResultWriter, err error) {
	e := toSQLError(s.timeoutError(err))
	s.addDiag("Error", e.Code, e.Message)
	_ = w.Error(e)
}

// toSQLError turns any error into what a client is sent: SQL errors as
// they are, anything else as 1105 (unknown error).
func toSQLError(err error) *mysqldef.SQLError {
	if e, ok := err.(*mysqldef.SQLError); ok {
		return e
	}
	// DDL and catalog commits reach here without mapStorageErr.
	if e := writeFaultError(err); e != nil {
		return e
	}
	return mysqldef.NewError(mysqldef.ErrUnknownError, "%s", err.Error())
}

// InitDB implements COM_INIT_DB.
func (s *Session) InitDB(db string, w ResultWriter) {
	s.eng.countCom(comChangeDB)
	s.clearDiagnostics()
	if err := s.useDatabase(db); err != nil {
		s.fail(w, err)
		return
	}
	_ = s.OK(w)
}

// ResetConnection implements COM_RESET_CONNECTION.
func (s *Session) ResetConnection(w ResultWriter) {
	s.Reset()
	_ = s.OK(w)
}

// KillConnection implements COM_PROCESS_KILL: it closes connection id.
func (s *Session) KillConnection(id uint32, w ResultWriter) {
	if err := s.checkKill(uint64(id)); err != nil {
		s.fail(w, err)
		return
	}
	if serr := s.eng.Kill(uint64(id), false); serr != nil {
		s.fail(w, serr)
		return
	}
	_ = s.OK(w)
}

// SetMultiStatements implements COM_SET_OPTION: whether a COM_QUERY may
// hold several statements.
func (s *Session) SetMultiStatements(on bool) { s.multiStatements = on }

// ListedColumn is one column as COM_FIELD_LIST describes it: its
// definition and its default (nil when it has none).
type ListedColumn struct {
	Column
	Default []byte
}

// FieldList answers COM_FIELD_LIST (the mysql CLI's auto-rehash): the
// columns of table whose name matches the LIKE pattern wild ("" for all),
// with key flags and defaults.
func (s *Session) FieldList(table, wild string) ([]ListedColumn, error) {
	if s.db == "" {
		return nil, mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	s.clearDiagnostics()
	if !s.seesTable(s.db, table) {
		return nil, s.tableDenied("SELECT", table)
	}
	t := s.findTable(s.db, table)
	if t == nil && isGrantTable(s.db, table) {
		t, _, _ = grantTable(table) // mysql.user and the like, as DESCRIBE lists them
	}
	if t == nil {
		return nil, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", s.db, table)
	}
	var out []ListedColumn
	for _, c := range t.Columns {
		if wild != "" && !expr.LikeMatch(c.Name, expr.CompileLikePattern(wild, '\\'), true) {
			continue
		}
		ct := c.ResultType()
		switch columnKey(t, c) {
		case "PRI":
			ct.Flags |= mysqldef.FlagPriKey
		case "UNI":
			ct.Flags |= mysqldef.FlagUniqueKey
		case "MUL":
			ct.Flags |= mysqldef.FlagMultipleKey
		}
		lc := ListedColumn{Column: Column{Schema: t.DB, Table: t.Name, OrgTable: t.Name, Name: c.Name, OrgName: c.Name, Type: ct}}
		if c.Default != nil {
			lc.Default = []byte(s.shownDefault(t, c))
		} else if c.DefaultNow {
			lc.Default = []byte(nowText(c))
		}
		out = append(out, lc)
	}
	return out, nil
}

// Statistics is COM_STATISTICS's one-line status string.
func (s *Session) Statistics() string { return s.eng.statistics() }

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

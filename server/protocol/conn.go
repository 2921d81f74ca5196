package protocol

import (
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/charset"
	"github.com/loopdb/loopdb/mysqldef"
)

// Conn is one logged-in connection's command phase: it answers each
// command packet for its SQL session. A worker uses it for one command at
// a time.
type Conn struct {
	sql *exec.Session
	rw  resultWriter
}

// NewConn serves sql's commands. deprecateEOF is the client's
// CLIENT_DEPRECATE_EOF: result sets then end with an OK-style packet
// rather than EOF, and column definitions are not followed by one.
func NewConn(sql *exec.Session, deprecateEOF bool) *Conn {
	c := &Conn{sql: sql}
	c.rw.sql, c.rw.deprecateEOF = sql, deprecateEOF
	return c
}

// SessionOptions are the exec settings a client's capability flags ask for.
func SessionOptions(caps uint32) exec.ClientOptions {
	return exec.ClientOptions{
		MultiStatements: caps&codec.ClientMultiStatements != 0,
		FoundRows:       caps&codec.ClientFoundRows != 0,
		LocalFiles:      caps&codec.ClientLocalFiles != 0,
	}
}

// Dispatch runs one command-phase packet and writes its response to w.
// It reports whether the connection should close afterwards.
// COM_CHANGE_USER is the server's (it re-authenticates).
func (c *Conn) Dispatch(payload []byte, w Sink) (closeConn bool) {
	rw := &c.rw
	rw.start(w, false)
	if len(payload) == 0 {
		_ = rw.Error(mysqldef.NewError(mysqldef.ErrUnknownCom, "Unknown command"))
		return false
	}
	c.sql.BeginCommand()
	defer c.sql.EndCommand()
	arg := payload[1:]
	switch payload[0] {
	case codec.ComQuery:
		c.sql.Query(c.text(arg), rw)
	case codec.ComInitDB:
		c.sql.InitDB(c.text(arg), rw)
	case codec.ComPing:
		_ = c.sql.OK(rw)
	case codec.ComShutdown:
		// Deprecated in MySQL 8 but still what mariadb-admin shutdown
		// sends; the one-byte shutdown level is ignored, as MySQL does.
		c.sql.Query("SHUTDOWN", rw)
	case codec.ComQuit:
		return true
	case codec.ComFieldList:
		c.fieldList(arg)
	case codec.ComRefresh:
		// mariadb-admin's flush-* commands. Only the host cache holds
		// anything FLUSH can reset, so one FLUSH statement answers for
		// every flag (and checks RELOAD, as MySQL does).
		if len(arg) != 1 {
			c.malformed()
			return false
		}
		if arg[0]&codec.RefreshHosts != 0 {
			c.sql.Query("FLUSH HOSTS", rw)
		} else {
			c.sql.Query("FLUSH TABLES", rw)
		}
	case codec.ComStatistics:
		_ = w.Commit(append(w.Begin(), c.sql.Statistics()...))
	case codec.ComResetConnection:
		c.sql.ResetConnection(rw)
	case codec.ComSetOption:
		c.setOption(arg)
	case codec.ComProcessKill:
		id, err := codec.ParseUint32Arg(arg)
		if err != nil {
			c.malformed()
			return false
		}
		c.sql.KillConnection(id, rw)
	case codec.ComStmtPrepare:
		c.prepare(c.text(arg))
	case codec.ComStmtExecute:
		c.execute(arg)
	case codec.ComStmtSendLongData:
		c.sendLongData(arg)
	case codec.ComStmtClose:
		if id, err := codec.ParseStmtID(arg); err == nil {
			c.sql.CloseStmt(id)
		}
	case codec.ComStmtReset:
		c.resetStmt(arg)
	case codec.ComStmtFetch:
		c.fetch(arg)
	default:
		_ = rw.Error(mysqldef.NewError(mysqldef.ErrUnknownCom, "Unknown command"))
	}
	return false
}

// malformed reports a command packet that could not be read: ER_MALFORMED_PACKET, as MySQL 8
// and MariaDB send for a command whose arguments are cut short. The connection goes on.
func (c *Conn) malformed() {
	c.sql.Fail(&c.rw, mysqldef.NewError(mysqldef.ErrMalformedPacket, "Malformed communication packet."))
}

func (c *Conn) setOption(arg []byte) {
	opt, err := codec.ParseSetOption(arg)
	switch {
	case err != nil:
		c.malformed()
		return
	case opt == 0:
		c.sql.SetMultiStatements(true)
	case opt == 1:
		c.sql.SetMultiStatements(false)
	default:
		c.sql.Fail(&c.rw, mysqldef.NewError(mysqldef.ErrUnknownCom, "Unknown command"))
		return
	}
	// COM_SET_OPTION is answered with an EOF packet.
	_ = c.rw.writeEnd(c.sql.Status(), 0)
}

// fieldList answers COM_FIELD_LIST (the mysql CLI's auto-rehash): a
// column definition with its default for each column whose name matches
// the wildcard, then EOF (an OK-style 0xFE with CLIENT_DEPRECATE_EOF).
func (c *Conn) fieldList(arg []byte) {
	table, wild, err := codec.ParseFieldList(arg)
	if err != nil {
		c.malformed()
		return
	}
	if cs := c.sql.ClientCharset(); cs.NeedsConversion() {
		table, wild = charset.ToUTF8(cs, []byte(table)), charset.ToUTF8(cs, []byte(wild))
	}
	cols, err := c.sql.FieldList(table, wild)
	if err != nil {
		c.sql.Fail(&c.rw, err)
		return
	}
	w := c.rw.sink
	for i := range cols {
		def := columnDef(&cols[i].Column, c.sql.ResultsCharset())
		def.Default = cols[i].Default
		if err := w.Commit(codec.AppendFieldListColumnDef(w.Begin(), &def)); err != nil {
			return
		}
	}
	_ = c.rw.writeEnd(c.sql.Status(), 0)
}

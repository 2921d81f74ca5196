package exec

import (
	"sort"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// The process list: SHOW [FULL] PROCESSLIST and information_schema.PROCESSLIST
// read the same rows from the sessions registry (each session publishes its
// command, statement text and start time through atomics, so reading them
// never waits for a running statement).

// process is one row of the process list.
type process struct {
	id                  uint32
	user, host, db, cmd string
	hasDB, hasInfo      bool
	seconds             int64
	state, info         string
}

// processes lists the sessions this session may see (all of them with
// PROCESS, else its account's own), by id.
func (s *Session) processes() []process {
	var out []process
	now := time.Now().UnixNano()
	s.eng.sessions.each(func(o *Session) bool {
		if !s.seesSession(o) {
			return true
		}
		p := process{id: o.id, user: o.user, host: o.clientHost, cmd: cmdSleep}
		if db := o.dbShown.Load(); db != nil && *db != "" {
			p.db, p.hasDB = *db, true
		}
		if c := o.command.Load(); c != nil {
			p.cmd = *c
		}
		p.seconds = (now - o.cmdStart.Load()) / int64(time.Second)
		if p.cmd == cmdQuery || p.cmd == cmdExecute {
			p.state = "executing"
			if info := o.info.Load(); info != nil {
				p.info, p.hasInfo = *info, true
			}
		}
		out = append(out, p)
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (s *Session) showProcessList(st *ast.ShowStmt, w ResultWriter, more bool) error {
	cols := []Column{intColumn("Id", 21), textColumn("User", 32), textColumn("Host", 261),
		textColumn("db", 64), textColumn("Command", 16), intColumn("Time", 7),
		textColumn("State", 30), textColumn("Info", 100)}
	var rows [][]expr.Value
	for _, p := range s.processes() {
		info := expr.NullValue()
		if p.hasInfo {
			text := p.info
			if !st.Full && len(text) > 100 {
				text = text[:100]
			}
			info = expr.StringValue(text)
		}
		rows = append(rows, []expr.Value{expr.IntValue(int64(p.id)), expr.StringValue(p.user),
			expr.StringValue(p.host), nullableString(p.db, p.hasDB), expr.StringValue(p.cmd),
			expr.IntValue(p.seconds), expr.StringValue(p.state), info})
	}
	return s.writeRows(w, cols, rows, more)
}

func nullableString(v string, ok bool) expr.Value {
	if !ok {
		return expr.NullValue()
	}
	return expr.StringValue(v)
}

// processlistRows is information_schema.PROCESSLIST: the full statement
// text, as SHOW FULL PROCESSLIST shows it.
func processlistRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, p := range s.processes() {
		rows = append(rows, []expr.Value{expr.UintValue(uint64(p.id)), str(p.user), str(p.host),
			nullableString(p.db, p.hasDB), str(p.cmd), expr.IntValue(p.seconds), str(p.state),
			nullableString(p.info, p.hasInfo)})
	}
	return rows
}

func init() {
	infoSchemaTables["PROCESSLIST"] = &isTable{
		cols: []isCol{isUint("ID"), isVarchar("USER", 32), isVarchar("HOST", 261), isVarchar("DB", 64),
			isVarchar("COMMAND", 16), isInt("TIME"), isVarchar("STATE", 64), isText("INFO")},
		rows: processlistRows,
	}
}

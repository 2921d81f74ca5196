package exec

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Persisted system variables: SET PERSIST, SET PERSIST_ONLY and RESET
// PERSIST, as MySQL 8. The engine keeps the list; where it lives between
// runs is the server's business (PersistStore, a mysqld-auto.cnf in the
// data directory). A persisted value is applied as the variable's global
// value when the engine starts, over the server's command line, as MySQL
// does; the server then applies the ones it acts on (max_connections, ...)
// to itself.
//
// The TiDB parser knows neither statement. `SET @@persist.x = v` parses
// (as a variable named "persist.x") and is recognised in SET; `SET PERSIST
// x = v` is rewritten to that form before a second parse (rewritePersist),
// and RESET PERSIST is read by hand (parseResetPersist).

// PersistedVar is one persisted setting.
type PersistedVar struct {
	Name  string // the variable's canonical (lower-case) name
	Value string // as SHOW VARIABLES shows it
	User  string // who set it, and from where
	Host  string
	SetAt time.Time
}

// PersistStore keeps the persisted settings across restarts. Save is
// given the whole list each time and must replace the stored one
// atomically: a crash leaves either the old list or the new one.
type PersistStore interface {
	Load() ([]PersistedVar, error)
	Save([]PersistedVar) error
}

// persistMode says what an assignment does besides SET GLOBAL.
type persistMode uint8

const (
	persistNone persistMode = iota
	persistSet              // SET PERSIST: set the global value and persist it
	persistOnly             // SET PERSIST_ONLY: persist it for the next start only
)

// persisted is the engine's copy of the stored list.
type persisted struct {
	mu   sync.Mutex
	vars map[string]PersistedVar
}

// loadPersisted reads the stored settings and makes each the global value.
// A setting this build does not know, or a value it refuses, is logged and
// skipped (the server still starts, as MySQL does with a stale file); it
// stays in the store until RESET PERSIST removes it.
func (e *Engine) loadPersisted() error {
	e.persist.vars = make(map[string]PersistedVar)
	if e.cfg.Persist == nil {
		return nil
	}
	list, err := e.cfg.Persist.Load()
	if err != nil {
		return err
	}
	for _, pv := range list {
		e.persist.vars[pv.Name] = pv
		d, key := e.vars.lookup(pv.Name)
		if d == nil || d.readOnly || d.scope&scopeGlobal == 0 {
			e.log.Warn("persisted variable not applied: not a settable global variable", "variable", pv.Name)
			continue
		}
		v, err := d.parse(pv.Value)
		if err != nil {
			e.log.Warn("persisted variable not applied: bad value", "variable", pv.Name, "value", pv.Value, "err", err)
			continue
		}
		e.vars.setGlobal(key, v)
	}
	return nil
}

// PersistedNames lists the persisted variables that are in effect, for the
// server to apply the ones it acts on after it has started its listeners.
func (e *Engine) PersistedNames() []string {
	e.persist.mu.Lock()
	defer e.persist.mu.Unlock()
	names := make([]string, 0, len(e.persist.vars))
	for name := range e.persist.vars {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// persistVar records name = v as set by the session's account and saves
// the list. It runs after the SET itself succeeded (or, for PERSIST_ONLY,
// after the value was validated).
func (s *Session) persistVar(name string, v expr.Value) error {
	if s.eng.cfg.Persist == nil {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'SET PERSIST without a data directory'")
	}
	d, key := s.eng.vars.lookup(name)
	pv := PersistedVar{Name: key, Value: d.showText(v), User: s.user, Host: s.clientHost, SetAt: time.Now().UTC()}
	p := &s.eng.persist
	p.mu.Lock()
	defer p.mu.Unlock()
	old, had := p.vars[key]
	p.vars[key] = pv
	if err := s.eng.cfg.Persist.Save(persistedList(p.vars)); err != nil {
		if had {
			p.vars[key] = old
		} else {
			delete(p.vars, key)
		}
		return mysqldef.NewError(mysqldef.ErrErrorOnWrite, "Error writing file 'mysqld-auto.cnf' (%v)", err)
	}
	return nil
}

func persistedList(m map[string]PersistedVar) []PersistedVar {
	list := make([]PersistedVar, 0, len(m))
	for _, pv := range m {
		list = append(list, pv)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return list
}

// resetPersistStmt is RESET PERSIST [[IF EXISTS] name].
type resetPersistStmt struct {
	ast.StmtNode // an empty SET, for the statement's text
	name         string
	ifExists     bool
}

var resetPersistRE = regexp.MustCompile("(?is)^\\s*RESET\\s+PERSIST(?:\\s+(IF\\s+EXISTS\\s+)?(`[^`]+`|[A-Za-z0-9_$.]+))?\\s*;?\\s*$")

// parseResetPersist reads RESET PERSIST, which the parser does not know.
func parseResetPersist(sql string) (ast.StmtNode, bool) {
	m := resetPersistRE.FindStringSubmatch(sql)
	if m == nil {
		return nil, false
	}
	inner := &ast.SetStmt{}
	inner.SetText(nil, strings.TrimSpace(sql))
	return &resetPersistStmt{StmtNode: inner, name: strings.ToLower(strings.Trim(m[2], "`")), ifExists: m[1] != ""}, true
}

// execResetPersist removes one persisted setting, or all of them; the
// running values stay as they are (as in MySQL).
func (s *Session) execResetPersist(st *resetPersistStmt, w ResultWriter, more bool) error {
	if s.eng.cfg.Persist == nil {
		return s.writeOK(w, 0, 0, "", more)
	}
	p := &s.eng.persist
	p.mu.Lock()
	defer p.mu.Unlock()
	next := make(map[string]PersistedVar, len(p.vars))
	if st.name != "" {
		for k, v := range p.vars {
			next[k] = v
		}
		key := st.name
		if _, k := s.eng.vars.lookup(st.name); k != "" {
			key = k
		}
		if _, ok := next[key]; !ok {
			msg := "Variable " + st.name + " does not exist in persisted config file"
			if !st.ifExists {
				return mysqldef.NewError(mysqldef.ErrVarDoesNotExist, "%s", msg)
			}
			s.AddWarning(mysqldef.ErrVarDoesNotExist, msg)
			return s.writeOK(w, 0, 0, "", more)
		}
		delete(next, key)
	}
	if err := s.eng.cfg.Persist.Save(persistedList(next)); err != nil {
		return mysqldef.NewError(mysqldef.ErrErrorOnWrite, "Error writing file 'mysqld-auto.cnf' (%v)", err)
	}
	p.vars = next
	return s.writeOK(w, 0, 0, "", more)
}

// splitPersistName reads the scope a parsed assignment's name carries:
// "persist.x" and "persist_only.x" are SET @@persist.x and SET
// @@persist_only.x (and SET PERSIST x after rewritePersist).
func splitPersistName(name string) (string, persistMode) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(lower, "persist."):
		return name[len("persist."):], persistSet
	case strings.HasPrefix(lower, "persist_only."):
		return name[len("persist_only."):], persistOnly
	}
	return name, persistNone
}

// rewritePersist turns SET PERSIST x = v and SET PERSIST_ONLY x = v into
// SET @@persist.x = v and SET @@persist_only.x = v, which the parser
// reads. A PERSIST keyword applies to the assignments after it that carry
// no scope of their own, as MySQL's scope keywords do. ok is false for any
// other text.
func rewritePersist(sql string) (string, bool) {
	trimmed := strings.TrimLeft(sql, " \t\r\n")
	if len(trimmed) < 4 || !strings.EqualFold(trimmed[:4], "SET ") && !strings.EqualFold(trimmed[:4], "SET\t") && !strings.EqualFold(trimmed[:4], "SET\n") {
		return "", false
	}
	body := trimmed[4:]
	var out strings.Builder
	out.WriteString("SET ")
	mode, found := "", false
	for _, seg := range splitTopLevel(body, ',') {
		lead := len(seg) - len(strings.TrimLeft(seg, " \t\r\n"))
		rest := seg[lead:]
		word, after := leadingWord(rest)
		switch strings.ToUpper(word) {
		case "PERSIST", "PERSIST_ONLY":
			mode, found = strings.ToLower(word), true
			rest = "@@" + mode + "." + strings.TrimLeft(after, " \t\r\n")
		case "GLOBAL", "SESSION", "LOCAL":
			mode = ""
		default:
			// An @x or @@scope.x assignment scopes itself and leaves the
			// carried keyword in force for the ones after it (MySQL).
			if mode != "" && !strings.HasPrefix(rest, "@") {
				rest = "@@" + mode + "." + rest
			}
		}
		if out.Len() > len("SET ") {
			out.WriteByte(',')
		}
		out.WriteString(seg[:lead])
		out.WriteString(rest)
	}
	return out.String(), found
}

// leadingWord splits off a leading identifier-like word.
func leadingWord(s string) (string, string) {
	i := 0
	for i < len(s) && (s[i] == '_' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n' {
		return "", s // "PERSIST=1" is an assignment to a variable named persist
	}
	return s[:i], s[i:]
}

// splitTopLevel splits s at sep outside quotes, comments and parentheses.
func splitTopLevel(s string, sep byte) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '`':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' && c != '`' {
					i++
				}
			}
		case '(':
			depth++
		case ')':
			depth--
		case '/':
			if i+1 < len(s) && s[i+1] == '*' {
				if end := strings.Index(s[i+2:], "*/"); end >= 0 {
					i += end + 3
				} else {
					i = len(s)
				}
			}
		case sep:
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

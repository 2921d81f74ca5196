package exec

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// sysVarStore holds the definitions and the global values. The globals
// are an immutable map replaced whole by each SET GLOBAL (copy on write):
// a session keeps the map that was current when it logged in, which is
// where its session-scope variables come from until it sets its own, as
// MySQL copies the globals into a session when it connects.
type sysVarStore struct {
	defs    map[string]*sysVarDef
	mu      sync.Mutex // serialises SET GLOBAL
	globals atomic.Pointer[globalValues]
}

// globalValues is one version of every global's value; never modified
// once published.
type globalValues map[string]expr.Value

func newSysVarStore(version string, seed map[string]string) (*sysVarStore, error) {
	st := &sysVarStore{defs: make(map[string]*sysVarDef, len(sysVarDefs))}
	globals := make(globalValues, len(sysVarDefs)+2)
	for i := range sysVarDefs {
		d := &sysVarDefs[i]
		st.defs[d.name] = d
		v, err := d.parse(d.def)
		if err != nil {
			return nil, err
		}
		globals[d.name] = v
	}
	globals["version"] = expr.StringValue(version)
	// MySQL's innodb_version is the server version's number part
	// (8.0.40): tools read it to tell which InnoDB they talk to.
	innodbVersion, _, _ := strings.Cut(version, "-")
	globals["innodb_version"] = expr.StringValue(innodbVersion)
	globals["system_time_zone"] = expr.StringValue(expr.SystemZoneName())
	for name, text := range seed {
		d, ok := st.defs[name]
		if !ok {
			return nil, mysqldef.NewError(mysqldef.ErrUnknownSystemVariable, "Unknown system variable '%s'", name)
		}
		v, err := d.parse(text)
		if err != nil {
			return nil, err
		}
		globals[name] = v
	}
	st.globals.Store(&globals)
	return st, nil
}

func (st *sysVarStore) lookup(name string) (*sysVarDef, string) {
	return st.lookupLower(strings.ToLower(name))
}

// lookupLower is lookup for a name already in lower case.
func (st *sysVarStore) lookupLower(name string) (*sysVarDef, string) {
	if alias, ok := sysVarAliases[name]; ok {
		name = alias
	}
	return st.defs[name], name
}

func (st *sysVarStore) global(name string) (expr.Value, bool) {
	v, ok := (*st.globals.Load())[name]
	return v, ok
}

// current is the globals as they are now, for a session to keep.
func (st *sysVarStore) current() *globalValues { return st.globals.Load() }

func (st *sysVarStore) setGlobal(name string, v expr.Value) {
	st.mu.Lock()
	defer st.mu.Unlock()
	next := maps.Clone(*st.globals.Load())
	next[name] = v
	st.globals.Store(&next)
}

// parse converts a SHOW VARIABLES-style text value.
func (d *sysVarDef) parse(text string) (expr.Value, error) {
	return d.coerce(expr.StringValue(text))
}

// coerce validates v for the variable, as SET does.
func (d *sysVarDef) coerce(v expr.Value) (expr.Value, error) {
	switch d.kind {
	case varCharset:
		return coerceCharsetVar(d, v)
	case varSQLMode:
		return coerceSQLMode(d, v)
	}
	bad := func() error {
		return mysqldef.NewError(mysqldef.ErrWrongValueForVar, "Variable '%s' can't be set to the value of '%s'", d.name, varText(v))
	}
	switch d.kind {
	case varBool:
		switch v.Kind() {
		case expr.KindInt, expr.KindUint:
			if n := v.Int(); n == 0 || n == 1 {
				return expr.IntValue(n), nil
			}
			return expr.Value{}, bad()
		case expr.KindString, expr.KindBytes:
			switch strings.ToUpper(v.Str()) {
			case "ON", "TRUE", "1":
				return expr.IntValue(1), nil
			case "OFF", "FALSE", "0":
				return expr.IntValue(0), nil
			}
		}
		return expr.Value{}, bad()
	case varInt:
		var n uint64
		switch v.Kind() {
		case expr.KindInt:
			if v.Int() < 0 {
				n = 0
			} else {
				n = uint64(v.Int())
			}
		case expr.KindUint:
			n = v.Uint()
		case expr.KindString, expr.KindBytes:
			u, err := strconv.ParseUint(strings.TrimSpace(v.Str()), 10, 64)
			if err != nil {
				return expr.Value{}, mysqldef.NewError(mysqldef.ErrWrongTypeForVar, "Incorrect argument type to variable '%s'", d.name)
			}
			n = u
		default:
			return expr.Value{}, mysqldef.NewError(mysqldef.ErrWrongTypeForVar, "Incorrect argument type to variable '%s'", d.name)
		}
		maxV := uint64(math.MaxUint64)
		if d.max >= 0 {
			maxV = uint64(d.max)
		}
		n = max(min(n, maxV), uint64(d.min))
		if n > math.MaxInt64 {
			return expr.UintValue(n), nil
		}
		return expr.IntValue(int64(n)), nil
	case varFloat:
		var f float64
		switch v.Kind() {
		case expr.KindInt, expr.KindUint, expr.KindFloat, expr.KindDecimal:
			f = expr.ToFloat(nil, v)
		case expr.KindString, expr.KindBytes:
			var err error
			if f, err = strconv.ParseFloat(strings.TrimSpace(v.Str()), 64); err != nil {
				return expr.Value{}, mysqldef.NewError(mysqldef.ErrWrongTypeForVar, "Incorrect argument type to variable '%s'", d.name)
			}
		default:
			return expr.Value{}, mysqldef.NewError(mysqldef.ErrWrongTypeForVar, "Incorrect argument type to variable '%s'", d.name)
		}
		if math.IsNaN(f) {
			return expr.Value{}, bad()
		}
		return expr.FloatValue(max(min(f, float64(d.max)), float64(d.min))), nil
	case varEnum:
		s := strings.ToUpper(varText(v))
		for _, e := range d.enum {
			if s == e || strings.ReplaceAll(s, " ", "-") == e {
				return expr.StringValue(e), nil
			}
		}
		return expr.Value{}, bad()
	case varZone:
		if v.IsNull() {
			return expr.Value{}, bad()
		}
		text := varText(v)
		if _, ok := expr.ParseTimeZone(text); !ok {
			return expr.Value{}, mysqldef.NewError(mysqldef.ErrUnknownTimeZone, "Unknown or incorrect time zone: '%s'", text)
		}
		return expr.StringValue(text), nil
	case varSet:
		if v.IsNull() {
			return expr.Value{}, bad()
		}
		given := map[string]bool{}
		for _, m := range strings.Split(strings.ToLower(varText(v)), ",") {
			given[strings.TrimSpace(m)] = true
		}
		var members []string
		for _, e := range d.enum { // in definition order, as MySQL shows a SET
			if given[e] {
				members = append(members, e)
				delete(given, e)
			}
		}
		if len(given) > 0 || len(members) == 0 {
			return expr.Value{}, bad()
		}
		return expr.StringValue(strings.Join(members, ",")), nil
	default:
		if v.IsNull() {
			return expr.Value{}, bad()
		}
		return expr.StringValue(varText(v)), nil
	}
}

// showText renders a variable's value as SHOW VARIABLES does.
func (d *sysVarDef) showText(v expr.Value) string {
	if d != nil && d.kind == varFloat {
		return strconv.FormatFloat(v.Float(), 'f', 6, 64) // MySQL shows 10.000000
	}
	if d != nil && d.kind == varBool {
		if v.Int() != 0 {
			return "ON"
		}
		return "OFF"
	}
	return varText(v)
}

func varText(v expr.Value) string {
	if v.IsNull() {
		return "NULL"
	}
	return string(v.AppendText(nil))
}

// SystemVar implements SessionEnv: @@name and @@global.name.
func (s *Session) SystemVar(name string, global bool) (expr.Value, error) {
	lname := strings.ToLower(name)
	if fn, ok := dynamicVars[lname]; ok && !global {
		return fn(s), nil
	}
	d, key := s.eng.vars.lookupLower(lname)
	if d == nil {
		return expr.Value{}, mysqldef.NewError(mysqldef.ErrUnknownSystemVariable, "Unknown system variable '%s'", name)
	}
	if global && d.scope&scopeGlobal == 0 {
		return expr.Value{}, mysqldef.NewError(mysqldef.ErrIncorrectGlobalLocalVar, "Variable '%s' is a SESSION variable", d.name)
	}
	if !global && d.scope&scopeSession != 0 {
		if v, ok := s.vars[key]; ok {
			return v, nil
		}
		if v, ok := s.handshakeVar(key); ok {
			return v, nil
		}
		if v, ok := s.databaseCharsetVar(key); ok {
			return v, nil
		}
		if g := s.loginGlobals; g != nil {
			if v, ok := (*g)[key]; ok {
				return v, nil // the global's value when the session began
			}
		}
	}
	v, _ := s.eng.vars.global(key)
	return v, nil
}

// setSystemVar implements SET [GLOBAL|SESSION] name = v (isDefault for
// SET name = DEFAULT).
func (s *Session) setSystemVar(name string, global bool, v expr.Value, isDefault bool) error {
	if err := s.checkSettable(name, global); err != nil {
		return err
	}
	d, key := s.eng.vars.lookup(name)
	var err error
	switch {
	case isDefault && global:
		v, err = d.parse(d.def)
	case isDefault:
		v, _ = s.eng.vars.global(key)
	default:
		v, err = d.coerce(v)
	}
	if err != nil {
		return err
	}
	if global {
		if key == "slow_query_log" {
			if err := s.eng.slow.setOn(v.Int() != 0); err != nil {
				return err
			}
		}
		s.eng.vars.setGlobal(key, v)
		if key == "long_query_time" {
			s.eng.slow.setLongQueryTime(v)
		}
		if s.eng.cfg.OnGlobalChange != nil {
			s.eng.cfg.OnGlobalChange(key, v)
		}
		return nil
	}
	if s.vars == nil {
		s.vars = make(map[string]expr.Value)
	}
	s.vars[key] = v
	s.varsChanged()
	s.applySessionVar(key, v)
	return nil
}

// applySessionVar keeps the session's cached state in step with the
// variables it acts on.
func (s *Session) applySessionVar(name string, v expr.Value) {
	switch name {
	case "autocommit":
		if v.Int() != 0 {
			s.status |= mysqldef.StatusAutocommit
			// Turning autocommit on commits an open transaction.
			_ = s.commitTxn()
		} else {
			s.status &^= mysqldef.StatusAutocommit
		}
	case "wait_timeout":
		s.waitTimeoutChanged = true
	case "time_zone":
		s.loc = nil
		s.text.drop() // cached plans hold key bounds of TIMESTAMP columns in UTC
	case "sql_mode":
		s.text.drop() // plans were checked under the old mode
	case "character_set_client", "character_set_results":
		s.refreshConnCharsets()
	}
}

// sqlModeHas reports whether the session's sql_mode contains mode.
func (s *Session) sqlModeHas(mode string) bool {
	return slices.Contains(s.sqlModes(), mode)
}

// sqlModes is the session's sql_mode as a list of upper-case mode names
// (split once per change of the variable: data-change statements ask
// several times each).
func (s *Session) sqlModes() []string { return s.hot().sqlModes }

package exec

import (
	"strings"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
)

// hotVars keeps the session variables the engine reads on (nearly) every
// statement, decoded: looking one up by name folds case and probes three
// maps, several times per statement. The values are the session's view
// (its own SET values over the globals it logged in with), which changes
// only at login, COM_RESET_CONNECTION and SET SESSION; each of those calls
// varsChanged. SET GLOBAL does not reach an open session's view.
type hotVars struct {
	valid            bool
	lockWait         time.Duration // innodb_lock_wait_timeout
	maxExecution     time.Duration // max_execution_time; 0: no limit
	foreignKeyChecks bool
	readOnly         bool     // transaction_read_only
	sqlModes         []string // sql_mode's names, upper case
}

// hot returns the session's hot variables, reading them after a change.
// It is allocated at the first statement: an idle connection does without.
func (s *Session) hot() *hotVars {
	h := s.hotVars
	if h == nil {
		h = new(hotVars)
		s.hotVars = h
	}
	if !h.valid {
		*h = hotVars{
			valid:            true,
			lockWait:         50 * time.Second,
			maxExecution:     time.Duration(s.varInt("max_execution_time")) * time.Millisecond,
			foreignKeyChecks: true,
			readOnly:         s.varInt("transaction_read_only") != 0,
		}
		if n := s.varInt("innodb_lock_wait_timeout"); n > 0 {
			h.lockWait = time.Duration(n) * time.Second
		}
		if v, err := s.SystemVar("foreign_key_checks", false); err == nil && !v.IsNull() {
			h.foreignKeyChecks = v.Int() != 0
		}
		if v, err := s.SystemVar("sql_mode", false); err == nil {
			// Stored values are canonical (coerceSQLMode): upper-case
			// names joined by bare commas.
			h.sqlModes = strings.Split(v.Str(), ",")
		}
	}
	return h
}

// varsChanged drops the decoded values after the session's view of its
// variables changed.
func (s *Session) varsChanged() {
	if s.hotVars != nil {
		s.hotVars.valid = false
	}
}

// varInt reads a numeric session variable, 0 when it cannot.
func (s *Session) varInt(name string) int64 {
	v, err := s.SystemVar(name, false)
	if err != nil || v.Kind() != expr.KindInt {
		return 0
	}
	return v.Int()
}

package exec

import (
	"testing"
	"time"
)

// BenchmarkSessionVarLookup is the engine's own read of a session variable
// on every statement (lock_wait_timeout, sql_mode, ...).
func BenchmarkSessionVarLookup(b *testing.B) {
	s := newTestSession(b)
	for b.Loop() {
		if _, err := s.SystemVar("innodb_lock_wait_timeout", false); err != nil {
			b.Fatal(err)
		}
	}
}

// sql_mode is read as names, whatever the case and spacing it was set
// with, and re-read when it changes.
func TestSQLModeNamesFollowTheVariable(t *testing.T) {
	s := newTestSession(t)
	one(t, s, "SET sql_mode = 'no_zero_date, strict_trans_tables'")
	if !s.strictMode() || !s.sqlModeHas("NO_ZERO_DATE") {
		t.Fatalf("modes %q: strict %v", s.sqlModes(), s.strictMode())
	}
	one(t, s, "SET sql_mode = ''")
	if s.strictMode() || s.sqlModeHas("NO_ZERO_DATE") {
		t.Fatalf("empty sql_mode still reads as %q", s.sqlModes())
	}
	one(t, s, "SET sql_mode = 'STRICT_ALL_TABLES'")
	if !s.strictMode() {
		t.Fatalf("STRICT_ALL_TABLES not strict: %q", s.sqlModes())
	}
}

// The decoded hot variables follow SET SESSION at once, ignore SET GLOBAL
// (a session keeps the globals it logged in with) and are read again after
// COM_RESET_CONNECTION.
func TestHotVarsFollowTheSession(t *testing.T) {
	s := newTestSession(t)
	if s.lockWait() != 50*time.Second || !s.foreignKeyChecks() || s.nextReadOnly() {
		t.Fatalf("defaults: %v %v %v", s.lockWait(), s.foreignKeyChecks(), s.nextReadOnly())
	}
	one(t, s, "SET innodb_lock_wait_timeout = 7")
	one(t, s, "SET SESSION foreign_key_checks = OFF")
	one(t, s, "SET @@session.transaction_read_only = 1")
	one(t, s, "SET max_execution_time = 250")
	if s.lockWait() != 7*time.Second || s.foreignKeyChecks() || !s.nextReadOnly() || s.hot().maxExecution != 250*time.Millisecond {
		t.Fatalf("after SET SESSION: %v %v %v %v", s.lockWait(), s.foreignKeyChecks(), s.nextReadOnly(), s.hot().maxExecution)
	}
	one(t, s, "SET GLOBAL innodb_lock_wait_timeout = 9")
	if s.lockWait() != 7*time.Second {
		t.Fatalf("SET GLOBAL reached an open session: %v", s.lockWait())
	}
	s.Reset()
	if s.lockWait() != 9*time.Second || !s.foreignKeyChecks() || s.nextReadOnly() || s.hot().maxExecution != 0 {
		t.Fatalf("after a reset: %v %v %v %v", s.lockWait(), s.foreignKeyChecks(), s.nextReadOnly(), s.hot().maxExecution)
	}
}

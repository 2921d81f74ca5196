package exec

import "testing"

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

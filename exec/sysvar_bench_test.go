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

package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// A statement that manages prepared statements cannot itself be prepared (MySQL: 1295).
// PREPARE p FROM 'EXECUTE p' followed by EXECUTE p once ran itself until the goroutine's
// stack overflowed, a fatal error that took the whole server down (found by
// TestSQLNeverPanics).
func TestPrepareRefusesPreparedStatementCommands(t *testing.T) {
	s := newTestSession(t)
	for _, q := range []string{
		"PREPARE p FROM 'EXECUTE p'",
		"PREPARE p FROM 'EXECUTE q USING @a'",
		"PREPARE p FROM 'PREPARE q FROM ''SELECT 1'''",
		"PREPARE p FROM 'DEALLOCATE PREPARE q'",
	} {
		wantErr(t, s, q, mysqldef.ErrUnsupportedPS, "not supported in the prepared statement protocol")
	}
	wantErr(t, s, "EXECUTE p", mysqldef.ErrUnknownStmtHandler, "Unknown prepared statement handler (p)")
	// The binary protocol refuses them the same way.
	for _, q := range []string{"EXECUTE p", "PREPARE q FROM 'SELECT 1'", "DEALLOCATE PREPARE q"} {
		_, err := s.Prepare(q)
		if e, ok := err.(*mysqldef.SQLError); !ok || e.Code != mysqldef.ErrUnsupportedPS {
			t.Errorf("COM_STMT_PREPARE %s: %v, want 1295", q, err)
		}
	}
	one(t, s, "PREPARE p FROM 'SELECT 1'") // an ordinary statement still prepares
	one(t, s, "EXECUTE p")
}

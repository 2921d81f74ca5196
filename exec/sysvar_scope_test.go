package exec

import "testing"

// A session's session-scope variables start from the globals as they were
// when it logged in: SET GLOBAL changes new sessions, not open ones (nor
// @@GLOBAL reads, which see it at once), and COM_RESET_CONNECTION takes
// the globals again.
func TestSetGlobalReachesNewSessionsOnly(t *testing.T) {
	a := newTestSession(t)
	mustExec(t, a, "SET GLOBAL sql_mode = 'ANSI_QUOTES'", "SET GLOBAL wait_timeout = 1234")
	if got := rowsOf(t, a, "SELECT @@sql_mode, @@wait_timeout"); got == "ANSI_QUOTES,1234" {
		t.Fatalf("the open session took the new globals: %s", got)
	}
	if got := rowsOf(t, a, "SELECT @@GLOBAL.sql_mode, @@GLOBAL.wait_timeout"); got != "ANSI_QUOTES,1234" {
		t.Fatalf("@@GLOBAL reads: %s", got)
	}
	b := a.eng.NewSession(8, "localhost", nil, nil)
	b.Login("root", "localhost", ClientOptions{}, "")
	if got := rowsOf(t, b, "SELECT @@sql_mode, @@wait_timeout"); got != "ANSI_QUOTES,1234" {
		t.Fatalf("a new session: %s", got)
	}
	// Global-only variables have one value for everyone.
	mustExec(t, a, "SET GLOBAL max_connections = 99")
	if got := rowsOf(t, b, "SELECT @@max_connections"); got != "99" {
		t.Fatalf("global-only variable: %s", got)
	}
	a.Reset()
	if got := rowsOf(t, a, "SELECT @@sql_mode, @@wait_timeout"); got != "ANSI_QUOTES,1234" {
		t.Fatalf("after a reset: %s", got)
	}
	// SET SESSION x = DEFAULT takes the global's current value.
	mustExec(t, b, "SET GLOBAL wait_timeout = 77", "SET SESSION wait_timeout = DEFAULT")
	if got := rowsOf(t, b, "SELECT @@wait_timeout"); got != "77" {
		t.Fatalf("SET SESSION ... = DEFAULT: %s", got)
	}
}

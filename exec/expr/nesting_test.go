package expr

import (
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
)

// Compiling a deeply nested expression must stay near linear in its depth. The text MySQL
// quotes in out-of-range errors was once rendered for every arithmetic node and function at
// compile time, so each level printed the whole subtree below it: 1000 levels of ABS(1 + ...)
// took over ten seconds and TestSQLNeverPanics saw the statement hang. The error text is
// still the full expression, rendered when the error happens.
func TestDeepNestingCompilesInLinearTime(t *testing.T) {
	const depth = 3000
	for _, c := range []struct{ open, close string }{
		{"ABS(1 + ", ")"},
		{"-(1 * ", ")"},
		{"CAST(1 + ", " AS SIGNED)"},
		{"EXP(0 - ", ")"},
	} {
		e := strings.Repeat(c.open, depth) + "1" + strings.Repeat(c.close, depth)
		start := time.Now()
		if _, _, err := evalSQL(t, newTestEnv(), e); err != nil {
			t.Errorf("%s...: %v", c.open, err)
		}
		// Before the fix 3000 levels took minutes; now milliseconds. The bound leaves room
		// for a slow, shared machine.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s... %d levels deep took %v", c.open, depth, d)
		}
	}
	// The error names the whole expression, as before.
	e := strings.Repeat("ABS(1 + ", 3) + "9223372036854775807" + strings.Repeat(")", 3)
	_, _, err := evalSQL(t, newTestEnv(), e)
	want := "BIGINT value is out of range in '(1 + 9223372036854775807)'"
	if se, ok := err.(*mysqldef.SQLError); !ok || se.Code != mysqldef.ErrDataOutOfRange || se.Message != want {
		t.Errorf("got %v, want 1690 %q", err, want)
	}
}

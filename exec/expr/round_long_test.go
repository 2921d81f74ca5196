package expr

import (
	"strings"
	"testing"
)

// ROUND and TRUNCATE of a value with more digits than fit beside the requested decimals in
// the decimal context's 100 digits: the padded result is exact, so it is returned, not
// apd's "invalid operation" as ERR 1105 (found by TestSQLNeverPanics).
func TestRoundLongDecimal(t *testing.T) {
	n81 := strings.Repeat("9", 81) // the most digits the parser's literal holds
	n72 := n81[9:]                 // 72 digits: room left for a fraction in the literal
	for _, c := range []struct{ expr, want string }{
		{"TRUNCATE(" + n81 + ", 100)", n81 + "." + strings.Repeat("0", 30)},
		{"ROUND(" + n72 + ".5, 30)", n72 + ".5" + strings.Repeat("0", 29)},
		{"ROUND(" + n72 + ".5)", "1" + strings.Repeat("0", 72)},
		{"TRUNCATE(-" + n72 + ".2, 0)", "-" + n72},
		{"ROUND(" + n81 + ", -80)", "1" + strings.Repeat("0", 81)},
	} {
		v, _, err := evalSQL(t, newTestEnv(), c.expr)
		if err != nil {
			t.Errorf("%.40s: %v", c.expr, err)
			continue
		}
		if got := string(v.AppendText(nil)); got != c.want {
			t.Errorf("%.40s: got %s, want %s", c.expr, got, c.want)
		}
	}
}

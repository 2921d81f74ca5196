package expr

import "testing"

// MySQL 8: a hex or bit literal is a binary string that reads as an
// unsigned integer in numeric context. MariaDB agrees for 0x41 but reads
// X'41' + 0 as the string 'A' (0), so X'41' is checked here, not in the
// differential scripts.
func TestHexLiteralNumericContext(t *testing.T) {
	env := newTestEnv()
	for _, c := range []struct{ expr, want string }{
		{"0x41 + 0", "65"}, {"X'41' + 0", "65"}, {"x'4142' + 1", "16707"}, {"X'' + 0", "0"},
		{"b'1000001' + 0", "65"}, {"-0x41", "-65"}, {"0x41 * 2", "130"}, {"0x41 | 0", "65"},
		{"CAST(X'41' AS UNSIGNED)", "65"}, {"CAST(0x41 AS SIGNED)", "65"}, {"0x41 = 65", "1"},
		{"X'41' = 65", "1"}, {"0x41", "A"}, {"X'41' = 'A'", "1"}, {"CONCAT(0x41, 'b')", "Ab"},
	} {
		v, _, err := evalSQL(t, env, c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if got := string(v.AppendText(nil)); got != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got, c.want)
		}
	}
}

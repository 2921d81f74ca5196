package exec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

func TestFitDecimalLiteral(t *testing.T) {
	nines81 := strings.Repeat("9", 81)
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"1.5", "1.5", true},
		{nines81, nines81, true},
		{nines81 + "9", "", false},
		{strings.Repeat("0", 100) + "5", strings.Repeat("0", 100) + "5", true}, // leading zeros take no room
		{"1." + strings.Repeat("3", 100), "1." + strings.Repeat("3", 72), true},
		{"0." + strings.Repeat("0", 100) + "1", "0." + strings.Repeat("0", 72), true},
		{strings.Repeat("7", 10) + "." + strings.Repeat("1", 80), strings.Repeat("7", 10) + "." + strings.Repeat("1", 63), true},
	} {
		got, ok := fitDecimalLiteral(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("fitDecimalLiteral(%.20s… len %d) = %.20s… len %d, %v; want len %d, %v", c.in, len(c.in), got, len(got), ok, len(c.want), c.ok)
		}
	}
}

// A numeric literal longer than the parser's value driver holds used to
// panic inside the parser and drop the session (found by TestSQLNeverPanics
// through PREPARE ... FROM @v with @v a long HEX() string). MySQL and
// MariaDB read an integer literal too long for DECIMAL as the largest
// DECIMAL(65) and cut a fraction to the digits that fit.
func TestLongNumericLiteralsDoNotPanic(t *testing.T) {
	s := newTestSession(t)
	long := strings.Repeat("2", 144)
	for _, c := range []struct{ sql, want string }{
		{"SELECT " + long, "[[" + strings.Repeat("9", 65) + "]]"},
		{"SELECT -" + long, "[[-" + strings.Repeat("9", 65) + "]]"},
		{"SELECT 1." + strings.Repeat("3", 100), "[[1." + strings.Repeat("3", 72) + "]]"},
		{"SELECT " + strings.Repeat("9", 70), "[[" + strings.Repeat("9", 70) + "]]"},
	} {
		if got := fmt.Sprint(one(t, s, c.sql).rows); got != c.want {
			t.Errorf("%.30s…: got %s, want %s", c.sql, got, c.want)
		}
	}
	one(t, s, "SET @v = HEX(REPEAT(' padded ', 9))")
	wantErr(t, s, "PREPARE p2 FROM @v", 1064, "syntax")
	wantErr(t, s, "SELECT 1e400", 1367, "Illegal double '1e400'")
	// The prepared-statement path parses through the same guard.
	one(t, s, "PREPARE p3 FROM 'SELECT "+long+" + ?'")
	if got := fmt.Sprint(one(t, s, "EXECUTE p3 USING @nosuch").rows); got != "[[NULL]]" {
		t.Errorf("EXECUTE p3: %s", got)
	}
	one(t, s, "SELECT 1") // the session is still alive
}

// FuzzDecimalLiteral feeds the guarded driver digit strings of any length:
// it must return a value or the out-of-range report, never panic.
func FuzzDecimalLiteral(f *testing.F) {
	f.Add(uint8(81), uint8(0))
	f.Add(uint8(82), uint8(0))
	f.Add(uint8(1), uint8(120))
	f.Add(uint8(0), uint8(200))
	f.Fuzz(func(t *testing.T, intDigits, fracDigits uint8) {
		lit := strings.Repeat("7", int(intDigits))
		if lit == "" {
			lit = "0"
		}
		if fracDigits > 0 {
			lit += "." + strings.Repeat("3", int(fracDigits))
		}
		v, err := ast.NewDecimal(lit)
		if err == nil && v == nil {
			t.Fatalf("%s: no value and no error", lit)
		}
		if err != nil && intDigits <= 81 {
			t.Fatalf("%s: %v", lit, err)
		}
	})
}

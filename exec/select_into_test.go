package exec

import (
	"fmt"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

func TestCutSelectInto(t *testing.T) {
	for _, c := range []struct {
		sql, rest string
		vars      []string
	}{
		{"SELECT 1 INTO @a", "SELECT 1        ", []string{"a"}},
		{"select a, b into @A , @`b c` from t", "select a, b                  from t", []string{"a", "b c"}},
		{"SELECT a FROM t WHERE x = 'INTO @z' INTO @v", "SELECT a FROM t WHERE x = 'INTO @z'        ", []string{"v"}},
		{"SELECT (SELECT 1) INTO @'q'", "SELECT (SELECT 1)          ", []string{"q"}},
	} {
		rest, vars, found, err := cutSelectInto(c.sql)
		if err != nil || !found || rest != c.rest || fmt.Sprint(vars) != fmt.Sprint(c.vars) {
			t.Errorf("cutSelectInto(%q) = %q %q %v %v, want %q %q", c.sql, rest, vars, found, err, c.rest, c.vars)
		}
	}
	for _, sql := range []string{"INSERT INTO t SELECT 1", "SELECT 1", "SELECT 'INTO @x'", "SELECT a INTO @@x"} {
		if _, _, found, err := cutSelectInto(sql); found || err != nil {
			t.Errorf("cutSelectInto(%q): found %v, %v", sql, found, err)
		}
	}
}

// Writing files on the server is refused as MySQL 8 refuses it with
// secure_file_priv = NULL: 1290 (MariaDB, which the diff scripts compare
// with, writes the file).
func TestSelectIntoFileRefused(t *testing.T) {
	s := newTestSession(t)
	for _, q := range []string{"SELECT 1 INTO OUTFILE '/tmp/loopdb-never'", "SELECT 1 INTO DUMPFILE '/tmp/loopdb-never'",
		"SELECT 1 FROM DUAL INTO OUTFILE '/tmp/loopdb-never' FIELDS TERMINATED BY ','"} {
		wantErr(t, s, q, mysqldef.ErrOptionPreventsStmt, "--secure-file-priv")
	}
	one(t, s, "SELECT 7 INTO @seven")
	if r := one(t, s, "SELECT @seven"); fmt.Sprint(r.rows) != "[[7]]" {
		t.Fatal(r.rows)
	}
	r := one(t, s, "SELECT 8 FROM DUAL WHERE 1 = 0 INTO @seven")
	if r.ok == nil || r.ok.Warnings != 1 || r.ok.AffectedRows != 0 {
		t.Errorf("zero rows: %+v, want OK with 1 warning (1329)", r.ok)
	}
	if r := one(t, s, "SHOW WARNINGS"); fmt.Sprint(r.rows) != "[[Warning 1329 No data - zero rows fetched, selected, or processed]]" {
		t.Errorf("warnings %v", r.rows)
	}
}

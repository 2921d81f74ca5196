package e2e

// Statements TestSQLNeverPanics found answered wrongly, each kept with the answer MySQL 8 gives.

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/internal/myclient"
)

func TestSQLGeneratorRegressions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "")
	cases := []struct {
		sql     string
		errCode uint16 // 0: must succeed
		rows    string // when not "": the rows, columns joined by "|", rows by ";"
	}{
		{"CREATE DATABASE g", 0, ""},
		{"CREATE TABLE g.t (id INT PRIMARY KEY, a INT, u BIGINT UNSIGNED, e DECIMAL(10,2), n TINYINT)", 0, ""},
		// A DOUBLE far past any integer or DECIMAL column: out of range (1264), once 1105
		// "invalid operation" from rounding 1e100 within 100 digits of precision.
		{"INSERT INTO g.t VALUES (1, 1e308, 0, 0, 0)", 1264, ""},
		{"INSERT INTO g.t (id) VALUES (1e100)", 1264, ""},
		{"INSERT INTO g.t VALUES (3, 0, 0, -1e308, 0)", 1264, ""},
		{"INSERT INTO g.t VALUES (3, 0, 1e308, 0, 0)", 1264, ""},
		// Without strict mode's error (IGNORE) the values are clamped to the column's range.
		{"INSERT IGNORE INTO g.t VALUES (4, 1e308, 1e308, 1e308, -1e308), (5, 0, -1e308, -1e308, 1e-308)", 0, ""},
		{"SELECT * FROM g.t ORDER BY id", 0, "4|2147483647|18446744073709551615|99999999.99|-128;5|0|0|-99999999.99|0"},
		{"UPDATE g.t SET a = -1e200 WHERE id = 5", 1264, ""},
		// A statement prepared as its own EXECUTE ran itself until the stack overflowed and
		// the server died; PREPARE, EXECUTE and DEALLOCATE cannot be prepared (1295).
		{"PREPARE p FROM 'EXECUTE p'", 1295, ""},
		{"EXECUTE p", 1243, ""},
		{"PREPARE p FROM 'DEALLOCATE PREPARE p'", 1295, ""},
		{"SELECT 1", 0, "1"},
		// Padding a long DECIMAL out to 30 decimals needs 111 digits: once ERR 1105.
		{"SELECT TRUNCATE(" + strings.Repeat("9", 81) + ", 100)", 0, strings.Repeat("9", 81) + "." + strings.Repeat("0", 30)},
		// SUM of JSON is a DOUBLE; summed as decimals, 1e308 was ERR 1105.
		{"CREATE TABLE g.j (id INT PRIMARY KEY, j JSON)", 0, ""},
		{"INSERT INTO g.j VALUES (1, '1e308'), (2, '0.5')", 0, ""},
		{"SELECT SUM(j) FROM g.j WHERE id = 1", 0, "1e308"},
		// A SELECT without FROM aggregates over its one row (once 1235).
		{"SELECT COUNT(*), SUM(2) WHERE 1", 0, "1|2"},
	}
	for _, c := range cases {
		rs, err := rc.Query(c.sql)
		if c.errCode != 0 {
			if myclient.ErrCode(err) != c.errCode {
				t.Errorf("%s: %v, want ERR %d", c.sql, err, c.errCode)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if c.rows == "" {
			continue
		}
		var got []string
		for _, r := range rs.Rows {
			var cols []string
			for _, v := range r {
				if v == nil {
					cols = append(cols, "NULL")
				} else {
					cols = append(cols, *v)
				}
			}
			got = append(got, strings.Join(cols, "|"))
		}
		if g := strings.Join(got, ";"); g != c.rows {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, g, c.rows)
		}
	}
}

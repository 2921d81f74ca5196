package exec

import (
	"strings"
	"testing"
)

// MySQL 8's default sql_mode (STRICT_TRANS_TABLES, NO_ZERO_DATE,
// ERROR_FOR_DIVISION_BY_ZERO) turns two silent results into errors in
// data-change statements: a zero date (1292) and a division by zero (1365).
// Without the mode, or with IGNORE, they are warnings. MariaDB's default
// sql_mode lacks NO_ZERO_DATE, so this is checked against MySQL 8's rules.
func TestStrictZeroDateAndDivisionByZero(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE z (id INT PRIMARY KEY, d DATE, dt DATETIME, n INT)")
	wantErr(t, s, "INSERT INTO z VALUES (1, '0000-00-00', NULL, 1)", 1292, "Incorrect date value: '0000-00-00' for column 'd' at row 1")
	wantErr(t, s, "INSERT INTO z (id, dt) VALUES (1, '0000-00-00 00:00:00')", 1292, "Incorrect datetime value: '0000-00-00 00:00:00' for column 'dt' at row 1")
	wantErr(t, s, "INSERT INTO z VALUES (1, '2020-01-01', NULL, 1/0)", 1365, "Division by 0")
	wantErr(t, s, "INSERT INTO z SELECT 1, NULL, NULL, 5 MOD 0", 1365, "Division by 0")
	mustExec(t, s, "INSERT INTO z VALUES (1, '2020-01-01', NULL, 7)")
	wantErr(t, s, "UPDATE z SET n = n DIV 0", 1365, "Division by 0")
	wantErr(t, s, "CREATE TABLE bad (d DATE DEFAULT '0000-00-00')", 1067, "Invalid default value for 'd'")
	if got := rowsOf(t, s, "SELECT * FROM z"); got != "1,2020-01-01,NULL,7" {
		t.Fatalf("after the refused statements: %q", got)
	}

	// IGNORE: warnings, the zero date and NULL stored.
	mustExec(t, s, "INSERT IGNORE INTO z VALUES (2, '0000-00-00', NULL, 1/0)")
	// (MySQL stores each value as it evaluates it, so its 1292 comes
	// first; loopdb evaluates the row, then stores it: same set.)
	got := rowsOf(t, s, "SHOW WARNINGS")
	if !strings.Contains(got, "Warning,1292,Incorrect date value: '0000-00-00' for column 'd' at row 1") ||
		!strings.Contains(got, "Warning,1365,Division by 0") || strings.Count(got, ";") != 1 {
		t.Errorf("INSERT IGNORE warnings: %q", got)
	}
	// A SELECT is not a data change: NULL and a warning.
	if got := rowsOf(t, s, "SELECT 1/0"); got != "NULL" {
		t.Errorf("SELECT 1/0: %q", got)
	}
	// Without the modes the values go in.
	mustExec(t, s, "SET sql_mode = 'STRICT_TRANS_TABLES'", "INSERT INTO z VALUES (3, '0000-00-00', NULL, 1/0)")
	if got := rowsOf(t, s, "SELECT * FROM z WHERE id >= 2"); got != "2,0000-00-00,NULL,NULL;3,0000-00-00,NULL,NULL" {
		t.Errorf("rows stored without the modes: %q", got)
	}
}

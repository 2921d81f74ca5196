package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// sql_mode is validated, its combination modes expanded and its names
// shown in MySQL 8's bit order. The expected strings are MySQL 8's: MariaDB
// also expands TRADITIONAL but adds NO_AUTO_CREATE_USER, a mode MySQL 8
// removed (and rejects, as loopdb does).
func TestSQLModeValues(t *testing.T) {
	s := newTestSession(t)
	for _, c := range []struct{ set, want string }{
		{"'TRADITIONAL'", "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,NO_ENGINE_SUBSTITUTION"},
		{"'ansi'", "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ONLY_FULL_GROUP_BY,ANSI"},
		{"'strict_all_tables, ansi_quotes'", "ANSI_QUOTES,STRICT_ALL_TABLES"},
		{"''", ""},
		{"0", ""},
		{"2097152", "STRICT_TRANS_TABLES"},
		// The usual way to drop one mode leaves empty names behind.
		{"',,NO_ZERO_DATE,'", "NO_ZERO_DATE"},
		{"'TIME_TRUNCATE_FRACTIONAL,PAD_CHAR_TO_FULL_LENGTH'", "PAD_CHAR_TO_FULL_LENGTH,TIME_TRUNCATE_FRACTIONAL"},
	} {
		mustExec(t, s, "SET sql_mode = "+c.set)
		if got := rowsOf(t, s, "SELECT @@sql_mode"); got != c.want {
			t.Errorf("SET sql_mode = %s: @@sql_mode %q, want %q", c.set, got, c.want)
		}
	}
	mustExec(t, s, "SET sql_mode = 'STRICT_TRANS_TABLES'")
	for _, c := range []struct{ set, shown string }{
		{"'NO_SUCH_MODE'", "NO_SUCH_MODE"},
		{"'STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER'", "NO_AUTO_CREATE_USER"},
		{"'NOT_USED'", "NOT_USED"},
		{"NULL", "NULL"},
		{"16", "16"}, // an unused bit
		{"-1", "-1"},
	} {
		wantErr(t, s, "SET sql_mode = "+c.set, mysqldef.ErrWrongValueForVar, "can't be set to the value of '"+c.shown+"'")
	}
	if got := rowsOf(t, s, "SELECT @@sql_mode"); got != "STRICT_TRANS_TABLES" {
		t.Fatalf("a refused value changed sql_mode: %q", got)
	}
	wantErr(t, s, "SET sql_mode = 1.5", mysqldef.ErrWrongTypeForVar, "Incorrect argument type")
	wantErr(t, s, "SET GLOBAL sql_mode = 'BOGUS'", mysqldef.ErrWrongValueForVar, "'BOGUS'")
}

// TRADITIONAL makes bad values errors, as the strict modes it stands for do.
func TestSQLModeTraditionalIsStrict(t *testing.T) {
	s := newTestSession(t)
	mustExec(t, s, "CREATE DATABASE d", "USE d", "CREATE TABLE t (id INT PRIMARY KEY, n TINYINT)")
	mustExec(t, s, "SET sql_mode = ''", "INSERT INTO t VALUES (1, 1000)")
	if got := rowsOf(t, s, "SELECT n FROM t"); got != "127" {
		t.Fatalf("non-strict insert stored %s", got)
	}
	mustExec(t, s, "SET sql_mode = 'TRADITIONAL'")
	wantErr(t, s, "INSERT INTO t VALUES (2, 1000)", mysqldef.ErrWarnDataOutOfRange, "Out of range")
	wantErr(t, s, "INSERT INTO t VALUES (3, 1/0)", mysqldef.ErrDivisionByZero, "Division by 0")
}

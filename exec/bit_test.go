package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// BIT(M) columns at the SQL level: declared widths, stored values in
// numeric context, defaults as b'...', the result column type, and the
// BIT_AND/BIT_OR/BIT_XOR aggregates (unsigned, never NULL).
func TestBitColumnsSQL(t *testing.T) {
	s := tableSession(t)
	wantErr(t, s, "CREATE TABLE bad (b BIT(65))", mysqldef.ErrTooBigDisplaywidth, "Display width out of range for column 'b' (max = 64)")
	wantErr(t, s, "CREATE TABLE bad (b BIT(0))", mysqldef.ErrInvalidFieldSize, "Invalid size for column 'b'.")
	mustExec(t, s,
		"CREATE TABLE t (id INT PRIMARY KEY, b BIT(8), f BIT DEFAULT b'1', w BIT(12) NOT NULL DEFAULT 5, KEY (b))",
		"INSERT INTO t (id, b) VALUES (1, b'101'), (2, 0x0f), (3, 'A'), (4, NULL)")
	wantErr(t, s, "INSERT INTO t (id, b) VALUES (9, 256)", mysqldef.ErrDataTooLong, "Data too long for column 'b' at row 1")
	wantErr(t, s, "CREATE TABLE bad (b BIT(2) DEFAULT 4)", mysqldef.ErrInvalidDefault, "Invalid default value for 'b'")
	cases := []struct{ sql, want string }{
		{"SELECT id, b + 0, f + 0, w + 0 FROM t ORDER BY id", "1,5,1,5;2,15,1,5;3,65,1,5;4,NULL,1,5"},
		{"SELECT id FROM t WHERE b = 15", "2"},
		{"SELECT id FROM t WHERE b = b'1111'", "2"},
		{"SELECT id FROM t WHERE f = 1 AND b > 5 ORDER BY b DESC", "3;2"},
		{"SELECT BIN(b), HEX(b), CAST(b AS UNSIGNED), BIT_COUNT(b) FROM t WHERE id = 3", "1000001,41,65,2"},
		{"SELECT BIT_AND(b), BIT_OR(b), BIT_XOR(b) FROM t", "1,79,75"},
		{"SELECT IFNULL(b, 'x'), COALESCE(NULL, b, 'z'), CASE WHEN id = 3 THEN b ELSE 'q' END, IF(id = 3, b, 'n'), IFNULL(b, 0) FROM t WHERE id = 3", "A,A,A,A,65"},
		// MySQL 8 keeps a BIT in JSON as an opaque value of type 16 (its bytes).
		{"SELECT JSON_OBJECT('b', b), JSON_ARRAY(w, b + 0) FROM t WHERE id = 1", `{"b": "base64:type16:BQ=="},["base64:type16:AAU=", 5]`},
		{"SELECT CONCAT(b), LENGTH(b), CAST(b AS CHAR), HEX(CAST(w AS BINARY)), LENGTH(w), CONCAT(MAX(b)) FROM t WHERE id = 3 GROUP BY id", "A,1,A,0005,2,A"},
		{"SELECT BIT_AND(b), BIT_OR(b), BIT_XOR(b) FROM t WHERE id > 10", "18446744073709551615,0,0"},
		{"SELECT id, BIT_AND(b) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), BIT_OR(b) OVER (ORDER BY id), BIT_XOR(b) OVER () FROM t ORDER BY id",
			"1,5,5,75;2,5,15,75;3,1,79,75;4,65,79,75"},
		{"SELECT COLUMN_TYPE, NUMERIC_PRECISION, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_NAME = 't' AND COLUMN_NAME = 'w'", "bit(12),12,b'101'"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s = %q, want %q", c.sql, got, c.want)
		}
	}
	// A number or a bit/hex literal compared with an indexed BIT column is a key lookup.
	for _, q := range []string{"EXPLAIN SELECT id FROM t WHERE b = 15", "EXPLAIN SELECT id FROM t WHERE b = b'1111'", "EXPLAIN SELECT id FROM t WHERE b = 0x0f"} {
		if r := one(t, s, q); len(r.rows) != 1 || r.rows[0][4] != "ref" || r.rows[0][6] != "b" || r.rows[0][7] != "2" {
			t.Errorf("%s: %v; want a ref lookup on b (key_len 2)", q, r.rows)
		}
	}
	// UNION: BIT(8) with BIT(12) is BIT(12); BIT with a number is a number.
	if r := one(t, s, "SELECT b FROM t WHERE id = 2 UNION SELECT w FROM t WHERE id = 1"); r.cols[0].Type != mysqldef.TypeBit || r.cols[0].Length != 12 {
		t.Errorf("BIT(8) UNION BIT(12): %+v", r.cols[0])
	}
	if r := one(t, s, "SELECT b FROM t WHERE id = 2 UNION SELECT 300"); r.cols[0].Type != mysqldef.TypeLongLong || rowsOf(t, s, "SELECT b FROM t WHERE id = 2 UNION SELECT 300") != "15;300" {
		t.Errorf("BIT(8) UNION 300: %+v %v", r.cols[0], r.rows)
	}
	// INSERT ... SELECT copies a BIT as its number, into a string column too
	// (MySQL's field copy reads it as an integer; MariaDB agrees).
	mustExec(t, s, "CREATE TABLE dst (id INT PRIMARY KEY, s VARBINARY(8), n INT, c BIT(8))",
		"INSERT INTO dst SELECT id, b, b, b FROM t WHERE id IN (1, 3)")
	if got := rowsOf(t, s, "SELECT id, HEX(s), n, c + 0 FROM dst ORDER BY id"); got != "1,35,5,5;3,3635,65,65" {
		t.Errorf("INSERT ... SELECT of BIT: %q", got)
	}
	r := one(t, s, "SHOW CREATE TABLE t")
	if want := "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  `b` bit(8) DEFAULT NULL,\n  `f` bit(1) DEFAULT b'1',\n  `w` bit(12) NOT NULL DEFAULT b'101',"; len(r.rows) != 1 || len(r.rows[0][1]) < len(want) || r.rows[0][1][:len(want)] != want {
		t.Errorf("SHOW CREATE TABLE:\n%v\nwant it to start with\n%s", r.rows, want)
	}
	// The result column is MYSQL_TYPE_BIT, length M, UNSIGNED, binary.
	r = one(t, s, "SELECT w FROM t WHERE id = 1")
	if ct := r.cols[0]; ct.Type != mysqldef.TypeBit || ct.Length != 12 || ct.Flags&mysqldef.FlagUnsigned == 0 || ct.Collation != mysqldef.CollationBinary {
		t.Errorf("column type of a BIT(12): %+v", ct)
	}
}

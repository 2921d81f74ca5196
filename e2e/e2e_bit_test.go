package e2e

import (
	"bytes"
	"database/sql"
	"reflect"
	"strings"
	"testing"
	"time"
)

// BIT(M) through go-sql-driver in both protocols: the text protocol
// (interpolateParams=true: arguments are spliced into the SQL) and the
// binary one (the default: COM_STMT_PREPARE/EXECUTE, binary rows). A BIT
// value arrives as (M+7)/8 big-endian bytes, announced as MYSQL_TYPE_BIT,
// so the driver hands out []byte; parameters bound as integers, booleans
// and byte strings store the bits MySQL 8 stores. The b'...' default and
// the stored values survive a restart.
func TestBitColumns(t *testing.T) {
	t.Parallel()
	datadir := t.TempDir()
	s := launch(t, datadir, nil)
	t.Cleanup(s.cleanup)
	s.mustBeReady()
	ctx := ctxT(t, 90*time.Second)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE DATABASE bt",
		"CREATE TABLE bt.t (id INT PRIMARY KEY, b BIT(8), flag BIT, w BIT(12) NOT NULL DEFAULT b'101', big BIT(64), KEY (b))")

	// The declared width: 1..64 (MySQL 8's errors and texts).
	_, err := root.ExecContext(ctx, "CREATE TABLE bt.bad (b BIT(65))")
	wantPrivErr(t, "BIT(65)", err, 1439, "42000", "Display width out of range for column 'b' (max = 64)")
	_, err = root.ExecContext(ctx, "CREATE TABLE bt.bad (b BIT(0))")
	wantPrivErr(t, "BIT(0)", err, 3013, "HY000", "Invalid size for column 'b'.")

	modes := []struct {
		name   string
		params []string
		base   int
	}{{"text", []string{"interpolateParams=true"}, 0}, {"binary", nil, 100}}
	for _, m := range modes {
		db := openDB(t, s.dsnTCP("root", "", "bt", m.params...))
		ins := "INSERT INTO t (id, b, flag, big) VALUES (?, ?, ?, ?)"
		// An int, a bool, a byte string (big-endian) and the largest BIT(64).
		if _, err := db.ExecContext(ctx, ins, m.base+1, 5, true, uint64(1)<<63|1); err != nil {
			t.Fatalf("%s: insert: %v", m.name, err)
		}
		if _, err := db.ExecContext(ctx, ins, m.base+2, []byte{0xff}, false, []byte{1, 2}); err != nil {
			t.Fatalf("%s: insert bytes: %v", m.name, err)
		}
		if _, err := db.ExecContext(ctx, ins, m.base+3, nil, nil, nil); err != nil {
			t.Fatalf("%s: insert NULLs: %v", m.name, err)
		}
		rows, err := db.QueryContext(ctx, "SELECT b, flag, w, big FROM t WHERE id BETWEEN ? AND ? ORDER BY id", m.base, m.base+9)
		if err != nil {
			t.Fatalf("%s: select: %v", m.name, err)
		}
		cts, err := rows.ColumnTypes()
		if err != nil {
			t.Fatal(err)
		}
		for _, ct := range cts {
			if ct.DatabaseTypeName() != "BIT" || ct.ScanType() != reflect.TypeOf(sql.RawBytes{}) && ct.ScanType() != reflect.TypeOf([]byte{}) {
				t.Errorf("%s: column %s is %s scanned as %v; want BIT as bytes", m.name, ct.Name(), ct.DatabaseTypeName(), ct.ScanType())
			}
		}
		var got [][4][]byte
		for rows.Next() {
			var r [4][]byte
			if err := rows.Scan(&r[0], &r[1], &r[2], &r[3]); err != nil {
				t.Fatalf("%s: scan: %v", m.name, err)
			}
			got = append(got, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		want := [][4][]byte{
			{{5}, {1}, {0, 5}, {0x80, 0, 0, 0, 0, 0, 0, 1}},
			{{0xff}, {0}, {0, 5}, {0, 0, 0, 0, 0, 0, 1, 2}},
			{nil, nil, {0, 5}, nil},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows %v, want %v", m.name, got, want)
		}

		// BIT(1) as an ORM's boolean: WHERE flag = ? with 1 or true.
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t WHERE flag = ? AND id BETWEEN ? AND ?", 1, m.base, m.base+9).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: WHERE flag = 1: %d, %v; want 1", m.name, n, err)
		}
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t WHERE flag = ? AND id BETWEEN ? AND ?", false, m.base, m.base+9).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: WHERE flag = false: %d, %v; want 1", m.name, n, err)
		}
		// Numeric context and an index lookup by number and by bit literal.
		var num, bin string
		if err := db.QueryRowContext(ctx, "SELECT b + 0, BIN(b) FROM t WHERE b = ? AND id BETWEEN ? AND ?", 255, m.base, m.base+9).Scan(&num, &bin); err != nil || num != "255" || bin != "11111111" {
			t.Errorf("%s: b + 0, BIN(b) for b = 255: %q %q %v", m.name, num, bin, err)
		}
		if err := db.QueryRowContext(ctx, "SELECT CAST(big AS UNSIGNED) FROM t WHERE b = b'101' AND id BETWEEN ? AND ?", m.base, m.base+9).Scan(&num); err != nil || num != "9223372036854775809" {
			t.Errorf("%s: CAST(big AS UNSIGNED): %q %v", m.name, num, err)
		}
		// Too wide for BIT(8): 1406 in strict mode, whichever way the value comes.
		_, err = db.ExecContext(ctx, ins, m.base+4, 256, 0, 0)
		wantPrivErr(t, m.name+": 256 into BIT(8)", err, 1406, "22001", "Data too long for column 'b' at row 1")
		_, err = db.ExecContext(ctx, ins, m.base+4, 0, "1", 0)
		wantPrivErr(t, m.name+": '1' (0x31) into BIT(1)", err, 1406, "22001", "Data too long for column 'flag' at row 1")
	}

	// SHOW CREATE TABLE writes the width and the default as MySQL 8 does.
	var name, create string
	if err := root.QueryRowContext(ctx, "SHOW CREATE TABLE bt.t").Scan(&name, &create); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"`b` bit(8) DEFAULT NULL", "`flag` bit(1) DEFAULT NULL", "`w` bit(12) NOT NULL DEFAULT b'101'", "`big` bit(64) DEFAULT NULL"} {
		if !strings.Contains(create, want) {
			t.Errorf("SHOW CREATE TABLE lacks %q:\n%s", want, create)
		}
	}

	// Non-strict: the largest value and warning 1264.
	c, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, ctx, c, "SET sql_mode = ''", "INSERT INTO bt.t (id, b) VALUES (50, 1000)")
	var level, msg string
	var code int
	if err := c.QueryRowContext(ctx, "SHOW WARNINGS").Scan(&level, &code, &msg); err != nil || code != 1264 || msg != "Out of range value for column 'b' at row 1" {
		t.Errorf("non-strict warning: %s %d %q %v", level, code, msg, err)
	}
	c.Close()

	// After a restart: the stored bits and the b'101' default read back.
	root.Close()
	if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
		t.Fatalf("shutdown: %v", st)
	}
	s = launch(t, datadir, nil)
	t.Cleanup(s.cleanup)
	s.mustBeReady()
	root = openDB(t, s.dsnTCP("root", "", "bt"))
	mustExec(t, ctx, root, "INSERT INTO t (id) VALUES (60)")
	var b, w []byte
	if err := root.QueryRowContext(ctx, "SELECT b, w FROM t WHERE id = 50").Scan(&b, &w); err != nil || !bytes.Equal(b, []byte{0xff}) || !bytes.Equal(w, []byte{0, 5}) {
		t.Errorf("after restart, id 50: b=%v w=%v %v", b, w, err)
	}
	if err := root.QueryRowContext(ctx, "SELECT w FROM t WHERE id = 60").Scan(&w); err != nil || !bytes.Equal(w, []byte{0, 5}) {
		t.Errorf("after restart, the default: w=%v %v", w, err)
	}
}

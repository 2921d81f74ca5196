package e2e

// Connection character sets (issue 12): the collation a client names in its handshake or
// COM_CHANGE_USER sets character_set_client/connection/results, and a latin1 or ascii client's
// bytes are converted on the way in (statement text, string parameters) and on the way out
// (result text, error messages), as MySQL does. Values are held as UTF-8 inside: a latin1
// client's 'é' (0xE9) is the same 'é' a utf8mb4 client reads back as C3 A9.

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/internal/myclient"
)

// rawColumnCollations runs q on rc and returns the collation id of each column definition
// and the first row's raw values (the text protocol's bytes, nil for NULL).
func rawColumnCollations(t *testing.T, rc *myclient.Conn, q string) (colls []uint16, row []*string) {
	t.Helper()
	if err := rc.Command(myclient.ComQuery, []byte(q)); err != nil {
		t.Fatal(err)
	}
	p, err := rc.ReadPacket()
	if err != nil || len(p) == 0 || p[0] == 0xff {
		t.Fatalf("%s: % x %v", q, p, err)
	}
	n := int(p[0])
	for i := 0; i < n; i++ {
		p, err := rc.ReadPacket()
		if err != nil {
			t.Fatal(err)
		}
		// catalog, schema, table, org_table, name, org_name: length-encoded (short) strings
		off := 0
		for j := 0; j < 6; j++ {
			off += 1 + int(p[off])
		}
		off++ // length of the fixed fields (0x0c)
		colls = append(colls, binary.LittleEndian.Uint16(p[off:]))
	}
	// myclient does not ask for CLIENT_DEPRECATE_EOF: an EOF ends the definitions, rows
	// follow, and an EOF ends them.
	if p, err := rc.ReadPacket(); err != nil || p[0] != 0xfe {
		t.Fatalf("%s: want EOF after the columns, got % x %v", q, p, err)
	}
	for {
		p, err := rc.ReadPacket()
		if err != nil {
			t.Fatal(err)
		}
		if p[0] == 0xfe && len(p) < 9 {
			return colls, row
		}
		if row != nil {
			continue
		}
		row = []*string{}
		for off := 0; off < len(p); {
			if p[off] == 0xfb {
				row = append(row, nil)
				off++
				continue
			}
			l := int(p[off]) // values in these tests are short
			s := string(p[off+1 : off+1+l])
			row = append(row, &s)
			off += 1 + l
		}
	}
}

func TestCharsetHandshakeLatin1(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rootExec(t, s, "CREATE DATABASE cs", "CREATE TABLE cs.t (id INT PRIMARY KEY, a VARCHAR(10), b VARBINARY(10))",
		"INSERT INTO cs.t VALUES (1, 'caf\u00e9 中', 'caf\u00e9')")

	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	rc.Collation = 8 // latin1_swedish_ci
	if err := rc.Login("root", s.rootPW, "cs"); err != nil {
		t.Fatal(err)
	}
	rawExec := func(q string) error { _, err := rc.Query(q); return err }
	rs, err := rc.Query("SELECT @@character_set_client, @@character_set_connection, @@character_set_results, @@collation_connection")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(derefRow(rs.Rows[0]), ","); got != "latin1,latin1,latin1,latin1_swedish_ci" {
		t.Fatalf("after a latin1 handshake: %s", got)
	}
	// Out: the text column converted ('中' cannot be latin1: '?'), the binary one as stored,
	// text columns' definitions say latin1 (8), binary ones stay 63.
	colls, row := rawColumnCollations(t, rc, "SELECT a, b, id FROM t")
	if *row[0] != "caf\xe9 ?" || *row[1] != "caf\xc3\xa9" || *row[2] != "1" {
		t.Errorf("latin1 client reads %q", derefRow(row))
	}
	if colls[0] != 8 || colls[1] != 63 || colls[2] != 63 {
		t.Errorf("column collations %v, want [8 63 63]", colls)
	}
	// In: the statement's 0xE9 is 'é'.
	if err := rawExec("INSERT INTO t VALUES (2, 'na\xefve \x80', NULL)"); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, s.dsnTCP("root", s.rootPW, "cs"))
	var a string
	if err := db.QueryRow("SELECT a FROM t WHERE id = 2").Scan(&a); err != nil || a != "naïve €" {
		t.Errorf("utf8mb4 client reads what latin1 wrote as %q (%v), want naïve €", a, err)
	}
	// Column names too: an alias sent in latin1 comes back in latin1.
	if rs, err := rc.Query("SELECT 1 AS na\xefve"); err != nil || len(rs.Columns) != 1 || rs.Columns[0] != "na\xefve" {
		t.Errorf("latin1 alias: %v (%v)", rs, err)
	}
	// Error messages go out in latin1 too.
	_, err = rc.Query("SELECT * FROM caf\xe9")
	if e, ok := err.(*myclient.Error); !ok || e.Code != 1146 || !strings.Contains(e.Msg, "cs.caf\xe9'") {
		t.Errorf("error in latin1: %#v", err)
	}

	// COM_CHANGE_USER names a collation too: utf8mb4 again.
	rc.Collation = 45
	if err := rc.ChangeUser("root", s.rootPW, "cs", myclient.PluginCachingSHA2); err != nil {
		t.Fatal(err)
	}
	if _, row := rawColumnCollations(t, rc, "SELECT @@character_set_client, a FROM t WHERE id = 1"); *row[0] != "utf8mb4" || *row[1] != "caf\u00e9 中" {
		t.Errorf("after COM_CHANGE_USER to utf8mb4: %q", derefRow(row))
	}
	rc.Collation = 11 // ascii_general_ci
	if err := rc.ChangeUser("root", s.rootPW, "cs", myclient.PluginCachingSHA2); err != nil {
		t.Fatal(err)
	}
	if _, row := rawColumnCollations(t, rc, "SELECT @@character_set_results, a FROM t WHERE id = 1"); *row[0] != "ascii" || *row[1] != "caf? ?" {
		t.Errorf("after COM_CHANGE_USER to ascii: %q", derefRow(row))
	}
	// SET NAMES and character_set_results = NULL (no conversion).
	if err := rawExec("SET NAMES utf8"); err != nil {
		t.Fatal(err)
	}
	if _, row := rawColumnCollations(t, rc, "SELECT @@character_set_client, @@collation_connection"); *row[0] != "utf8mb3" || *row[1] != "utf8mb3_general_ci" {
		t.Errorf("SET NAMES utf8: %q", derefRow(row))
	}
	if err := rawExec("SET NAMES latin1"); err != nil {
		t.Fatal(err)
	}
	if err := rawExec("SET character_set_results = NULL"); err != nil {
		t.Fatal(err)
	}
	if colls, row := rawColumnCollations(t, rc, "SELECT a FROM t WHERE id = 1"); *row[0] != "caf\u00e9 中" || colls[0] == 8 {
		t.Errorf("character_set_results NULL: %q, collation %v", derefRow(row), colls)
	}
	if err := rawExec("SET character_set_client = koi9"); myclientCode(err) != 1115 {
		t.Errorf("unknown charset: %v, want 1115", err)
	}
}

func derefRow(r []*string) []string {
	out := make([]string, len(r))
	for i, v := range r {
		if v == nil {
			out[i] = "NULL"
		} else {
			out[i] = *v
		}
	}
	return out
}

func myclientCode(err error) uint16 {
	if e, ok := err.(*myclient.Error); ok {
		return e.Code
	}
	return 0
}

// go-sql-driver with charset=latin1 (SET NAMES latin1 as it connects) and collation= (the
// handshake): Go strings holding latin1 bytes go in as text and as prepared-statement
// parameters, and come back as latin1 bytes.
func TestCharsetDriverLatin1(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rootExec(t, s, "CREATE DATABASE cs", "CREATE TABLE cs.t (id INT PRIMARY KEY, a VARCHAR(20))")
	ctx := context.Background()
	utf := openDB(t, s.dsnTCP("root", s.rootPW, "cs"))
	for _, param := range []string{"charset=latin1", "collation=latin1_swedish_ci"} {
		mustExec(t, ctx, utf, "DELETE FROM t")
		l1 := openDB(t, s.dsnTCP("root", s.rootPW, "cs", param))
		if _, err := l1.Exec("INSERT INTO t VALUES (1, 'caf\xe9')"); err != nil {
			t.Fatal(err)
		}
		if _, err := l1.Exec("INSERT INTO t VALUES (?, ?)", 2, "\xe0 la \x80"); err != nil {
			t.Fatal(err)
		}
		rows, err := utf.Query("SELECT a FROM t ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var a string
			rows.Scan(&a)
			got = append(got, a)
		}
		rows.Close()
		if strings.Join(got, "|") != "café|à la €" {
			t.Errorf("%s: stored %q", param, got)
		}
		// Read back through the text and the binary protocol.
		var a, b string
		if err := l1.QueryRow("SELECT a FROM t WHERE id = 1").Scan(&a); err != nil || a != "caf\xe9" {
			t.Errorf("%s: text protocol read %q (%v)", param, a, err)
		}
		if err := l1.QueryRow("SELECT a FROM t WHERE id = ?", 2).Scan(&b); err != nil || b != "\xe0 la \x80" {
			t.Errorf("%s: binary protocol read %q (%v)", param, b, err)
		}
	}
}

// The mariadb CLI with --default-character-set=latin1 sends a file's latin1 bytes; a utf8mb4
// client reads the same text back.
func TestCharsetCLILatin1(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rootExec(t, s, "CREATE DATABASE cs", "CREATE TABLE cs.t (id INT PRIMARY KEY, a VARCHAR(20))")
	r := runMariadb(t, "INSERT INTO t VALUES (1, 'Gr\xfc\xdfe');\nSELECT a, @@character_set_client FROM t;\n",
		append(s.tcpArgs(), "--default-character-set=latin1", "-N", "cs")...)
	if r.exitCode != 0 || r.stdout != "Gr\xfc\xdfe\tlatin1\n" {
		t.Fatalf("latin1 CLI: exit %d, stdout %q, stderr %q", r.exitCode, r.stdout, r.stderr)
	}
	r = runMariadb(t, "", append(s.tcpArgs(), "-N", "-e", "SELECT a, HEX(a) FROM t", "cs")...)
	if r.stdout != "Grüße\t4772C3BCC39F65\n" {
		t.Errorf("utf8mb4 CLI reads %q", r.stdout)
	}
}

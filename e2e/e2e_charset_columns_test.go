package e2e

// Column and table character sets (issue 12): CHARACTER SET / COLLATE on columns and tables
// are kept and shown as MySQL 8 shows them; a latin1 or ascii column refuses (strict) or
// replaces with '?' (otherwise) what its charset cannot hold, with 1366; VARCHAR(n) counts
// characters in every charset; and mariadb-dump round-trips a latin1 table.

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestCharsetColumns(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", s.rootPW, ""))
	ctx := context.Background()
	mustExec(t, ctx, db, "CREATE DATABASE cs", "USE cs")
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mustExec(t, ctx, conn, "USE cs",
		"CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10) CHARACTER SET latin1, b VARCHAR(5) CHARACTER SET ascii COLLATE ascii_bin, c TEXT, d VARCHAR(3) COLLATE utf8mb4_bin)",
		"CREATE TABLE t2 (id INT, a CHAR(4), b VARCHAR(4) CHARACTER SET utf8mb4) DEFAULT CHARSET=latin1")
	var name, create string
	if err := conn.QueryRowContext(ctx, "SHOW CREATE TABLE t").Scan(&name, &create); err != nil {
		t.Fatal(err)
	}
	want := "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  `a` varchar(10) CHARACTER SET latin1 DEFAULT NULL,\n" +
		"  `b` varchar(5) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,\n  `c` text,\n" +
		"  `d` varchar(3) COLLATE utf8mb4_bin DEFAULT NULL,\n  PRIMARY KEY (`id`)\n" +
		") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"
	if create != want {
		t.Errorf("SHOW CREATE TABLE t:\n%s\nwant\n%s", create, want)
	}
	if err := conn.QueryRowContext(ctx, "SHOW CREATE TABLE t2").Scan(&name, &create); err != nil {
		t.Fatal(err)
	}
	want = "CREATE TABLE `t2` (\n  `id` int DEFAULT NULL,\n  `a` char(4) DEFAULT NULL,\n" +
		"  `b` varchar(4) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci DEFAULT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=latin1"
	if create != want {
		t.Errorf("SHOW CREATE TABLE t2:\n%s\nwant\n%s", create, want)
	}
	got := column(t, db, "SELECT CONCAT_WS(',', COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH)"+
		" FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'cs' AND DATA_TYPE <> 'int' ORDER BY TABLE_NAME, ORDINAL_POSITION")
	wantCols := "a,latin1,latin1_swedish_ci,10,10|b,ascii,ascii_bin,5,5|c,utf8mb4,utf8mb4_0900_ai_ci,16383,65535|" +
		"d,utf8mb4,utf8mb4_bin,3,12|a,latin1,latin1_swedish_ci,4,4|b,utf8mb4,utf8mb4_0900_ai_ci,4,16"
	if strings.Join(got, "|") != wantCols {
		t.Errorf("information_schema.COLUMNS:\n%s\nwant\n%s", strings.Join(got, "|"), wantCols)
	}
	rows, err := conn.QueryContext(ctx, "SHOW FULL COLUMNS FROM t2")
	if err != nil {
		t.Fatal(err)
	}
	var colls []string
	for rows.Next() {
		var f, typ, null, key, extra, privs, comment string
		var coll, def *string
		if err := rows.Scan(&f, &typ, &coll, &null, &key, &def, &extra, &privs, &comment); err != nil {
			t.Fatal(err)
		}
		if coll != nil {
			colls = append(colls, f+":"+*coll)
		}
	}
	rows.Close()
	if strings.Join(colls, ",") != "a:latin1_swedish_ci,b:utf8mb4_0900_ai_ci" {
		t.Errorf("SHOW FULL COLUMNS collations: %v", colls)
	}

	// Strict mode refuses what latin1 cannot hold; VARCHAR(10) holds ten é.
	mustExec(t, ctx, conn, "INSERT INTO t VALUES (1, 'éééééééééé', 'abc', 'x 中', 'y')")
	_, err = conn.ExecContext(ctx, "INSERT INTO t (id, a) VALUES (2, '中')")
	wantPrivErr(t, "strict 中 into latin1", err, 1366, "HY000", `Incorrect string value: '\xE4\xB8\xAD' for column 'a' at row 1`)
	_, err = conn.ExecContext(ctx, "INSERT INTO t (id, a) VALUES (2, 'ééééééééééé')")
	wantPrivErr(t, "11 characters into VARCHAR(10) latin1", err, 1406, "22001", "Data too long for column 'a' at row 1")
	_, err = conn.ExecContext(ctx, "INSERT INTO t (id, b) VALUES (2, 'é')")
	wantPrivErr(t, "é into ascii", err, 1366, "HY000", `Incorrect string value: '\xC3\xA9' for column 'b' at row 1`)
	// Outside strict mode: '?' and a warning.
	mustExec(t, ctx, conn, "SET sql_mode = ''", "INSERT INTO t (id, a) VALUES (3, 'a中b')")
	var level, msg string
	var code int
	if err := conn.QueryRowContext(ctx, "SHOW WARNINGS").Scan(&level, &code, &msg); err != nil || code != 1366 ||
		msg != `Incorrect string value: '\xE4\xB8\xADb' for column 'a' at row 1` {
		t.Errorf("non-strict warning: %s %d %q (%v)", level, code, msg, err)
	}
	var a string
	if err := conn.QueryRowContext(ctx, "SELECT a FROM t WHERE id = 3").Scan(&a); err != nil || a != "a?b" {
		t.Errorf("non-strict stored %q (%v), want a?b", a, err)
	}
	// CHARACTER SET and COLLATE must agree; unknown charsets are refused.
	_, err = conn.ExecContext(ctx, "CREATE TABLE bad (a VARCHAR(3) CHARACTER SET latin1 COLLATE utf8mb4_bin)")
	wantPrivErr(t, "mismatched COLLATE", err, 1253, "42000", "COLLATION 'utf8mb4_bin' is not valid for CHARACTER SET 'latin1'")
	_, err = conn.ExecContext(ctx, "CREATE TABLE bad (a VARCHAR(3) CHARACTER SET koi9)")
	if err == nil {
		t.Error("CHARACTER SET koi9 accepted")
	}
	// ALTER TABLE changes the default for columns added later.
	mustExec(t, ctx, conn, "ALTER TABLE t2 DEFAULT CHARSET = ascii", "ALTER TABLE t2 ADD COLUMN e VARCHAR(2)")
	if err := conn.QueryRowContext(ctx, "SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_NAME = 't2' AND COLUMN_NAME = 'e'").Scan(&a); err != nil || a != "ascii" {
		t.Errorf("column added after ALTER ... DEFAULT CHARSET=ascii: %q (%v)", a, err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_NAME = 't2'").Scan(&a); err != nil || a != "ascii_general_ci" {
		t.Errorf("TABLE_COLLATION after ALTER ... DEFAULT CHARSET=ascii: %q (%v)", a, err)
	}

	// A database's CHARACTER SET is kept, shown, followed by @@character_set_database after
	// USE, and taken by its new tables.
	mustExec(t, ctx, conn, "CREATE DATABASE l1 CHARACTER SET latin1", "USE l1", "CREATE TABLE lt (a VARCHAR(3))")
	if err := conn.QueryRowContext(ctx, "SHOW CREATE DATABASE l1").Scan(&name, &create); err != nil ||
		create != "CREATE DATABASE `l1` /*!40100 DEFAULT CHARACTER SET latin1 */ /*!80016 DEFAULT ENCRYPTION='N' */" {
		t.Errorf("SHOW CREATE DATABASE l1: %q (%v)", create, err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT CONCAT_WS(',', @@character_set_database, @@collation_database, (SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'l1'), (SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_NAME = 'lt'))").Scan(&a); err != nil ||
		a != "latin1,latin1_swedish_ci,latin1_swedish_ci,latin1_swedish_ci" {
		t.Errorf("latin1 database: %q (%v)", a, err)
	}
}

// mariadb-dump of a latin1 table (its SET NAMES utf8mb4 and SET character_set_client lines)
// restores the same text, and an older dump's SET character_set_client = utf8 works too.
func TestCharsetDumpRestoreLatin1(t *testing.T) {
	t.Parallel()
	dump := needTool(t, "mariadb-dump")
	s := startServer(t)
	sock := "--socket=" + s.sock
	setup := "CREATE DATABASE src; USE src;\n" +
		"CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(20), b TEXT CHARACTER SET ascii, c VARCHAR(10) CHARACTER SET utf8mb4) DEFAULT CHARSET=latin1;\n" +
		"INSERT INTO t VALUES (1, 'Grüße € ÿ', 'plain', '中文'), (2, 'it''s \\\\ tab\\t', NULL, NULL);\n" +
		"CREATE DATABASE dst;"
	if r := runMariadb(t, setup, sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, dump, "--no-defaults", sock, "-uroot", "--skip-dump-date", "src")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("mariadb-dump: %v\n%s", err, errb.String())
	}
	text := out.String()
	for _, want := range []string{"SET NAMES utf8mb4", "SET character_set_client = utf8mb4", "DEFAULT CHARSET=latin1", "CHARACTER SET ascii"} {
		if !strings.Contains(text, want) {
			t.Fatalf("dump lacks %q:\n%s", want, text)
		}
	}
	// What older dumps say before each CREATE TABLE.
	text = strings.ReplaceAll(text, "SET character_set_client = utf8mb4", "SET character_set_client = utf8")
	if r := runMariadb(t, text, sock, "-uroot", "dst"); r.exitCode != 0 {
		t.Fatalf("restore: %s", r.stderr)
	}
	q := "SELECT CONCAT_WS('|', id, a, HEX(a), b, c) FROM %s.t ORDER BY id"
	src := runMariadb(t, "", sock, "-uroot", "-N", "-e", strings.ReplaceAll(q, "%s", "src"))
	dst := runMariadb(t, "", sock, "-uroot", "-N", "-e", strings.ReplaceAll(q, "%s", "dst"))
	if src.stdout != dst.stdout || !strings.Contains(src.stdout, "Grüße € ÿ") || !strings.Contains(src.stdout, "中文") {
		t.Errorf("restored rows differ:\nsrc %q\ndst %q", src.stdout, dst.stdout)
	}
	sc := runMariadb(t, "", sock, "-uroot", "-N", "-e", "SHOW CREATE TABLE src.t")
	dc := runMariadb(t, "", sock, "-uroot", "-N", "-e", "SHOW CREATE TABLE dst.t")
	if sc.stdout != dc.stdout {
		t.Errorf("restored table differs:\n%s\n%s", sc.stdout, dc.stdout)
	}
}

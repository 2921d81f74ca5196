package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// mariadb-dump with its default options (LOCK TABLES ... READ, SHOW CREATE
// TABLE, information_schema queries) dumps a database that restores into an
// identical one.
func TestMariadbDumpRoundTrip(t *testing.T) {
	t.Parallel()
	dump := needTool(t, "mariadb-dump")
	s := startServer(t)
	sock := "--socket=" + s.sock
	setup := `CREATE DATABASE src; USE src;
CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL, note TEXT, price DECIMAL(8,2), KEY (name), KEY k_note (note(5), name(3)));
INSERT INTO t (name, note, price) VALUES ('a', 'it''s', 1.50), ('b', NULL, 2), ('c', 'tab\there\nnewline \\\\ backslash', NULL);
CREATE TABLE empty_one (k INT PRIMARY KEY);
CREATE TABLE a_child (id INT PRIMARY KEY, t_id INT, CONSTRAINT fk_a_t FOREIGN KEY (t_id) REFERENCES t (id) ON DELETE CASCADE);
INSERT INTO a_child VALUES (1, 1), (2, 3);
CREATE TABLE gen (id INT PRIMARY KEY, a INT, dbl INT AS (a * 2), st VARCHAR(10) AS (CONCAT('v', a)) STORED, KEY (dbl));
INSERT INTO gen (id, a) VALUES (1, 5), (2, NULL);
CREATE TABLE flags (id INT PRIMARY KEY, b BIT(8), one BIT NOT NULL DEFAULT b'1', wide BIT(64), KEY (b));
INSERT INTO flags VALUES (1, b'101', 0, 18446744073709551615), (2, NULL, 1, 0), (3, 0, DEFAULT, 256), (4, 39, 0, NULL);
CREATE DATABASE dst;`
	if r := runMariadb(t, setup, sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	runDump := func(db string, opts ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		args := append([]string{"--no-defaults", sock, "-uroot", "--skip-dump-date"}, opts...)
		cmd := exec.CommandContext(ctx, dump, append(args, db)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("mariadb-dump %s: %v\n%s", db, err, errb.String())
		}
		return out.String()
	}
	first := runDump("src")
	if !strings.Contains(first, "LOCK TABLES `t` WRITE") || !strings.Contains(first, "INSERT INTO `t` VALUES") {
		t.Fatalf("unexpected dump:\n%s", first)
	}
	if r := runMariadb(t, first, sock, "-uroot", "dst"); r.exitCode != 0 {
		t.Fatalf("restore: %s", r.stderr)
	}
	// A prefix index keeps its lengths through the dump.
	if !strings.Contains(first, "KEY `k_note` (`note`(5),`name`(3))") {
		t.Fatalf("dump lacks the prefix index:\n%s", first)
	}
	// a_child is dumped (and restored) before its parent t: the dump's SET
	// FOREIGN_KEY_CHECKS=0 makes that work, and the constraint holds afterwards.
	if !strings.Contains(first, "CONSTRAINT `fk_a_t` FOREIGN KEY (`t_id`) REFERENCES `t` (`id`) ON DELETE CASCADE") {
		t.Fatalf("dump lacks the foreign key:\n%s", first)
	}
	if r := runMariadb(t, "INSERT INTO a_child VALUES (3, 99)", sock, "-uroot", "dst"); r.exitCode == 0 || !strings.Contains(r.stderr, "1452") {
		t.Fatalf("restored foreign key not enforced: exit %d, %s", r.exitCode, r.stderr)
	}
	// mariadb-dump writes generated columns' values into its INSERTs; the
	// restore runs non-strict, so loopdb drops them (warning 3105) and
	// computes its own.
	if r := runMariadb(t, "SELECT id, dbl, st FROM gen ORDER BY id", sock, "-uroot", "-N", "dst"); r.exitCode != 0 || r.stdout != "1\t10\tv5\n2\tNULL\tNULL\n" {
		t.Fatalf("restored generated columns: exit %d, %q %s", r.exitCode, r.stdout, r.stderr)
	}
	// mariadb-dump writes a BIT value as its bytes in an escaped string (b'100111' is a
	// quote); they restore to the same bits, bytes that are not UTF-8 (0xff) included.
	if !strings.Contains(first, "(4,'\\'','\\0',NULL)") || !strings.Contains(first, "(1,'\x05','\\0','\xff\xff\xff\xff\xff\xff\xff\xff')") {
		t.Fatalf("dump lacks the BIT rows as escaped bytes:\n%s", first)
	}
	if r := runMariadb(t, "SELECT id, b + 0, one + 0, wide + 0, HEX(b) FROM flags ORDER BY id", sock, "-uroot", "-N", "dst"); r.exitCode != 0 ||
		r.stdout != "1\t5\t0\t18446744073709551615\t5\n2\tNULL\t1\t0\tNULL\n3\t0\t1\t256\t0\n4\t39\t0\tNULL\t27\n" {
		t.Fatalf("restored BIT columns: exit %d, %q %s", r.exitCode, r.stdout, r.stderr)
	}
	second := runDump("dst")
	norm := func(s string) string { return strings.ReplaceAll(s, "dst", "src") }
	if norm(second) != first {
		t.Fatalf("dump of the restored copy differs:\n--- src\n%s\n--- dst\n%s", first, second)
	}

	// --single-transaction: START TRANSACTION WITH CONSISTENT SNAPSHOT and a SAVEPOINT per
	// table (rolled back to after it) instead of LOCK TABLES; the same rows come out.
	single := runDump("src", "--single-transaction")
	if !strings.Contains(single, "INSERT INTO `t` VALUES") {
		t.Fatalf("unexpected --single-transaction dump:\n%s", single)
	}
	strip := func(s string) string {
		var keep []string
		for _, line := range strings.Split(s, "\n") {
			if !strings.Contains(line, "LOCK TABLES") && !strings.Contains(line, "DISABLE KEYS") && !strings.Contains(line, "ENABLE KEYS") {
				keep = append(keep, line)
			}
		}
		return strings.Join(keep, "\n")
	}
	if strip(single) != strip(first) {
		t.Fatalf("--single-transaction dump differs from the default one:\n--- default\n%s\n--- single\n%s", first, single)
	}
}

// mariadb-dump --all-databases dumps the mysql schema too, asking for the
// structure of mysql.general_log and mysql.slow_log; loopdb serves both
// (empty), so a whole-server backup runs through and holds the user's
// databases.
func TestMariadbDumpAllDatabases(t *testing.T) {
	t.Parallel()
	dump := needTool(t, "mariadb-dump")
	s := startServer(t)
	sock := "--socket=" + s.sock
	if r := runMariadb(t, "CREATE DATABASE app; CREATE TABLE app.items (id INT PRIMARY KEY, name VARCHAR(10)); INSERT INTO app.items VALUES (1, 'one');", sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, dump, "--no-defaults", sock, "-uroot", "--all-databases", "--single-transaction", "--routines", "--events", "--triggers")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("mariadb-dump --all-databases: %v\n%s", err, errb.String())
	}
	for _, want := range []string{"CREATE DATABASE /*!32312 IF NOT EXISTS*/ `app`", "INSERT INTO `items` VALUES", "(1,'one')", "CREATE TABLE IF NOT EXISTS `general_log`", "CREATE TABLE IF NOT EXISTS `slow_log`"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dump lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("dump:\n%s", out.String())
	}
}

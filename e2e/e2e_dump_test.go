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
CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL, note TEXT, price DECIMAL(8,2), KEY (name));
INSERT INTO t (name, note, price) VALUES ('a', 'it''s', 1.50), ('b', NULL, 2), ('c', 'tab\there\nnewline \\\\ backslash', NULL);
CREATE TABLE empty_one (k INT PRIMARY KEY);
CREATE DATABASE dst;`
	if r := runMariadb(t, setup, sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	runDump := func(db string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, dump, "--no-defaults", sock, "-uroot", "--skip-dump-date", db)
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
	second := runDump("dst")
	norm := func(s string) string { return strings.ReplaceAll(s, "dst", "src") }
	if norm(second) != first {
		t.Fatalf("dump of the restored copy differs:\n--- src\n%s\n--- dst\n%s", first, second)
	}
}

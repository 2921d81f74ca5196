package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// mariadb-dump of a database with views (one reading another) restores into
// an empty server: the dump first creates a stand-in for each view (a view of
// constants with the view's column names, so views over views can be
// created in any order), then drops it and creates the real view from
// SHOW CREATE TABLE and information_schema.VIEWS.
func TestMariadbDumpViews(t *testing.T) {
	t.Parallel()
	dump := needTool(t, "mariadb-dump")
	src := startServer(t)
	setup := `CREATE DATABASE app; USE app;
CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, price DECIMAL(8,2));
INSERT INTO item VALUES (1, 'pen', 1.50), (2, 'ink', 7.25), (3, 'pad', 3.00);
CREATE VIEW cheap AS SELECT id, name FROM item WHERE price < 5;
CREATE SQL SECURITY INVOKER VIEW cheap_names (n) AS SELECT name FROM cheap;`
	if r := runMariadb(t, setup, "--socket="+src.sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	runDump := func(sock string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, dump, "--no-defaults", "--socket="+sock, "-uroot", "--skip-dump-date", "--databases", "app")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("mariadb-dump: %v\n%s", err, errb.String())
		}
		return out.String()
	}
	first := runDump(src.sock)
	for _, want := range []string{"Temporary table structure for view `cheap`", "Final view structure for view `cheap_names`",
		"SQL SECURITY INVOKER", "VIEW `cheap_names` (`n`) AS SELECT name FROM cheap", "INSERT INTO `item` VALUES"} {
		if !strings.Contains(first, want) {
			t.Fatalf("dump lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "INSERT INTO `cheap`") {
		t.Fatalf("the dump copies a view's rows:\n%s", first)
	}

	dst := startServer(t)
	if r := runMariadb(t, first, "--socket="+dst.sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("restore into an empty server: %s", r.stderr)
	}
	r := runMariadb(t, "SELECT n FROM cheap_names ORDER BY n; SHOW FULL TABLES;", "--socket="+dst.sock, "-uroot", "-N", "app")
	if r.exitCode != 0 || r.stdout != "pad\npen\ncheap\tVIEW\ncheap_names\tVIEW\nitem\tBASE TABLE\n" {
		t.Fatalf("restored views: exit %d\n%s%s", r.exitCode, r.stdout, r.stderr)
	}
	if second := runDump(dst.sock); second != first {
		t.Fatalf("dump of the restored copy differs:\n--- first\n%s\n--- second\n%s", first, second)
	}
}

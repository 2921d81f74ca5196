package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// mariadb-check runs CHECK TABLE by default, OPTIMIZE TABLE with
// --optimize and ANALYZE TABLE with --analyze over every table of a
// database; each reports OK on loopdb. CHECK TABLE needs SELECT on the
// table (1142 without).
func TestMariadbCheck(t *testing.T) {
	t.Parallel()
	check := needTool(t, "mariadb-check")
	s := startServer(t)
	sock := "--socket=" + s.sock
	setup := `CREATE DATABASE m; CREATE TABLE m.a (id INT PRIMARY KEY, k INT, KEY (k)); INSERT INTO m.a VALUES (1, 1), (2, 2);
DELETE FROM m.a WHERE id = 1; CREATE TABLE m.b (v VARCHAR(10)); INSERT INTO m.b VALUES ('x');
CREATE USER w@localhost; GRANT INSERT ON m.a TO w@localhost;`
	if r := runMariadb(t, setup, sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	for _, mode := range []string{"--check", "--optimize", "--analyze"} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, check, "--no-defaults", sock, "-uroot", mode, "--databases", "m")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		cancel()
		if err != nil {
			t.Fatalf("mariadb-check %s: %v\n%s%s", mode, err, out.String(), errb.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "m.a") || !strings.HasPrefix(lines[1], "m.b") {
			t.Fatalf("mariadb-check %s:\n%s", mode, out.String())
		}
		for _, l := range lines {
			if !strings.HasSuffix(strings.TrimSpace(l), "OK") {
				t.Fatalf("mariadb-check %s:\n%s", mode, out.String())
			}
		}
	}
	if r := runMariadb(t, "CHECK TABLE m.a", sock, "-uw"); r.exitCode == 0 || !strings.Contains(r.stderr, "1142") {
		t.Fatalf("CHECK TABLE without SELECT: exit %d, %s%s", r.exitCode, r.stdout, r.stderr)
	}
}

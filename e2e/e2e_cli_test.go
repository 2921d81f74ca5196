package e2e

// The real mariadb command-line client (Debian's libmariadb) in non-interactive mode.

import (
	"regexp"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/internal/myclient"
)

// checkSelectAndVars checks the output of
// "SELECT 1+1, @@version, CONNECTION_ID(); SHOW VARIABLES LIKE 'max_%'" in batch format.
func checkSelectAndVars(t *testing.T, out, wantVersion, wantPacket, wantConns string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^2\t([^\t\n]+)\t(\d+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no row `2 <version> <id>` in output:\n%s", out)
	}
	if v := m[1]; !strings.HasPrefix(v, "8.0.") || !strings.Contains(v, "loopdb") {
		t.Errorf("@@version = %q, want 8.0.*loopdb*", v)
	}
	if wantVersion != "" && m[1] != wantVersion {
		t.Errorf("@@version = %q, but the handshake announced %q", m[1], wantVersion)
	}
	for _, want := range []string{"max_allowed_packet\t" + wantPacket, "max_connections\t" + wantConns} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).MatchString(out) {
			t.Errorf("SHOW VARIABLES output lacks row %q:\n%s", want, out)
		}
	}
	// LIKE 'max_%' must filter: every row after the header is a max_ variable.
	_, vars, _ := strings.Cut(out, "Variable_name\tValue\n")
	for _, line := range strings.Split(strings.TrimSpace(vars), "\n") {
		if !strings.HasPrefix(line, "max_") {
			t.Errorf("SHOW VARIABLES LIKE 'max_%%' returned row %q", line)
		}
	}
}

const selectAndVars = "SELECT 1+1, @@version, CONNECTION_ID(); SHOW VARIABLES LIKE 'max_%'"

func TestCLITCPWithPassword(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Pw-cli-1", "--max-connections=77", "--max-allowed-packet=2097152")
	greeting, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	greeting.Close()
	r := runMariadb(t, "", append(s.tcpArgs(), "-e", selectAndVars)...)
	if r.exitCode != 0 {
		t.Fatalf("mariadb exit %d\nstdout:\n%s\nstderr:\n%s", r.exitCode, r.stdout, r.stderr)
	}
	checkSelectAndVars(t, r.stdout, greeting.Version, "2097152", "77")

	// The same account with a wrong password is refused with MySQL's message.
	r = runMariadb(t, "", "-h127.0.0.1", "-P"+itoa(s.port), "-uroot", "-pnot-it", "-e", "SELECT 1")
	if r.exitCode == 0 || !strings.Contains(r.stderr, "ERROR 1045 (28000)") || !strings.Contains(r.stderr, "Access denied for user 'root'") {
		t.Errorf("wrong password: exit %d, stderr %q; want ERROR 1045 (28000) Access denied", r.exitCode, r.stderr)
	}
}

func TestCLISocketRootWithoutPassword(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--max-connections=33", "--max-allowed-packet=1048576")
	r := runMariadb(t, "", "-S", s.sock, "-uroot", "-e", selectAndVars)
	if r.exitCode != 0 {
		t.Fatalf("mariadb -S: exit %d\nstdout:\n%s\nstderr:\n%s", r.exitCode, r.stdout, r.stderr)
	}
	checkSelectAndVars(t, r.stdout, "", "1048576", "33")

	// Loopback TCP may use the password-less root as well.
	r = runMariadb(t, "", append(s.tcpArgs(), "-e", "SELECT 1+1")...)
	if r.exitCode != 0 || !regexp.MustCompile(`(?m)^2$`).MatchString(r.stdout) {
		t.Errorf("password-less root over 127.0.0.1: exit %d stdout %q stderr %q", r.exitCode, r.stdout, r.stderr)
	}
}

func TestCLIBatchSeveralStatements(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	in := "SELECT 1;\nSELECT 'a' AS x, 'b' AS y;\n\nSELECT 3 AS three; SELECT NULL AS n;\n"
	r := runMariadb(t, in, "--batch", "-S", s.sock, "-uroot")
	want := "1\n1\nx\ty\na\tb\nthree\n3\nn\nNULL\n"
	if r.exitCode != 0 || r.stdout != want {
		t.Errorf("mariadb --batch: exit %d\nstdout %q\nwant   %q\nstderr %q", r.exitCode, r.stdout, want, r.stderr)
	}
}

func TestCLISyntaxError(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	r := runMariadb(t, "", "-S", s.sock, "-uroot", "-e", "SELEC 1")
	re := regexp.MustCompile(`ERROR 1064 \(42000\)( at line \d+)?: You have an error in your SQL syntax`)
	if r.exitCode != 1 || !re.MatchString(r.stderr) {
		t.Errorf("syntax error: exit %d, stderr %q; want exit 1 and %s", r.exitCode, r.stderr, re)
	}
	// The server must still answer on a new connection.
	r = runMariadb(t, "", "-S", s.sock, "-uroot", "-e", "SELECT 41+1")
	if r.exitCode != 0 || !strings.Contains(r.stdout, "42") {
		t.Errorf("after syntax error: exit %d stdout %q stderr %q", r.exitCode, r.stdout, r.stderr)
	}
}

func TestCLIDatabases(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	r := runMariadb(t, "", "-S", s.sock, "-uroot", "-e", "SHOW DATABASES; USE mysql; SELECT DATABASE()")
	if r.exitCode != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.exitCode, r.stdout, r.stderr)
	}
	for _, db := range []string{"information_schema", "mysql"} {
		if !regexp.MustCompile(`(?m)^` + db + `$`).MatchString(r.stdout) {
			t.Errorf("SHOW DATABASES lacks %s:\n%s", db, r.stdout)
		}
	}
	if !strings.HasSuffix(r.stdout, "DATABASE()\nmysql\n") {
		t.Errorf("SELECT DATABASE() after USE mysql: output ends %q", tail(r.stdout, 40))
	}
	// With no default database, DATABASE() is NULL; with -D it is that database
	// (CLIENT_CONNECT_WITH_DB in the handshake response).
	r = runMariadb(t, "", "-S", s.sock, "-uroot", "-e", "SELECT DATABASE()")
	if r.stdout != "DATABASE()\nNULL\n" {
		t.Errorf("SELECT DATABASE() without a db: %q (stderr %q)", r.stdout, r.stderr)
	}
	r = runMariadb(t, "", "-S", s.sock, "-uroot", "-D", "mysql", "-e", "SELECT DATABASE()")
	if r.stdout != "DATABASE()\nmysql\n" {
		t.Errorf("mariadb -D mysql; SELECT DATABASE(): %q (stderr %q)", r.stdout, r.stderr)
	}
	// USE of a database that does not exist: ERROR 1049 (42000) Unknown database.
	r = runMariadb(t, "", "-S", s.sock, "-uroot", "-e", "USE no_such_db_e2e")
	if r.exitCode != 1 || !strings.Contains(r.stderr, "ERROR 1049 (42000)") {
		t.Errorf("USE no_such_db_e2e: exit %d stderr %q; want ERROR 1049 (42000)", r.exitCode, r.stderr)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

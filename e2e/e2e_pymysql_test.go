package e2e

// PyMySQL smoke test: a pure-Python client with its own protocol code; caching_sha2 full
// authentication over TCP needs python3-cryptography (RSA).

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const pymysqlScript = `
import sys, pymysql
port, pw = int(sys.argv[1]), sys.argv[2]
for i in range(2):  # the first login takes the full path, the second the fast path
    c = pymysql.connect(host="127.0.0.1", port=port, user="root", password=pw, connect_timeout=5)
    cur = c.cursor()
    cur.execute("SELECT 1")
    print("row", cur.fetchone()[0])
    c.close()
try:
    pymysql.connect(host="127.0.0.1", port=port, user="root", password=pw + "x", connect_timeout=5)
    print("wrong password accepted")
except pymysql.err.OperationalError as e:
    print("denied", e.args[0])
# TLS, verifying the server's certificate against the data directory's CA
c = pymysql.connect(host="127.0.0.1", port=port, user="root", password=pw, connect_timeout=5,
                    ssl={"ca": sys.argv[3]})
cur = c.cursor()
cur.execute("SHOW SESSION STATUS LIKE 'Ssl_version'")
print("tls", cur.fetchone()[1].startswith("TLSv1."))
c.close()
`

// python3 is Debian's (where apt puts python3-pymysql), not a pyenv shim earlier in PATH.
func debianPython(t *testing.T) string {
	if _, err := exec.LookPath("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return needTool(t, "python3")
}

func TestPyMySQL(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Py-pw")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, debianPython(t), "-c", pymysqlScript, itoa(s.port), "Py-pw", filepath.Join(s.datadir, "ca.pem")).CombinedOutput()
	if err != nil {
		t.Fatalf("pymysql: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "row 1\nrow 1\ndenied 1045\ntls True"; got != want {
		t.Errorf("pymysql output:\n%s\nwant:\n%s", got, want)
	}
}

package e2e

// mysqlclient (MySQLdb: Debian's python3-mysqldb, a C extension over libmariadb, so a
// different protocol implementation from PyMySQL's). testdata/python/mysqlclient_roundtrip.py
// checks logins (caching_sha2 full and fast, native, a wrong password), a row of every common
// type with Python's values, transactions, executemany, an SSCursor streaming 20000 rows,
// error codes and messages, compress=True and TLS (ssl={'ca': ...}), alone and together.

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestMySQLClientPython(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Mc-root1")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	script := filepath.Join("testdata", "python", "mysqlclient_roundtrip.py")
	out, err := exec.CommandContext(ctx, debianPython(t), script, itoa(s.port), s.datadir, s.rootPW).CombinedOutput()
	if err != nil || string(out) != "OK\n" {
		t.Fatalf("mysqlclient (python3-mysqldb; scripts/setup.sh installs it): %v\n%s", err, out)
	}
}

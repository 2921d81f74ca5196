package e2e

// node mysql2 (testdata/node: package.json pins the version, package-lock.json the whole tree;
// scripts/setup.sh runs npm ci there). roundtrip.js checks logins (caching_sha2 over plain TCP
// with the pinned RSA key, mysql_native_password), every common type through the text and the
// binary protocol, execute() parameters, transactions, error fields, multiple statements,
// compression, TLS, a pool, 240 changeUser calls on one plain TCP connection, and changeUser
// over compression and TLS through both caching_sha2 paths.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// needOptional finds a client that not every developer machine has: missing, it skips the
// test, except under CI (CI set, as every CI service does), where scripts/setup.sh must have
// installed it and a skip would hide a lost test.
func needOptional(t *testing.T, name, why string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found under CI (scripts/setup.sh installs it): %v", name, err)
	}
	t.Skipf("%s not found (%s; scripts/setup.sh installs it)", name, why)
	return ""
}

func TestNodeMySQL2(t *testing.T) {
	t.Parallel()
	node := needOptional(t, "node", "node mysql2 client test")
	dir, err := filepath.Abs(filepath.Join("testdata", "node"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "mysql2")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mysql2 is not installed in %s (scripts/setup.sh runs npm ci there): %v", dir, err)
		}
		t.Skipf("mysql2 is not installed in %s: run scripts/setup.sh (npm ci)", dir)
	}
	s := startServer(t, "--root-password=Node-root1")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "roundtrip.js", itoa(s.port), s.datadir, s.rootPW)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || string(out) != "OK\n" {
		t.Fatalf("node mysql2: %v\n%s", err, out)
	}
}

package e2e

// Helpers shared by the end-to-end tests for the real clients: go-sql-driver/mysql DSNs and the
// mariadb command-line client.

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// dsnTCP builds a go-sql-driver DSN for TCP. Short timeouts keep a hung server from hanging the
// test binary; params are extra DSN parameters ("multiStatements=true").
func (s *server) dsnTCP(user, pw, db string, params ...string) string {
	return dsn(user, pw, "tcp", s.addr, db, params)
}

func (s *server) dsnUnix(user, pw, db string, params ...string) string {
	return dsn(user, pw, "unix", s.sock, db, params)
}

func dsn(user, pw, network, addr, db string, params []string) string {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = user, pw, network, addr, db
	cfg.Timeout = 5 * time.Second
	cfg.ReadTimeout = 30 * time.Second
	cfg.WriteTimeout = 30 * time.Second
	out := cfg.FormatDSN()
	for i, p := range params {
		if i == 0 && !strings.Contains(out, "?") {
			out += "?" + p
		} else {
			out += "&" + p
		}
	}
	return out
}

// openDB opens a pool that never keeps idle connections, so every Conn/Close in a test is a real
// connect/disconnect on the wire.
func openDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxIdleConns(0)
	t.Cleanup(func() { db.Close() })
	return db
}

// myErrNumber returns the server error number carried by err, or 0.
func myErrNumber(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

func ctxT(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// mariadbResult is one run of the mariadb CLI.
type mariadbResult struct {
	stdout, stderr string
	exitCode       int
}

// runMariadb runs the mariadb CLI with a bound. --no-defaults keeps the host's /etc/mysql
// client config (socket path, charset) out of the test; the charset is then set explicitly to
// what Debian's default config would use.
func runMariadb(t testing.TB, stdin string, args ...string) mariadbResult {
	t.Helper()
	return runMariadbFor(t, 30*time.Second, stdin, args...)
}

// runMariadbFor is runMariadb with another bound.
func runMariadbFor(t testing.TB, bound time.Duration, stdin string, args ...string) mariadbResult {
	t.Helper()
	bin := needTool(t, "mariadb")
	full := append([]string{"--no-defaults", "--default-character-set=utf8mb4", "--connect-timeout=5"}, args...)
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, full...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = bytes.NewBufferString(stdin)
	err := cmd.Run()
	res := mariadbResult{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.exitCode = ee.ExitCode()
	default:
		t.Fatalf("mariadb %v: %v", full, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("mariadb %v did not finish within %v; stdout:\n%s\nstderr:\n%s", full, bound, res.stdout, res.stderr)
	}
	return res
}

// tcpArgs are the mariadb CLI arguments to reach s over TCP as root.
func (s *server) tcpArgs() []string {
	a := []string{"-h127.0.0.1", "-P" + strconv.Itoa(s.port), "-uroot"}
	if s.rootPW != "" {
		a = append(a, "-p"+s.rootPW)
	}
	return a
}

func itoa(i int) string { return strconv.Itoa(i) }

package e2e

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"
)

// Temporary tables against a real server, with two connections: a
// temporary table is seen by its own connection only, shadows a base table
// there and nowhere else, is gone when its connection ends, and its keys
// with it; what a crash leaves behind is removed at the next start (the
// server logs it, and only then).
func TestTempTables(t *testing.T) {
	datadir := t.TempDir()
	srv := startServerOn(t, datadir)
	ctx := context.Background()
	db := openDB(t, srv.dsnTCP("root", "", ""))
	if _, err := db.Exec("CREATE DATABASE tt"); err != nil {
		t.Fatal(err)
	}
	db = openDB(t, srv.dsnTCP("root", "", "tt"))
	a, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	mustExecConn(t, a, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'base')",
		"CREATE TEMPORARY TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'temp'), (2, 'temp2')")
	if got := oneString(t, a, "SELECT v FROM t WHERE id = 1"); got != "temp" {
		t.Fatalf("creator reads %q", got)
	}
	if got := oneString(t, b, "SELECT v FROM t WHERE id = 1"); got != "base" {
		t.Fatalf("other connection reads %q", got)
	}
	// Prepared statements (the binary protocol) follow the shadowing too.
	var v string
	if err := a.QueryRowContext(ctx, "SELECT v FROM t WHERE id = ?", 2).Scan(&v); err != nil || v != "temp2" {
		t.Fatalf("prepared on the creator: %q %v", v, err)
	}
	if _, err := b.ExecContext(ctx, "SELECT * FROM t JOIN t AS t2"); err != nil {
		t.Fatalf("a base table may be joined with itself: %v", err)
	}
	if _, err := a.ExecContext(ctx, "SELECT * FROM t JOIN t AS t2"); myErrNumber(err) != 1137 {
		t.Fatalf("self-join of a temporary table: %v, want 1137 (MySQL 8.0; MariaDB allows it)", err)
	}
	if got := oneString(t, b, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'tt'"); got != "1" {
		t.Fatalf("information_schema lists %s tables", got)
	}
	// The creator leaves: its temporary table goes, keys and all (checked
	// below: the restart after a crash finds nothing to remove).
	mustExecConn(t, a, "CREATE TEMPORARY TABLE gone (a INT)", "INSERT INTO gone VALUES (1)")
	a.Close()
	if _, err := b.ExecContext(ctx, "SELECT * FROM gone"); myErrNumber(err) != 1146 {
		t.Fatalf("another connection's temporary table: %v, want 1146", err)
	}
	// A KILLed connection's temporary tables go too.
	k, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	mustExecConn(t, k, "CREATE TEMPORARY TABLE killed (a INT PRIMARY KEY)", "INSERT INTO killed VALUES (1), (2)")
	mustExecConn(t, b, "KILL "+oneString(t, k, "SELECT CONNECTION_ID()"))
	// A session ends (and drops its tables) before Threads_connected
	// counts it out: wait for that before crashing the server.
	deadline := time.Now().Add(10 * time.Second)
	for threadsConnected(t, b) != "1" {
		if time.Now().After(deadline) {
			t.Fatal("the closed connections never ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	srv.kill9(t)
	srv = startServerOn(t, datadir)
	if strings.Contains(srv.log.String(), "removed temporary tables") {
		t.Fatal("a closed connection left temporary keys behind")
	}

	// Now a crash with a temporary table alive: the next start removes it.
	db = openDB(t, srv.dsnTCP("root", "", "tt"))
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustExecConn(t, c, "CREATE TEMPORARY TABLE leftover (a INT PRIMARY KEY)", "INSERT INTO leftover VALUES (1), (2)")
	srv.kill9(t)
	c.Close()
	srv = startServerOn(t, datadir)
	if !strings.Contains(srv.log.String(), "removed temporary tables") {
		t.Fatal("the start after a crash did not remove the temporary table's keys")
	}
	db = openDB(t, srv.dsnTCP("root", "", "tt"))
	if got := oneStringDB(t, db, "SELECT v FROM t WHERE id = 1"); got != "base" {
		t.Fatalf("base table after restarts: %q", got)
	}
}

func mustExecConn(t *testing.T, c *sql.Conn, sqls ...string) {
	t.Helper()
	for _, q := range sqls {
		if _, err := c.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func oneString(t *testing.T, c *sql.Conn, q string) string {
	t.Helper()
	var s string
	if err := c.QueryRowContext(context.Background(), q).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

func oneStringDB(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var s string
	if err := db.QueryRow(q).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

func threadsConnected(t *testing.T, c *sql.Conn) string {
	t.Helper()
	var name, v string
	if err := c.QueryRowContext(context.Background(), "SHOW GLOBAL STATUS LIKE 'Threads_connected'").Scan(&name, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

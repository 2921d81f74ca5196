package e2e

// Isolation levels, savepoints and read-only transactions as InnoDB has them, checked with two
// go-sql-driver connections against loopdb and against the MariaDB the harness starts beside
// it (MariaDB's InnoDB agrees with MySQL 8 on everything checked here): a REPEATABLE READ
// transaction keeps its snapshot while READ COMMITTED sees each commit; a locking read and an
// UPDATE see the latest row, so two transactions' k=k+1 both count; ROLLBACK TO SAVEPOINT keeps
// the savepoint and drops later ones; unknown savepoints get 1305 and writes in a READ ONLY
// transaction 1792.

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

func TestIsolationSavepointsReadOnly(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	targets := []sqlTarget{{name: "loopdb", dsn: func(db string, params ...string) string {
		return s.dsnTCP("root", "", db, params...)
	}}}
	if mariadbInstalled() {
		m := startMariaDB(t)
		targets = append(targets, sqlTarget{name: "MariaDB", dsn: m.dsn})
	} else {
		t.Log("mariadbd not installed: checking loopdb only")
	}
	for _, tg := range targets {
		// @@tx_isolation and @@tx_read_only: the MariaDB installed may predate the
		// transaction_* names.
		t.Run(tg.name, func(t *testing.T) {
			ctx := ctxT(t, 2*time.Minute)
			admin := openDB(t, tg.dsn(""))
			mustExec(t, ctx, admin, "DROP DATABASE IF EXISTS iso", "CREATE DATABASE iso")
			db := openDB(t, tg.dsn("iso"))
			cs := pinConns(t, ctx, db, 2)
			checkRepeatableRead(t, ctx, cs[0], cs[1])
			checkReadCommitted(t, ctx, cs[0], cs[1])
			checkNoLostUpdate(t, ctx, cs[0], cs[1])
			checkSavepoints(t, ctx, cs[0])
			checkReadOnly(t, ctx, cs[0])
		})
	}
}

func oneInt(t *testing.T, ctx context.Context, c *sql.Conn, q string) int64 {
	t.Helper()
	var v int64
	if err := c.QueryRowContext(ctx, q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// wantMyErr checks that err is MySQL error number with sqlState and message msg. MySQL 8 ends
// 1792's message with a full stop and MariaDB does not: the stop is optional.
func wantMyErr(t *testing.T, what string, err error, number uint16, sqlState, msg string) {
	t.Helper()
	var me *mysql.MySQLError
	if !errors.As(err, &me) || me.Number != number || string(me.SQLState[:]) != sqlState ||
		(me.Message != msg && me.Message+"." != msg) {
		t.Fatalf("%s: got %v, want Error %d (%s): %s", what, err, number, sqlState, msg)
	}
}

func checkRepeatableRead(t *testing.T, ctx context.Context, a, b *sql.Conn) {
	mustExec(t, ctx, a, "CREATE TABLE rr (id INT PRIMARY KEY, k INT NOT NULL)", "INSERT INTO rr VALUES (1, 10), (2, 20)")
	var iso string
	if err := a.QueryRowContext(ctx, "SELECT @@tx_isolation").Scan(&iso); err != nil || iso != "REPEATABLE-READ" {
		t.Fatalf("@@tx_isolation: %q %v", iso, err)
	}
	mustExec(t, ctx, a, "BEGIN")
	if v := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 1"); v != 10 {
		t.Fatalf("first read: %d", v)
	}
	mustExec(t, ctx, b, "UPDATE rr SET k = 11 WHERE id = 1", "INSERT INTO rr VALUES (3, 30)")
	if v := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 1"); v != 10 {
		t.Errorf("REPEATABLE READ saw another transaction's commit: k=%d, want 10", v)
	}
	if v := oneInt(t, ctx, a, "SELECT COUNT(*) FROM rr"); v != 2 {
		t.Errorf("REPEATABLE READ saw a row committed after its snapshot: count %d, want 2", v)
	}
	if v := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 1 FOR UPDATE"); v != 11 {
		t.Errorf("locking read: k=%d, want the latest 11", v)
	}
	mustExec(t, ctx, a, "COMMIT")
	// WITH CONSISTENT SNAPSHOT takes the snapshot at once.
	mustExec(t, ctx, a, "START TRANSACTION WITH CONSISTENT SNAPSHOT")
	mustExec(t, ctx, b, "UPDATE rr SET k = 12 WHERE id = 1")
	if v := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 1"); v != 11 {
		t.Errorf("WITH CONSISTENT SNAPSHOT: k=%d, want 11", v)
	}
	mustExec(t, ctx, a, "COMMIT")
}

func checkReadCommitted(t *testing.T, ctx context.Context, a, b *sql.Conn) {
	mustExec(t, ctx, a, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", "BEGIN")
	if v := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 1"); v != 12 {
		t.Fatalf("READ COMMITTED first read: %d", v)
	}
	mustExec(t, ctx, b, "UPDATE rr SET k = 13 WHERE id = 1")
	if v := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 1"); v != 13 {
		t.Errorf("READ COMMITTED did not see the commit: k=%d, want 13", v)
	}
	mustExec(t, ctx, a, "COMMIT", "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
}

// Both transactions read k from their snapshots, then both add 1: the second UPDATE waits for
// the first's lock and then adds to the committed value, so k grows by 2.
func checkNoLostUpdate(t *testing.T, ctx context.Context, a, b *sql.Conn) {
	mustExec(t, ctx, a, "BEGIN")
	mustExec(t, ctx, b, "BEGIN")
	start := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 2")
	if v := oneInt(t, ctx, b, "SELECT k FROM rr WHERE id = 2"); v != start {
		t.Fatalf("snapshots differ: %d, %d", start, v)
	}
	mustExec(t, ctx, a, "UPDATE rr SET k = k + 1 WHERE id = 2")
	done := make(chan error, 1)
	go func() {
		_, err := b.ExecContext(ctx, "UPDATE rr SET k = k + 1 WHERE id = 2")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("second UPDATE did not wait for the first's lock: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	mustExec(t, ctx, a, "COMMIT")
	if err := <-done; err != nil {
		t.Fatalf("second UPDATE: %v", err)
	}
	if v := oneInt(t, ctx, b, "SELECT k FROM rr WHERE id = 2"); v != start+2 {
		t.Errorf("own write over the snapshot after a waited UPDATE: k=%d, want %d", v, start+2)
	}
	mustExec(t, ctx, b, "COMMIT")
	if v := oneInt(t, ctx, a, "SELECT k FROM rr WHERE id = 2"); v != start+2 {
		t.Errorf("lost update: k=%d, want %d", v, start+2)
	}
}

func checkSavepoints(t *testing.T, ctx context.Context, a *sql.Conn) {
	mustExec(t, ctx, a, "CREATE TABLE sp (id INT PRIMARY KEY)")
	mustExec(t, ctx, a, "BEGIN", "INSERT INTO sp VALUES (1)", "SAVEPOINT a", "INSERT INTO sp VALUES (2)",
		"SAVEPOINT b", "INSERT INTO sp VALUES (3)", "ROLLBACK TO SAVEPOINT b")
	if v := mustInts(t, ctx, a, "SELECT id FROM sp ORDER BY id"); !intsEqual(v, 1, 2) {
		t.Errorf("after ROLLBACK TO b: %v, want [1 2]", v)
	}
	mustExec(t, ctx, a, "INSERT INTO sp VALUES (4)", "ROLLBACK TO b", "ROLLBACK TO a")
	if v := mustInts(t, ctx, a, "SELECT id FROM sp ORDER BY id"); !intsEqual(v, 1) {
		t.Errorf("after ROLLBACK TO a: %v, want [1]", v)
	}
	_, err := a.ExecContext(ctx, "ROLLBACK TO SAVEPOINT b")
	wantMyErr(t, "ROLLBACK TO a savepoint set after the one rolled back to", err, 1305, "42000", "SAVEPOINT b does not exist")
	mustExec(t, ctx, a, "SAVEPOINT c", "RELEASE SAVEPOINT a")
	_, err = a.ExecContext(ctx, "ROLLBACK TO c")
	wantMyErr(t, "ROLLBACK TO a savepoint released with an earlier one", err, 1305, "42000", "SAVEPOINT c does not exist")
	mustExec(t, ctx, a, "COMMIT")
	if v := mustInts(t, ctx, a, "SELECT id FROM sp ORDER BY id"); !intsEqual(v, 1) {
		t.Errorf("committed: %v, want [1]", v)
	}
	// Under autocommit a SAVEPOINT is accepted and forgotten at once.
	mustExec(t, ctx, a, "SAVEPOINT x")
	_, err = a.ExecContext(ctx, "ROLLBACK TO x")
	wantMyErr(t, "ROLLBACK TO outside a transaction", err, 1305, "42000", "SAVEPOINT x does not exist")
}

func checkReadOnly(t *testing.T, ctx context.Context, a *sql.Conn) {
	// The variables show the session's setting, not the open or the next transaction's
	// (MySQL 8 and MariaDB alike).
	mustExec(t, ctx, a, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
	var iso string
	if err := a.QueryRowContext(ctx, "SELECT @@tx_isolation").Scan(&iso); err != nil || iso != "REPEATABLE-READ" {
		t.Errorf("@@tx_isolation after SET TRANSACTION (next transaction only): %q %v", iso, err)
	}
	mustExec(t, ctx, a, "START TRANSACTION READ ONLY")
	if v := oneInt(t, ctx, a, "SELECT @@tx_read_only"); v != 0 {
		t.Errorf("@@tx_read_only in a READ ONLY transaction: %d, want the session's 0", v)
	}
	_, err := a.ExecContext(ctx, "INSERT INTO sp VALUES (9)")
	wantMyErr(t, "INSERT in a READ ONLY transaction", err, 1792, "25006", "Cannot execute statement in a READ ONLY transaction.")
	_, err = a.ExecContext(ctx, "UPDATE rr SET k = 0")
	wantMyErr(t, "UPDATE in a READ ONLY transaction", err, 1792, "25006", "Cannot execute statement in a READ ONLY transaction.")
	mustExec(t, ctx, a, "COMMIT", "START TRANSACTION READ WRITE", "INSERT INTO sp VALUES (9)", "COMMIT")
	mustExec(t, ctx, a, "SET SESSION TRANSACTION READ ONLY")
	if v := oneInt(t, ctx, a, "SELECT @@tx_read_only"); v != 1 {
		t.Errorf("@@tx_read_only after SET SESSION TRANSACTION READ ONLY: %d", v)
	}
	_, err = a.ExecContext(ctx, "INSERT INTO sp VALUES (10)")
	wantMyErr(t, "autocommit INSERT with transaction_read_only=ON", err, 1792, "25006", "Cannot execute statement in a READ ONLY transaction.")
	mustExec(t, ctx, a, "SET SESSION TRANSACTION READ WRITE")
}

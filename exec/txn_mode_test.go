package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// twoSessions gives a session with table t(id, k) = (1,10),(2,20) and a
// second session on the same engine.
func twoSessions(t *testing.T) (*Session, *Session) {
	t.Helper()
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, KEY kk (k))", "INSERT INTO t VALUES (1, 10), (2, 20)")
	other := s.eng.NewSession(9, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{MultiStatements: true}, "d")
	return s, other
}

func TestRepeatableReadSnapshot(t *testing.T) {
	s, other := twoSessions(t)
	if got := rowsOf(t, s, "SELECT @@transaction_isolation"); got != "REPEATABLE-READ" {
		t.Fatal(got)
	}
	mustExec(t, s, "BEGIN")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "10" {
		t.Fatal(got)
	}
	mustExec(t, other, "UPDATE t SET k = 11 WHERE id = 1", "INSERT INTO t VALUES (3, 30)", "DELETE FROM t WHERE id = 2")
	// Point read, range scan, index scan and aggregate all see the snapshot.
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "10" {
		t.Fatalf("point read saw a later commit: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id, k FROM t ORDER BY id"); got != "1,10;2,20" {
		t.Fatalf("scan saw later commits: %s", got)
	}
	if got := rowsOf(t, s, "SELECT id FROM t WHERE k >= 10 ORDER BY k DESC"); got != "2;1" {
		t.Fatalf("index scan: %s", got)
	}
	// A locking read and an UPDATE see the latest committed row.
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1 FOR UPDATE"); got != "11" {
		t.Fatalf("FOR UPDATE: %s", got)
	}
	mustExec(t, s, "UPDATE t SET k = k + 1 WHERE id = 1")
	// Own writes show over the snapshot; the deleted row 2 is still there,
	// the inserted row 3 still absent.
	if got := rowsOf(t, s, "SELECT id, k FROM t ORDER BY id"); got != "1,12;2,20" {
		t.Fatalf("own write over the snapshot: %s", got)
	}
	// Deleting row 2, which another transaction already deleted, finds
	// nothing at the latest state, so the snapshot still shows it (InnoDB
	// does the same); our own delete of row 1 hides it.
	if got := execAffected(t, s, "DELETE FROM t WHERE id = 2"); got != 0 {
		t.Fatalf("deleted %d rows already deleted by another txn", got)
	}
	mustExec(t, s, "DELETE FROM t WHERE id = 1")
	if got := rowsOf(t, s, "SELECT id, k FROM t ORDER BY id DESC"); got != "2,20" {
		t.Fatalf("own delete over the snapshot: %s", got)
	}
	mustExec(t, s, "COMMIT")
	if got := rowsOf(t, s, "SELECT id, k FROM t ORDER BY id"); got != "3,30" {
		t.Fatalf("after commit: %s", got)
	}

	// autocommit=0 transactions get a snapshot too.
	mustExec(t, s, "SET autocommit = 0")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM t"); got != "1" {
		t.Fatal(got)
	}
	mustExec(t, other, "INSERT INTO t VALUES (4, 40)")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM t"); got != "1" {
		t.Fatalf("autocommit=0: %s", got)
	}
	mustExec(t, s, "COMMIT", "SET autocommit = 1")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM t"); got != "2" {
		t.Fatal(got)
	}
}

func TestConsistentSnapshotAndReadCommitted(t *testing.T) {
	s, other := twoSessions(t)
	// WITH CONSISTENT SNAPSHOT takes it at START TRANSACTION.
	mustExec(t, s, "START TRANSACTION WITH CONSISTENT SNAPSHOT")
	mustExec(t, other, "UPDATE t SET k = 11 WHERE id = 1")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "10" {
		t.Fatalf("snapshot not taken at START TRANSACTION: %s", got)
	}
	mustExec(t, s, "COMMIT")

	// Without it the snapshot is the first read's.
	mustExec(t, s, "BEGIN")
	mustExec(t, other, "UPDATE t SET k = 12 WHERE id = 1")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "12" {
		t.Fatalf("snapshot taken before the first read: %s", got)
	}
	mustExec(t, s, "COMMIT")

	// READ COMMITTED: every statement sees the latest commits.
	mustExec(t, s, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", "BEGIN")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "12" {
		t.Fatal(got)
	}
	mustExec(t, other, "UPDATE t SET k = 13 WHERE id = 1")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "13" {
		t.Fatalf("READ COMMITTED kept a snapshot: %s", got)
	}
	mustExec(t, s, "COMMIT")

	// SET TRANSACTION without a scope is for the next transaction only.
	mustExec(t, s, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
	if got := rowsOf(t, s, "SELECT @@transaction_isolation, @@session.transaction_isolation"); got != "REPEATABLE-READ,REPEATABLE-READ" {
		t.Fatal(got)
	}
	mustExec(t, s, "BEGIN")
	wantErr(t, s, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", mysqldef.ErrCantChangeTxCharacteristics, "in progress")
	rowsOf(t, s, "SELECT k FROM t WHERE id = 1")
	mustExec(t, other, "UPDATE t SET k = 14 WHERE id = 1")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "14" {
		t.Fatalf("one-shot READ COMMITTED not applied: %s", got)
	}
	mustExec(t, s, "COMMIT")
	mustExec(t, s, "BEGIN")
	rowsOf(t, s, "SELECT k FROM t WHERE id = 1")
	mustExec(t, other, "UPDATE t SET k = 15 WHERE id = 1")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "14" {
		t.Fatalf("back to REPEATABLE READ: %s", got)
	}
	mustExec(t, s, "COMMIT")
}

func TestReadOnlyTransactions(t *testing.T) {
	s, _ := twoSessions(t)
	for _, begin := range []string{"START TRANSACTION READ ONLY", "START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT", "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"} {
		mustExec(t, s, begin)
		// The variables keep the session's value (MySQL 8).
		if got := rowsOf(t, s, "SELECT @@transaction_read_only, @@tx_read_only"); got != "0,0" {
			t.Fatalf("%s: %s", begin, got)
		}
		for _, w := range []string{"INSERT INTO t VALUES (9, 9)", "UPDATE t SET k = 0", "DELETE FROM t", "REPLACE INTO t VALUES (1, 1)"} {
			wantErr(t, s, w, mysqldef.ErrReadOnlyTransaction, "Cannot execute statement in a READ ONLY transaction.")
		}
		if got := rowsOf(t, s, "SELECT COUNT(*) FROM t"); got != "2" {
			t.Fatal(got)
		}
		mustExec(t, s, "COMMIT")
	}
	if got := rowsOf(t, s, "SELECT @@transaction_read_only"); got != "0" {
		t.Fatal(got)
	}
	mustExec(t, s, "START TRANSACTION READ WRITE", "UPDATE t SET k = 11 WHERE id = 1", "COMMIT")
	mustExec(t, s, "BEGIN WORK", "UPDATE t SET k = 12 WHERE id = 1", "COMMIT WORK")
	mustExec(t, s, "BEGIN", "UPDATE t SET k = 99 WHERE id = 1", "ROLLBACK WORK")
	// SET TRANSACTION READ ONLY: the next transaction only.
	mustExec(t, s, "SET TRANSACTION READ ONLY", "BEGIN")
	wantErr(t, s, "UPDATE t SET k = 0", mysqldef.ErrReadOnlyTransaction, "READ ONLY")
	mustExec(t, s, "COMMIT", "UPDATE t SET k = 13 WHERE id = 1")
	// The session setting covers autocommit statements too; READ WRITE
	// overrides it for one transaction.
	mustExec(t, s, "SET SESSION transaction_read_only = ON")
	if got := rowsOf(t, s, "SELECT @@transaction_read_only"); got != "1" {
		t.Fatal(got)
	}
	wantErr(t, s, "UPDATE t SET k = 0", mysqldef.ErrReadOnlyTransaction, "READ ONLY")
	mustExec(t, s, "START TRANSACTION READ WRITE", "UPDATE t SET k = 14 WHERE id = 1", "COMMIT", "SET SESSION transaction_read_only = OFF")
	if got := rowsOf(t, s, "SELECT k FROM t WHERE id = 1"); got != "14" {
		t.Fatal(got)
	}
}

func TestSavepoints(t *testing.T) {
	s, other := twoSessions(t)
	mustExec(t, s, "BEGIN", "UPDATE t SET k = 11 WHERE id = 1", "SAVEPOINT a",
		"UPDATE t SET k = 21 WHERE id = 2", "SAVEPOINT b", "INSERT INTO t VALUES (3, 30)", "DELETE FROM t WHERE id = 1")
	mustExec(t, s, "ROLLBACK TO SAVEPOINT b")
	if got := rowsOf(t, s, "SELECT id, k FROM t ORDER BY id"); got != "1,11;2,21" {
		t.Fatalf("after ROLLBACK TO b: %s", got)
	}
	mustExec(t, s, "INSERT INTO t VALUES (4, 40)", "ROLLBACK TO b") // b survives its own rollback
	mustExec(t, s, "ROLLBACK WORK TO SAVEPOINT a")
	if got := rowsOf(t, s, "SELECT id, k FROM t ORDER BY id"); got != "1,11;2,20" {
		t.Fatalf("after ROLLBACK TO a: %s", got)
	}
	wantErr(t, s, "ROLLBACK TO b", mysqldef.ErrSPDoesNotExist, "SAVEPOINT b does not exist")
	// Locks stay held after a rollback to savepoint (row 2 was updated after a).
	mustExec(t, other, "SET innodb_lock_wait_timeout = 1")
	wantErr(t, other, "UPDATE t SET k = 0 WHERE id = 2", mysqldef.ErrLockWaitTimeout, "Lock wait timeout")
	// Same name again replaces; RELEASE drops it and later ones.
	mustExec(t, s, "SAVEPOINT A", "UPDATE t SET k = 12 WHERE id = 1", "SAVEPOINT c", "SAVEPOINT a", "RELEASE SAVEPOINT c")
	wantErr(t, s, "ROLLBACK TO a", mysqldef.ErrSPDoesNotExist, "SAVEPOINT a does not exist")
	wantErr(t, s, "RELEASE SAVEPOINT nope", mysqldef.ErrSPDoesNotExist, "SAVEPOINT nope does not exist")
	mustExec(t, s, "COMMIT")
	if got := rowsOf(t, other, "SELECT id, k FROM t ORDER BY id"); got != "1,12;2,20" {
		t.Fatalf("committed: %s", got)
	}
	// Savepoints end with the transaction; in autocommit mode SAVEPOINT
	// is accepted and forgotten.
	wantErr(t, s, "ROLLBACK TO a", mysqldef.ErrSPDoesNotExist, "does not exist")
	mustExec(t, s, "SAVEPOINT x")
	wantErr(t, s, "ROLLBACK TO x", mysqldef.ErrSPDoesNotExist, "SAVEPOINT x does not exist")
	// A failing statement after a savepoint undoes only itself.
	mustExec(t, s, "BEGIN", "SAVEPOINT p", "UPDATE t SET k = 13 WHERE id = 1")
	wantErr(t, s, "INSERT INTO t VALUES (5, 5), (2, 2)", mysqldef.ErrDupEntry, "PRIMARY")
	mustExec(t, s, "ROLLBACK TO p")
	if got := rowsOf(t, s, "SELECT id, k FROM t ORDER BY id"); got != "1,12;2,20" {
		t.Fatalf("after the failed statement and ROLLBACK TO p: %s", got)
	}
	mustExec(t, s, "ROLLBACK")
}

// execAffected runs a statement and returns its affected-rows count.
func execAffected(t *testing.T, s *Session, sql string) uint64 {
	t.Helper()
	r := one(t, s, sql)
	if r.ok == nil {
		t.Fatalf("%s: no OK", sql)
	}
	return r.ok.AffectedRows
}

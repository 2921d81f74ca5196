package exec

import (
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
)

// secondSession logs a second root session into s's engine.
func secondSession(t *testing.T, s *Session, id uint32) *Session {
	t.Helper()
	o := s.eng.NewSession(id, "localhost", nil, nil)
	o.Login("root", "localhost", ClientOptions{MultiStatements: true}, "")
	t.Cleanup(o.Close)
	return o
}

// GET_LOCK's locks belong to sessions, count repeated holds, compare names
// without regard to case (MySQL 8), and are given back by RELEASE_LOCK,
// RELEASE_ALL_LOCKS and the end of the session, not by COMMIT.
func TestUserLocksHoldCountAndRelease(t *testing.T) {
	a := newTestSession(t)
	b := secondSession(t, a, 8)
	if got := rowsOf(t, a, "SELECT GET_LOCK('Job', 0), GET_LOCK('job', 0), IS_USED_LOCK('JOB') = CONNECTION_ID(), IS_FREE_LOCK('job')"); got != "1,1,1,0" {
		t.Fatal(got)
	}
	if got := rowsOf(t, b, "SELECT GET_LOCK('job', 0), RELEASE_LOCK('job'), IS_USED_LOCK('job'), RELEASE_LOCK('other')"); got != "0,0,7,NULL" {
		t.Fatal(got)
	}
	mustExec(t, a, "BEGIN", "COMMIT")
	if got := rowsOf(t, a, "SELECT RELEASE_LOCK('job'), IS_FREE_LOCK('job'), RELEASE_LOCK('job'), IS_FREE_LOCK('job'), RELEASE_LOCK('job')"); got != "1,0,1,1,NULL" {
		t.Fatal(got)
	}
	if got := rowsOf(t, a, "SELECT GET_LOCK('x', 0), GET_LOCK('y', 0), GET_LOCK('x', 0), RELEASE_ALL_LOCKS(), RELEASE_ALL_LOCKS(), IS_FREE_LOCK('x')"); got != "1,1,1,3,0,1" {
		t.Fatal(got)
	}
	// The end of a session and COM_RESET_CONNECTION give its locks back.
	c := secondSession(t, a, 9)
	if got := rowsOf(t, c, "SELECT GET_LOCK('held', 0), GET_LOCK('reset', 0)"); got != "1,1" {
		t.Fatal(got)
	}
	c.Reset()
	if got := rowsOf(t, a, "SELECT IS_FREE_LOCK('reset')"); got != "1" {
		t.Fatal(got)
	}
	mustExec(t, c, "DO GET_LOCK('held', 0)")
	c.Close()
	if got := rowsOf(t, a, "SELECT GET_LOCK('held', 0)"); got != "1" {
		t.Fatal(got)
	}
	// Names: NULL, '' and more than 64 characters are refused (MySQL 8;
	// MariaDB answers NULL); a NULL timeout takes nothing.
	wantErr(t, a, "SELECT GET_LOCK(NULL, 0)", mysqldef.ErrUserLockWrongName, "'NULL'")
	wantErr(t, a, "SELECT IS_FREE_LOCK('')", mysqldef.ErrUserLockWrongName, "''")
	wantErr(t, a, "SELECT RELEASE_LOCK(REPEAT('x', 65))", mysqldef.ErrUserLockWrongName, "user-level lock name")
	if got := rowsOf(t, a, "SELECT GET_LOCK(REPEAT('é', 64), 0), GET_LOCK('n', NULL), IS_FREE_LOCK('n'), GET_LOCK(7, 0), IS_USED_LOCK('7') IS NOT NULL"); got != "1,NULL,1,1,1" {
		t.Fatal(got)
	}
}

// A waiter gets the lock when its holder gives it back, gives up at its
// timeout, is stopped by KILL QUERY, and a wait that would close a cycle
// fails at once with 3058.
func TestUserLockWaits(t *testing.T) {
	a := newTestSession(t)
	b := secondSession(t, a, 8)
	mustExec(t, a, "DO GET_LOCK('w', 0)")
	start := time.Now()
	if got := rowsOf(t, b, "SELECT GET_LOCK('w', 0.2)"); got != "0" {
		t.Fatal(got)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("gave up after %v, before its timeout", d)
	}
	got := make(chan string, 1)
	go func() { got <- rowsOf(t, b, "SELECT GET_LOCK('w', -1), IS_USED_LOCK('w') = CONNECTION_ID()") }()
	time.Sleep(50 * time.Millisecond)
	select {
	case r := <-got:
		t.Fatalf("got the lock while it was held: %s", r)
	default:
	}
	mustExec(t, a, "DO RELEASE_LOCK('w')")
	select {
	case r := <-got:
		if r != "1,1" {
			t.Fatal(r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter was not woken by the release")
	}
	// b holds w; a holds v and waits for w; b asking for v closes the cycle.
	mustExec(t, a, "DO GET_LOCK('v', 0)")
	waitA := make(chan []result, 1)
	go func() {
		var rec recorder
		waitA <- runQuery(a, "SELECT GET_LOCK('w', 10)", &rec)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		a.eng.userLocks.mu.Lock()
		_, waiting := a.eng.userLocks.waiting[a]
		a.eng.userLocks.mu.Unlock()
		if waiting || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	wantErr(t, b, "SELECT GET_LOCK('v', 10)", mysqldef.ErrUserLockDeadlock, "Deadlock found when trying to get user-level lock")
	// KILL QUERY stops a's wait.
	if err := b.eng.Kill(uint64(a.id), true); err != nil {
		t.Fatal(err)
	}
	select {
	case rs := <-waitA:
		if last := rs[len(rs)-1]; last.err == nil || last.err.Code != mysqldef.ErrQueryInterrupted {
			t.Fatalf("killed wait: %+v", last)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("KILL QUERY did not stop the wait")
	}
}

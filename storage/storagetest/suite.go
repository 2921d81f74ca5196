// Package storagetest is the conformance suite every storage backend runs
// from its own tests: the behaviour the storage package doc promises
// (reads, own writes, snapshots, Current, iterators, statement and
// savepoint rollback, locks, deadlocks), checked the same way on each
// backend. It holds tests only; no production code imports it.
package storagetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// Open returns a fresh, empty engine for one subtest; the backend closes
// it when the test ends. Two calls in one test may return engines over
// the same data (two front ends) or not: the suite never relies on it.
type Open func(t *testing.T) storage.Engine

// Skip names checks a backend's test environment cannot pass, with the
// reason (logged); a real deployment of that backend is not excused.
type Skip map[string]string

// Run runs every check against engines from open, except those in skip.
func Run(t *testing.T, open Open, skip Skip) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, storage.Engine)
	}{
		{"CommitVisibility", testCommitVisibility},
		{"OwnWritesAndDeletes", testOwnWrites},
		{"EmptyValue", testEmptyValue},
		{"SnapshotReads", testSnapshotReads},
		{"RefreshSnapshot", testRefreshSnapshot},
		{"CurrentSeesLatest", testCurrentSeesLatest},
		{"IteratorBoundsAndDirections", testIterator},
		{"IteratorMergesOwnWrites", testIteratorOwnWrites},
		{"IteratorIgnoresLaterWrites", testIteratorLaterWrites},
		{"StatementRollback", testStatementRollback},
		{"SavepointRollback", testSavepoints},
		{"RollbackDiscards", testRollback},
		{"LockTimeout", testLockTimeout},
		{"LockWaitsForCommit", testLockWaitsForCommit},
		{"NoLostUpdateAfterWait", testNoLostUpdate},
		{"LockCancelled", testLockCancelled},
		{"Deadlock", testDeadlock},
		{"DeleteRange", testDeleteRange},
		{"BatchGet", testBatchGet},
		{"UseAfterEnd", testUseAfterEnd},
	} {
		t.Run(c.name, func(t *testing.T) {
			if why, ok := skip[c.name]; ok {
				t.Skip(why)
			}
			c.fn(t, open(t))
		})
	}
}

func set(t *testing.T, tx storage.Txn, k, v string) {
	t.Helper()
	if err := tx.Set([]byte(k), []byte(v)); err != nil {
		t.Fatalf("Set %s: %v", k, err)
	}
}

func del(t *testing.T, tx storage.Txn, k string) {
	t.Helper()
	if err := tx.Delete([]byte(k)); err != nil {
		t.Fatalf("Delete %s: %v", k, err)
	}
}

func commit(t *testing.T, tx storage.Txn) {
	t.Helper()
	if err := tx.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

// put commits k=v in a transaction of its own.
func put(t *testing.T, e storage.Engine, kv ...string) {
	t.Helper()
	tx := e.Begin(storage.TxnOptions{})
	for i := 0; i+1 < len(kv); i += 2 {
		set(t, tx, kv[i], kv[i+1])
	}
	commit(t, tx)
}

// get reads k: its value, or "<none>" when absent.
func get(t *testing.T, r storage.Reader, k string) string {
	t.Helper()
	v, err := r.Get([]byte(k))
	if errors.Is(err, storage.ErrNotFound) {
		return "<none>"
	}
	if err != nil {
		t.Fatalf("Get %s: %v", k, err)
	}
	return string(v)
}

func wantGet(t *testing.T, r storage.Reader, k, want string) {
	t.Helper()
	if got := get(t, r, k); got != want {
		t.Fatalf("Get %s = %q, want %q", k, got, want)
	}
}

// scan lists "k=v" over [lower, upper) forwards ("" is unbounded).
func scan(t *testing.T, r storage.Reader, lower, upper string) []string {
	t.Helper()
	it, err := r.NewIter(bound(lower), bound(upper))
	if err != nil {
		t.Fatalf("NewIter: %v", err)
	}
	defer it.Close()
	var out []string
	for ok := it.First(); ok; ok = it.Next() {
		out = append(out, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Error(); err != nil {
		t.Fatalf("iterating: %v", err)
	}
	return out
}

func bound(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

func wantScan(t *testing.T, r storage.Reader, lower, upper string, want ...string) {
	t.Helper()
	if got := scan(t, r, lower, upper); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("scan [%q,%q) = %v, want %v", lower, upper, got, want)
	}
}

func testCommitVisibility(t *testing.T, e storage.Engine) {
	tx := e.Begin(storage.TxnOptions{})
	set(t, tx, "a", "1")
	wantGet(t, e, "a", "<none>") // not before commit
	if !tx.Dirty() {
		t.Fatal("Dirty false after a write")
	}
	commit(t, tx)
	wantGet(t, e, "a", "1")
	other := e.Begin(storage.TxnOptions{})
	wantGet(t, other, "a", "1")
	other.Rollback()
	ro := e.Begin(storage.TxnOptions{})
	wantGet(t, ro, "zz", "<none>")
	if ro.Dirty() {
		t.Fatal("a read-only txn is dirty")
	}
	commit(t, ro)
}

func testOwnWrites(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1", "b", "2")
	tx := e.Begin(storage.TxnOptions{})
	set(t, tx, "a", "10")
	del(t, tx, "b")
	set(t, tx, "c", "3")
	wantGet(t, tx, "a", "10")
	wantGet(t, tx, "b", "<none>")
	wantGet(t, tx, "c", "3")
	wantGet(t, tx.Current(), "b", "<none>")
	commit(t, tx)
	wantScan(t, e, "", "", "a=10", "c=3")
}

func testEmptyValue(t *testing.T, e storage.Engine) {
	put(t, e, "empty", "")
	wantGet(t, e, "empty", "")
	wantScan(t, e, "", "", "empty=")
}

func testSnapshotReads(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1")
	rr := e.Begin(storage.TxnOptions{Snapshot: true})
	wantGet(t, rr, "a", "1") // takes the snapshot
	put(t, e, "a", "2", "b", "2")
	wantGet(t, rr, "a", "1")
	wantGet(t, rr, "b", "<none>")
	wantScan(t, rr, "", "", "a=1")
	// Current sees past the snapshot; own writes shadow it.
	wantGet(t, rr.Current(), "a", "2")
	del(t, rr, "a")
	wantGet(t, rr, "a", "<none>")
	rr.Rollback()

	// TakeSnapshot fixes the snapshot before any read.
	ws := e.Begin(storage.TxnOptions{})
	if err := ws.TakeSnapshot(); err != nil {
		t.Fatal(err)
	}
	put(t, e, "a", "3")
	wantGet(t, ws, "a", "2")
	ws.Rollback()
}

func testRefreshSnapshot(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1")
	rc := e.Begin(storage.TxnOptions{Snapshot: true})
	wantGet(t, rc, "a", "1")
	it, err := rc.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	put(t, e, "a", "2")
	rc.RefreshSnapshot()
	wantGet(t, rc, "a", "2")
	// The iterator opened before keeps its snapshot.
	if !it.First() || string(it.Value()) != "1" {
		t.Fatalf("old iterator sees %q", it.Value())
	}
	it.Close()
	rc.Rollback()
}

func testCurrentSeesLatest(t *testing.T, e storage.Engine) {
	put(t, e, "row", "1")
	tx := e.Begin(storage.TxnOptions{Snapshot: true})
	tx.BeginStatement()
	wantGet(t, tx, "row", "1")
	tx.EndStatement()
	put(t, e, "row", "2") // another txn commits
	tx.BeginStatement()
	if err := tx.Lock(context.Background(), []byte("row"), time.Second); err != nil {
		t.Fatal(err)
	}
	if !tx.Locked([]byte("row")) {
		t.Fatal("Locked false after Lock")
	}
	wantGet(t, tx.Current(), "row", "2")
	wantScan(t, tx.Current(), "", "", "row=2")
	set(t, tx, "row", "3")
	tx.EndStatement()
	wantGet(t, tx, "row", "3")
	commit(t, tx)
	wantGet(t, e, "row", "3")
}

func testIterator(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1", "b", "2", "c", "3", "d", "4", "e", "5")
	wantScan(t, e, "b", "d", "b=2", "c=3")
	wantScan(t, e, "d", "b") // inverted: empty
	it, err := e.NewIter([]byte("b"), []byte("e"))
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var walk []string
	for ok := it.Last(); ok; ok = it.Prev() {
		walk = append(walk, string(it.Key()))
	}
	if !reflect.DeepEqual(walk, []string{"d", "c", "b"}) {
		t.Fatalf("backwards %v", walk)
	}
	if !it.SeekGE([]byte("bb")) || string(it.Key()) != "c" {
		t.Fatalf("SeekGE bb at %q", it.Key())
	}
	if !it.Prev() || string(it.Key()) != "b" {
		t.Fatalf("Prev after SeekGE at %q", it.Key())
	}
	if !it.Next() || string(it.Key()) != "c" {
		t.Fatalf("Next after Prev at %q", it.Key())
	}
	if !it.SeekGE([]byte("a")) || string(it.Key()) != "b" {
		t.Fatalf("SeekGE below the lower bound at %q", it.Key())
	}
	if it.SeekGE([]byte("e")) {
		t.Fatalf("SeekGE at the upper bound found %q", it.Key())
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
}

func testIteratorOwnWrites(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1", "b", "2", "c", "3")
	tx := e.Begin(storage.TxnOptions{})
	set(t, tx, "b", "20")
	del(t, tx, "c")
	set(t, tx, "bb", "x")
	set(t, tx, "z", "26")
	wantScan(t, tx, "", "", "a=1", "b=20", "bb=x", "z=26")
	wantScan(t, tx.Current(), "b", "z", "b=20", "bb=x")
	it, err := tx.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var back []string
	for ok := it.Last(); ok; ok = it.Prev() {
		back = append(back, string(it.Key()))
	}
	it.Close()
	if !reflect.DeepEqual(back, []string{"z", "bb", "b", "a"}) {
		t.Fatalf("backwards over own writes %v", back)
	}
	tx.Rollback()
}

func testIteratorLaterWrites(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1", "c", "3")
	tx := e.Begin(storage.TxnOptions{})
	it, err := tx.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Writing while the iterator is open is allowed; it does not see them.
	var keys []string
	for ok := it.First(); ok; ok = it.Next() {
		keys = append(keys, string(it.Key()))
		set(t, tx, string(it.Key())+"x", "new")
	}
	it.Close()
	if !reflect.DeepEqual(keys, []string{"a", "c"}) {
		t.Fatalf("iterator saw %v", keys)
	}
	commit(t, tx)
	wantScan(t, e, "", "", "a=1", "ax=new", "c=3", "cx=new")
}

func testStatementRollback(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1", "b", "2")
	tx := e.Begin(storage.TxnOptions{Snapshot: true})
	tx.BeginStatement()
	set(t, tx, "a", "10")
	tx.EndStatement()
	tx.BeginStatement()
	if err := tx.Lock(context.Background(), []byte("b"), time.Second); err != nil {
		t.Fatal(err)
	}
	set(t, tx, "a", "100")
	del(t, tx, "b")
	set(t, tx, "c", "3")
	if err := tx.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	wantGet(t, tx, "a", "10")
	wantGet(t, tx, "b", "2")
	wantGet(t, tx, "c", "<none>")
	wantScan(t, tx, "", "", "a=10", "b=2")
	if !tx.Locked([]byte("b")) {
		t.Fatal("statement rollback released a lock")
	}
	commit(t, tx)
	wantScan(t, e, "", "", "a=10", "b=2")

	undone := e.Begin(storage.TxnOptions{})
	undone.BeginStatement()
	set(t, undone, "x", "1")
	if err := undone.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	if undone.Dirty() {
		t.Fatal("dirty after its only statement was rolled back")
	}
	commit(t, undone)
	wantGet(t, e, "x", "<none>")
}

func testSavepoints(t *testing.T, e storage.Engine) {
	tx := e.Begin(storage.TxnOptions{Snapshot: true})
	stmt := func(fn func()) { tx.BeginStatement(); fn(); tx.EndStatement() }
	stmt(func() { set(t, tx, "a", "1") })
	sp1 := tx.Savepoint()
	stmt(func() { set(t, tx, "a", "2"); set(t, tx, "b", "2") })
	sp2 := tx.Savepoint()
	stmt(func() { set(t, tx, "a", "3"); del(t, tx, "b") })
	if err := tx.RollbackToSavepoint(sp2); err != nil {
		t.Fatal(err)
	}
	wantScan(t, tx, "", "", "a=2", "b=2")
	stmt(func() { set(t, tx, "c", "3") })
	if err := tx.RollbackToSavepoint(sp1); err != nil {
		t.Fatal(err)
	}
	wantScan(t, tx, "", "", "a=1")
	// sp1 stays usable.
	stmt(func() { set(t, tx, "d", "4") })
	if err := tx.RollbackToSavepoint(sp1); err != nil {
		t.Fatal(err)
	}
	wantScan(t, tx, "", "", "a=1")
	commit(t, tx)
	wantScan(t, e, "", "", "a=1")
}

func testRollback(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1")
	tx := e.Begin(storage.TxnOptions{})
	if err := tx.Lock(context.Background(), []byte("a"), time.Second); err != nil {
		t.Fatal(err)
	}
	set(t, tx, "a", "2")
	tx.Rollback()
	tx.Rollback() // a no-op
	wantGet(t, e, "a", "1")
	// The lock went with it.
	other := e.Begin(storage.TxnOptions{})
	if err := other.Lock(context.Background(), []byte("a"), 0); err != nil {
		t.Fatalf("lock after rollback: %v", err)
	}
	other.Rollback()
}

func testLockTimeout(t *testing.T, e storage.Engine) {
	put(t, e, "k", "1")
	a := e.Begin(storage.TxnOptions{})
	b := e.Begin(storage.TxnOptions{})
	defer a.Rollback()
	defer b.Rollback()
	ctx := context.Background()
	if err := a.Lock(ctx, []byte("k"), time.Second); err != nil {
		t.Fatal(err)
	}
	if err := a.Lock(ctx, []byte("k"), 0); err != nil {
		t.Fatalf("re-entrant lock: %v", err)
	}
	if err := b.Lock(ctx, []byte("k"), 0); !errors.Is(err, storage.ErrLockWaitTimeout) {
		t.Fatalf("no-wait lock on a held key: %v", err)
	}
	if err := b.Lock(ctx, []byte("k"), 200*time.Millisecond); !errors.Is(err, storage.ErrLockWaitTimeout) {
		t.Fatalf("lock wait past its time: %v", err)
	}
}

// lockedAfterWait has b wait for a's lock on k until a commits k=2, and
// returns b holding the lock.
func lockedAfterWait(t *testing.T, e storage.Engine) storage.Txn {
	t.Helper()
	put(t, e, "k", "1")
	a := e.Begin(storage.TxnOptions{})
	if err := a.Lock(context.Background(), []byte("k"), time.Second); err != nil {
		t.Fatal(err)
	}
	set(t, a, "k", "2")
	done := make(chan error, 1)
	b := e.Begin(storage.TxnOptions{Snapshot: true})
	wantGet(t, b, "k", "1") // b's snapshot predates a's commit
	go func() {
		done <- b.Lock(context.Background(), []byte("k"), 20*time.Second)
	}()
	time.Sleep(50 * time.Millisecond) // let b start waiting; the result does not depend on it
	commit(t, a)
	if err := <-done; err != nil {
		t.Fatalf("waiting lock: %v", err)
	}
	return b
}

func testLockWaitsForCommit(t *testing.T, e storage.Engine) {
	b := lockedAfterWait(t, e)
	defer b.Rollback()
	// The locked read sees a's commit; the consistent read keeps b's
	// snapshot.
	wantGet(t, b.Current(), "k", "2")
	wantGet(t, b, "k", "1")
}

func testNoLostUpdate(t *testing.T, e storage.Engine) {
	b := lockedAfterWait(t, e)
	set(t, b, "k", get(t, b.Current(), "k")+"+b")
	commit(t, b)
	wantGet(t, e, "k", "2+b")
}

func testLockCancelled(t *testing.T, e storage.Engine) {
	a := e.Begin(storage.TxnOptions{})
	defer a.Rollback()
	if err := a.Lock(context.Background(), []byte("k"), time.Second); err != nil {
		t.Fatal(err)
	}
	b := e.Begin(storage.TxnOptions{})
	defer b.Rollback()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if err := b.Lock(ctx, []byte("k"), 30*time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

func testDeadlock(t *testing.T, e storage.Engine) {
	ctx := context.Background()
	a := e.Begin(storage.TxnOptions{})
	b := e.Begin(storage.TxnOptions{})
	if err := a.Lock(ctx, []byte("x"), time.Second); err != nil {
		t.Fatal(err)
	}
	if err := b.Lock(ctx, []byte("y"), time.Second); err != nil {
		t.Fatal(err)
	}
	aWaits := make(chan error, 1)
	go func() { aWaits <- a.Lock(ctx, []byte("y"), 20*time.Second) }()
	// b's request closes the cycle once a waits; until a's wait is
	// registered b may simply wait too, so the outcome is one of the two
	// getting ErrDeadlock, whichever closes the cycle.
	time.Sleep(100 * time.Millisecond)
	errB := b.Lock(ctx, []byte("x"), 20*time.Second)
	if errB != nil {
		if !errors.Is(errB, storage.ErrDeadlock) {
			t.Fatalf("b: %v", errB)
		}
		b.Rollback()
		if err := <-aWaits; err != nil {
			t.Fatalf("a after b's rollback: %v", err)
		}
		a.Rollback()
		return
	}
	if err := <-aWaits; !errors.Is(err, storage.ErrDeadlock) {
		t.Fatalf("neither side saw a deadlock: a %v", err)
	}
	a.Rollback()
	b.Rollback()
}

func testDeleteRange(t *testing.T, e storage.Engine) {
	var kv []string
	for i := 0; i < 20; i++ {
		kv = append(kv, fmt.Sprintf("r%02d", i), "v")
	}
	put(t, e, kv...)
	put(t, e, "s", "keep")
	tx := e.Begin(storage.TxnOptions{})
	set(t, tx, "r99", "own")
	if err := storage.DeleteRange(tx, []byte("r"), []byte("s")); err != nil {
		t.Fatal(err)
	}
	commit(t, tx)
	wantScan(t, e, "", "", "s=keep")
}

func testUseAfterEnd(t *testing.T, e storage.Engine) {
	tx := e.Begin(storage.TxnOptions{})
	set(t, tx, "a", "1")
	commit(t, tx)
	if err := tx.Set([]byte("b"), []byte("1")); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("Set after Commit: %v", err)
	}
	if _, err := tx.Get([]byte("a")); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("Get after Commit: %v", err)
	}
	if err := tx.Commit(); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("second Commit: %v", err)
	}
}

func testBatchGet(t *testing.T, e storage.Engine) {
	put(t, e, "a", "1", "b", "2", "c", "3")
	keys := [][]byte{[]byte("a"), []byte("b"), []byte("c"), []byte("d"), []byte("e")}
	check := func(r storage.Reader, want map[string]string) {
		t.Helper()
		got, err := storage.BatchGet(r, keys)
		if err != nil {
			t.Fatal(err)
		}
		gotS := map[string]string{}
		for k, v := range got {
			gotS[k] = string(v)
		}
		if !reflect.DeepEqual(gotS, want) {
			t.Fatalf("BatchGet %v, want %v", gotS, want)
		}
	}
	check(e, map[string]string{"a": "1", "b": "2", "c": "3"})
	tx := e.Begin(storage.TxnOptions{Snapshot: true})
	defer tx.Rollback()
	check(tx, map[string]string{"a": "1", "b": "2", "c": "3"}) // takes the snapshot
	put(t, e, "a", "10", "e", "5")
	set(t, tx, "b", "20")
	del(t, tx, "c")
	set(t, tx, "d", "4")
	check(tx, map[string]string{"a": "1", "b": "20", "d": "4"})
	check(tx.Current(), map[string]string{"a": "10", "b": "20", "d": "4", "e": "5"})
}

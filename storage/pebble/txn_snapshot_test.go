package pebble

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/loopdb/loopdb/storage"
)

// collectBack walks r's [lower, upper) from Last with Prev.
func collectBack(t *testing.T, r storage.Reader) []string {
	t.Helper()
	it, err := r.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var out []string
	for ok := it.Last(); ok; ok = it.Prev() {
		out = append(out, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSnapshotTxnIgnoresLaterCommits(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("0")); _ = b.Set([]byte("c"), []byte("0")) })

	rr := m.BeginSnapshot()
	defer rr.Rollback()
	if got := mustGet(t, rr, "a"); got != "0" { // first consistent read: the snapshot
		t.Fatal(got)
	}
	other := m.Begin()
	mustSet(t, other, "a", "1")
	mustSet(t, other, "b", "1")
	mustDelete(t, other, "c")
	mustCommit(t, other)

	if got := mustGet(t, rr, "a"); got != "0" {
		t.Fatalf("snapshot read saw a later commit: a=%q", got)
	}
	mustAbsent(t, rr, "b")
	if got := collect(t, rr, "", ""); !reflect.DeepEqual(got, []string{"a=0", "c=0"}) {
		t.Fatalf("snapshot scan: %v", got)
	}
	// Current is the latest committed state.
	if got := collect(t, rr.Current(), "", ""); !reflect.DeepEqual(got, []string{"a=1", "b=1"}) {
		t.Fatalf("current scan: %v", got)
	}
	// RefreshSnapshot: the next read takes a new one.
	rr.RefreshSnapshot()
	if got := collect(t, rr, "", ""); !reflect.DeepEqual(got, []string{"a=1", "b=1"}) {
		t.Fatalf("after refresh: %v", got)
	}

	// Without snapshot reads (autocommit), every read is the latest.
	rc := m.Begin()
	defer rc.Rollback()
	mustGet(t, rc, "a")
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("2")) })
	if got := mustGet(t, rc, "a"); got != "2" {
		t.Fatalf("txn without snapshot: a=%q", got)
	}
}

func TestSnapshotTakenAtFirstReadOrTakeSnapshot(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("0")) })
	rr := m.BeginSnapshot()
	defer rr.Rollback()
	// Nothing read yet: a commit now is inside the snapshot taken later.
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("1")) })
	if got := mustGet(t, rr, "a"); got != "1" {
		t.Fatalf("snapshot taken before the first read: a=%q", got)
	}

	ws := m.Begin()
	defer ws.Rollback()
	if err := ws.TakeSnapshot(); err != nil {
		t.Fatal(err)
	}
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("2")) })
	if got := mustGet(t, ws, "a"); got != "1" {
		t.Fatalf("WITH CONSISTENT SNAPSHOT read a later commit: a=%q", got)
	}
}

// Own writes shadow the snapshot: sets replace, deletes hide, in Get and in
// iterators of both directions; iterators do not see writes made after
// they opened.
func TestSnapshotOwnWritesOverSnapshot(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) {
		for _, k := range []string{"a", "c", "e", "g"} {
			_ = b.Set([]byte(k), []byte("0"))
		}
	})
	rr := m.BeginSnapshot()
	defer rr.Rollback()
	mustGet(t, rr, "a")
	// Another txn changes everything after the snapshot.
	commit(t, eng, func(b Batch) {
		_ = b.Set([]byte("b"), []byte("x"))
		_ = b.Delete([]byte("c"))
		_ = b.Set([]byte("g"), []byte("x"))
	})

	mustSet(t, rr, "a", "1") // replaces a snapshot row
	mustDelete(t, rr, "e")   // hides a snapshot row
	mustSet(t, rr, "d", "1") // new row between snapshot rows
	mustSet(t, rr, "h", "1") // new row after all
	mustSet(t, rr, "0", "1") // new row before all
	mustSet(t, rr, "f", "1") // written then deleted: absent
	mustDelete(t, rr, "f")

	if got := mustGet(t, rr, "a"); got != "1" {
		t.Fatal(got)
	}
	mustAbsent(t, rr, "e")
	mustAbsent(t, rr, "f")
	mustAbsent(t, rr, "b")
	if got := mustGet(t, rr, "c"); got != "0" {
		t.Fatalf("snapshot row deleted by another txn: c=%q", got)
	}
	want := []string{"0=1", "a=1", "c=0", "d=1", "g=0", "h=1"}
	if got := collect(t, rr, "", ""); !reflect.DeepEqual(got, want) {
		t.Fatalf("forward: %v, want %v", got, want)
	}
	back := slices.Clone(want)
	slices.Reverse(back)
	if got := collectBack(t, rr); !reflect.DeepEqual(got, back) {
		t.Fatalf("backward: %v, want %v", got, back)
	}
	if got := collect(t, rr, "b", "g"); !reflect.DeepEqual(got, []string{"c=0", "d=1"}) {
		t.Fatalf("bounded: %v", got)
	}

	// An open iterator keeps its view while the txn writes on.
	it, err := rr.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustDelete(t, rr, "c")
	mustSet(t, rr, "e", "2")
	var got []string
	for ok := it.First(); ok; ok = it.Next() {
		got = append(got, string(it.Key())+"="+string(it.Value()))
	}
	it.Close()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("iterator opened before writes: %v, want %v", got, want)
	}
	if got := collect(t, rr, "", ""); !reflect.DeepEqual(got, []string{"0=1", "a=1", "d=1", "e=2", "g=0", "h=1"}) {
		t.Fatalf("after more writes: %v", got)
	}
	// Current: own writes over the latest state.
	if got := collect(t, rr.Current(), "", ""); !reflect.DeepEqual(got, []string{"0=1", "a=1", "b=x", "d=1", "e=2", "g=x", "h=1"}) {
		t.Fatalf("current: %v", got)
	}
}

// The merged iterator against a plain model, with random moves in both
// directions and seeks.
func TestSnapshotMergeIterRandomWalk(t *testing.T) {
	eng, m := newTxnTest(t, false)
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[string]string{}
	key := func() string { return string(rune('a' + rng.IntN(26))) }
	commit(t, eng, func(b Batch) {
		for range 15 {
			k := key()
			model[k] = "s"
			_ = b.Set([]byte(k), []byte("s"))
		}
	})
	rr := m.BeginSnapshot()
	defer rr.Rollback()
	if err := rr.TakeSnapshot(); err != nil {
		t.Fatal(err)
	}
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("zz"), []byte("late")) })
	for range 15 {
		k := key()
		if rng.IntN(2) == 0 {
			mustDelete(t, rr, k)
			delete(model, k)
		} else {
			mustSet(t, rr, k, "o")
			model[k] = "o"
		}
	}
	keys := make([]string, 0, len(model))
	for k := range model {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	it, err := rr.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	pos := -1 // index into keys; -1 or len(keys): not valid
	check := func(op string, ok bool) {
		t.Helper()
		valid := pos >= 0 && pos < len(keys)
		if ok != valid {
			t.Fatalf("%s: ok=%v, model pos %d of %v", op, ok, pos, keys)
		}
		if valid && (string(it.Key()) != keys[pos] || string(it.Value()) != model[keys[pos]]) {
			t.Fatalf("%s: at %s=%s, want %s=%s", op, it.Key(), it.Value(), keys[pos], model[keys[pos]])
		}
	}
	for range 400 {
		valid := pos >= 0 && pos < len(keys)
		switch op := rng.IntN(5); {
		case op == 0:
			pos = 0
			check("First", it.First())
		case op == 1:
			pos = len(keys) - 1
			check("Last", it.Last())
		case op == 2:
			k := key()
			pos, _ = slices.BinarySearch(keys, k)
			check("SeekGE "+k, it.SeekGE([]byte(k)))
		case valid && op == 3:
			pos++
			check("Next", it.Next())
		case valid:
			pos--
			check("Prev", it.Prev())
		}
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
}

func TestSnapshotReleasedAtEnd(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("0")) })
	open := func() int64 { return m.Stats().Snapshots }

	for _, end := range []string{"commit", "rollback"} {
		tx := m.BeginSnapshot()
		mustGet(t, tx, "a")
		mustSet(t, tx, "b", "1")
		it, err := tx.NewIter(nil, nil) // left open: the end closes it
		if err != nil {
			t.Fatal(err)
		}
		it.First()
		if n := open(); n != 1 {
			t.Fatalf("%s: %d snapshots open during the txn", end, n)
		}
		if end == "commit" {
			mustCommit(t, tx)
		} else {
			tx.Rollback()
		}
		if n := open(); n != 0 {
			t.Fatalf("%s: %d snapshots left open", end, n)
		}
	}

	// RefreshSnapshot under an open iterator: the iterator keeps reading
	// its snapshot, which is closed when the iterator is.
	tx := m.BeginSnapshot()
	it, err := tx.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx.RefreshSnapshot()
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("1")) })
	mustGet(t, tx, "a") // a second snapshot
	if n := open(); n != 2 {
		t.Fatalf("%d snapshots open, want 2", n)
	}
	if !it.First() || string(it.Value()) != "0" {
		t.Fatalf("iterator lost its snapshot: %q", it.Value())
	}
	it.Close()
	if n := open(); n != 1 {
		t.Fatalf("%d snapshots open after the iterator closed, want 1", n)
	}
	tx.Rollback()
	if n := open(); n != 0 {
		t.Fatalf("%d snapshots left open", n)
	}
	// A txn without snapshot reads takes none.
	tx = m.Begin()
	mustGet(t, tx, "a")
	collect(t, tx, "", "")
	if n := open(); n != 0 {
		t.Fatalf("autocommit-style txn took %d snapshots", n)
	}
	tx.Rollback()
}

func TestSavepointRollback(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("0")) })
	tx := m.BeginSnapshot()
	defer tx.Rollback()
	stmt := func(f func()) {
		tx.BeginStatement()
		f()
		tx.EndStatement()
	}
	stmt(func() { mustSet(t, tx, "a", "1") })
	sp1 := tx.Savepoint()
	stmt(func() { mustSet(t, tx, "a", "2"); mustSet(t, tx, "b", "2") })
	sp2 := tx.Savepoint()
	stmt(func() { mustDelete(t, tx, "a"); mustSet(t, tx, "c", "3") })
	if err := tx.Lock(t.Context(), []byte("a"), 0); err != nil {
		t.Fatal(err)
	}

	if err := tx.RollbackToSavepoint(sp2); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, tx, "", ""); !reflect.DeepEqual(got, []string{"a=2", "b=2"}) {
		t.Fatalf("after rollback to sp2: %v", got)
	}
	// sp1 is still usable, and so is sp2 again (nothing written since).
	if err := tx.RollbackToSavepoint(sp2); err != nil {
		t.Fatal(err)
	}
	if err := tx.RollbackToSavepoint(sp1); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, tx, "", ""); !reflect.DeepEqual(got, []string{"a=1"}) {
		t.Fatalf("after rollback to sp1: %v", got)
	}
	if !tx.Dirty() {
		t.Fatal("the write before sp1 must stay")
	}
	// Past sp1, sp2 no longer exists.
	if err := tx.RollbackToSavepoint(sp2); err == nil {
		t.Fatal("rollback to a savepoint rolled back past succeeded")
	}
	// The locks stay held.
	if !tx.Locked([]byte("a")) {
		t.Fatal("savepoint rollback released a lock")
	}
	mustCommit(t, tx)
	if got := collect(t, eng, "", ""); !reflect.DeepEqual(got, []string{"a=1"}) {
		t.Fatalf("committed: %v", got)
	}

	// A savepoint before any write: rolling back to it leaves nothing dirty.
	tx = m.Begin()
	sp := tx.Savepoint()
	stmt(func() {})
	tx.BeginStatement()
	mustSet(t, tx, "z", "1")
	tx.EndStatement()
	if err := tx.RollbackToSavepoint(sp); err != nil {
		t.Fatal(err)
	}
	if tx.Dirty() {
		t.Fatal("dirty after rolling back every write")
	}
	mustAbsent(t, tx, "z")
	tx.Rollback()
}

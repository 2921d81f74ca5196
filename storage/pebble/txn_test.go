package pebble

import (
	"errors"
	"io"
	"log/slog"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/loopdb/loopdb/storage"
)

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// newTxnTest opens a Pebble engine in a temp dir with a manager over it.
func newTxnTest(t *testing.T, sync bool) (*DB, *TxnManager) {
	t.Helper()
	eng := openTest(t, t.TempDir())
	t.Cleanup(func() { _ = eng.Close() })
	return eng, NewTxnManager(eng, TxnOptions{Sync: sync, Logger: quietLogger()})
}

func mustSet(t *testing.T, tx *Txn, key, value string) {
	t.Helper()
	if err := tx.Set([]byte(key), []byte(value)); err != nil {
		t.Fatalf("set %q: %v", key, err)
	}
}

func mustDelete(t *testing.T, tx *Txn, key string) {
	t.Helper()
	if err := tx.Delete([]byte(key)); err != nil {
		t.Fatalf("delete %q: %v", key, err)
	}
}

func mustCommit(t *testing.T, tx *Txn) {
	t.Helper()
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
}

func TestTxnReadYourWritesAndIsolation(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("a"), []byte("0")) })

	a := m.Begin()
	mustSet(t, a, "a", "1")
	mustSet(t, a, "b", "2")
	if got := mustGet(t, a, "a"); got != "1" {
		t.Fatalf("own write: got %q", got)
	}
	if got := collect(t, a, "", ""); !reflect.DeepEqual(got, []string{"a=1", "b=2"}) {
		t.Fatalf("own scan: %v", got)
	}

	b := m.Begin()
	if got := mustGet(t, b, "a"); got != "0" {
		t.Fatalf("other txn sees uncommitted write: %q", got)
	}
	mustAbsent(t, b, "b")

	mustCommit(t, a)
	if got := mustGet(t, b, "a"); got != "1" {
		t.Fatalf("after commit (read committed): got %q", got)
	}
	if got := mustGet(t, b, "b"); got != "2" {
		t.Fatalf("after commit: got %q", got)
	}
	b.Rollback()
}

func TestTxnRollbackDiscards(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) { _ = b.Set([]byte("k"), []byte("old")) })
	tx := m.Begin()
	mustSet(t, tx, "k", "new")
	mustDelete(t, tx, "k")
	mustSet(t, tx, "x", "y")
	tx.Rollback()
	if got := mustGet(t, eng, "k"); got != "old" {
		t.Fatalf("got %q", got)
	}
	mustAbsent(t, eng, "x")
	if s := m.Stats(); s.Rollbacks != 1 || s.Active != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestTxnDeleteHidesCommittedKey(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) {
		_ = b.Set([]byte("a"), []byte("1"))
		_ = b.Set([]byte("b"), []byte("2"))
	})
	tx := m.Begin()
	mustDelete(t, tx, "a")
	mustAbsent(t, tx, "a")
	if got := collect(t, tx, "", ""); !reflect.DeepEqual(got, []string{"b=2"}) {
		t.Fatalf("scan: %v", got)
	}
	mustCommit(t, tx)
	mustAbsent(t, eng, "a")
}

func TestTxnUseAfterDone(t *testing.T) {
	_, m := newTxnTest(t, false)
	tx := m.Begin()
	mustSet(t, tx, "k", "v")
	mustCommit(t, tx)
	if err := tx.Commit(); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("second commit: %v", err)
	}
	if _, err := tx.Get([]byte("k")); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("get: %v", err)
	}
	if err := tx.Set([]byte("k"), nil); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("set: %v", err)
	}
	if err := tx.Delete([]byte("k")); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("delete: %v", err)
	}
	if _, err := tx.NewIter(nil, nil); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("iter: %v", err)
	}
	if err := tx.Lock(t.Context(), []byte("k"), 0); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("lock: %v", err)
	}
	if err := tx.RollbackStatement(); !errors.Is(err, storage.ErrTxnDone) {
		t.Fatalf("rollback statement: %v", err)
	}
	tx.Rollback() // no-op, no panic
	tx.BeginStatement()
	tx.EndStatement()
	if s := m.Stats(); s.Commits != 1 || s.Rollbacks != 0 || s.Active != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestTxnOpenIteratorClosedByCommit(t *testing.T) {
	_, m := newTxnTest(t, false)
	tx := m.Begin()
	mustSet(t, tx, "a", "1")
	it, err := tx.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !it.First() || string(it.Key()) != "a" {
		t.Fatal("iterator misses own write")
	}
	mustSet(t, tx, "b", "2") // after the iterator: not required to be visible
	mustCommit(t, tx)
	if it.Valid() || it.Next() {
		t.Fatal("iterator still usable after commit")
	}
	if err := it.Close(); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("close after commit: %v", err)
	}
}

func TestTxnDurableAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	eng := openTest(t, dir)
	m := NewTxnManager(eng, TxnOptions{Sync: true, Logger: quietLogger()})
	tx := m.Begin()
	if err := tx.Lock(t.Context(), []byte("k"), 0); err != nil {
		t.Fatal(err)
	}
	mustSet(t, tx, "k", "durable")
	mustSet(t, tx, "gone", "x")
	mustDelete(t, tx, "gone")
	mustCommit(t, tx)
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}

	eng = openTest(t, dir)
	defer eng.Close()
	tx = NewTxnManager(eng, DefaultTxnOptions()).Begin()
	defer tx.Rollback()
	if got := mustGet(t, tx, "k"); got != "durable" {
		t.Fatalf("got %q", got)
	}
	mustAbsent(t, tx, "gone")
}

// countingEngine counts batches and can make their commits fail.
type countingEngine struct {
	KV
	batches    atomic.Int64
	commits    atomic.Int64
	failCommit bool
}

type countingBatch struct {
	Batch
	e *countingEngine
}

func (e *countingEngine) NewBatch() Batch {
	e.batches.Add(1)
	return countingBatch{Batch: e.KV.NewBatch(), e: e}
}

func (b countingBatch) Commit(sync bool) error {
	b.e.commits.Add(1)
	if b.e.failCommit {
		return errors.New("injected commit failure")
	}
	return b.Batch.Commit(sync)
}

func TestTxnReadOnlyCommitSkipsEngine(t *testing.T) {
	eng, _ := newTxnTest(t, true)
	ce := &countingEngine{KV: eng}
	m := NewTxnManager(ce, TxnOptions{Sync: true, Logger: quietLogger()})

	tx := m.Begin()
	if err := tx.Lock(t.Context(), []byte("k"), 0); err != nil {
		t.Fatal(err)
	}
	mustAbsent(t, tx, "k")
	if tx.Dirty() {
		t.Fatal("dirty without writes")
	}
	mustCommit(t, tx)
	if n := ce.batches.Load(); n != 0 {
		t.Fatalf("read-only txn created %d batches", n)
	}

	// Writes fully undone by a statement rollback leave nothing to commit.
	tx = m.Begin()
	tx.BeginStatement()
	mustSet(t, tx, "k", "v")
	if !tx.Dirty() {
		t.Fatal("not dirty after a write")
	}
	if err := tx.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	if tx.Dirty() {
		t.Fatal("dirty after undoing the only statement")
	}
	mustCommit(t, tx)
	if n := ce.commits.Load(); n != 0 {
		t.Fatalf("%d batch commits, want 0", n)
	}
	mustAbsent(t, eng, "k")
}

func TestTxnCommitErrorReleasesLocks(t *testing.T) {
	eng, _ := newTxnTest(t, false)
	ce := &countingEngine{KV: eng, failCommit: true}
	m := NewTxnManager(ce, TxnOptions{Logger: quietLogger()})
	tx := m.Begin()
	if err := tx.Lock(t.Context(), []byte("k"), 0); err != nil {
		t.Fatal(err)
	}
	mustSet(t, tx, "k", "v")
	if err := tx.Commit(); err == nil {
		t.Fatal("commit error not reported")
	}
	other := m.Begin()
	defer other.Rollback()
	if err := other.Lock(t.Context(), []byte("k"), 0); err != nil {
		t.Fatalf("lock still held after failed commit: %v", err)
	}
	if s := m.Stats(); s.CommitErrors != 1 || s.Active != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestTxnNilEngineFailsCleanly(t *testing.T) {
	tx := NewTxnManager(nil, TxnOptions{Logger: quietLogger()}).Begin()
	if _, err := tx.Get([]byte("k")); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("get: %v", err)
	}
	if err := tx.Set([]byte("k"), []byte("v")); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("set: %v", err)
	}
	tx.Rollback()
}

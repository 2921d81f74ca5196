package pebble

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/loopdb/loopdb/storage"
)

func openTest(t *testing.T, dir string) *DB {
	t.Helper()
	eng, err := Open(dir, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

func mustGet(t *testing.T, r storage.Reader, key string) string {
	t.Helper()
	v, err := r.Get([]byte(key))
	if err != nil {
		t.Fatalf("get %q: %v", key, err)
	}
	return string(v)
}

func mustAbsent(t *testing.T, r storage.Reader, key string) {
	t.Helper()
	if _, err := r.Get([]byte(key)); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("get %q: want ErrNotFound, got %v", key, err)
	}
}

func commit(t *testing.T, eng KV, f func(b Batch)) {
	t.Helper()
	b := eng.NewBatch()
	defer b.Close()
	f(b)
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
}

func collect(t *testing.T, r storage.Reader, lower, upper string) []string {
	t.Helper()
	var lo, hi []byte
	if lower != "" {
		lo = []byte(lower)
	}
	if upper != "" {
		hi = []byte(upper)
	}
	it, err := r.NewIter(lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var out []string
	for ok := it.First(); ok; ok = it.Next() {
		out = append(out, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSetGetDelete(t *testing.T) {
	eng := openTest(t, t.TempDir())
	defer eng.Close()
	mustAbsent(t, eng, "a")
	commit(t, eng, func(b Batch) { b.Set([]byte("a"), []byte("1")) })
	if got := mustGet(t, eng, "a"); got != "1" {
		t.Fatalf("got %q", got)
	}
	// Get returns a copy: changing it must not change the stored value.
	v, _ := eng.Get([]byte("a"))
	v[0] = 'x'
	if got := mustGet(t, eng, "a"); got != "1" {
		t.Fatalf("stored value changed through returned slice: %q", got)
	}
	commit(t, eng, func(b Batch) { b.Delete([]byte("a")) })
	mustAbsent(t, eng, "a")
}

func TestBatchReadsItsOwnWrites(t *testing.T) {
	eng := openTest(t, t.TempDir())
	defer eng.Close()
	commit(t, eng, func(b Batch) {
		b.Set([]byte("k1"), []byte("old"))
		b.Set([]byte("k3"), []byte("gone"))
	})

	b := eng.NewBatch()
	defer b.Close()
	b.Set([]byte("k1"), []byte("new"))
	b.Set([]byte("k2"), []byte("added"))
	b.Delete([]byte("k3"))

	if got := mustGet(t, b, "k1"); got != "new" {
		t.Fatalf("batch sees %q", got)
	}
	mustAbsent(t, b, "k3")
	want := []string{"k1=new", "k2=added"}
	if got := collect(t, b, "k", "l"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("batch iter %v, want %v", got, want)
	}
	// Not committed yet: the engine still has the old state.
	if got := mustGet(t, eng, "k1"); got != "old" {
		t.Fatalf("engine sees uncommitted %q", got)
	}
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, eng, "k", "l"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after commit %v, want %v", got, want)
	}
	if err := b.Commit(true); !errors.Is(err, ErrBatchCommitted) {
		t.Fatalf("second commit: %v", err)
	}
	if err := b.Set([]byte("x"), nil); !errors.Is(err, ErrBatchCommitted) {
		t.Fatalf("set after commit: %v", err)
	}
	b.Close()
	b.Close() // harmless
}

func TestIteratorBounds(t *testing.T) {
	eng := openTest(t, t.TempDir())
	defer eng.Close()
	commit(t, eng, func(b Batch) {
		for _, k := range []string{"a", "b1", "b2", "b3", "c"} {
			b.Set([]byte(k), []byte("v"+k))
		}
	})
	if got, want := collect(t, eng, "b", "c"), []string{"b1=vb1", "b2=vb2", "b3=vb3"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v want %v", got, want)
	}
	if got := collect(t, eng, "", ""); len(got) != 5 {
		t.Fatalf("unbounded scan got %v", got)
	}
	if got := collect(t, eng, "c", "b"); len(got) != 0 {
		t.Fatalf("inverted bounds got %v", got)
	}

	it, err := eng.NewIter([]byte("b"), []byte("c"))
	if err != nil {
		t.Fatal(err)
	}
	if !it.Last() || string(it.Key()) != "b3" {
		t.Fatalf("Last at %q", it.Key())
	}
	if !it.Prev() || string(it.Key()) != "b2" {
		t.Fatalf("Prev at %q", it.Key())
	}
	if !it.SeekGE([]byte("b25")) || string(it.Key()) != "b3" || string(it.Value()) != "vb3" {
		t.Fatalf("SeekGE at %q", it.Key())
	}
	if it.Next() || it.Valid() {
		t.Fatal("iterator ran past its upper bound")
	}
	if it.SeekGE([]byte("a")); string(it.Key()) != "b1" {
		t.Fatalf("SeekGE below lower bound at %q", it.Key())
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if it.First() || it.Key() != nil || it.Close() == nil {
		t.Fatal("closed iterator still usable")
	}
}

func TestSnapshotIsolation(t *testing.T) {
	eng := openTest(t, t.TempDir())
	defer eng.Close()
	commit(t, eng, func(b Batch) { b.Set([]byte("k"), []byte("before")) })
	snap := eng.NewSnapshot()
	commit(t, eng, func(b Batch) {
		b.Set([]byte("k"), []byte("after"))
		b.Set([]byte("k2"), []byte("new"))
	})
	if got := mustGet(t, snap, "k"); got != "before" {
		t.Fatalf("snapshot sees %q", got)
	}
	mustAbsent(t, snap, "k2")
	if got := collect(t, snap, "", ""); fmt.Sprint(got) != "[k=before]" {
		t.Fatalf("snapshot iter %v", got)
	}
	if got := mustGet(t, eng, "k"); got != "after" {
		t.Fatalf("engine sees %q", got)
	}
	if err := snap.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := snap.Get([]byte("k")); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("closed snapshot: %v", err)
	}
}

func TestDurabilityAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	eng := openTest(t, dir)
	key := storage.MetaKey("test", "a\x00b")
	commit(t, eng, func(b Batch) { b.Set(key, []byte("kept")) })
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	if err := eng.Close(); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("second close: %v", err)
	}
	if _, err := eng.Get(key); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("get after close: %v", err)
	}
	if err := eng.NewBatch().Commit(true); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("batch after close: %v", err)
	}

	eng = openTest(t, dir)
	defer eng.Close()
	v, err := eng.Get(key)
	if err != nil || !bytes.Equal(v, []byte("kept")) {
		t.Fatalf("after reopen: %q %v", v, err)
	}
}

func TestLoggerStaysQuiet(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	eng, err := Open(t.TempDir(), Options{Logger: logger, DisableSync: true})
	if err != nil {
		t.Fatal(err)
	}
	commit(t, eng, func(b Batch) { b.Set([]byte("k"), []byte("v")) })
	eng.Close()
	// Pebble's chatter goes through slog (tagged) at debug level, not stderr.
	if buf.Len() > 0 && !bytes.Contains(buf.Bytes(), []byte("component=pebble")) {
		t.Fatalf("unexpected log output: %s", buf.String())
	}
	if bytes.Contains(buf.Bytes(), []byte("level=ERROR")) {
		t.Fatalf("errors logged: %s", buf.String())
	}
}

package pebble

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"

	pebbledb "github.com/cockroachdb/pebble/v2"
)

// pointsVisited scans everything and returns the visible keys and the
// internal entries Pebble stepped over to find them.
func pointsVisited(t *testing.T, db *DB) ([]string, uint64) {
	t.Helper()
	it, err := db.NewIter(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for ok := it.First(); ok; ok = it.Next() {
		got = append(got, string(it.Key())+"="+string(it.Value()))
	}
	st := it.(*pebbleIter).it.Stats()
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	return got, st.InternalStats.PointCount
}

func TestCommitKeepsOnlyLastWritePerKey(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	commit(t, db, func(b Batch) {
		_ = b.Set([]byte("a"), []byte("1"))
		_ = b.Delete([]byte("a"))
		_ = b.Set([]byte("a"), []byte("2"))
		_ = b.Set([]byte("b"), []byte("1"))
		_ = b.Delete([]byte("b"))
		_ = b.Set([]byte("c"), []byte("1"))
		_ = b.Set([]byte("c"), []byte("3"))
	})
	got, points := pointsVisited(t, db)
	if want := []string{"a=2", "c=3"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
	// a's set, b's tombstone, c's set: the four overwritten writes are gone.
	if points != 3 {
		t.Fatalf("scan stepped over %d entries, want 3", points)
	}
	mustAbsent(t, db, "b")
}

func TestCommitWithRangeDeleteKeepsOrder(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	commit(t, db, func(b Batch) {
		_ = b.Set([]byte("k1"), []byte("old"))
		_ = b.Set([]byte("k2"), []byte("old"))
	})
	commit(t, db, func(b Batch) {
		_ = b.Set([]byte("k1"), []byte("x"))
		_ = b.DeleteRange([]byte("k0"), []byte("k9"))
		_ = b.Set([]byte("k1"), []byte("new"))
	})
	got, _ := pointsVisited(t, db)
	if want := []string{"k1=new"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestCommitLargeBatchWithRepeats(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	var want []string
	commit(t, db, func(b Batch) {
		for i := range collapseMaxEntries {
			key := []byte(fmt.Sprintf("k%04d", i))
			_ = b.Set(key, []byte("first"))
			_ = b.Set(key, []byte("last"))
			want = append(want, string(key)+"=last")
		}
	})
	got, _ := pointsVisited(t, db)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %d keys, want %d (first %v)", len(got), len(want), got[:min(3, len(got))])
	}
}

func TestCollapsedLeavesUniqueBatchAlone(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	b := db.db.NewBatch()
	defer b.Close()
	_ = b.Set([]byte("b"), []byte("1"), nil)
	_ = b.Delete([]byte("a"), nil)
	if out := collapsed(db.db, b); out != nil {
		_ = out.Close()
		t.Fatal("a batch without repeated keys was rebuilt")
	}
	_ = b.Set([]byte("a"), []byte("2"), nil)
	out := collapsed(db.db, b)
	if out == nil {
		t.Fatal("repeated key not collapsed")
	}
	defer out.Close()
	if out.Count() != 2 {
		t.Fatalf("collapsed batch has %d entries, want 2", out.Count())
	}
	if err := out.Commit(pebbledb.NoSync); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, db, "a"); got != "2" {
		t.Fatalf("a = %q", got)
	}
}

func TestScansOverObsoleteVersionsFlushTheMemtable(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	const keys = 100
	value := make([]byte, 100)
	for db.stale.written.Load() < flushMinWritten {
		commit(t, db, func(b Batch) { // a new version of every key
			for i := range keys {
				_ = b.Set([]byte(fmt.Sprintf("k%03d", i)), value)
			}
		})
	}
	_, points := pointsVisited(t, db)
	if points < 2*keys {
		t.Fatalf("scan stepped over %d entries; the test needs obsolete versions", points)
	}
	deadline := time.Now().Add(10 * time.Second)
	for db.db.Metrics().Flush.Count == 0 {
		if time.Now().After(deadline) {
			t.Fatal("scans over obsolete versions did not flush the memtable")
		}
		got, _ := pointsVisited(t, db)
		if len(got) != keys {
			t.Fatalf("scan returned %d keys, want %d", len(got), keys)
		}
		time.Sleep(time.Millisecond)
	}
	db.stale.wg.Wait()
	if _, points := pointsVisited(t, db); points != keys {
		t.Fatalf("after the flush a scan stepped over %d entries, want %d", points, keys)
	}
}

// A read-only phase after a few writes: the memtable took less than
// flushMinWritten, so only the larger waste (flushIdleWastedSteps) flushes
// it; a memtable with nothing written since is never flushed for waste.
func TestReadOnlyScansFlushASmallStaleMemtable(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	const keys = 100
	value := make([]byte, 10)
	for range 50 {
		commit(t, db, func(b Batch) {
			for i := range keys {
				_ = b.Set([]byte(fmt.Sprintf("k%03d", i)), value)
			}
		})
	}
	if w := db.stale.written.Load(); w == 0 || w >= flushMinWritten {
		t.Fatalf("wrote %d bytes; the test needs a small memtable", w)
	}
	_, points := pointsVisited(t, db)
	waste := int64(points) - keys
	if waste < keys {
		t.Fatalf("scan stepped over %d entries; the test needs obsolete versions", points)
	}
	// Up to just under the larger threshold: no flush.
	for db.stale.wasted.Load()+waste < flushIdleWastedSteps {
		pointsVisited(t, db)
	}
	db.stale.wg.Wait()
	if n := db.db.Metrics().Flush.Count; n != 0 {
		t.Fatalf("flushed %d times below flushIdleWastedSteps", n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for db.db.Metrics().Flush.Count == 0 {
		if time.Now().After(deadline) {
			t.Fatal("read-only scans over a small stale memtable did not flush it")
		}
		pointsVisited(t, db)
		time.Sleep(time.Millisecond)
	}
	db.stale.wg.Wait()
	if _, points := pointsVisited(t, db); points != keys {
		t.Fatalf("after the flush a scan stepped over %d entries, want %d", points, keys)
	}
	// Nothing written since: however much the scans waste, no second flush.
	db.stale.scanned(db, 0, 2*flushIdleWastedSteps)
	db.stale.wg.Wait()
	if n := db.db.Metrics().Flush.Count; n != 1 {
		t.Fatalf("flushed %d times, want 1 (nothing was written after the first)", n)
	}
}

// A flush Pebble does on its own (here: an explicit one) leaves the waste
// in sstables, so it starts the stale-memtable counts again: scans after it
// must not trigger an early flush for what the flushed memtable held.
func TestPebbleFlushResetsTheStaleCounts(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	commit(t, db, func(b Batch) { _ = b.Set([]byte("k"), make([]byte, 100)) })
	db.stale.scanned(db, 0, flushIdleWastedSteps/2)
	if db.stale.written.Load() == 0 || db.stale.wasted.Load() == 0 {
		t.Fatal("the test needs counts to reset")
	}
	if err := db.db.Flush(); err != nil {
		t.Fatal(err)
	}
	if w, s := db.stale.written.Load(), db.stale.wasted.Load(); w != 0 || s != 0 {
		t.Fatalf("after a flush: written %d, wasted %d; want 0, 0", w, s)
	}
	db.stale.scanned(db, 0, 2*flushIdleWastedSteps)
	db.stale.wg.Wait()
	if n := db.db.Metrics().Flush.Count; n != 1 {
		t.Fatalf("flushed %d times, want 1 (nothing written since the explicit flush)", n)
	}
}

// A batch past collapseMaxEntries is rewritten in key order even without
// repeated keys (the memtable inserts sorted keys cheaply); one past
// rewriteMaxBytes is left as it is.
func TestLargeBatchCommittedInKeyOrder(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	b := db.db.NewBatch()
	defer b.Close()
	// Rows in order, each with an index entry elsewhere in the key space.
	for i := range collapseMaxEntries {
		_ = b.Set([]byte(fmt.Sprintf("r%05d", i)), []byte("row"), nil)
		_ = b.Set([]byte(fmt.Sprintf("i%05d", (i*7919)%collapseMaxEntries)), nil, nil)
	}
	out := collapsed(db.db, b)
	if out == nil {
		t.Fatal("large batch not rewritten")
	}
	defer out.Close()
	if out.Count() != b.Count() {
		t.Fatalf("rewritten batch has %d entries, want %d", out.Count(), b.Count())
	}
	var prev []byte
	for r := out.Reader(); ; {
		_, key, _, ok, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if prev != nil && bytes.Compare(prev, key) >= 0 {
			t.Fatalf("%q after %q", key, prev)
		}
		prev = append(prev[:0], key...)
	}

	huge := db.db.NewBatch()
	defer huge.Close()
	value := make([]byte, 1<<20)
	for i := 0; huge.Len() <= rewriteMaxBytes; i++ {
		_ = huge.Set([]byte(fmt.Sprintf("h%05d", 100-i)), value, nil)
	}
	if out := collapsed(db.db, huge); out != nil {
		_ = out.Close()
		t.Fatal("a batch past rewriteMaxBytes was copied")
	}
}

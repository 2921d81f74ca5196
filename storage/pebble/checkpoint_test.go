package pebble

import (
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// A checkpoint taken while transactions commit holds whole transactions
// only: each writer commits pairs (a/N, b/N) in one transaction, so the
// copy must hold both keys of a pair or neither, and at least every pair
// committed before the checkpoint started.
func TestCheckpointHoldsWholeTransactions(t *testing.T) {
	e := NewEngine(openTest(t, t.TempDir()), quietLogger())
	defer e.Close()
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				tx := e.Begin(storage.TxnOptions{NoSync: true})
				k := fmt.Sprintf("%d-%06d", w, i)
				if tx.Set([]byte("a/"+k), []byte("1")) != nil || tx.Set([]byte("b/"+k), []byte("1")) != nil || tx.Commit() != nil {
					t.Error("write failed")
					return
				}
				committed.Add(1)
			}
		}(w)
	}
	for committed.Load() < 200 {
		time.Sleep(time.Millisecond)
	}
	before := committed.Load()
	dir := filepath.Join(t.TempDir(), "copy")
	if err := e.Checkpoint(dir); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if err := e.Checkpoint(dir); err == nil {
		t.Fatal("a checkpoint into an existing directory succeeded")
	}

	cp := NewEngine(openTest(t, dir), quietLogger())
	defer cp.Close()
	a, b := collect(t, cp, "a/", "a0"), collect(t, cp, "b/", "b0")
	if len(a) != len(b) {
		t.Fatalf("the copy holds %d a-keys and %d b-keys: a transaction was split", len(a), len(b))
	}
	for i := range a {
		if a[i][1:] != b[i][1:] {
			t.Fatalf("pair %d differs: %s vs %s", i, a[i], b[i])
		}
	}
	if int64(len(a)) < before || int64(len(a)) > committed.Load() {
		t.Fatalf("the copy holds %d transactions; %d had committed before it and %d after", len(a), before, committed.Load())
	}
}

package pebble

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/loopdb/loopdb/storage"
)

const longWait = 30 * time.Second

// waiters returns how many txns are queued on key.
func waiters(m *TxnManager, key string) int {
	sh := m.locks.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if e := sh.locks[key]; e != nil {
		return len(e.waiters)
	}
	return 0
}

// waitForWaiters polls until n txns are queued on key.
func waitForWaiters(t *testing.T, m *TxnManager, key string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for waiters(m, key) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%q: %d waiters, want %d", key, waiters(m, key), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func mustLock(t *testing.T, tx *Txn, key string) {
	t.Helper()
	if err := tx.Lock(context.Background(), []byte(key), longWait); err != nil {
		t.Fatalf("txn %d lock %q: %v", tx.ID(), key, err)
	}
}

// lockAsync starts tx.Lock in a goroutine; the channel yields its result.
func lockAsync(tx *Txn, key string, wait time.Duration) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- tx.Lock(context.Background(), []byte(key), wait) }()
	return ch
}

func recvErr(t *testing.T, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("lock call did not return")
		return nil
	}
}

func TestLockNoLostUpdates(t *testing.T) {
	_, m := newTxnTest(t, false)
	const workers, rounds = 64, 200
	key := []byte("counter")
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				if err := increment(m, key); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	tx := m.Begin()
	defer tx.Rollback()
	if got := mustGet(t, tx, "counter"); got != strconv.Itoa(workers*rounds) {
		t.Fatalf("counter = %s, want %d", got, workers*rounds)
	}
}

func increment(m *TxnManager, key []byte) error {
	tx := m.Begin()
	defer tx.Rollback()
	if err := tx.Lock(context.Background(), key, longWait); err != nil {
		return err
	}
	n := 0
	v, err := tx.Get(key)
	switch {
	case err == nil:
		if n, err = strconv.Atoi(string(v)); err != nil {
			return err
		}
	case !errors.Is(err, storage.ErrNotFound):
		return err
	}
	if err := tx.Set(key, []byte(strconv.Itoa(n+1))); err != nil {
		return err
	}
	return tx.Commit()
}

func TestLockDeadlockVictimIsTheCycleCloser(t *testing.T) {
	_, m := newTxnTest(t, false)
	a, b := m.Begin(), m.Begin()
	mustLock(t, a, "k1")
	mustLock(t, b, "k2")
	aDone := lockAsync(a, "k2", longWait)
	waitForWaiters(t, m, "k2", 1)

	start := time.Now()
	err := b.Lock(context.Background(), []byte("k1"), longWait)
	if !errors.Is(err, storage.ErrDeadlock) {
		t.Fatalf("b: want ErrDeadlock, got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("deadlock took %v to detect", d)
	}
	if waiters(m, "k1") != 0 {
		t.Fatal("the victim is still queued")
	}
	b.Rollback()
	if err := recvErr(t, aDone); err != nil {
		t.Fatalf("a after b rolled back: %v", err)
	}
	if !a.Locked([]byte("k2")) {
		t.Fatal("a does not hold k2")
	}
	mustSet(t, a, "k2", "a")
	mustCommit(t, a)
	if s := m.Stats(); s.Deadlocks != 1 || s.LockWaits != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestLockDeadlockThreeWay(t *testing.T) {
	_, m := newTxnTest(t, false)
	a, b, c := m.Begin(), m.Begin(), m.Begin()
	mustLock(t, a, "ka")
	mustLock(t, b, "kb")
	mustLock(t, c, "kc")
	aDone := lockAsync(a, "kb", longWait)
	waitForWaiters(t, m, "kb", 1)
	bDone := lockAsync(b, "kc", longWait)
	waitForWaiters(t, m, "kc", 1)
	if err := c.Lock(context.Background(), []byte("ka"), longWait); !errors.Is(err, storage.ErrDeadlock) {
		t.Fatalf("c: want ErrDeadlock, got %v", err)
	}
	c.Rollback()
	if err := recvErr(t, bDone); err != nil {
		t.Fatal(err)
	}
	b.Rollback()
	if err := recvErr(t, aDone); err != nil {
		t.Fatal(err)
	}
	a.Rollback()
}

func TestLockNoFalseDeadlockOnChain(t *testing.T) {
	_, m := newTxnTest(t, false)
	a, b, c := m.Begin(), m.Begin(), m.Begin()
	mustLock(t, a, "k1")
	mustLock(t, b, "k2")
	bDone := lockAsync(b, "k1", longWait) // b waits for a
	waitForWaiters(t, m, "k1", 1)
	cDone := lockAsync(c, "k2", longWait) // c waits for b: a chain, no cycle
	waitForWaiters(t, m, "k2", 1)
	a.Rollback()
	if err := recvErr(t, bDone); err != nil {
		t.Fatal(err)
	}
	b.Rollback()
	if err := recvErr(t, cDone); err != nil {
		t.Fatal(err)
	}
	c.Rollback()
}

func TestLockWaitTimeout(t *testing.T) {
	_, m := newTxnTest(t, false)
	a, b := m.Begin(), m.Begin()
	defer a.Rollback()
	defer b.Rollback()
	mustLock(t, a, "k")

	start := time.Now()
	err := b.Lock(context.Background(), []byte("k"), 100*time.Millisecond)
	if !errors.Is(err, storage.ErrLockWaitTimeout) {
		t.Fatalf("want ErrLockWaitTimeout, got %v", err)
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 5*time.Second {
		t.Fatalf("timed out after %v", d)
	}
	if err := b.Lock(context.Background(), []byte("k"), 0); !errors.Is(err, storage.ErrLockWaitTimeout) {
		t.Fatalf("no-wait lock: %v", err)
	}
	if waiters(m, "k") != 0 || b.Locked([]byte("k")) {
		t.Fatal("timed-out waiter left behind")
	}
	if s := m.Stats(); s.LockWaitTimeouts != 2 {
		t.Fatalf("stats %+v", s)
	}
	// The statement failed, the transaction lives on.
	mustSet(t, b, "other", "v")
}

func TestLockContextCancelWakesWaiter(t *testing.T) {
	_, m := newTxnTest(t, false)
	a, b := m.Begin(), m.Begin()
	mustLock(t, a, "k")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Lock(ctx, []byte("k"), longWait) }()
	waitForWaiters(t, m, "k", 1)
	cancel()
	if err := recvErr(t, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if waiters(m, "k") != 0 {
		t.Fatal("cancelled waiter still queued")
	}
	if err := b.Lock(ctx, []byte("k"), longWait); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ctx: %v", err)
	}
	a.Rollback()
	mustLock(t, b, "k")
	b.Rollback()
}

func TestLockReentrant(t *testing.T) {
	_, m := newTxnTest(t, false)
	a := m.Begin()
	mustLock(t, a, "k")
	mustLock(t, a, "k")
	if err := a.Lock(context.Background(), []byte("k"), 0); err != nil {
		t.Fatal(err)
	}
	if !a.Locked([]byte("k")) || a.Locked([]byte("other")) {
		t.Fatal("Locked is wrong")
	}
	mustCommit(t, a) // one release frees it despite three Lock calls
	b := m.Begin()
	defer b.Rollback()
	if err := b.Lock(context.Background(), []byte("k"), 0); err != nil {
		t.Fatalf("lock not released: %v", err)
	}
}

func TestLockFIFOHandOff(t *testing.T) {
	_, m := newTxnTest(t, false)
	holder := m.Begin()
	mustLock(t, holder, "k")

	const n = 8
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := range n {
		tx := m.Begin()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := tx.Lock(context.Background(), []byte("k"), longWait); err != nil {
				t.Errorf("waiter %d: %v", i, err)
				tx.Rollback()
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			if err := tx.Commit(); err != nil {
				t.Errorf("waiter %d commit: %v", i, err)
			}
		}()
		waitForWaiters(t, m, "k", i+1)
	}
	holder.Rollback() // releases, handing the lock down the queue
	wg.Wait()
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("grant order %v, want %v", order, want)
	}
}

func TestLockRollbackReleasesAndWaiterSeesCommit(t *testing.T) {
	_, m := newTxnTest(t, false)
	a, b := m.Begin(), m.Begin()
	mustLock(t, a, "k")
	mustSet(t, a, "k", "from-a")
	bDone := lockAsync(b, "k", longWait)
	waitForWaiters(t, m, "k", 1)
	mustCommit(t, a)
	if err := recvErr(t, bDone); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, b, "k"); got != "from-a" {
		t.Fatalf("waiter read %q after the holder committed", got)
	}

	c := m.Begin()
	cDone := lockAsync(c, "k", longWait)
	waitForWaiters(t, m, "k", 1)
	b.Rollback()
	if err := recvErr(t, cDone); err != nil {
		t.Fatal(err)
	}
	c.Rollback()
	if s := m.Stats(); s.Active != 0 {
		t.Fatalf("stats %+v", s)
	}
}

// TestLockRandomDeadlocksResolve has many txns lock keys in random order.
// Every cycle must be broken by storage.ErrDeadlock: a missed one would show up as a
// lock wait timeout.
func TestLockRandomDeadlocksResolve(t *testing.T) {
	_, m := newTxnTest(t, false)
	const workers, rounds, keys = 16, 100, 5
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for range rounds {
				for {
					err := randomTransfer(m, rng, keys)
					if err == nil {
						break
					}
					if !errors.Is(err, storage.ErrDeadlock) {
						t.Errorf("worker %d: %v", w, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	tx := m.Begin()
	defer tx.Rollback()
	total := 0
	for k := range keys {
		v, err := tx.Get([]byte(fmt.Sprintf("acct%d", k)))
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(string(v))
		total += n
	}
	if total != workers*rounds*3 {
		t.Fatalf("total %d, want %d", total, workers*rounds*3)
	}
	t.Logf("stats %+v", m.Stats())
}

// randomTransfer increments three random (possibly equal) keys, locking each
// just before writing it, in random order.
func randomTransfer(m *TxnManager, rng *rand.Rand, keys int) error {
	tx := m.Begin()
	defer tx.Rollback()
	for range 3 {
		key := []byte(fmt.Sprintf("acct%d", rng.IntN(keys)))
		if err := tx.Lock(context.Background(), key, 5*time.Second); err != nil {
			return err
		}
		n := 0
		if v, err := tx.Get(key); err == nil {
			n, _ = strconv.Atoi(string(v))
		} else if !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		if err := tx.Set(key, []byte(strconv.Itoa(n+1))); err != nil {
			return err
		}
		if rng.IntN(4) == 0 {
			time.Sleep(50 * time.Microsecond) // widen the windows for cycles
		}
	}
	return tx.Commit()
}

// LockStats (SHOW STATUS's Innodb_row_lock_*) counts a wait while it is
// under way and its length once it ends, and the deadlocks refused.
func TestLockStatsTimeWaits(t *testing.T) {
	_, m := newTxnTest(t, false)
	a, b := m.Begin(), m.Begin()
	mustLock(t, a, "k")
	bDone := lockAsync(b, "k", longWait)
	waitForWaiters(t, m, "k", 1)
	if s := m.LockStats(); s.CurrentWaits != 1 || s.Waits != 1 {
		t.Fatalf("while b waits: %+v", s)
	}
	time.Sleep(30 * time.Millisecond)
	mustCommit(t, a)
	if err := recvErr(t, bDone); err != nil {
		t.Fatal(err)
	}
	s := m.LockStats()
	if s.CurrentWaits != 0 || s.Waits != 1 || s.WaitTime < 30*time.Millisecond || s.MaxWait != s.WaitTime || s.Deadlocks != 0 {
		t.Fatalf("after the wait: %+v", s)
	}
	b.Rollback()
}

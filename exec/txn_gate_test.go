package exec

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// fakeLocks reports a settable number of current row-lock waits.
type fakeLocks struct{ waits atomic.Int64 }

func (f *fakeLocks) LockStats() storage.LockStats {
	return storage.LockStats{CurrentWaits: f.waits.Load()}
}

func gateWith(locks *fakeLocks) *txnGate {
	return &txnGate{locks: locks, limit: gateUnbounded}
}

// Without lock contention the gate never makes a transaction wait, however
// many are open (idle ones included).
func TestTxnGateOpenWithoutContention(t *testing.T) {
	locks := &fakeLocks{}
	g := gateWith(locks)
	for i := 0; i < 5000; i++ {
		g.lastAdj = time.Time{} // adjust on every call
		g.enter(context.Background(), nil)
	}
	if open, limit, waiting := g.stats(); open != 5000 || limit != gateUnbounded || waiting != 0 {
		t.Fatalf("open %d limit %d waiting %d", open, limit, waiting)
	}
}

// When a large share of the open transactions waits on row locks the limit
// shrinks; a new transaction then waits until one ends, and is admitted by
// that leave; the limit grows back while waits stay rare.
func TestTxnGateHoldsNewTransactionsUnderThrashing(t *testing.T) {
	locks := &fakeLocks{}
	g := gateWith(locks)
	for i := 0; i < 100; i++ {
		g.enter(context.Background(), nil)
	}
	locks.waits.Store(60) // 60 of 100 blocked: thrashing
	g.mu.Lock()
	g.lastAdj = time.Time{}
	g.adjustLocked(time.Now())
	g.mu.Unlock()
	if _, limit, _ := g.stats(); limit != 75 {
		t.Fatalf("limit %d after thrashing, want 75 (three quarters of 100 open)", limit)
	}

	admitted := make(chan struct{})
	go func() {
		g.enter(context.Background(), nil)
		close(admitted)
	}()
	waitFor(t, func() bool { _, _, w := g.stats(); return w == 1 })
	select {
	case <-admitted:
		t.Fatal("admitted while the gate is full")
	case <-time.After(50 * time.Millisecond):
	}
	// 26 transactions end: the 75th slot frees and the waiter goes in.
	for i := 0; i < 26; i++ {
		g.leave()
	}
	select {
	case <-admitted:
	case <-time.After(time.Second):
		t.Fatal("not admitted after transactions ended")
	}
	if open, _, waiting := g.stats(); open != 75 || waiting != 0 {
		t.Fatalf("open %d waiting %d, want 75 and 0", open, waiting)
	}

	// Contention gone and someone waiting: the limit grows step by step.
	locks.waits.Store(0)
	g.mu.Lock()
	g.waiters = append(g.waiters, &gateWaiter{ready: make(chan struct{})})
	g.lastAdj = time.Time{}
	g.adjustLocked(time.Now())
	g.mu.Unlock()
	if _, limit, _ := g.stats(); limit != 75+gateGrowStep {
		t.Fatalf("limit %d, want %d", limit, 75+gateGrowStep)
	}
}

// A killed statement stops waiting at the gate (and is counted as admitted,
// so its leave balances).
func TestTxnGateWaitEndsOnKill(t *testing.T) {
	locks := &fakeLocks{}
	g := gateWith(locks)
	g.limit = gateMinLimit
	for i := 0; i < gateMinLimit; i++ {
		g.enter(context.Background(), nil)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		g.enter(ctx, nil)
		close(done)
	}()
	waitFor(t, func() bool { _, _, w := g.stats(); return w == 1 })
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("KILL did not end the wait")
	}
	if open, _, waiting := g.stats(); open != gateMinLimit+1 || waiting != 0 {
		t.Fatalf("open %d waiting %d", open, waiting)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

// stats reports the gate's state to the tests.
func (g *txnGate) stats() (open, limit, waiting int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open, g.limit, len(g.waiters)
}

package exec

import (
	"context"
	"sync"
	"time"

	"github.com/loopdb/loopdb/exec/workpool"
	"github.com/loopdb/loopdb/storage"
)

// Transaction admission: how many multi-statement transactions may be open
// at once while they fight over row locks.
//
// Under two-phase locking, throughput falls off a cliff once too many
// transactions contend for the same rows: each waiting transaction keeps
// the locks it already holds, the next one queues behind it, and chains
// form in which one running transaction holds up hundreds (lock
// thrashing). sysbench read_write at 1024 connections on one table showed
// it: ~960 connections waiting on row locks at any moment, an average wait
// of a second, and a deadlock for one transaction in five, where the same
// run with 256 connections had ~24 waiting and almost no deadlocks. The
// classic remedy is admission control: when a large share of the open
// transactions is blocked (the "blocked fraction" past about 0.3 marks
// thrashing), new transactions wait before they start, holding nothing,
// until running ones end.
//
// The gate counts open multi-statement transactions (BEGIN, START
// TRANSACTION, or the first statement under autocommit=0); autocommit
// statements pass freely. Its limit starts unbounded and adapts every
// gateAdjustEvery: it shrinks (not below gateMinLimit) to three quarters of
// the open count while more than 20 % of them wait on row locks, and grows
// by gateGrowStep while under 5 % do and transactions are waiting at the
// gate (additive increase:
// a new transaction takes a dozen statements to reach its first lock, so
// the blocked share answers late and a faster growth overshoots). So a
// workload without lock contention (however many transactions it keeps
// open, idle ones included) never waits here. A transaction waits at most
// gateMaxWait, then starts anyway; the wait does not hold a worker. With
// the gate, that sysbench run went from ~560 to ~700-750 transactions/s
// and from ~2,000 deadlocks in 15 s to 30-60, with ~30 connections waiting
// on row locks on average.
type txnGate struct {
	locks storage.LockReporter // nil: the store reports no lock waits, no gate

	mu      sync.Mutex
	open    int // transactions admitted and not ended
	limit   int
	waiters []*gateWaiter // FIFO
	lastAdj time.Time
}

type gateWaiter struct {
	ready    chan struct{}
	admitted bool // guarded by txnGate.mu
}

const (
	gateUnbounded   = 1 << 30
	gateMinLimit    = 64 // a few dozen transactions never wait: one idle lock holder cannot stall a small app
	gateAdjustEvery = 100 * time.Millisecond
	gateMaxWait     = 2 * time.Second
	gateGrowStep    = 4
)

func newTxnGate(store storage.Engine) *txnGate {
	g := &txnGate{limit: gateUnbounded}
	g.locks, _ = store.(storage.LockReporter)
	return g
}

// enter admits one transaction, waiting (through pool.Blocking, so no
// worker is held) while the gate is full, at most gateMaxWait or until ctx
// ends. Every call must be paired with one leave.
func (g *txnGate) enter(ctx context.Context, pool *workpool.Pool) {
	if g.locks == nil {
		return
	}
	g.mu.Lock()
	g.adjustLocked(time.Now())
	if g.open < g.limit && len(g.waiters) == 0 {
		g.open++
		g.mu.Unlock()
		return
	}
	w := &gateWaiter{ready: make(chan struct{})}
	g.waiters = append(g.waiters, w)
	g.mu.Unlock()

	_ = pool.Blocking(func() error {
		t := time.NewTimer(gateMaxWait)
		defer t.Stop()
		select {
		case <-w.ready:
		case <-t.C:
		case <-ctx.Done():
		}
		return nil
	})

	g.mu.Lock()
	defer g.mu.Unlock()
	if w.admitted {
		return
	}
	// Waited long enough (or was killed, which the statement reports
	// itself): start regardless.
	for i, x := range g.waiters {
		if x == w {
			g.waiters = append(g.waiters[:i], g.waiters[i+1:]...)
			break
		}
	}
	g.open++
}

// leave ends one admitted transaction and admits waiters while there is
// room.
func (g *txnGate) leave() {
	if g.locks == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.open--
	g.adjustLocked(time.Now())
	for len(g.waiters) > 0 && g.open < g.limit {
		w := g.waiters[0]
		g.waiters[0] = nil
		g.waiters = g.waiters[1:]
		w.admitted = true
		g.open++
		close(w.ready)
	}
}

// adjustLocked adapts the limit to the share of open transactions blocked
// on row locks, at most once per gateAdjustEvery.
func (g *txnGate) adjustLocked(now time.Time) {
	if now.Sub(g.lastAdj) < gateAdjustEvery {
		return
	}
	g.lastAdj = now
	blocked := int(g.locks.LockStats().CurrentWaits)
	switch {
	case g.open > 0 && blocked*5 > g.open:
		g.limit = max(gateMinLimit, min(g.limit, g.open*3/4))
	case blocked*20 < g.open && len(g.waiters) > 0 && g.limit < gateUnbounded:
		g.limit += gateGrowStep
	}
}

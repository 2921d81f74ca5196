package pebble

import (
	"context"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// lockShardCount spreads the lock table over independent mutexes so that
// uncontended Lock/release on different rows rarely touch the same mutex.
const lockShardCount = 64

// lockTable holds the exclusive row locks of every transaction of one
// TxnManager. A key is in a shard's map exactly while some transaction owns
// it; waiters queue on the entry and are granted in FIFO order.
type lockTable struct {
	seed   maphash.Seed
	shards [lockShardCount]lockShard

	// detectMu serialises "publish my wait, then walk the wait-for chain".
	// Two waiters closing a cycle at the same moment therefore cannot both
	// miss it (nor both see it): whoever walks second is the victim. Only
	// waiters take it, never the uncontended path or a release.
	detectMu sync.Mutex

	waits     atomic.Uint64
	deadlocks atomic.Uint64
	timeouts  atomic.Uint64
	waiting   atomic.Int64  // waits under way
	waitNanos atomic.Uint64 // summed length of finished waits
	maxWait   atomic.Int64  // longest finished wait, nanoseconds
}

// waitEnded records a finished wait of d.
func (lt *lockTable) waitEnded(d time.Duration) {
	lt.waiting.Add(-1)
	lt.waitNanos.Add(uint64(d))
	for {
		m := lt.maxWait.Load()
		if int64(d) <= m || lt.maxWait.CompareAndSwap(m, int64(d)) {
			return
		}
	}
}

type lockShard struct {
	mu    sync.Mutex
	locks map[string]*lockEntry
	_     [48]byte // keep neighbouring shard mutexes off one cache line
}

// lockEntry is one held key. owner is never nil while the entry is in its
// shard's map. Both fields are guarded by the shard mutex.
type lockEntry struct {
	owner   *Txn
	waiters []*lockWaiter
}

// lockWaiter is one transaction blocked on one entry.
type lockWaiter struct {
	txn     *Txn
	shard   *lockShard
	entry   *lockEntry
	ready   chan struct{} // closed when the lock is handed to txn
	granted bool          // guarded by shard.mu
}

func newLockTable() *lockTable {
	lt := &lockTable{seed: maphash.MakeSeed()}
	for i := range lt.shards {
		lt.shards[i].locks = make(map[string]*lockEntry)
	}
	return lt
}

func (lt *lockTable) shard(key string) *lockShard {
	return &lt.shards[maphash.String(lt.seed, key)%lockShardCount]
}

// acquire gives t the lock on key, waiting up to wait. It returns nil once t
// owns the lock (also when t already did), storage.ErrDeadlock,
// storage.ErrLockWaitTimeout or ctx.Err(). wait <= 0 means do not wait at
// all.
func (lt *lockTable) acquire(ctx context.Context, t *Txn, key string, wait time.Duration) error {
	sh := lt.shard(key)
	sh.mu.Lock()
	e := sh.locks[key]
	if e == nil {
		sh.locks[key] = &lockEntry{owner: t}
		sh.mu.Unlock()
		return nil
	}
	owned := e.owner == t
	sh.mu.Unlock()
	if owned {
		return nil
	}
	if wait <= 0 {
		lt.timeouts.Add(1)
		return storage.ErrLockWaitTimeout
	}
	return lt.wait(ctx, t, sh, key, wait)
}

// wait queues t behind the current owner of key, unless queueing would close
// a cycle in the wait-for graph, and blocks until granted, timed out or
// cancelled.
func (lt *lockTable) wait(ctx context.Context, t *Txn, sh *lockShard, key string, wait time.Duration) error {
	lt.detectMu.Lock()
	sh.mu.Lock()
	e := sh.locks[key]
	if e == nil || e.owner == t {
		// Released (or never contended) since the fast path looked.
		if e == nil {
			sh.locks[key] = &lockEntry{owner: t}
		}
		sh.mu.Unlock()
		lt.detectMu.Unlock()
		return nil
	}
	w := &lockWaiter{txn: t, shard: sh, entry: e, ready: make(chan struct{})}
	e.waiters = append(e.waiters, w)
	t.waiting.Store(w)
	sh.mu.Unlock()
	deadlock := lt.closesCycle(t)
	lt.detectMu.Unlock()

	if deadlock {
		if lt.abandon(w) {
			return nil // the owner let go meanwhile: no cycle any more
		}
		lt.deadlocks.Add(1)
		return storage.ErrDeadlock
	}

	lt.waits.Add(1)
	lt.waiting.Add(1)
	start := time.Now()
	defer func() { lt.waitEnded(time.Since(start)) }()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-w.ready:
		return nil
	case <-timer.C:
		if lt.abandon(w) {
			return nil
		}
		lt.timeouts.Add(1)
		return storage.ErrLockWaitTimeout
	case <-ctx.Done():
		if lt.abandon(w) {
			return nil
		}
		return ctx.Err()
	}
}

// abandon takes w out of its queue. It reports true when the lock was
// granted before that could happen: the caller then owns it and must treat
// the acquisition as successful so the lock is released with the txn.
func (lt *lockTable) abandon(w *lockWaiter) bool {
	w.shard.mu.Lock()
	defer w.shard.mu.Unlock()
	if w.granted {
		return true
	}
	q := w.entry.waiters
	for i, x := range q {
		if x == w {
			copy(q[i:], q[i+1:])
			q[len(q)-1] = nil
			w.entry.waiters = q[:len(q)-1]
			break
		}
	}
	w.txn.waiting.Store(nil)
	return false
}

// release gives up t's lock on key, handing it to the oldest waiter if any.
// The new owner's wait edge is cleared here, under the shard mutex, so a
// deadlock walk never sees a granted txn as still waiting.
func (lt *lockTable) release(t *Txn, key string) {
	sh := lt.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.locks[key]
	if e == nil || e.owner != t {
		return
	}
	if len(e.waiters) == 0 {
		delete(sh.locks, key)
		return
	}
	w := e.waiters[0]
	e.waiters[0] = nil
	e.waiters = e.waiters[1:]
	e.owner = w.txn
	w.granted = true
	w.txn.waiting.Store(nil)
	close(w.ready)
}

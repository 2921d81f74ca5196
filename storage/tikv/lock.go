package tikv

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	tikverr "github.com/tikv/client-go/v2/error"
	"github.com/tikv/client-go/v2/kv"

	"github.com/loopdb/loopdb/storage"
)

// Lock takes TiKV's pessimistic lock on key at a fresh for_update_ts.
//
// TiKV answers a lock request on a key committed after for_update_ts with
// a write conflict (it also wakes waiters that way when the holder
// commits); InnoDB would simply have waited and then locked the newest
// version, so Lock takes a new timestamp and asks again, within the same
// wait budget. After success the txn's current reads move to that
// timestamp, so reading the row next sees its latest committed version.
// Deadlocks are found by TiKV's detector (1213); a wait that runs out is
// 1205; a cancelled ctx (KILL QUERY) stops the wait.
func (t *Txn) Lock(ctx context.Context, key []byte, wait time.Duration) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if _, ok := t.held[string(key)]; ok {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// A txn that starts with a lock (INSERT) takes one timestamp for both
	// its start_ts and its first for_update_ts.
	var fresh uint64
	if t.kv == nil && t.curSnap == nil {
		ts, err := t.e.ts()
		if err != nil {
			return err
		}
		t.curSnap, t.curTS, fresh = t.e.store.GetSnapshot(ts), ts, ts
	}
	if err := t.ensureKV(); err != nil {
		return err
	}
	var killed uint32
	stop := context.AfterFunc(ctx, func() { atomic.StoreUint32(&killed, 1) })
	defer stop()
	deadline := time.Now().Add(wait)
	for {
		ts := fresh
		if ts == 0 {
			var err error
			if ts, err = t.e.ts(); err != nil {
				return err
			}
		}
		fresh = 0
		waitMs := kv.LockNoWait
		if left := time.Until(deadline); wait > 0 && left > 0 {
			waitMs = max(left.Milliseconds(), 1)
		}
		lockCtx := kv.NewLockCtx(ts, waitMs, time.Now())
		lockCtx.Killed = &killed
		t.e.stats.LockCalls.Add(1)
		err := t.kv.LockKeys(ctx, lockCtx, key)
		if err == nil {
			if t.held == nil {
				t.held = make(map[string]struct{})
			}
			t.held[string(key)] = struct{}{}
			t.curSnap, t.curTS = t.e.store.GetSnapshot(ts), ts
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if tikverr.IsErrWriteConflict(err) && time.Now().Before(deadline) {
			continue // committed after ts: lock the newer version
		}
		return lockErr(err)
	}
}

// lockErr maps a failed lock request; a no-wait refusal and a conflict
// with no wait left are timeouts as far as MySQL is concerned.
func lockErr(err error) error {
	if errors.Is(err, tikverr.ErrLockAcquireFailAndNoWaitSet) || tikverr.IsErrWriteConflict(err) {
		return fmt.Errorf("%w (tikv: %v)", storage.ErrLockWaitTimeout, err)
	}
	return mapErr(err)
}

package pebble

// maxWaitChain bounds the deadlock walk. A longer chain is not reported as a
// deadlock; if it is one, the lock wait timeout ends it.
const maxWaitChain = 1024

// closesCycle reports whether req, which has just published its wait, now
// waits (transitively) on itself. A txn waits for at most one lock and a lock
// has one owner, so the wait-for graph seen from req is a single path: follow
// it owner by owner. The caller holds detectMu; shard mutexes are taken one at
// a time, so the walk cannot deadlock against Lock or release.
func (lt *lockTable) closesCycle(req *Txn) bool {
	cur := req
	for range maxWaitChain {
		w := cur.waiting.Load()
		if w == nil {
			return false // cur is running, so the chain ends here
		}
		w.shard.mu.Lock()
		stale := w.granted || cur.waiting.Load() != w
		owner := w.entry.owner
		w.shard.mu.Unlock()
		switch {
		case stale:
			return false // cur got its lock or gave up meanwhile
		case owner == req:
			return true
		case owner == nil || owner == cur:
			return false
		}
		cur = owner
	}
	return false
}

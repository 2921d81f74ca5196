package exec

import "sync"

// sessionRegistry maps connection ids to their Sessions, for KILL, SHOW
// PROCESSLIST and the status counters. It is sharded by id so that logins
// and disconnects on different workers rarely meet on a lock.
//
// It replaced a sync.Map: that costs about 100 bytes per entry (an entry
// node, a trie node and the boxed key), a plain map about 25, and every
// connection is in it from login to close (idle ones too).
type sessionRegistry struct {
	shards [registryShards]registryShard
}

const registryShards = 32

type registryShard struct {
	mu sync.RWMutex
	m  map[uint32]*Session
	_  [32]byte // with the lock and map pointer, one 64-byte cache line
}

func (r *sessionRegistry) shard(id uint32) *registryShard {
	return &r.shards[id%registryShards]
}

func (r *sessionRegistry) store(id uint32, s *Session) {
	sh := r.shard(id)
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = make(map[uint32]*Session)
	}
	sh.m[id] = s
	sh.mu.Unlock()
}

func (r *sessionRegistry) load(id uint32) (*Session, bool) {
	sh := r.shard(id)
	sh.mu.RLock()
	s, ok := sh.m[id]
	sh.mu.RUnlock()
	return s, ok
}

// remove deletes id and reports whether it was there.
func (r *sessionRegistry) remove(id uint32) bool {
	sh := r.shard(id)
	sh.mu.Lock()
	_, ok := sh.m[id]
	delete(sh.m, id)
	sh.mu.Unlock()
	return ok
}

// each calls fn for every registered session until fn returns false. A
// shard's lock is not held while fn runs (fn may take other locks, or
// look a session up); sessions registered or removed meanwhile may or may
// not be seen, as with sync.Map's Range.
func (r *sessionRegistry) each(fn func(*Session) bool) {
	var batch []*Session
	for i := range r.shards {
		sh := &r.shards[i]
		sh.mu.RLock()
		batch = batch[:0]
		for _, s := range sh.m {
			batch = append(batch, s)
		}
		sh.mu.RUnlock()
		for _, s := range batch {
			if !fn(s) {
				return
			}
		}
	}
}

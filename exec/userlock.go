package exec

import (
	"strings"
	"sync"
	"time"

	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/mysqldef"
)

// User-level locks (GET_LOCK and the functions around it, expr/func_lock.go):
// named, exclusive, held by a session (not a transaction) and counted, so
// a session that took a name twice gives it back twice. They are released
// when the session ends or is reset (COM_RESET_CONNECTION, COM_CHANGE_USER),
// never by COMMIT or ROLLBACK. Frameworks take them around schema
// migrations and job runners around jobs.
//
// One mutex guards every name: these locks are taken a few times per
// migration or job, not per row. A waiter waits on the holder's release
// channel off its worker (workpool.Blocking), up to its timeout or a KILL.
// Before waiting it follows the chain of holders and what they wait for:
// a chain that comes back to it is a deadlock (3058), as in MySQL.

// userLockTable is the engine's user-level locks.
type userLockTable struct {
	mu      sync.Mutex
	locks   map[string]*userLock // by case-folded name
	waiting map[*Session]string  // the name each waiting session waits for
}

// userLock is one held name.
type userLock struct {
	owner    *Session
	count    int           // holds by owner
	released chan struct{} // closed when the last hold is given back
}

// lockKey is the table's key for a lock name: MySQL 8 compares lock names
// without regard to case.
func lockKey(name string) string { return strings.ToLower(name) }

// GetLock implements expr.UserLocks.
func (s *Session) GetLock(name string, timeout time.Duration, forever bool) (bool, error) {
	t, key := &s.eng.userLocks, lockKey(name)
	var deadline time.Time
	if !forever {
		deadline = time.Now().Add(timeout)
	}
	t.mu.Lock()
	for {
		l := t.locks[key]
		if l == nil {
			if t.locks == nil {
				t.locks = make(map[string]*userLock)
			}
			t.locks[key] = &userLock{owner: s, count: 1, released: make(chan struct{})}
			s.noteUserLock(key, 1)
			t.mu.Unlock()
			return true, nil
		}
		if l.owner == s {
			l.count++
			s.noteUserLock(key, 1)
			t.mu.Unlock()
			return true, nil
		}
		left := time.Until(deadline)
		if !forever && left <= 0 {
			t.mu.Unlock()
			return false, nil
		}
		if t.closesCycle(s, l.owner) {
			t.mu.Unlock()
			return false, mysqldef.NewError(mysqldef.ErrUserLockDeadlock, "Deadlock found when trying to get user-level lock; try rolling back transaction/releasing locks and restarting lock acquisition.")
		}
		if t.waiting == nil {
			t.waiting = make(map[*Session]string)
		}
		t.waiting[s] = key
		released := l.released
		t.mu.Unlock()

		ctx := s.stmtContext()
		var timer *time.Timer
		var expired <-chan time.Time
		if !forever {
			timer = time.NewTimer(left)
			expired = timer.C
		}
		killed := false
		_ = s.eng.pool.Blocking(func() error {
			select {
			case <-released:
			case <-expired:
			case <-ctx.Done():
				killed = true
			}
			return nil
		})
		if timer != nil {
			timer.Stop()
		}
		t.mu.Lock()
		delete(t.waiting, s)
		if killed || s.Killed() {
			t.mu.Unlock()
			return false, plan.ErrInterrupted()
		}
	}
}

// closesCycle reports whether s waiting for a lock holder leads back to s:
// holder waits for a name whose holder waits ... for a name s holds.
// Called with t.mu held.
func (t *userLockTable) closesCycle(s, holder *Session) bool {
	for seen := 0; holder != nil && seen <= len(t.waiting); seen++ {
		if holder == s {
			return true
		}
		key, waits := t.waiting[holder]
		if !waits {
			return false
		}
		l := t.locks[key]
		if l == nil {
			return false
		}
		holder = l.owner
	}
	return false
}

// ReleaseLock implements expr.UserLocks.
func (s *Session) ReleaseLock(name string) (released, exists bool) {
	t, key := &s.eng.userLocks, lockKey(name)
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.locks[key]
	if l == nil {
		return false, false
	}
	if l.owner != s {
		return false, true
	}
	t.giveBack(s, key, l, 1)
	return true, true
}

// ReleaseAllLocks implements expr.UserLocks.
func (s *Session) ReleaseAllLocks() int64 {
	if s.c == nil || len(s.c.userLocks) == 0 {
		return 0
	}
	t := &s.eng.userLocks
	t.mu.Lock()
	defer t.mu.Unlock()
	var n int64
	for key, holds := range s.c.userLocks {
		if l := t.locks[key]; l != nil && l.owner == s {
			t.giveBack(s, key, l, holds)
		}
		n += int64(holds)
	}
	clear(s.c.userLocks)
	return n
}

// giveBack drops n of s's holds on l; the last one frees the name and
// wakes its waiters. Called with t.mu held.
func (t *userLockTable) giveBack(s *Session, key string, l *userLock, n int) {
	l.count -= n
	s.noteUserLock(key, -n)
	if l.count <= 0 {
		delete(t.locks, key)
		close(l.released)
	}
}

// LockHolder implements expr.UserLocks.
func (s *Session) LockHolder(name string) (uint64, bool) {
	t := &s.eng.userLocks
	t.mu.Lock()
	defer t.mu.Unlock()
	if l := t.locks[lockKey(name)]; l != nil {
		return uint64(l.owner.id), true
	}
	return 0, false
}

// noteUserLock counts the session's holds per name, for RELEASE_ALL_LOCKS
// and for releasing them when the session ends.
func (s *Session) noteUserLock(key string, n int) {
	c := s.cold()
	if c.userLocks == nil {
		c.userLocks = make(map[string]int)
	}
	if c.userLocks[key] += n; c.userLocks[key] <= 0 {
		delete(c.userLocks, key)
	}
}

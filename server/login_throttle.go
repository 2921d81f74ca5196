package server

import (
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// loginThrottle slows password guessing the way MySQL's connection_control
// plugin does: after `threshold` consecutive failed logins of one account
// from one client address, every further attempt of that account from that
// address gets its answer (success or failure alike, so an attacker cannot
// tell a right guess by its speed) only after a delay that grows by
// minDelay per failure up to maxDelay. A successful login resets the count.
//
// The delay holds no goroutine: the reactor keeps the reply on a timer
// (reactor.Outcome.Delay) and the connection stays busy meanwhile. Other
// accounts, and the same account from other addresses, are not slowed.
//
// Beyond MySQL, one address is also throttled across account names, so
// that trying one password on many names (spraying) is slowed too: after
// addressFactor times the threshold of failures from an address, whatever
// the names, every login from it waits the same way. A successful login
// does not reset that count (a sprayer holding one valid account could
// otherwise reset it at will); it lapses after throttleForget without a
// failure from the address. Local clients (the unix socket, 127.0.0.1 and
// ::1, shared by every local application; the host cache exempts the same)
// are only throttled per account.
type loginThrottle struct {
	threshold atomic.Int64  // 0: off
	minDelay  atomic.Int64  // milliseconds
	maxDelay  atomic.Int64  // milliseconds
	delayed   atomic.Uint64 // Connection_control_delay_generated

	mu       sync.Mutex
	failures map[throttleKey]*throttleEntry
	// entries is len(failures), readable without mu: while no login has
	// failed (the common case), logins take no lock here at all.
	entries atomic.Int64
}

type throttleKey struct{ user, host string }

// anyUser is the user part of an address's count across account names;
// a login name cannot contain NUL (the handshake ends it there).
const anyUser = "\x00"

// addressFactor: an address is throttled across accounts after this many
// times the per-account threshold of failures.
const addressFactor = 10

type throttleEntry struct {
	n    int64
	last time.Time
}

// MySQL's connection_control defaults, except the maximum delay: MySQL's
// is 24 days; ten seconds already caps a guesser at a few attempts per
// connection slot per ten seconds while a locked-out user waits little.
const (
	throttleDefaultThreshold = 3
	throttleDefaultMinDelay  = 1000
	throttleDefaultMaxDelay  = 10000
)

// throttleMaxEntries bounds the table; throttleForget is how long a count
// is kept without a new failure.
const (
	throttleMaxEntries = 100_000
	throttleForget     = time.Hour
)

func newLoginThrottle(threshold, minDelayMs, maxDelayMs int64) *loginThrottle {
	t := &loginThrottle{failures: make(map[throttleKey]*throttleEntry)}
	t.threshold.Store(threshold)
	t.minDelay.Store(minDelayMs)
	t.maxDelay.Store(maxDelayMs)
	return t
}

// delay is how long the answer to a login attempt of user from host waits.
func (t *loginThrottle) delay(user, host string) time.Duration {
	th := t.threshold.Load()
	if th <= 0 || t.entries.Load() == 0 {
		return 0
	}
	now := time.Now()
	t.mu.Lock()
	over := max(t.countLocked(user, host, now)-th+1, t.countLocked(anyUser, host, now)-th*addressFactor+1)
	t.mu.Unlock()
	if over <= 0 {
		return 0
	}
	ms := min(over*t.minDelay.Load(), t.maxDelay.Load())
	t.delayed.Add(1)
	return time.Duration(ms) * time.Millisecond
}

// countLocked is the live failure count of user from host.
func (t *loginThrottle) countLocked(user, host string, now time.Time) int64 {
	if e := t.failures[throttleKey{user, host}]; e != nil && now.Sub(e.last) < throttleForget {
		return e.n
	}
	return 0
}

// addressThrottled reports whether host has just reached the failure
// count that throttles it across account names (for the log line).
func (t *loginThrottle) addressThrottled(host string) bool {
	th := t.threshold.Load()
	t.mu.Lock()
	defer t.mu.Unlock()
	return th > 0 && t.countLocked(anyUser, host, time.Now()) == th*addressFactor
}

// failed counts a failed login, for the account and for its address
// across accounts, and reports the account's new count.
func (t *loginThrottle) failed(user, host string) int64 {
	if t.threshold.Load() <= 0 {
		return 0
	}
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if !localHost(host) {
		t.countFailureLocked(anyUser, host, now)
	}
	return t.countFailureLocked(user, host, now)
}

// localHost reports the socket ("localhost"), 127.0.0.1 and ::1.
func localHost(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && exemptFromHostCache(false, a)
}

func (t *loginThrottle) countFailureLocked(user, host string, now time.Time) int64 {
	k := throttleKey{user, host}
	e := t.failures[k]
	if e == nil {
		if len(t.failures) >= throttleMaxEntries {
			t.evictLocked(now)
		}
		e = &throttleEntry{}
		t.failures[k] = e
		t.entries.Store(int64(len(t.failures)))
	} else if now.Sub(e.last) >= throttleForget {
		e.n = 0
	}
	e.n++
	e.last = now
	return e.n
}

// succeeded resets the account's count from host.
func (t *loginThrottle) succeeded(user, host string) {
	if t.entries.Load() == 0 {
		return
	}
	t.mu.Lock()
	delete(t.failures, throttleKey{user, host})
	t.entries.Store(int64(len(t.failures)))
	t.mu.Unlock()
}

// evictLocked drops forgotten entries, or half the table when all are
// fresh (a flood of distinct names): the table's memory stays bounded and
// the evicted counts restart, which errs on the side of the real user.
func (t *loginThrottle) evictLocked(now time.Time) {
	for k, e := range t.failures {
		if now.Sub(e.last) >= throttleForget {
			delete(t.failures, k)
		}
	}
	for k := range t.failures {
		if len(t.failures) < throttleMaxEntries/2 {
			break
		}
		delete(t.failures, k)
	}
	t.entries.Store(int64(len(t.failures)))
}

package server

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
)

// Per-account resource limits, as MySQL's MAX_QUERIES_PER_HOUR,
// MAX_UPDATES_PER_HOUR, MAX_CONNECTIONS_PER_HOUR and MAX_USER_CONNECTIONS
// (and the global max_user_connections). Each account that logged in has
// one usage record with atomic counters; a session holds its account's
// record, so counting a statement is a few atomic operations and never
// takes a shared lock. The hourly counters start again an hour after the
// first event counted (MySQL's per-account window) and on FLUSH
// USER_RESOURCES. Counters live in memory only, as in MySQL.

// Limits are an account's resource limits; zero is no limit. In a change
// (SetLimits) a field below zero leaves the limit as it is.
type Limits struct {
	MaxQuestions, MaxUpdates, MaxConnections, MaxUserConnections int64
}

// with returns l changed by the fields of change that are not negative.
func (l Limits) with(change Limits) Limits {
	pick := func(cur, next int64) int64 {
		if next < 0 {
			return cur
		}
		return next
	}
	return Limits{
		MaxQuestions:       pick(l.MaxQuestions, change.MaxQuestions),
		MaxUpdates:         pick(l.MaxUpdates, change.MaxUpdates),
		MaxConnections:     pick(l.MaxConnections, change.MaxConnections),
		MaxUserConnections: pick(l.MaxUserConnections, change.MaxUserConnections),
	}
}

func (a *Account) limits() Limits {
	return Limits{a.MaxQuestions, a.MaxUpdates, a.MaxConnections, a.MaxUserConnections}
}

func (a *Account) setLimits(l Limits) {
	a.MaxQuestions, a.MaxUpdates, a.MaxConnections, a.MaxUserConnections =
		l.MaxQuestions, l.MaxUpdates, l.MaxConnections, l.MaxUserConnections
}

// resourceWindow is how long hourly counters run before they restart.
const resourceWindow = time.Hour

// userResources holds every account's usage record.
type userResources struct {
	// maxUserConnections is the global max_user_connections: the
	// connection limit of accounts that have none of their own.
	maxUserConnections atomic.Int64

	mu sync.Mutex // guards the map only; records are updated atomically
	m  map[accountKey]*resourceUsage
}

func newUserResources() *userResources {
	return &userResources{m: make(map[accountKey]*resourceUsage)}
}

// resourceUsage is one account's limits and counters.
type resourceUsage struct {
	user string // MySQL's 1226 names the user only

	maxQuestions, maxUpdates, maxConnections, maxUserConnections atomic.Int64

	windowStart atomic.Int64 // UnixNano of the hourly window's start; 0: none yet
	questions   atomic.Int64
	updates     atomic.Int64
	connections atomic.Int64 // logins this window
	open        atomic.Int64 // connections logged in now
}

// usage returns the account's record, made on its first login, with the
// account's current limits.
func (r *userResources) usage(a *Account) *resourceUsage {
	key := accountKey{a.User, a.Host}
	r.mu.Lock()
	u := r.m[key]
	if u == nil {
		u = &resourceUsage{user: a.User}
		r.m[key] = u
	}
	r.mu.Unlock()
	u.setLimits(a.limits())
	return u
}

// setLimits applies an ALTER USER to the record of a connected account.
func (r *userResources) setLimits(user, host string, l Limits) {
	r.mu.Lock()
	u := r.m[accountKey{user, normalizeAccountHost(host)}]
	r.mu.Unlock()
	if u != nil {
		u.setLimits(l)
	}
}

// forget drops an account's record (DROP USER, RENAME USER); sessions
// still holding it keep counting against it harmlessly.
func (r *userResources) forget(user, host string) {
	r.mu.Lock()
	delete(r.m, accountKey{user, normalizeAccountHost(host)})
	r.mu.Unlock()
}

// flush restarts every account's hourly counters (FLUSH USER_RESOURCES);
// open connections stay counted.
func (r *userResources) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, u := range r.m {
		u.restartWindow(0)
	}
}

func (u *resourceUsage) setLimits(l Limits) {
	u.maxQuestions.Store(l.MaxQuestions)
	u.maxUpdates.Store(l.MaxUpdates)
	u.maxConnections.Store(l.MaxConnections)
	u.maxUserConnections.Store(l.MaxUserConnections)
}

func (u *resourceUsage) restartWindow(start int64) {
	u.windowStart.Store(start)
	u.questions.Store(0)
	u.updates.Store(0)
	u.connections.Store(0)
}

// tick opens a new hourly window when the current one is over. Two
// sessions crossing the boundary together may both reset: a count or two
// of the new window may be lost, never a limit made stricter.
func (u *resourceUsage) tick() {
	now := time.Now().UnixNano()
	start := u.windowStart.Load()
	if start != 0 && now-start < int64(resourceWindow) {
		return
	}
	if u.windowStart.CompareAndSwap(start, now) {
		u.questions.Store(0)
		u.updates.Store(0)
		u.connections.Store(0)
	}
}

// Admit implements exec.StatementGate: MySQL's check_mqh. An account
// without statement limits costs two atomic loads.
func (u *resourceUsage) Admit(update bool) error {
	maxQ, maxU := u.maxQuestions.Load(), u.maxUpdates.Load()
	if maxQ == 0 && maxU == 0 {
		return nil
	}
	u.tick()
	if maxQ > 0 && u.questions.Add(1) > maxQ {
		return limitReached(u.user, "max_questions", maxQ)
	}
	if update && maxU > 0 && u.updates.Add(1) > maxU {
		return limitReached(u.user, "max_updates", maxU)
	}
	return nil
}

// login counts a new connection of the account; on success the caller
// must call logout when it ends. global is max_user_connections.
func (u *resourceUsage) login(global int64) *mysqldef.SQLError {
	if own := u.maxUserConnections.Load(); own > 0 {
		if u.open.Add(1) > own {
			u.open.Add(-1)
			return limitReached(u.user, "max_user_connections", own)
		}
	} else if global > 0 {
		if u.open.Add(1) > global {
			u.open.Add(-1)
			return mysqldef.NewError(mysqldef.ErrTooManyUserConnections,
				"User %s already has more than 'max_user_connections' active connections", u.user)
		}
	} else {
		u.open.Add(1)
	}
	if maxC := u.maxConnections.Load(); maxC > 0 {
		u.tick()
		if u.connections.Add(1) > maxC {
			u.open.Add(-1)
			return limitReached(u.user, "max_connections_per_hour", maxC)
		}
	}
	return nil
}

func (u *resourceUsage) logout() { u.open.Add(-1) }

func limitReached(user, resource string, limit int64) *mysqldef.SQLError {
	return mysqldef.NewError(mysqldef.ErrUserLimitReached,
		"User '%s' has exceeded the '%s' resource (current value: %d)", user, resource, limit)
}

// passwordExpired reports whether the account logs in in sandbox mode:
// PASSWORD EXPIRE, or a PASSWORD EXPIRE INTERVAL n DAY that has run out
// since the password was set. (loopdb has no default_password_lifetime:
// DEFAULT means never, MySQL 8's default.)
func (a *Account) passwordExpired(now time.Time) bool {
	if a.Expired {
		return true
	}
	return a.Lifetime > 0 && a.PasswordChanged > 0 && now.Unix() >= a.PasswordChanged+a.Lifetime*86400
}

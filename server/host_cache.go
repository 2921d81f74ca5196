package server

import (
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// hostCache blocks client hosts that keep failing to complete a
// handshake, as MySQL's host cache does with max_connect_errors: after
// that many consecutive connections from one address that ended before a
// login finished (the client closed early, sent a malformed handshake,
// hit connect_timeout, failed TLS), new connections from the address are
// refused with 1129 until FLUSH HOSTS (or mysqladmin flush-hosts, which
// sends COM_REFRESH) or a successful login from it. A wrong password is
// not a handshake error (the login throttle deals with guessing), also
// as in MySQL.
//
// Like MySQL's, it leaves out the unix socket and the loopback addresses
// 127.0.0.1 and ::1. It also shares MySQL's pitfall: a load balancer's
// TCP health check that connects and closes counts, so raise
// max_connect_errors for such a client (README).
type hostCache struct {
	maxErrors atomic.Uint64 // max_connect_errors
	blocked   atomic.Uint64 // refusals, for the log's first line per host

	mu    sync.Mutex
	hosts map[netip.Addr]*hostEntry
	// entries is len(hosts), readable without mu: while no handshake has
	// failed, connections take no lock here.
	entries atomic.Int64
}

type hostEntry struct {
	errors uint64
	last   time.Time // of the latest error (performance_schema.host_cache's LAST_ERROR_SEEN)
}

// hostCacheMax bounds the table. When it is full, a 64th of it, chosen at
// random (Go's map order), gives way and those hosts start counting
// again: evicting in bulk keeps a flood from many addresses at O(1) work
// per connection under the lock, where finding the oldest entry each time
// would cost a scan of the whole table.
const hostCacheMax = 100_000

// maxConnectErrorsDefault is MySQL 8's default.
const maxConnectErrorsDefault = 100

func newHostCache(maxErrors uint64) *hostCache {
	c := &hostCache{hosts: make(map[netip.Addr]*hostEntry)}
	c.maxErrors.Store(maxErrors)
	return c
}

// exempt reports connections the cache leaves alone.
func exemptFromHostCache(local bool, addr netip.Addr) bool {
	a := addr.Unmap()
	return local || !a.IsValid() || a == netip.AddrFrom4([4]byte{127, 0, 0, 1}) || a == netip.IPv6Loopback()
}

// isBlocked reports whether addr has reached max_connect_errors.
func (c *hostCache) isBlocked(addr netip.Addr) bool {
	if c.entries.Load() == 0 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.hosts[addr.Unmap()]
	return e != nil && e.errors >= c.maxErrors.Load()
}

// handshakeFailed counts a connection from addr that ended before its
// login finished; it reports whether this error blocked the host.
func (c *hostCache) handshakeFailed(addr netip.Addr, now time.Time) (nowBlocked bool) {
	addr = addr.Unmap()
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.hosts[addr]
	if e == nil {
		if len(c.hosts) >= hostCacheMax {
			c.evictSomeLocked()
		}
		e = &hostEntry{}
		c.hosts[addr] = e
		c.entries.Store(int64(len(c.hosts)))
	}
	e.errors++
	e.last = now
	return e.errors == c.maxErrors.Load()
}

func (c *hostCache) evictSomeLocked() {
	n := hostCacheMax / 64
	for a := range c.hosts {
		if n == 0 {
			return
		}
		delete(c.hosts, a)
		n--
	}
}

// loggedIn forgets addr's errors: a login from it succeeded.
func (c *hostCache) loggedIn(addr netip.Addr) {
	if c.entries.Load() == 0 {
		return
	}
	c.mu.Lock()
	delete(c.hosts, addr.Unmap())
	c.entries.Store(int64(len(c.hosts)))
	c.mu.Unlock()
}

// flush empties the cache (FLUSH HOSTS), unblocking every host.
func (c *hostCache) flush() {
	c.mu.Lock()
	clear(c.hosts)
	c.entries.Store(0)
	c.mu.Unlock()
}

package server

import (
	"net/netip"
	"testing"
	"time"
)

func TestHostCache(t *testing.T) {
	c := newHostCache(3)
	a := netip.MustParseAddr("10.0.0.7")
	mapped := netip.MustParseAddr("::ffff:10.0.0.7")
	now := time.Unix(1_700_000_000, 0)
	if c.isBlocked(a) {
		t.Fatal("blocked before any error")
	}
	if c.handshakeFailed(a, now) || c.handshakeFailed(mapped, now) {
		t.Fatal("blocked before the third error")
	}
	if !c.handshakeFailed(a, now) {
		t.Fatal("the third error (the IPv4-mapped form counts as the same host) should block")
	}
	if !c.isBlocked(a) || !c.isBlocked(mapped) {
		t.Fatal("not blocked after max_connect_errors")
	}
	if c.isBlocked(netip.MustParseAddr("10.0.0.8")) {
		t.Fatal("another host blocked")
	}
	c.maxErrors.Store(10) // SET GLOBAL max_connect_errors raises the bar at once
	if c.isBlocked(a) {
		t.Fatal("still blocked under a higher max_connect_errors")
	}
	c.maxErrors.Store(3)
	c.loggedIn(a)
	if c.isBlocked(a) {
		t.Fatal("a successful login should reset the count")
	}
	c.handshakeFailed(a, now)
	c.handshakeFailed(a, now)
	c.handshakeFailed(a, now)
	c.flush()
	if c.isBlocked(a) || c.entries.Load() != 0 {
		t.Fatal("FLUSH HOSTS should empty the cache")
	}

	for _, tc := range []struct {
		local  bool
		addr   string
		exempt bool
	}{{true, "::1", true}, {false, "127.0.0.1", true}, {false, "::1", true}, {false, "::ffff:127.0.0.1", true},
		{false, "127.0.0.2", false}, {false, "192.168.1.1", false}} {
		if got := exemptFromHostCache(tc.local, netip.MustParseAddr(tc.addr)); got != tc.exempt {
			t.Errorf("exempt(local=%v, %s) = %v", tc.local, tc.addr, got)
		}
	}
}

// The table is bounded: when full, a share of it gives way at once.
func TestHostCacheIsBounded(t *testing.T) {
	c := newHostCache(1)
	now := time.Unix(1_700_000_000, 0)
	for i := 0; i < hostCacheMax+10; i++ {
		c.handshakeFailed(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), now)
		if n := c.entries.Load(); n > hostCacheMax {
			t.Fatalf("%d entries after %d hosts", n, i+1)
		}
	}
	if n := c.entries.Load(); n > hostCacheMax-hostCacheMax/64+10 {
		t.Fatalf("%d entries: nothing was evicted", n)
	}
}

package server

import (
	"fmt"
	"testing"
	"time"
)

func TestLoginThrottleGrowsAndResets(t *testing.T) {
	th := newLoginThrottle(3, 1000, 2500)
	for i := 0; i < 3; i++ {
		if d := th.delay("u", "10.0.0.1"); d != 0 {
			t.Fatalf("attempt %d delayed %v before the threshold", i+1, d)
		}
		th.failed("u", "10.0.0.1")
	}
	want := []time.Duration{time.Second, 2 * time.Second, 2500 * time.Millisecond, 2500 * time.Millisecond}
	for i, w := range want {
		if d := th.delay("u", "10.0.0.1"); d != w {
			t.Fatalf("after %d failures: delay %v, want %v", 3+i, d, w)
		}
		th.failed("u", "10.0.0.1")
	}
	// Another account, and the same account from elsewhere, are not slowed.
	if th.delay("v", "10.0.0.1") != 0 || th.delay("u", "10.0.0.2") != 0 {
		t.Fatal("the throttle spilled over to another account or address")
	}
	th.succeeded("u", "10.0.0.1")
	if d := th.delay("u", "10.0.0.1"); d != 0 {
		t.Fatalf("delay %v after a successful login", d)
	}
	if th.delayed.Load() != uint64(len(want)) {
		t.Fatalf("delay_generated %d, want %d", th.delayed.Load(), len(want))
	}
	th.threshold.Store(0)
	th.failed("w", "h")
	th.failed("w", "h")
	if th.delay("w", "h") != 0 {
		t.Fatal("a threshold of 0 still delays")
	}
}

func TestLoginThrottleTableIsBounded(t *testing.T) {
	th := newLoginThrottle(1, 10, 10)
	for i := 0; i < throttleMaxEntries+10; i++ {
		th.failed("u", string(rune(i)))
	}
	if n := len(th.failures); n > throttleMaxEntries {
		t.Fatalf("%d entries, bound %d", n, throttleMaxEntries)
	}
}

// One address trying many account names is throttled too, after ten times
// the per-account threshold, for every name; other addresses are not, a
// success does not reset it, and local clients are only throttled per
// account.
func TestLoginThrottleAcrossAccountNames(t *testing.T) {
	th := newLoginThrottle(3, 1000, 5000)
	const sprayer = "203.0.113.9"
	for i := 0; i < 3*addressFactor; i++ {
		if d := th.delay(fmt.Sprintf("user%d", i), sprayer); d != 0 {
			t.Fatalf("attempt %d (a new name each time) delayed %v before the address threshold", i+1, d)
		}
		th.failed(fmt.Sprintf("user%d", i), sprayer)
	}
	if d := th.delay("fresh", sprayer); d != time.Second {
		t.Fatalf("a new name from the spraying address: delay %v, want 1s", d)
	}
	th.succeeded("alice", sprayer)
	if d := th.delay("fresh", sprayer); d != time.Second {
		t.Fatalf("after a success from the address: delay %v, want still 1s", d)
	}
	if d := th.delay("fresh", "203.0.113.10"); d != 0 {
		t.Fatalf("another address delayed %v", d)
	}
	for _, local := range []string{"localhost", "127.0.0.1", "::1"} {
		for i := 0; i < 3*addressFactor+5; i++ {
			th.failed(fmt.Sprintf("user%d", i), local)
		}
		if d := th.delay("fresh", local); d != 0 {
			t.Fatalf("local client %s throttled across accounts: %v", local, d)
		}
	}
}

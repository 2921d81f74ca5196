package server

import (
	"os"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGCPercentFor(t *testing.T) {
	const mb = 1 << 20
	cases := []struct {
		live, held uint64
		want       int
	}{
		{0, 0, 100},                   // nothing measured yet: the default
		{500 * mb, 0, 100},            // no storage buffers: GOGC as is
		{210 * mb, 117 * mb, 44},      // 93 MB of the server's own: 93 MB headroom
		{40 * mb, 35 * mb, 80},        // 5 MB own: the 32 MB floor
		{1100 * mb, 1080 * mb, 2},     // a big cache: the floor, 32 of 1100
		{20 * mb, 30 * mb, 100},       // held above live (sampled apart): the floor, capped at GOGC
		{100000 * mb, 100000 * mb, 1}, // never 0 (that would collect without pause)
	}
	for _, c := range cases {
		if got := gcPercentFor(c.live, c.held, 100, 32*mb); got != c.want {
			t.Errorf("live %d MB, held %d MB: %d%%, want %d%%", c.live/mb, c.held/mb, got, c.want)
		}
	}
}

// The pacer lowers the GC percentage after collections when the storage
// engine holds most of the heap, and gives the default back when stopped.
func TestGCPacerFollowsCollections(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the pacer stays off by design")
	}
	gogc := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	// A heap that is all storage buffers: the headroom is the floor, a
	// small fraction of a heap kept well above it.
	ballast := make([]byte, 3*minGCHeadroom)
	p := startGCPacer(func() int64 { return int64(len(ballast)) })
	if p == nil {
		t.Fatal("the pacer did not start")
	}
	deadline := time.Now().Add(10 * time.Second)
	for gogc() >= 100 {
		if time.Now().After(deadline) {
			p.stop()
			t.Fatalf("GC percentage still %d after collections", gogc())
		}
		runtime.GC()
		time.Sleep(2 * gcPacerInterval)
	}
	if got := gogc(); got > 40 {
		t.Errorf("GC percentage %d with a heap of storage buffers, want the floor's share (<= 40)", got)
	}
	p.stop()
	if got := gogc(); got != 100 {
		t.Fatalf("after stop: %d", got)
	}
	runtime.KeepAlive(ballast)
}

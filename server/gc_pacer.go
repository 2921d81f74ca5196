package server

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// The garbage collector's headroom, paced so that the storage engine's
// buffers do not double in RSS.
//
// Go collects when the heap has grown by GOGC percent (100) of what the
// last collection found live. In the shipped static build Pebble's block
// cache and memtables are Go heap (storage/pebble: GoHeapBytes), so they
// count as live: a server with 120 MB of cache and memtables and 90 MB of
// its own objects let 210 MB of garbage pile up between collections, and
// its RSS carried the cache twice over (bench/RESULTS.md, many
// connections). After each collection the pacer sets the GC percentage so
// that the headroom is GOGC percent of the heap without those buffers, and
// never below minGCHeadroom (so a small server with a big cache does not
// collect for every few megabytes it allocates). The server's own objects
// get the headroom they always had; RSS comes to about cache + memtables +
// twice the rest.
//
// GOGC in the environment means the operator chose: the pacer stays off.
// GOMEMLIMIT still applies either way (the runtime enforces it).

// minGCHeadroom is the least the heap may grow between collections. The
// floor keeps a small server's collections as far apart as they were: with
// a 100k-row sysbench table the server's own live heap is 30-40 MB beside
// about 90 MB of cache and memtables, and a 32 MB floor made read-only runs
// up to 6 % slower, 64 MB still 3-6 % (collections twice as often as with
// GOGC alone); at 128 MB only bigger heaps are paced, which is where the
// doubled buffers cost (15,000 connections: 440 -> 380 MB).
const minGCHeadroom = 128 << 20

// defaultGCPercent is the headroom the pacer gives the server's own live
// objects: Go's default GOGC (the pacer is off when GOGC is set).
const defaultGCPercent = 100

// gcPacerInterval bounds how often the pacer asks Pebble for its sizes
// (Metrics takes its locks): collections closer together keep the last
// setting.
const gcPacerInterval = 100 * time.Millisecond

// gcPacer re-arms itself after every collection until stopped.
type gcPacer struct {
	held func() int64 // Go heap bytes the storage engine holds as its own buffers

	// mu is held by afterGC while it paces and by stop, so that once stop
	// returns held is not called again (the store may be closed next).
	mu      sync.Mutex
	stopped bool
	last    time.Time
	current int
	sample  []metrics.Sample
}

// gcPacerActive keeps a second server in one process (tests) from pacing
// the one garbage collector too.
var gcPacerActive atomic.Bool

// startGCPacer starts pacing for a storage engine whose buffers held
// reports; nil when GOGC is set or another server paces already. Stop it
// with stop.
func startGCPacer(held func() int64) *gcPacer {
	if os.Getenv("GOGC") != "" || !gcPacerActive.CompareAndSwap(false, true) {
		return nil
	}
	p := &gcPacer{held: held, current: defaultGCPercent,
		sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	p.arm()
	return p
}

// stop ends the pacing and gives the collector back its default.
func (p *gcPacer) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	debug.SetGCPercent(defaultGCPercent)
	gcPacerActive.Store(false)
}

// gcSentinel is an object allocated only to be collected: its cleanup is
// the pacer's "a collection just finished". Large enough not to share an
// allocation with others (the runtime batches pointer-free objects under
// 16 bytes).
type gcSentinel [32]byte

func (p *gcPacer) arm() {
	runtime.AddCleanup(new(gcSentinel), (*gcPacer).afterGC, p)
}

// afterGC runs on the runtime's cleanup goroutine after a collection freed
// the last sentinel.
func (p *gcPacer) afterGC() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	defer p.arm()
	now := time.Now()
	if now.Sub(p.last) < gcPacerInterval {
		return
	}
	p.last = now
	metrics.Read(p.sample)
	if p.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	pct := gcPercentFor(p.sample[0].Value.Uint64(), uint64(max(p.held(), 0)), defaultGCPercent, minGCHeadroom)
	if pct != p.current {
		debug.SetGCPercent(pct)
		p.current = pct
	}
}

// gcPercentFor is the GC percentage that lets a heap whose live bytes
// include held bytes of storage buffers grow by percent percent of the
// rest, and by at least floor bytes; never more than percent itself.
func gcPercentFor(live, held uint64, percent int, floor uint64) int {
	if live == 0 || percent <= 0 {
		return percent
	}
	own := live - min(held, live)
	headroom := max(own*uint64(percent)/100, floor)
	pct := headroom * 100 / live
	return int(max(min(pct, uint64(percent)), 1))
}

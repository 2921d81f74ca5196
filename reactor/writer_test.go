package reactor

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/panjf2000/gnet/v2"
)

const floodRow = 1000

// flood answers a command naming a byte count with that many bytes of
// floodRow-byte packets. The first command also logs the client in, so
// that the loop answers COM_PING itself afterwards.
func flood(s *testSession, payload []byte, seq byte, w *PacketWriter) Outcome {
	total, _ := strconv.Atoi(string(payload))
	row := pattern(floodRow, 0)
	for sent := 0; sent < total; sent += floodRow {
		row[0] = byte(sent / floodRow)
		if err := w.Commit(append(w.Begin(), row...)); err != nil {
			s.err.Store(err)
			return Outcome{Close: true}
		}
		s.written.Add(floodRow)
	}
	return Outcome{Authenticated: true}
}

// readFlood reads a flood of total bytes whose packets are numbered from
// seq, checking order.
func (c *testClient) readFlood(total int, seq byte) {
	c.t.Helper()
	for got := 0; got < total; got += floodRow {
		p, s := c.read()
		if len(p) != floodRow || p[0] != byte(got/floodRow) || s != seq {
			c.t.Fatalf("at byte %d: %d-byte packet %d (first byte %d), want packet %d", got, len(p), s, p[0], seq)
		}
		seq++
	}
}

// stalled waits until the session's writer has stopped making progress.
func (s *testSession) stalled(t *testing.T, total int64) int64 {
	t.Helper()
	last, still := int64(-1), 0
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		n := s.written.Load()
		if n == last {
			if still++; still == 3 {
				return n
			}
			continue
		}
		if n >= total {
			t.Fatalf("the writer sent all %d bytes to a client that reads nothing", n)
		}
		last, still = n, 0
	}
	t.Fatal("the writer never stalled")
	return 0
}

// A client that stops reading stalls its own command with at most about
// highWater + one chunk waiting in gnet for it; another connection on the
// same loop is served meanwhile, and the stalled one finishes in order once
// its client reads.
func TestSlowReaderStallsOnlyItsOwnWriter(t *testing.T) {
	h := &testHandler{serve: flood}
	addr := startServer(t, Config{}, h)
	const slowTotal, fastTotal = 24 << 20, 4 << 20

	slow := dial(t, addr, h, 16<<10)
	slow.write(packet(0, []byte(strconv.Itoa(slowTotal))))
	written := slow.sess.stalled(t, slowTotal)
	var outbound int
	slow.sess.onLoop(t, func(gc gnet.Conn) { outbound = gc.OutboundBuffered() })
	if outbound > highWater+slowChunkSize+floodRow+codec.HeaderSize {
		t.Fatalf("%d bytes wait in gnet for a stalled client (high water %d, chunk %d)", outbound, highWater, chunkSize)
	}
	t.Logf("stalled after %d bytes with %d buffered in gnet", written, outbound)

	fast := dial(t, addr, h, 0)
	fast.write(packet(0, []byte(strconv.Itoa(fastTotal))))
	fast.readFlood(fastTotal, 1)
	if n := slow.sess.written.Load(); n != written {
		t.Fatalf("the stalled writer moved from %d to %d bytes while its client read nothing", written, n)
	}

	slow.readFlood(slowTotal, 1)
	// The loop answers a ping only once the worker's last packet is out,
	// so it cannot overtake the flood.
	slow.write(packet(0, []byte{codec.ComPing}))
	if p, seq := slow.read(); seq != 1 || len(p) == 0 || p[0] != 0 {
		t.Fatalf("ping answer %x seq %d", p, seq)
	}
	if err := slow.sess.err.Load(); err != nil {
		t.Fatalf("the slow writer failed: %v", err)
	}
}

// A client that reads nothing for net_write_timeout loses its connection,
// and the command sees ErrWriteTimeout rather than hanging.
func TestWriteTimeoutClosesStalledReader(t *testing.T) {
	h := &testHandler{serve: flood}
	addr := startServer(t, Config{NetWriteTimeout: 300 * time.Millisecond}, h)
	c := dial(t, addr, h, 16<<10)
	c.write(packet(0, []byte(strconv.Itoa(64<<20))))
	deadline := time.Now().Add(30 * time.Second)
	for c.sess.err.Load() == nil {
		if time.Now().After(deadline) {
			t.Fatal("the writer never gave up on a client that reads nothing")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.sess.err.Load().(error); !errors.Is(err, ErrWriteTimeout) {
		t.Fatalf("writer stopped with %v, want ErrWriteTimeout", err)
	}
	if !c.sess.link.Killed() {
		t.Fatal("the connection was not closed")
	}
}

// The writer numbers packets on from the command's sequence id, wrapping
// at 255, and Seq/SetSeq move the numbering (LOAD DATA, multi-packet
// exchanges).
func TestPacketWriterSequence(t *testing.T) {
	w := newPacketWriter(nil, 255)
	if err := w.WritePacket([]byte("a")); err != nil {
		t.Fatal(err)
	}
	if w.Seq() != 0 {
		t.Fatalf("after packet 255 the next is %d", w.Seq())
	}
	w.SetSeq(7)
	b := w.Begin()
	if err := w.Commit(append(b, "bc"...)); err != nil {
		t.Fatal(err)
	}
	want := append(packet(255, []byte("a")), packet(7, []byte("bc"))...)
	if !bytes.Equal(w.buf.B, want) || w.Seq() != 8 {
		t.Fatalf("buffered % x, next %d", w.buf.B, w.Seq())
	}
	chunkPool.Put(w.buf)
}

// A delayed outcome holds the reply back for its delay without holding the
// connection's worker, and other connections are answered meanwhile.
func TestDelayedOutcomeHoldsOnlyItsReply(t *testing.T) {
	const delay = 300 * time.Millisecond
	var served atomic.Int64
	h := &testHandler{serve: func(s *testSession, payload []byte, seq byte, w *PacketWriter) Outcome {
		_ = w.WritePacket(append([]byte("re:"), payload...))
		if string(payload) == "slow" {
			defer served.Add(1) // Serve itself returns at once
			return Outcome{Delay: delay}
		}
		return Outcome{}
	}}
	addr := startServer(t, Config{}, h)
	slow, fast := dial(t, addr, h, 0), dial(t, addr, h, 0)
	start := time.Now()
	slow.write(packet(0, []byte("slow")))
	fast.write(packet(0, []byte("fast")))
	if p, _ := fast.read(); string(p) != "re:fast" {
		t.Fatalf("fast got %q", p)
	}
	if p, seq := slow.read(); string(p) != "re:slow" || seq != 1 {
		t.Fatalf("slow got %q seq %d", p, seq)
	}
	if waited := time.Since(start); waited < delay {
		t.Fatalf("the delayed reply came after %v, before its %v delay", waited, delay)
	}
	if served.Load() != 1 {
		t.Fatal("Serve did not return before the reply")
	}
	// The connection is usable again after the delay.
	slow.write(packet(0, []byte("again")))
	if p, _ := slow.read(); string(p) != "re:again" {
		t.Fatalf("after the delay got %q", p)
	}
}

// throttled reads from r at about rate bytes per second, in small reads,
// like a client behind a slow link.
type throttled struct {
	r     io.Reader
	rate  float64
	start time.Time
	n     int
}

func (t *throttled) Read(p []byte) (int, error) {
	if t.start.IsZero() {
		t.start = time.Now()
	}
	if due := t.start.Add(time.Duration(float64(t.n) / t.rate * float64(time.Second))); time.Until(due) > 0 {
		time.Sleep(time.Until(due))
	}
	n, err := t.r.Read(p[:min(len(p), 8<<10)])
	t.n += n
	return n, err
}

// A reader that drains steadily but slowly gets the whole result, and its
// stalled writer is not polled at a fixed rate: the loop's drain checks
// stay well under one per possible stall (a stall moves at least highWater
// - lowWater bytes). Polling from 200 us doubling to 20 ms made 164 checks
// here (for at most 128 stalls); timed from the drain rate, about 22.
func TestThrottledReaderFewDrainChecks(t *testing.T) {
	h := &testHandler{serve: flood}
	srv, addr := startServerWith(t, Config{}, h)
	const total = 24 << 20
	c := dial(t, addr, h, 16<<10)
	c.r = bufio.NewReaderSize(&throttled{r: c.conn, rate: 12 << 20}, 16<<10)
	before := srv.Stats().DrainChecks.Load()
	start := time.Now()
	c.write(packet(0, []byte(strconv.Itoa(total))))
	c.readFlood(total, 1)
	checks := srv.Stats().DrainChecks.Load() - before
	stalls := total / (highWater - lowWater)
	t.Logf("%d bytes in %v: %d drain checks (at most %d stalls)", total, time.Since(start), checks, stalls)
	if checks == 0 {
		t.Fatal("the writer never stalled: the test does not throttle")
	}
	if checks > uint64(stalls/2) {
		t.Fatalf("%d drain checks for at most %d stalls: the writer polls", checks, stalls)
	}
	if err := c.sess.err.Load(); err != nil {
		t.Fatalf("the writer failed: %v", err)
	}
}

// drainDelay stays within its bounds for any drain rate, a crawling one
// included.
func TestDrainDelayBounds(t *testing.T) {
	for _, rate := range []float64{1e-12, 1, 1 << 20, 1e15} {
		w := &PacketWriter{drainRate: rate}
		st := &drainStall{from: highWater, start: time.Now(), backoff: drainPollFirst}
		if d := w.drainDelay(st, highWater); d < drainPollFirst || d > drainPollMax {
			t.Errorf("rate %g: delay %v outside [%v, %v]", rate, d, drainPollFirst, drainPollMax)
		}
	}
	// Unknown rate: back off from drainPollFirst.
	w := &PacketWriter{}
	st := &drainStall{from: highWater, start: time.Now(), backoff: drainPollFirst}
	if d1, d2 := w.drainDelay(st, highWater), w.drainDelay(st, highWater); d1 != drainPollFirst || d2 != 2*drainPollFirst {
		t.Errorf("backoff %v, %v; want %v, %v", d1, d2, drainPollFirst, 2*drainPollFirst)
	}
}

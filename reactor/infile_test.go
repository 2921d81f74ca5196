package reactor

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"testing"
	"time"

	"github.com/loopdb/loopdb/codec"
)

// newTestFeed is an infeed whose resume only counts: the tests play the
// loop themselves.
func newTestFeed(resumed *int) *infeed {
	f := &infeed{notify: make(chan struct{}, 1)}
	f.resume = func() { *resumed++ }
	return f
}

// The queue stops the loop at feedHighWater, keeps it stopped until the
// worker has read it down below feedLowWater, wakes it exactly once, and
// hands the packets over in order.
func TestInfeedBoundedAndOrdered(t *testing.T) {
	resumed := 0
	f := newTestFeed(&resumed)
	const size = 48 << 10
	n := 0
	for f.push(pattern(size, byte(n)), byte(n)) {
		n++
		if n > feedHighWater/size+1 {
			t.Fatalf("still taking packets with %d bytes queued", f.queued)
		}
	}
	n++
	if f.queued < feedHighWater || f.queued >= feedHighWater+size {
		t.Fatalf("stopped at %d bytes queued, want just past %d", f.queued, feedHighWater)
	}
	if !f.stalled() {
		t.Fatal("a full queue does not stall the loop")
	}
	for i := 0; i < n; i++ {
		b, end, err := f.next()
		if err != nil || end || !bytes.Equal(b.B, pattern(size, byte(i))) {
			t.Fatalf("packet %d: %d bytes, end %v, %v", i, len(b.B), end, err)
		}
		packetPool.Put(b)
		below := f.queued < feedLowWater
		if below != (resumed == 1) || resumed > 1 {
			t.Fatalf("after packet %d (%d bytes queued) the loop was woken %d times", i, f.queued, resumed)
		}
		if below == f.stalled() {
			t.Fatalf("after packet %d (%d bytes queued) stalled is %v", i, f.queued, f.stalled())
		}
	}
	if !f.push([]byte("more"), 0) {
		t.Fatal("the queue refuses packets after draining")
	}
}

// The worker's reader sees the file's bytes across packet boundaries, then
// io.EOF at the empty packet; Close numbers the reply after that packet.
func TestFileReaderReadsToTheEnd(t *testing.T) {
	resumed := 0
	f := newTestFeed(&resumed)
	w := newPacketWriter(nil, 2)
	r := &fileReader{f: f, w: w}
	parts := [][]byte{[]byte("a,1\n"), []byte("b,2\nc,"), []byte("3\n")}
	for i, p := range parts {
		f.push(p, byte(253+i))
	}
	f.push(nil, 0) // 253, 254, 255, then the empty packet wraps to 0
	got, err := io.ReadAll(r)
	if err != nil || string(got) != "a,1\nb,2\nc,3\n" {
		t.Fatalf("read %q, %v", got, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Seq() != 1 {
		t.Fatalf("reply after the empty packet 0 starts at %d, want 1", w.Seq())
	}
}

// A statement that stops reading early still consumes the file up to its
// empty packet, so what follows is framed as the next command.
func TestFileReaderCloseDrains(t *testing.T) {
	resumed := 0
	f := newTestFeed(&resumed)
	w := newPacketWriter(nil, 2)
	r := &fileReader{f: f, w: w}
	f.push([]byte("first packet"), 2)
	buf := make([]byte, 5)
	if n, err := r.Read(buf); n != 5 || err != nil {
		t.Fatalf("Read = %d, %v", n, err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Close() }()
	// The rest of the file arrives while Close waits for it.
	for i := 0; i < 20; i++ { // under feedHighWater: the loop never stalls
		f.push(pattern(32<<10, byte(i)), byte(3+i))
	}
	f.push(nil, 23)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not drain the file")
	}
	if w.Seq() != 24 {
		t.Fatalf("reply starts at %d, want 24", w.Seq())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) != 0 || f.queued != 0 {
		t.Fatalf("%d packets (%d bytes) left after Close", len(f.queue), f.queued)
	}
	if resumed != 0 {
		t.Fatalf("the loop was woken %d times without having stalled", resumed)
	}
}

// When the connection goes away the worker's reads fail instead of
// waiting for the rest of the file.
func TestFileReaderConnectionGone(t *testing.T) {
	resumed := 0
	f := newTestFeed(&resumed)
	r := &fileReader{f: f, w: newPacketWriter(nil, 2)}
	f.push([]byte("partial"), 2)
	done := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(r)
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	f.fail(net.ErrClosed)
	select {
	case err := <-done:
		if !errors.Is(err, net.ErrClosed) {
			t.Fatalf("ReadAll = %v, want net.ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the reader did not see the connection close")
	}
	if err := r.Close(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Close = %v", err)
	}
}

// loadData answers "load" with a LOCAL INFILE request and reads the file
// slower than the client sends it, noting how much the queue held; its
// reply carries the file's length and checksum.
func loadData(s *testSession, payload []byte, seq byte, w *PacketWriter) Outcome {
	rc, err := w.RequestLocalFile("data.csv")
	if err != nil {
		s.err.Store(err)
		return Outcome{Close: true}
	}
	f := rc.(*fileReader).f
	sum := crc32.NewIEEE()
	buf := make([]byte, 64<<10)
	for reads := 0; ; reads++ {
		n, err := rc.Read(buf)
		sum.Write(buf[:n])
		s.written.Add(int64(n))
		f.mu.Lock()
		s.peak.Store(max(s.peak.Load(), int64(f.queued)))
		f.mu.Unlock()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.err.Store(err)
			return Outcome{Close: true}
		}
		if reads%16 == 0 {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if err := rc.Close(); err != nil {
		s.err.Store(err)
		return Outcome{Close: true}
	}
	_ = w.WritePacket(fmt.Appendf(nil, "loaded %d %08x", s.written.Load(), sum.Sum32()))
	return Outcome{Authenticated: true}
}

// LOAD DATA LOCAL end to end: the file's packets continue the command's
// sequence ids (wrapping), a fast client is held at the queue's bound, the
// reply follows the empty packet, and a command pipelined behind the file
// is served after it.
func TestLoadDataLocal(t *testing.T) {
	h := &testHandler{serve: loadData}
	addr := startServer(t, Config{}, h)
	c := dial(t, addr, h, 0)
	c.write(packet(0, []byte("load")))
	if p, seq := c.read(); seq != 1 || string(p) != "\xfbdata.csv" {
		t.Fatalf("request %q seq %d", p, seq)
	}
	const packets, size = 512, 16 << 10
	var file []byte
	seq := byte(2)
	sum := crc32.NewIEEE()
	for i := 0; i < packets; i++ {
		p := pattern(size, byte(i))
		sum.Write(p)
		file = append(file, packet(seq, p)...)
		seq++
	}
	file = append(file, packet(seq, nil)...)
	file = append(file, packet(0, []byte{codec.ComPing})...)
	go func() { _, _ = c.conn.Write(file) }()
	p, got := c.read()
	if want := fmt.Sprintf("loaded %d %08x", packets*size, sum.Sum32()); string(p) != want || got != seq+1 {
		t.Fatalf("reply %q seq %d, want %q seq %d", p, got, want, seq+1)
	}
	if p, got := c.read(); got != 1 || len(p) == 0 || p[0] != 0 {
		t.Fatalf("ping after the file: %x seq %d", p, got)
	}
	if peak := c.sess.peak.Load(); peak > feedHighWater+size {
		t.Fatalf("the queue held %d bytes (high water %d)", peak, feedHighWater)
	}
	t.Logf("queue peaked at %d bytes", c.sess.peak.Load())
}

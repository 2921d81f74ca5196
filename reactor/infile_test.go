package reactor

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
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

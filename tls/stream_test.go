package tls

import (
	"bytes"
	stdtls "crypto/tls"
	"io"
	"net"
	"testing"
	"time"
)

// loopPeer drives a Stream the way the reactor does: a pump goroutine
// stands in for the event loop, feeding what the client writes.
type loopPeer struct {
	s      *Stream
	client *stdtls.Conn
	server net.Conn // the reactor's side of the socket
}

func newLoopPeer(t *testing.T, gate *Gate) *loopPeer {
	t.Helper()
	p, err := NewProvider(Options{DataDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cliSide, srvSide := net.Pipe()
	t.Cleanup(func() { cliSide.Close(); srvSide.Close() })
	lp := &loopPeer{
		s:      NewStream(p.ServerConfig(), gate),
		client: stdtls.Client(cliSide, &stdtls.Config{InsecureSkipVerify: true}),
		server: srvSide,
	}
	return lp
}

// handshake runs both sides. What the client sends is fed one byte at a
// time, for the whole test, to exercise partial records.
func (lp *loopPeer) handshake(t *testing.T) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		done <- lp.s.Handshake(func(ct []byte) { _, _ = lp.server.Write(ct) })
	}()
	go func() {
		buf := make([]byte, 1)
		for {
			n, err := lp.server.Read(buf)
			if err != nil {
				return
			}
			lp.s.Feed(buf[:n])
		}
	}()
	cerr := make(chan error, 1)
	go func() { cerr <- lp.client.Handshake() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server handshake: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("handshake hung")
	}
	if err := <-cerr; err != nil {
		t.Fatalf("client handshake: %v", err)
	}
}

func TestStreamOpenAndSealWithoutBlocking(t *testing.T) {
	lp := newLoopPeer(t, NewGate(1))
	lp.handshake(t)

	// Client -> server: the record arrives in pieces; Open returns what is
	// complete and never blocks.
	msg := bytes.Repeat([]byte("loopdb "), 5000) // spans three records
	go func() { _, _ = lp.client.Write(msg) }()
	var plain []byte
	deadline := time.Now().Add(5 * time.Second)
	for len(plain) < len(msg) {
		if time.Now().After(deadline) {
			t.Fatalf("got %d of %d bytes", len(plain), len(msg))
		}
		time.Sleep(time.Millisecond)
		var err error
		var reply []byte
		plain, reply, err = lp.s.Open(plain, nil)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if len(reply) > 0 {
			_, _ = lp.server.Write(reply)
		}
	}
	if !bytes.Equal(plain, msg) {
		t.Fatal("plaintext differs")
	}

	// Server -> client.
	ct, err := lp.s.Seal(nil, []byte("hello client"))
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = lp.server.Write(ct) }()
	got := make([]byte, 12)
	if _, err := io.ReadFull(lp.client, got); err != nil || string(got) != "hello client" {
		t.Fatalf("client read %q, %v", got, err)
	}
}

// A handshake waiting for its client gives its gate slot back, so a
// stalled client cannot block the next handshake.
func TestStalledHandshakeFreesGate(t *testing.T) {
	gate := NewGate(1)
	p, err := NewProvider(Options{DataDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	stalled := NewStream(p.ServerConfig(), gate)
	stalledDone := make(chan error, 1)
	go func() { stalledDone <- stalled.Handshake(func([]byte) {}) }()
	stalled.Feed([]byte{0x16, 0x03, 0x01}) // the start of a record, then nothing

	lp := newLoopPeer(t, gate)
	lp.handshake(t) // fails the test if it hangs

	stalled.Close()
	select {
	case err := <-stalledDone:
		if err == nil {
			t.Fatal("closed handshake reported success")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not unblock the stalled handshake")
	}
}

func TestGarbageFailsHandshake(t *testing.T) {
	p, err := NewProvider(Options{DataDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := NewStream(p.ServerConfig(), NewGate(1))
	s.Feed(bytes.Repeat([]byte("GARBAGE!"), 16))
	done := make(chan error, 1)
	go func() { done <- s.Handshake(func([]byte) {}) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("garbage handshake succeeded")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("garbage did not end the handshake")
	}
}

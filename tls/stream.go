package tls

import (
	stdtls "crypto/tls"
	"errors"
	"net"
	"slices"
	"sync"
	"time"
)

// Stream is crypto/tls run over bytes the event loop hands it, instead of
// over a socket it reads itself. The handshake blocks, so it runs on a
// goroutine of its own (Handshake); afterwards the loop decrypts what has
// arrived without ever blocking (Open) and workers encrypt their output
// (Seal). An idle Stream owns no goroutine.
type Stream struct {
	tc   *stdtls.Conn
	tr   *transport
	gate *Gate
}

// NewStream starts a server-side TLS session; nothing happens until bytes
// are fed and Handshake runs. gate bounds the handshakes that may use CPU
// at once (nil: no bound).
func NewStream(cfg *stdtls.Config, gate *Gate) *Stream {
	tr := &transport{}
	tr.cond.L = &tr.mu
	return &Stream{tc: stdtls.Server(tr, cfg), tr: tr, gate: gate}
}

// Feed appends ciphertext that arrived from the client. Any goroutine.
func (s *Stream) Feed(ciphertext []byte) {
	s.tr.feed(ciphertext)
}

// Handshake runs the TLS handshake, sending each flight through send as
// crypto/tls produces it. It blocks until the handshake ends or Close is
// called, so it must run on its own goroutine, never on a loop. While it
// waits for the client it gives its gate slot back, so clients that stall
// mid-handshake cannot starve the others.
func (s *Stream) Handshake(send func(ciphertext []byte)) error {
	s.tr.startHandshake(send, s.gate)
	defer s.tr.endHandshake()
	return s.tc.Handshake()
}

// Open appends to dst the plaintext that the ciphertext fed so far
// decrypts to, without blocking. It reports io.EOF once the client sent
// close_notify and any other error when the stream is broken. Ciphertext
// crypto/tls produces while reading (TLS 1.3 key updates) is appended to
// reply, which the caller must send before anything else it writes.
func (s *Stream) Open(dst, reply []byte) (plain, out []byte, err error) {
	s.tr.collectInto(reply)
	for {
		if cap(dst)-len(dst) < 4096 {
			dst = slices.Grow(dst, 16<<10)
		}
		n, rerr := s.tc.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if rerr != nil {
			if errors.Is(rerr, errWouldBlock) {
				rerr = nil
			}
			return dst, s.tr.take(), rerr
		}
	}
}

// Seal appends to dst the ciphertext of plain.
func (s *Stream) Seal(dst, plain []byte) ([]byte, error) {
	s.tr.collectInto(dst)
	_, err := s.tc.Write(plain)
	return s.tr.take(), err
}

// Buffered reports whether fed ciphertext is waiting to be decrypted.
func (s *Stream) Buffered() bool { return s.tr.buffered() }

// Close ends the session and unblocks a running Handshake. It sends
// nothing: the connection underneath is being closed.
func (s *Stream) Close() { s.tr.Close() }

// State is the negotiated session (version, cipher, client certificates).
func (s *Stream) State() stdtls.ConnectionState { return s.tc.ConnectionState() }

// errWouldBlock is what the transport returns when no ciphertext is
// waiting outside the handshake. crypto/tls keeps a connection usable
// after a temporary net.Error: partial records stay buffered inside it.
var errWouldBlock net.Error = wouldBlock{}

type wouldBlock struct{}

func (wouldBlock) Error() string   { return "tls: no input buffered" }
func (wouldBlock) Timeout() bool   { return true }
func (wouldBlock) Temporary() bool { return true }

// transport is the net.Conn crypto/tls sees: reads come from fed bytes,
// writes are collected for the caller to send.
type transport struct {
	mu       sync.Mutex
	cond     sync.Cond
	in       []byte
	out      []byte
	closed   bool
	send     func([]byte) // set during the handshake: flights go out at once
	gate     *Gate
	hasToken bool
}

func (t *transport) feed(b []byte) {
	t.mu.Lock()
	t.in = append(t.in, b...)
	t.mu.Unlock()
	t.cond.Broadcast()
}

func (t *transport) buffered() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.in) > 0
}

func (t *transport) startHandshake(send func([]byte), gate *Gate) {
	t.mu.Lock()
	t.send, t.gate = send, gate
	t.mu.Unlock()
}

func (t *transport) endHandshake() {
	t.mu.Lock()
	t.send = nil
	if t.hasToken {
		t.gate.release()
		t.hasToken = false
	}
	t.gate = nil
	t.mu.Unlock()
}

func (t *transport) Read(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.send != nil {
		// Handshake: wait for the client without holding a gate slot,
		// then take one back before crypto/tls computes with the bytes.
		for len(t.in) == 0 && !t.closed {
			if t.hasToken {
				t.gate.release()
				t.hasToken = false
			}
			t.cond.Wait()
		}
		if !t.closed && t.gate != nil && !t.hasToken {
			t.mu.Unlock()
			t.gate.acquire()
			t.mu.Lock()
			t.hasToken = true
		}
	}
	if t.closed {
		return 0, net.ErrClosed
	}
	if len(t.in) == 0 {
		return 0, errWouldBlock
	}
	n := copy(p, t.in)
	t.in = t.in[n:]
	if len(t.in) == 0 {
		t.in = nil // an idle connection keeps no input buffer
	}
	return n, nil
}

func (t *transport) Write(p []byte) (int, error) {
	t.mu.Lock()
	send, closed := t.send, t.closed
	if send == nil && !closed {
		t.out = append(t.out, p...)
	}
	t.mu.Unlock()
	if closed {
		return 0, net.ErrClosed
	}
	if send != nil {
		send(append([]byte(nil), p...))
	}
	return len(p), nil
}

// collectInto makes ciphertext that crypto/tls writes from now on append
// to dst (no copy in between). Seal and Open are never called
// concurrently: the reactor reads only while no worker writes.
func (t *transport) collectInto(dst []byte) {
	t.mu.Lock()
	t.out = dst
	t.mu.Unlock()
}

// take returns the collected ciphertext; the transport keeps no buffer.
func (t *transport) take() []byte {
	t.mu.Lock()
	out := t.out
	t.out = nil
	t.mu.Unlock()
	return out
}

func (t *transport) Close() error {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.cond.Broadcast()
	return nil
}

func (t *transport) LocalAddr() net.Addr              { return stubAddr{} }
func (t *transport) RemoteAddr() net.Addr             { return stubAddr{} }
func (t *transport) SetDeadline(time.Time) error      { return nil }
func (t *transport) SetReadDeadline(time.Time) error  { return nil }
func (t *transport) SetWriteDeadline(time.Time) error { return nil }
func (stubAddr) Network() string                      { return "loop" }
func (stubAddr) String() string                       { return "loop" }

type stubAddr struct{}

// Gate bounds how many handshakes compute at once: each costs an ECDHE
// exchange and a signature, and a flood of ClientHellos must leave CPU for
// established connections.
type Gate struct{ slots chan struct{} }

// NewGate allows n concurrent handshake computations (n >= 1).
func NewGate(n int) *Gate { return &Gate{slots: make(chan struct{}, max(n, 1))} }

func (g *Gate) acquire() { g.slots <- struct{}{} }
func (g *Gate) release() { <-g.slots }

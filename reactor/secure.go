package reactor

import (
	"context"
	"sync"

	"github.com/panjf2000/gnet/v2"
)

// TLS on a connection, below compression and the packet framer. Until the
// handshake ends, everything that arrives is fed to the handshake goroutine;
// afterwards the loop decrypts into a plaintext buffer that the layers
// above read as they read gnet's buffer on a plain connection. While a
// command runs, ciphertext waits in gnet's buffer, as plaintext does on a
// plain connection.

// handshakeInputLimit bounds what a client may send before its handshake
// completes: a ClientHello with a post-quantum key share and a client
// certificate chain are a few KB each.
const handshakeInputLimit = 256 << 10

type secState struct {
	stream  SecureStream
	started bool // the handshake goroutine runs (or ran)
	ready   bool // handshake done: the loop decrypts
	fed     int  // bytes fed during the handshake
	plain   plainBuf
}

// scratchPool lends decrypted and decompressed input buffers to
// connections while they hold unread bytes, so an idle connection keeps
// none.
var scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// borrow gives an empty plainBuf a pooled buffer to append to.
func (p *plainBuf) borrow() {
	if p.b == nil {
		p.b = (*scratchPool.Get().(*[]byte))[:0]
		p.off = 0
	}
}

// giveBack returns the buffer once everything in it was read.
func (p *plainBuf) giveBack() {
	if p.b != nil && p.off == len(p.b) {
		if cap(p.b) <= 1<<20 {
			b := p.b[:0]
			scratchPool.Put(&b)
		}
		p.b, p.off = nil, 0
	}
}

// feedHandshake passes what arrived to the handshake and starts it on the
// first bytes (a client that sent only its SSLRequest costs no goroutine).
func (s *secState) feedHandshake(cn *conn) gnet.Action {
	n := cn.gc.InboundBuffered()
	if n == 0 {
		return gnet.None
	}
	s.fed += n
	if s.fed > handshakeInputLimit {
		return gnet.Close
	}
	b, _ := cn.gc.Next(-1)
	s.stream.Feed(b)
	if !s.started {
		s.started = true
		go cn.runHandshake(s.stream)
	}
	return gnet.None
}

// runHandshake runs on its own goroutine and reports back to the loop.
func (cn *conn) runHandshake(stream SecureStream) {
	gc := cn.gc
	err := stream.Handshake(func(ct []byte) {
		cn.srv.countSent(len(ct))
		_ = gc.AsyncWrite(ct, nil)
	})
	_ = gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
		cn.handshakeDone(err)
		return nil
	}))
}

// handshakeDone runs on the loop. Flights the handshake queued with
// AsyncWrite are already out: they were queued before this task.
func (cn *conn) handshakeDone(err error) {
	if cn.closed {
		return
	}
	if err != nil {
		cn.srv.log.Debug("TLS handshake failed", "conn", cn.link.id, "error", err)
		_ = cn.gc.Close()
		return
	}
	cn.sec.ready = true
	// The client's first command may have arrived with its Finished.
	_ = cn.gc.Wake(nil)
}

// decrypt turns the ciphertext in gnet's buffer into plaintext.
func (s *secState) decrypt(cn *conn) error {
	if n := cn.gc.InboundBuffered(); n > 0 {
		b, _ := cn.gc.Next(-1)
		s.stream.Feed(b)
	}
	// Even with nothing new fed, crypto/tls may hold whole records it read
	// ahead (the first command often arrives with the client's Finished).
	s.plain.borrow()
	before := len(s.plain.b)
	plain, reply, err := s.stream.Open(s.plain.b, nil)
	s.plain.b = plain
	s.plain.total += int64(len(plain) - before)
	if len(reply) > 0 {
		cn.srv.countSent(len(reply))
		_, _ = cn.gc.Write(reply)
	}
	return err // io.EOF after close_notify: the client is gone
}

// seal encrypts outbound bytes (on a worker or the loop).
func (s *secState) seal(dst, b []byte) ([]byte, error) {
	return s.stream.Seal(dst, b)
}

// pendingInput reports whether decrypted or still-encrypted bytes wait.
func (s *secState) pendingInput() bool {
	return s.plain.InboundBuffered() > 0 || s.stream.Buffered()
}

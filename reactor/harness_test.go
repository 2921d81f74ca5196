package reactor

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/panjf2000/gnet/v2"
)

// A real reactor on gnet with a scripted session, for tests that need the
// loop, the worker hand-off and real sockets.

type testHandler struct {
	serve  func(s *testSession, payload []byte, seq byte, w *PacketWriter) Outcome
	opened chan *testSession
}

type testSession struct {
	h       *testHandler
	link    *Link
	written atomic.Int64 // payload bytes committed by the running command
	peak    atomic.Int64 // the most a test saw queued (LOAD DATA)
	err     atomic.Value // the error that stopped the command's writes
}

func (h *testHandler) Open(_ ConnInfo, link *Link) (Session, *mysqldef.SQLError) {
	s := &testSession{h: h, link: link}
	h.opened <- s
	return s, nil
}

func (s *testSession) Greeting(dst []byte) []byte { return append(dst, "hello"...) }
func (s *testSession) Serve(payload []byte, seq byte, w *PacketWriter) Outcome {
	return s.h.serve(s, payload, seq, w)
}
func (s *testSession) Status() uint16 { return 2 }
func (s *testSession) Closed()        {}

// onLoop runs fn on the session's loop and waits for it.
func (s *testSession) onLoop(t testing.TB, fn func(gc gnet.Conn)) {
	t.Helper()
	done := make(chan struct{})
	gc := s.link.gc
	err := gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
		fn(gc)
		close(done)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	<-done
}

type goExecutor struct{}

func (goExecutor) Submit(task func())       { go task() }
func (goExecutor) SubmitUrgent(task func()) { go task() }

// startServer runs a one-loop reactor on a free local port.
func startServer(t *testing.T, cfg Config, h *testHandler) string {
	t.Helper()
	_, addr := startServerWith(t, cfg, h)
	return addr
}

// startServerWith is startServer that also returns the server.
func startServerWith(t *testing.T, cfg Config, h *testHandler) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg.TCPAddr, cfg.EventLoops = addr, 1
	if cfg.MaxAllowedPacket == 0 {
		cfg.MaxAllowedPacket = 16 << 20
	}
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	h.opened = make(chan *testSession, 16)
	srv := New(cfg, h, goExecutor{})
	go func() { _ = srv.Run() }()
	select {
	case <-srv.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("reactor did not start")
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv, addr
}

// testClient speaks plain packets (and compressed frames once switched).
type testClient struct {
	t    testing.TB
	conn *net.TCPConn
	r    *bufio.Reader
	sess *testSession
}

func dial(t *testing.T, addr string, h *testHandler, readBuffer int) *testClient {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	tc := c.(*net.TCPConn)
	if readBuffer > 0 {
		_ = tc.SetReadBuffer(readBuffer)
	}
	t.Cleanup(func() { c.Close() })
	cl := &testClient{t: t, conn: tc, r: bufio.NewReaderSize(c, 64<<10)}
	select {
	case cl.sess = <-h.opened:
	case <-time.After(10 * time.Second):
		t.Fatal("connection not opened")
	}
	if p, seq := cl.read(); string(p) != "hello" || seq != 0 {
		t.Fatalf("greeting %q seq %d", p, seq)
	}
	return cl
}

func (c *testClient) write(b []byte) {
	c.t.Helper()
	if _, err := c.conn.Write(b); err != nil {
		c.t.Fatal(err)
	}
}

// read returns one physical packet.
func (c *testClient) read() ([]byte, byte) {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	var hdr [codec.HeaderSize]byte
	if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
		c.t.Fatal(err)
	}
	n, seq, _ := codec.ParseHeader(hdr[:])
	p := make([]byte, n)
	if _, err := io.ReadFull(c.r, p); err != nil {
		c.t.Fatal(err)
	}
	return p, seq
}

// readFrame returns one compressed frame, decompressed.
func (c *testClient) readFrame(algo byte) ([]byte, byte) {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	var hdr [codec.CompressedHeaderSize]byte
	if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
		c.t.Fatal(err)
	}
	clen, seq, ulen, _ := codec.ParseCompressedHeader(hdr[:])
	body := make([]byte, clen)
	if _, err := io.ReadFull(c.r, body); err != nil {
		c.t.Fatal(err)
	}
	plain, err := codec.Decompress(nil, algo, body, ulen, codec.MaxPayload)
	if err != nil {
		c.t.Fatal(err)
	}
	return plain, seq
}

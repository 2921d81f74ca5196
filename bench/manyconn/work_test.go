package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// fakeServer accepts on loopback and plays a MySQL server from canned packets: any login is
// accepted, COM_STMT_PREPARE answers one parameter, COM_STMT_EXECUTE a one-row result set
// unless silent is set (a stalled server).
type fakeServer struct {
	ln     net.Listener
	silent bool
	wg     sync.WaitGroup
}

func startFake(t *testing.T, silent bool) *fakeServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeServer{ln: ln, silent: silent}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *fakeServer) serve(c net.Conn) {
	var g bytes.Buffer
	g.WriteByte(10)
	g.WriteString("8.0.99-fake\x00")
	g.Write([]byte{1, 0, 0, 0})
	g.WriteString("abcdefgh\x00")
	g.Write([]byte{0x09, 0xa2, 45, 2, 0, 0x2b, 0, 21})
	g.Write(make([]byte, 10))
	g.WriteString("ijklmnopqrst\x00mysql_native_password\x00")
	c.Write(frame(0, g.Bytes()))
	r := bufio.NewReader(c)
	ok := []byte{0, 0, 0, 2, 0, 0, 0}
	eof := []byte{0xfe, 0, 0, 2, 0}
	for login := true; ; login = false {
		var h [4]byte
		if _, err := io.ReadFull(r, h[:]); err != nil {
			return
		}
		p := make([]byte, int(h[0])|int(h[1])<<8|int(h[2])<<16)
		if _, err := io.ReadFull(r, p); err != nil {
			return
		}
		switch {
		case login:
			c.Write(frame(2, ok))
		case p[0] == 0x16:
			prep := []byte{0, 5, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0}
			c.Write(bytes.Join([][]byte{frame(1, prep), frame(2, []byte("param")), frame(3, eof),
				frame(4, []byte("column")), frame(5, eof)}, nil))
		case p[0] == 0x17 && !s.silent:
			if binary.LittleEndian.Uint32(p[1:5]) != 5 {
				return
			}
			c.Write(bytes.Join([][]byte{frame(1, []byte{1}), frame(2, []byte("column")), frame(3, eof),
				frame(4, []byte{0, 0, 1, 'x'}), frame(5, eof)}, nil))
		case p[0] == 0x17:
			// stalled: never answers
		default:
			c.Write(frame(1, ok))
		}
	}
}

func testConfig(t *testing.T, s *fakeServer, extra ...string) *config {
	args := append([]string{"-addr", s.ln.Addr().String(), "-grace", "200ms"}, extra...)
	cfg, err := parseArgs(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestWorkAgainstFakeServer runs the whole tool in-process: 30 connections, 10 of them sending
// 20 requests a second for half a second, 20 idle; every request is answered and counted, the
// idle ones are still open at the end, and every socket is closed.
func TestWorkAgainstFakeServer(t *testing.T) {
	s := startFake(t, false)
	cfg := testConfig(t, s, "-conns", "30", "-busy", "10", "-rate", "20", "-duration", "500ms", "-per-driver", "4")
	r, err := work(cfg, func() {}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Opened != 30 || r.Busy != 10 || r.IdleOK != 20 || r.Drivers != 3 || len(r.Failures) != 0 {
		t.Fatalf("opened %d busy %d idle ok %d drivers %d failures %v", r.Opened, r.Busy, r.IdleOK, r.Drivers, r.Failures)
	}
	if r.Sent != 100 || r.Answered != 100 || r.Unanswered != 0 || len(r.ErrCodes) != 0 || len(r.Dropped) != 0 {
		t.Errorf("sent %d answered %d unanswered %d errs %v dropped %v; want 100 sent (10 conns x 20/s x 0.5 s), all answered",
			r.Sent, r.Answered, r.Unanswered, r.ErrCodes, r.Dropped)
	}
	if h := r.Latency.histogram(); h.total != 100 || h.max <= 0 {
		t.Errorf("latency histogram holds %d values, max %d", h.total, h.max)
	}
}

// TestWorkStalledServer: a server that never answers gets every due request counted as
// unanswered, with its wait in the latency histogram, instead of one request per connection.
func TestWorkStalledServer(t *testing.T) {
	s := startFake(t, true)
	cfg := testConfig(t, s, "-conns", "5", "-rate", "10", "-duration", "500ms")
	r, err := work(cfg, func() {}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sent != 5 || r.Answered != 0 || r.Unanswered != 25 {
		t.Errorf("sent %d answered %d unanswered %d; want 5 sent (one each, then blocked), 25 unanswered", r.Sent, r.Answered, r.Unanswered)
	}
	h := r.Latency.histogram()
	if h.total != 25 || time.Duration(h.percentile(0.5)) < 200*time.Millisecond {
		t.Errorf("latency: %d values, p50 %v; the stall must show", h.total, h.percentile(0.5))
	}
}

// TestFailuresAreCounted: a port nobody listens on fails every connection with ECONNREFUSED.
func TestFailuresAreCounted(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	cfg, err := parseArgs([]string{"-addr", addr, "-conns", "3"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	old := stderr
	stderr = io.Discard
	defer func() { stderr = old }()
	r, err := work(cfg, func() {}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Opened != 0 || r.Failures["ECONNREFUSED"] != 3 {
		t.Errorf("opened %d, failures %v", r.Opened, r.Failures)
	}
}

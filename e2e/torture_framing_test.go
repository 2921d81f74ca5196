package e2e

// Torture cases on the framing: headers cut short, lengths past max_allowed_packet, wrong
// sequence ids, bytes that are no packets, TLS asked for and not spoken, packets begun and
// never finished. See torture_test.go for the server and the prober running beside them.

import (
	"math/rand"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

var connectBound = time.Duration(tortureConnectTimeout)*time.Second + closeSlack

// shortWaitTimeout makes a logged-in connection's idle limit 2 s, so an attack that leaves it
// waiting for bytes ends by wait_timeout (ERR 4031, then close) within the test's bounds.
func shortWaitTimeout(t *testing.T, rc *myclient.Conn) time.Duration {
	t.Helper()
	if _, err := rc.Query("SET SESSION wait_timeout = 2"); err != nil {
		t.Fatal(err)
	}
	return 2*time.Second + closeSlack
}

func tortureTruncatedHeaders(t *testing.T, s *server, rng *rand.Rand) {
	hdr := []byte{0x40, 0x00, 0x00, 0x01}
	for n := 1; n <= 3; n++ {
		rc := greeted(t, s)
		rc.NetConn().Write(hdr[:n])
		mustClose(t, "login: "+strconv.Itoa(n)+" header bytes", rc, connectBound)
	}
	for n := 1; n <= 3; n++ {
		rc := loggedIn(t, s, 0)
		bound := shortWaitTimeout(t, rc)
		rc.NetConn().Write(hdr[:n])
		if v := mustClose(t, "command phase: "+strconv.Itoa(n)+" header bytes", rc, bound); v.closed && !v.hasErr(4031) {
			t.Errorf("command phase, %d header bytes: closed without ERR 4031 (%v)", n, v)
		}
	}
}

func tortureOverMaxAllowedPacket(t *testing.T, s *server, rng *rand.Rand) {
	// The refused packet's rest is swallowed for at most 5 s before the close.
	const drainBound = 5*time.Second + closeSlack
	for _, n := range []int{tortureMaxPacket + 1, 2 * tortureMaxPacket, 0xffffff} {
		rc := loggedIn(t, s, 0)
		head := []byte{byte(n), byte(n >> 8), byte(n >> 16), 0, myclient.ComQuery}
		rc.NetConn().Write(append(head, randPayload(rng, 64<<10)...)) // then nothing more
		v := mustClose(t, "command of "+strconv.Itoa(n)+" bytes, 64 KB sent", rc, drainBound)
		if !v.hasErr(1153) {
			t.Errorf("command of %d bytes (max_allowed_packet %d): %v, want ERR 1153", n, tortureMaxPacket, v)
		}
	}
	// A handshake response announcing 16 MB: no login packet is that large.
	rc := greeted(t, s)
	rc.NetConn().Write(append([]byte{0xff, 0xff, 0xff, 1}, randPayload(rng, 1024)...))
	mustClose(t, "handshake response announcing 16 MB", rc, connectBound)
}

func tortureWrongSequence(t *testing.T, s *server, rng *rand.Rand) {
	// MySQL 8 and MariaDB answer a packet out of sequence with 1156 (08S01) and close.
	for _, seq := range []byte{0, 2, 200} {
		rc := greeted(t, s)
		rc.NetConn().Write(myclient.Frame(seq, loggedInPayload(t, s)))
		if v := mustClose(t, "handshake response with sequence "+strconv.Itoa(int(seq)), rc, connectBound); !v.hasErr(1156) {
			t.Errorf("handshake response with sequence %d: %v, want ERR 1156", seq, v)
		}
	}
	for _, seq := range []byte{1, 7, 255} {
		rc := loggedIn(t, s, 0)
		rc.NetConn().Write(myclient.Frame(seq, append([]byte{myclient.ComQuery}, "SELECT 1"...)))
		if v := mustClose(t, "COM_QUERY with sequence "+strconv.Itoa(int(seq)), rc, closeSlack); !v.hasErr(1156) {
			t.Errorf("COM_QUERY with sequence %d: %v, want ERR 1156", seq, v)
		}
	}
}

// loggedInPayload is a well-formed HandshakeResponse41 for root without password (the torture
// server has none), for tests that frame it themselves.
func loggedInPayload(t *testing.T, s *server) []byte {
	t.Helper()
	if s.rootPW != "" {
		t.Fatal("loggedInPayload assumes root has no password")
	}
	p := []byte{0x05, 0xa2, 0x0a, 0x00} // LONG_PASSWORD|PROTOCOL_41|SECURE_CONNECTION|PLUGIN_AUTH|...
	p = append(p, 0, 0, 0, 1, 45)       // max packet, utf8mb4
	p = append(p, make([]byte, 23)...)
	p = append(p, "root\x00"...)
	p = append(p, 0) // empty auth response
	return append(p, "caching_sha2_password\x00"...)
}

func tortureGarbageAfterHandshake(t *testing.T, s *server, rng *rand.Rand) {
	for i := 0; i < 8; i++ {
		rc := loggedIn(t, s, 0)
		bound := shortWaitTimeout(t, rc) + 5*time.Second // an oversized claim is drained for 5 s
		garbage := randPayload(rng, 1+rng.Intn(4096))
		rc.NetConn().Write(garbage)
		v := awaitClose(rc.NetConn(), rc.Reader(), bound)
		if v.timedOut {
			t.Errorf("%d random bytes after login: %v", len(garbage), v)
		}
		t.Logf("%d random bytes after login: %v", len(garbage), v)
	}
}

func tortureSSLRequestThenPlaintext(t *testing.T, s *server, rng *rand.Rand) {
	rc := greeted(t, s)
	if err := rc.WritePacket(rc.SSLRequest()); err != nil {
		t.Fatal(err)
	}
	// The rest of a plaintext login where the TLS ClientHello belongs.
	rc.NetConn().Write(myclient.Frame(2, loggedInPayload(t, s)))
	v := mustClose(t, "SSLRequest then a plaintext handshake response", rc, connectBound)
	if v.took > 2*time.Second {
		t.Errorf("SSLRequest then plaintext: closed after %v, want at once (the bytes are no TLS record)", v.took)
	}
	// SSLRequest, then a plaintext COM_QUERY.
	rc = greeted(t, s)
	rc.WritePacket(rc.SSLRequest())
	rc.NetConn().Write(myclient.Frame(0, append([]byte{myclient.ComQuery}, "SELECT 1"...)))
	mustClose(t, "SSLRequest then a plaintext COM_QUERY", rc, connectBound)
}

func tortureHalfSent(t *testing.T, s *server, rng *rand.Rand) {
	login := loggedInPayload(t, s)
	// Half a handshake response, then silence: connect_timeout.
	rc := greeted(t, s)
	full := myclient.Frame(1, login)
	rc.NetConn().Write(full[:len(full)/2])
	mustClose(t, "half a handshake response", rc, connectBound)
	// A handshake response trickled a byte at a time: connect_timeout bounds the whole login.
	rc = greeted(t, s)
	stop := make(chan struct{})
	go func() {
		for i := 0; i < len(full)-1; i++ {
			select {
			case <-stop:
				return
			case <-time.After(300 * time.Millisecond):
			}
			if _, err := rc.NetConn().Write(full[i : i+1]); err != nil {
				return
			}
		}
	}()
	mustClose(t, "handshake response trickled one byte per 300 ms", rc, connectBound)
	close(stop)
	// Half a command, then silence: wait_timeout.
	rc = loggedIn(t, s, 0)
	bound := shortWaitTimeout(t, rc)
	q := myclient.Frame(0, append([]byte{myclient.ComQuery}, "SELECT 'never finished'"...))
	rc.NetConn().Write(q[:len(q)/2])
	if v := mustClose(t, "half a COM_QUERY", rc, bound); v.closed && !v.hasErr(4031) {
		t.Errorf("half a COM_QUERY: %v, want ERR 4031 before the close", v)
	}
}

// tortureUnfinishedHandshakes opens many connections that never log in (LOOPDB_TORTURE_CONNS,
// default 2000): a third read the greeting and stay silent, a third never read, a third send
// half a handshake response. While they are open a normal client logs in and queries; each
// must be closed by connect_timeout.
func tortureUnfinishedHandshakes(t *testing.T, s *server, rng *rand.Rand) {
	n := envInt("LOOPDB_TORTURE_CONNS", 2000)
	half := myclient.Frame(1, loggedInPayload(t, s))
	half = half[:len(half)/2]
	type open struct {
		nc     net.Conn
		opened time.Time
	}
	conns := make([]open, 0, n)
	defer func() {
		for _, c := range conns {
			c.nc.Close()
		}
	}()
	start := time.Now()
	for i := 0; i < n; i++ {
		nc, err := net.DialTimeout("tcp", s.addr, 5*time.Second)
		if err != nil {
			t.Fatalf("connection %d of %d: %v", i, n, err)
		}
		conns = append(conns, open{nc, time.Now()})
		switch i % 3 {
		case 1:
			nc.SetReadDeadline(time.Now().Add(5 * time.Second))
			buf := make([]byte, 128)
			nc.Read(buf) // the greeting (or most of it)
		case 2:
			nc.Write(half)
		}
	}
	t.Logf("opened %d connections that never log in, in %v", n, time.Since(start).Round(time.Millisecond))
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		rc, err := rawLogin(s, "")
		if err != nil {
			t.Fatalf("normal login beside %d unfinished handshakes: %v", n, err)
		}
		rc.Bound(probeBound)
		if _, err := rc.Query("SELECT 1"); err != nil {
			t.Errorf("query beside %d unfinished handshakes: %v", n, err)
		}
		rc.Close()
		if took := time.Since(t0); took > 2*probeBound {
			t.Errorf("login + query beside %d unfinished handshakes took %v", n, took)
		}
	}
	stillOpen := make(chan int, len(conns))
	sem := make(chan struct{}, 64)
	for i, c := range conns {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			c.nc.SetReadDeadline(c.opened.Add(connectBound))
			buf := make([]byte, 512)
			for {
				if _, err := c.nc.Read(buf); err != nil {
					if ne, ok := err.(net.Error); ok && ne.Timeout() {
						stillOpen <- i
					}
					return
				}
			}
		}()
	}
	for range cap(sem) {
		sem <- struct{}{}
	}
	close(stillOpen)
	if left := len(stillOpen); left > 0 {
		t.Errorf("%d of %d unfinished handshakes still open %v after they were opened (connect_timeout %ds)",
			left, n, connectBound, tortureConnectTimeout)
	}
}

// tortureSlowlorisReader: clients that ask for a large result and never read it. The server
// must cut each off after net_write_timeout, while the prober goes on.
func tortureSlowlorisReader(t *testing.T, s *server, rng *rand.Rand) {
	rc := loggedIn(t, s, 0)
	var values []byte
	for i := 1; i <= 200; i++ {
		if i > 1 {
			values = append(values, ',')
		}
		values = append(values, "("+strconv.Itoa(i)+", REPEAT('w', 1000))"...)
	}
	if _, err := rc.Query("INSERT INTO torture.wide VALUES " + string(values)); err != nil {
		t.Fatal(err)
	}
	const readers = 3
	conns := make([]*myclient.Conn, readers)
	for i := range conns {
		conns[i] = loggedIn(t, s, 0)
		// 40,000 rows of 2 KB: 80 MB, far past every socket buffer.
		if err := conns[i].Command(myclient.ComQuery, []byte("SELECT a.pad, b.pad FROM torture.wide a, torture.wide b")); err != nil {
			t.Fatal(err)
		}
	}
	// Read nothing for net_write_timeout and a margin; the prober runs meanwhile.
	time.Sleep(time.Duration(tortureNetWriteTimeout)*time.Second + closeSlack)
	for i, c := range conns {
		// The server must have given up: what it buffered before the close drains, then EOF.
		// A server still waiting would now stream all 80 MB and end the result normally.
		v := awaitClose(c.NetConn(), c.Reader(), 30*time.Second)
		switch {
		case !v.closed:
			t.Errorf("slow reader %d: %v, want closed after net_write_timeout", i, v)
		case v.frames >= 40000:
			t.Errorf("slow reader %d: got all %d frames: the server waited instead of cutting it off", i, v.frames)
		default:
			t.Logf("slow reader %d: %d frames buffered before the close", i, v.frames)
		}
	}
}

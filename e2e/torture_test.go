package e2e

// Protocol torture: one real loopdb process takes malformed, lying, stalled and abandoned
// input in every form listed in RELIABILITY.md, while a well-behaved client (the prober)
// keeps inserting rows and reading them back. Each attack must end in the error MySQL
// documents or a close within its timeout; the prober's every query must answer within a
// generous liveness bound; and at the end every row whose INSERT was acknowledged must be
// there. The cases live in torture_*_test.go; this file holds the server, the prober and
// the helpers that read what the server answered.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

const (
	tortureConnectTimeout  = 2 // seconds: --connect-timeout of the torture server
	tortureNetWriteTimeout = 3 // seconds: --net-write-timeout
	tortureMaxPacket       = 1 << 20
	// probeBound is the prober's liveness bound per query: not a speed target, a check that
	// the attacks never stall other clients.
	probeBound = 2 * time.Second
	// closeSlack is added to a timeout before a connection still open counts as a failure:
	// the sweeper ticks once a second and the machine is shared.
	closeSlack = 6 * time.Second
)

// tortureSeed seeds every random payload of a run; LOOPDB_TORTURE_SEED replays one.
func tortureSeed(t *testing.T) int64 {
	seed := time.Now().UnixNano()
	if v := os.Getenv("LOOPDB_TORTURE_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("LOOPDB_TORTURE_SEED: %v", err)
		}
	}
	t.Logf("torture seed %d (replay: LOOPDB_TORTURE_SEED=%d)", seed, seed)
	return seed
}

func TestTorture(t *testing.T) {
	t.Parallel() // mostly waiting for timeouts: let other tests use the time
	s := startServer(t,
		"--connect-timeout="+strconv.Itoa(tortureConnectTimeout),
		"--net-write-timeout="+strconv.Itoa(tortureNetWriteTimeout),
		"--max-allowed-packet="+strconv.Itoa(tortureMaxPacket))
	rng := rand.New(rand.NewSource(tortureSeed(t)))
	setup := mustRawLogin(t, s, "")
	for _, q := range []string{
		"CREATE DATABASE torture",
		"CREATE TABLE torture.probe (id INT PRIMARY KEY, v VARCHAR(20))",
		"CREATE TABLE torture.wide (id INT PRIMARY KEY, pad VARCHAR(1000))",
	} {
		if _, err := setup.Query(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	p := startProber(t, s)
	cases := []struct {
		name string
		run  func(t *testing.T, s *server, rng *rand.Rand)
	}{
		{"TruncatedHeaders", tortureTruncatedHeaders},
		{"OverMaxAllowedPacket", tortureOverMaxAllowedPacket},
		{"WrongSequenceIDs", tortureWrongSequence},
		{"GarbageAfterHandshake", tortureGarbageAfterHandshake},
		{"SSLRequestThenPlaintext", tortureSSLRequestThenPlaintext},
		{"EveryCommandByte", tortureEveryCommandByte},
		{"StmtExecuteLies", tortureStmtExecute},
		{"HalfSentThenSilence", tortureHalfSent},
		{"CompressedFramesThatLie", tortureCompressedLies},
		{"UnfinishedHandshakes", tortureUnfinishedHandshakes},
		{"SlowlorisReader", tortureSlowlorisReader},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.run(t, s, rng)
			if !s.alive() {
				t.Fatal("server died")
			}
		})
		if !s.alive() {
			break
		}
	}
	p.stopAndVerify(t, s)
}

// prober is the normal client: it inserts a row, reads the count back, and measures both.
type prober struct {
	stop     chan struct{}
	done     chan struct{}
	mu       sync.Mutex
	acked    int // rows whose INSERT returned OK (ids 1..acked)
	queries  int
	slowest  time.Duration
	failures []string
}

func startProber(t *testing.T, s *server) *prober {
	rc, err := rawLogin(s, "torture")
	if err != nil {
		t.Fatalf("prober login: %v", err)
	}
	p := &prober{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer rc.Close()
		for id := 1; ; id++ {
			select {
			case <-p.stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			rc.Bound(probeBound * 5) // a hung server fails the probe, never the test run
			t0 := time.Now()
			_, err := rc.Query(fmt.Sprintf("INSERT INTO probe VALUES (%d, 'row %d')", id, id))
			ok := err == nil
			var rs *myclient.ResultSet
			if err == nil {
				rs, err = rc.Query("SELECT COUNT(*) FROM probe")
			}
			took := time.Since(t0)
			p.mu.Lock()
			p.queries += 2
			p.slowest = max(p.slowest, took)
			if ok {
				p.acked = id
			}
			switch {
			case err != nil:
				p.failures = append(p.failures, fmt.Sprintf("probe %d: %v", id, err))
			case took > 2*probeBound: // two statements, each within probeBound
				p.failures = append(p.failures, fmt.Sprintf("probe %d took %v (bound %v per statement)", id, took, probeBound))
			case rs == nil || len(rs.Rows) != 1 || rs.Rows[0][0] == nil || *rs.Rows[0][0] != strconv.Itoa(id):
				p.failures = append(p.failures, fmt.Sprintf("probe %d: COUNT(*) %+v, want %d", id, rs, id))
			}
			failed := len(p.failures) > 0
			p.mu.Unlock()
			if failed {
				return
			}
		}
	}()
	return p
}

// stopAndVerify stops the prober, reports its failures, and checks from a fresh connection
// that every acknowledged row is there with its value.
func (p *prober) stopAndVerify(t *testing.T, s *server) {
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, f := range p.failures {
		t.Errorf("prober: %s", f)
	}
	t.Logf("prober: %d queries, slowest insert+count %v, %d rows acknowledged", p.queries, p.slowest, p.acked)
	if p.acked == 0 {
		t.Fatal("prober never got an INSERT acknowledged")
	}
	rc := mustRawLogin(t, s, "torture")
	rs, err := rc.Query("SELECT COUNT(*), MIN(id), MAX(id), SUM(v = CONCAT('row ', id)) FROM probe")
	want := []string{strconv.Itoa(p.acked), "1", strconv.Itoa(p.acked), strconv.Itoa(p.acked)}
	if err != nil || rs == nil || len(rs.Rows) != 1 {
		t.Fatalf("reading the prober's rows back: %+v %v", rs, err)
	}
	for i, w := range want {
		if got := rs.Rows[0][i]; got == nil || *got != w {
			t.Errorf("prober rows: column %d = %v, want %s (an acknowledged row is missing or wrong)", i, got, w)
		}
	}
}

// verdict is what the server did with one attack: the ERR codes it sent, and whether it
// closed the connection before the bound.
type verdict struct {
	errs     []uint16
	frames   int
	closed   bool
	timedOut bool
	took     time.Duration
}

func (v verdict) String() string {
	switch {
	case v.timedOut:
		return fmt.Sprintf("still open after %v (%d frames, errors %v)", v.took.Round(time.Millisecond), v.frames, v.errs)
	case v.closed:
		return fmt.Sprintf("ERR %v then close after %v", v.errs, v.took.Round(time.Millisecond))
	}
	return fmt.Sprintf("answered %d frames, errors %v", v.frames, v.errs)
}

// hasErr reports whether the server sent ERR code.
func (v verdict) hasErr(code uint16) bool {
	for _, c := range v.errs {
		if c == code {
			return true
		}
	}
	return false
}

// readFrame reads one plain packet, whatever its sequence id.
func readFrame(r io.Reader) (payload []byte, seq byte, err error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, 0, err
	}
	n := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
	payload = make([]byte, n)
	_, err = io.ReadFull(r, payload)
	return payload, hdr[3], err
}

// awaitClose reads frames until the server closes the connection or bound passes.
func awaitClose(nc net.Conn, r *bufio.Reader, bound time.Duration) verdict {
	start := time.Now()
	nc.SetReadDeadline(start.Add(bound))
	defer nc.SetReadDeadline(time.Time{})
	var v verdict
	for {
		p, _, err := readFrame(r)
		if err != nil {
			v.took = time.Since(start)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				v.timedOut = true
			} else {
				v.closed = true
			}
			return v
		}
		v.frames++
		if len(p) > 0 && p[0] == 0xff {
			v.errs = append(v.errs, myclient.ErrCode(myclient.ParseErr(p)))
		}
	}
}

// mustClose fails the test unless the server closes c within bound.
func mustClose(t *testing.T, what string, c *myclient.Conn, bound time.Duration) verdict {
	t.Helper()
	v := awaitClose(c.NetConn(), c.Reader(), bound)
	if !v.closed {
		t.Errorf("%s: %v, want a close within %v", what, v, bound)
	} else {
		t.Logf("%s: %v", what, v)
	}
	return v
}

// sentinelQuery is a COM_QUERY whose one row carries token (the column is named apart from
// it), so its end can be found in a stream that starts with the answer to anything.
func sentinelQuery(token string) []byte {
	return myclient.Frame(0, append([]byte{myclient.ComQuery}, "SELECT '"+token+"' AS sentinel"...))
}

// untilSentinel reads frames until the result of sentinelQuery(token) has ended. It returns
// the frames before it (the answer to what was sent first) or closed=true when the server
// closed the connection first. A bound that passes is an error: the server stalled.
func untilSentinel(nc net.Conn, r *bufio.Reader, token string, bound time.Duration) (before [][]byte, closed bool, err error) {
	nc.SetReadDeadline(time.Now().Add(bound))
	defer nc.SetReadDeadline(time.Time{})
	seen := false
	for {
		p, _, err := readFrame(r)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return before, false, fmt.Errorf("no answer within %v", bound)
			}
			return before, true, nil
		}
		switch {
		case seen && myclient.IsEOFPacket(p):
			return before, false, nil
		case !seen && len(p) > 1 && p[0] != 0xff && containsToken(p, token):
			seen = true
		case !seen:
			before = append(before, p)
		}
	}
}

func containsToken(p []byte, token string) bool {
	for i := 0; i+len(token) <= len(p); i++ {
		if string(p[i:i+len(token)]) == token {
			return true
		}
	}
	return false
}

// loggedIn logs in as root (no password) with the given extra capabilities, bounded.
func loggedIn(t *testing.T, s *server, extraCaps uint32) *myclient.Conn {
	t.Helper()
	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	rc.ExtraCaps = extraCaps
	if err := rc.Login("root", s.rootPW, ""); err != nil {
		rc.Close()
		t.Fatalf("login: %v", err)
	}
	t.Cleanup(func() { rc.Close() })
	return rc
}

// greeted dials and reads the greeting only: the handshake is the test's to (not) finish.
func greeted(t *testing.T, s *server) *myclient.Conn {
	t.Helper()
	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rc.Close() })
	return rc
}

// randPayload returns n random bytes from rng.
func randPayload(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	rng.Read(b)
	return b
}

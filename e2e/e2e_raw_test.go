package e2e

// Raw protocol tests: commands and inputs real clients rarely send, checked byte-exactly with the
// test's own client.

import (
	"crypto/rand"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// bound puts a deadline on every read and write of the connection, so a server that never
// answers fails the test instead of hanging it.
func (rc *rawConn) bound(d time.Duration) { rc.c.SetDeadline(time.Now().Add(d)) }

// mustRawLogin logs in over TCP as root or fails the test.
func mustRawLogin(t *testing.T, s *server, db string) *rawConn {
	t.Helper()
	rc, err := rawLogin(s, db)
	if err != nil {
		t.Fatalf("raw login: %v", err)
	}
	t.Cleanup(func() { rc.Close() })
	rc.bound(20 * time.Second)
	return rc
}

func TestRawCachingSha2Paths(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Raw-sha2-pw")
	rc := mustRawLogin(t, s, "")
	if rc.AuthPath != "full" {
		t.Errorf("first login on a fresh server took auth path %q, want full (01 04: nothing cached yet)", rc.AuthPath)
	}
	if rc.plugin != "caching_sha2_password" || len(rc.scramble) != 20 {
		t.Errorf("greeting: plugin %q, scramble %d bytes; want caching_sha2_password and 20", rc.plugin, len(rc.scramble))
	}
	if rc.protoVersion != 10 || !strings.HasPrefix(rc.version, "8.0.") || !strings.Contains(rc.version, "loopdb") {
		t.Errorf("greeting: protocol %d version %q", rc.protoVersion, rc.version)
	}
	rc2 := mustRawLogin(t, s, "")
	if rc2.AuthPath != "fast" {
		t.Errorf("second login took auth path %q, want fast (01 03)", rc2.AuthPath)
	}
	if rc2.connID == rc.connID {
		t.Errorf("two connections share connection id %d", rc.connID)
	}
	if err := rc2.ping(); err != nil {
		t.Errorf("COM_PING: %v", err)
	}
	bad, err := rawDial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if err := bad.login("root", "Not-the-pw", ""); errCode(err) != 1045 {
		t.Errorf("wrong password: %v, want 1045", err)
	}
}

func TestRawUnknownCommand(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "")
	if err := rc.command(0x7f, []byte("xyz")); err != nil {
		t.Fatal(err)
	}
	err := rc.simpleReply()
	if errCode(err) != 1047 {
		t.Fatalf("command 0x7f: %v, want ERR 1047", err)
	}
	if me := err.(*mysqlErr); me.State != "08S01" {
		t.Errorf("ERR 1047 SQLSTATE %q, want 08S01", me.State)
	}
	if err := rc.ping(); err != nil {
		t.Errorf("COM_PING after an unknown command: %v", err)
	}
}

func TestRawFieldList(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "mysql")
	table, haveTable := "user", false
	if rs, err := rc.query("SHOW TABLES"); err == nil && rs != nil && len(rs.Rows) > 0 && rs.Rows[0][0] != nil {
		table, haveTable = *rs.Rows[0][0], true
	} else if err != nil {
		t.Logf("SHOW TABLES in mysql: %v", err)
	}
	// COM_FIELD_LIST: table NUL wildcard. Answer: column definitions, then EOF; or ERR.
	fieldList := func(tbl string) (ncols int, err error) {
		if err := rc.command(comFieldList, append([]byte(tbl), 0)); err != nil {
			return 0, err
		}
		for {
			p, err := rc.readPacket()
			if err != nil {
				return ncols, err
			}
			switch {
			case isEOFPacket(p):
				return ncols, nil
			case p[0] == 0xff:
				return ncols, parseErr(p)
			}
			if _, err := columnName(p); err != nil {
				return ncols, err
			}
			ncols++
		}
	}
	n, err := fieldList(table)
	switch {
	case haveTable && err != nil:
		t.Errorf("COM_FIELD_LIST %s (listed by SHOW TABLES): %v, want column definitions + EOF", table, err)
	case !haveTable && err != nil && errCode(err) == 0:
		t.Errorf("COM_FIELD_LIST %s: %v, want EOF or an ERR packet", table, err)
	}
	t.Logf("COM_FIELD_LIST mysql.%s: %d columns, err %v", table, n, err)
	if err := rc.ping(); err != nil {
		t.Fatalf("COM_PING after COM_FIELD_LIST: %v", err)
	}
	// A table that does not exist: an ERR (MySQL: 1146) or an empty list, never a disconnect.
	if _, err := fieldList("no_such_table_e2e"); err != nil && errCode(err) == 0 {
		t.Errorf("COM_FIELD_LIST of a missing table: %v", err)
	}
	if err := rc.ping(); err != nil {
		t.Errorf("COM_PING after COM_FIELD_LIST of a missing table: %v", err)
	}
}

func TestRawEmptyQuery(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "")
	for _, q := range []string{"", "   ", ";"} {
		_, err := rc.query(q)
		if errCode(err) != 1065 || !strings.Contains(err.Error(), "Query was empty") {
			t.Errorf("COM_QUERY %q: %v, want ERR 1065 Query was empty", q, err)
		}
		if err := rc.ping(); err != nil {
			t.Fatalf("COM_PING after empty query %q: %v", q, err)
		}
	}
	rs, err := rc.query("SELECT 7")
	if err != nil || rs == nil || len(rs.Rows) != 1 || rs.Rows[0][0] == nil || *rs.Rows[0][0] != "7" {
		t.Errorf("SELECT 7 after empty queries: %+v %v", rs, err)
	}
}

func TestRawBadHandshakeResponse(t *testing.T) {
	t.Parallel()
	// A short connect timeout makes the "announced more bytes than sent" case end quickly.
	s := startServer(t, "--connect-timeout=2")
	noNul := append(make([]byte, 32), "root"...) // caps/max/charset/filler, then an unterminated name
	noNul[0], noNul[1] = 0x0f, 0xa2              // PROTOCOL_41 | SECURE_CONNECTION | ...
	cases := map[string][]byte{
		"truncated payload":   frame(1, []byte{0x05, 0xa2, 0x0a}),
		"random 64 bytes":     frame(1, randBytes(64)),
		"unterminated name":   frame(1, noNul),
		"header claims more":  append([]byte{100, 0, 0, 1}, randBytes(10)...),
		"wrong sequence":      frame(7, noNul),
		"empty payload":       frame(1, nil),
		"max length header":   {0xff, 0xff, 0xff, 1, 1, 2, 3},
		"command as response": frame(1, []byte{comQuery, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1'}),
	}
	for name, b := range cases {
		rc, err := rawDial("tcp", s.addr)
		if err != nil {
			t.Fatalf("%s: dial: %v", name, err)
		}
		if _, err := rc.c.Write(b); err != nil {
			t.Fatalf("%s: write: %v", name, err)
		}
		errPkt, took, closed := rc.waitClosed(6 * time.Second)
		rc.Close()
		if !closed {
			t.Errorf("%s: connection still open after %v", name, took)
			continue
		}
		t.Logf("%s: closed after %v, error packet: %v", name, took.Round(time.Millisecond), errPkt)
	}
	if !s.alive() {
		t.Fatal("server died")
	}
	rc := mustRawLogin(t, s, "")
	if err := rc.ping(); err != nil {
		t.Fatalf("normal client after bad handshakes: %v", err)
	}
}

func TestRawGarbageFlood(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	const total, parallel = 200, 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	dialErrs := 0
	work := make(chan int)
	for w := 0; w < parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				c, err := net.DialTimeout("tcp", s.addr, 5*time.Second)
				if err != nil {
					mu.Lock()
					dialErrs++
					mu.Unlock()
					continue
				}
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if i%2 == 0 { // half read the greeting first, half write straight away
					buf := make([]byte, 512)
					c.Read(buf)
				}
				var payload []byte
				switch i % 5 {
				case 0: // a plausible header announcing a huge packet
					payload = append([]byte{0xff, 0xff, 0xff, 1}, randBytes(100)...)
				case 1: // a plausible small packet of garbage
					payload = frame(1, randBytes(40))
				default:
					payload = randBytes(1 + randInt(1024))
				}
				c.Write(payload)
				if i%3 == 0 { // abortive close (RST) for a third of them
					c.(*net.TCPConn).SetLinger(0)
				}
				c.Close()
			}
		}()
	}
	for i := 0; i < total; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	if dialErrs > 0 {
		t.Errorf("%d of %d connects failed during the flood", dialErrs, total)
	}
	if !s.alive() {
		t.Fatal("server died during the flood")
	}
	rc := mustRawLogin(t, s, "")
	if rs, err := rc.query("SELECT 1+2"); err != nil || rs == nil || len(rs.Rows) != 1 || *rs.Rows[0][0] != "3" {
		t.Fatalf("normal client after the flood: %+v %v", rs, err)
	}
	db := openDB(t, s.dsnTCP("root", "", ""))
	if err := db.PingContext(ctxT(t, 10*time.Second)); err != nil {
		t.Fatalf("go-sql-driver after the flood: %v", err)
	}
}

func frame(seq byte, payload []byte) []byte {
	n := len(payload)
	return append([]byte{byte(n), byte(n >> 8), byte(n >> 16), seq}, payload...)
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func randInt(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

package e2e

// Raw protocol tests: commands and inputs real clients rarely send, checked byte-exactly with the
// raw client, internal/myclient.

import (
	"crypto/rand"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

func TestRawCachingSha2Paths(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Raw-sha2-pw")
	rc := mustRawLogin(t, s, "")
	if rc.AuthPath != "full" {
		t.Errorf("first login on a fresh server took auth path %q, want full (01 04: nothing cached yet)", rc.AuthPath)
	}
	if rc.Plugin != "caching_sha2_password" || len(rc.Scramble) != 20 {
		t.Errorf("greeting: plugin %q, scramble %d bytes; want caching_sha2_password and 20", rc.Plugin, len(rc.Scramble))
	}
	if rc.ProtoVersion != 10 || !strings.HasPrefix(rc.Version, "8.0.") || !strings.Contains(rc.Version, "loopdb") {
		t.Errorf("greeting: protocol %d version %q", rc.ProtoVersion, rc.Version)
	}
	rc2 := mustRawLogin(t, s, "")
	if rc2.AuthPath != "fast" {
		t.Errorf("second login took auth path %q, want fast (01 03)", rc2.AuthPath)
	}
	if rc2.ConnID == rc.ConnID {
		t.Errorf("two connections share connection id %d", rc.ConnID)
	}
	if err := rc2.Ping(); err != nil {
		t.Errorf("COM_PING: %v", err)
	}
	bad, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if err := bad.Login("root", "Not-the-pw", ""); myclient.ErrCode(err) != 1045 {
		t.Errorf("wrong password: %v, want 1045", err)
	}
}

func TestRawUnknownCommand(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "")
	if err := rc.Command(0x7f, []byte("xyz")); err != nil {
		t.Fatal(err)
	}
	err := rc.SimpleReply()
	if myclient.ErrCode(err) != 1047 {
		t.Fatalf("command 0x7f: %v, want ERR 1047", err)
	}
	if me := err.(*myclient.Error); me.State != "08S01" {
		t.Errorf("ERR 1047 SQLSTATE %q, want 08S01", me.State)
	}
	if err := rc.Ping(); err != nil {
		t.Errorf("COM_PING after an unknown command: %v", err)
	}
}

func TestRawFieldList(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "mysql")
	table, haveTable := "user", false
	if rs, err := rc.Query("SHOW TABLES"); err == nil && rs != nil && len(rs.Rows) > 0 && rs.Rows[0][0] != nil {
		table, haveTable = *rs.Rows[0][0], true
	} else if err != nil {
		t.Logf("SHOW TABLES in mysql: %v", err)
	}
	// COM_FIELD_LIST: table NUL wildcard. Answer: column definitions, then EOF; or ERR.
	fieldList := func(tbl string) (ncols int, err error) {
		if err := rc.Command(myclient.ComFieldList, append([]byte(tbl), 0)); err != nil {
			return 0, err
		}
		for {
			p, err := rc.ReadPacket()
			if err != nil {
				return ncols, err
			}
			switch {
			case myclient.IsEOFPacket(p):
				return ncols, nil
			case p[0] == 0xff:
				return ncols, myclient.ParseErr(p)
			}
			if _, err := myclient.ColumnName(p); err != nil {
				return ncols, err
			}
			ncols++
		}
	}
	n, err := fieldList(table)
	switch {
	case haveTable && err != nil:
		t.Errorf("COM_FIELD_LIST %s (listed by SHOW TABLES): %v, want column definitions + EOF", table, err)
	case !haveTable && err != nil && myclient.ErrCode(err) == 0:
		t.Errorf("COM_FIELD_LIST %s: %v, want EOF or an ERR packet", table, err)
	}
	t.Logf("COM_FIELD_LIST mysql.%s: %d columns, err %v", table, n, err)
	if err := rc.Ping(); err != nil {
		t.Fatalf("COM_PING after COM_FIELD_LIST: %v", err)
	}
	// A table that does not exist: an ERR (MySQL: 1146) or an empty list, never a disconnect.
	if _, err := fieldList("no_such_table_e2e"); err != nil && myclient.ErrCode(err) == 0 {
		t.Errorf("COM_FIELD_LIST of a missing table: %v", err)
	}
	if err := rc.Ping(); err != nil {
		t.Errorf("COM_PING after COM_FIELD_LIST of a missing table: %v", err)
	}
}

func TestRawEmptyQuery(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "")
	for _, q := range []string{"", "   ", ";"} {
		_, err := rc.Query(q)
		if myclient.ErrCode(err) != 1065 || !strings.Contains(err.Error(), "Query was empty") {
			t.Errorf("COM_QUERY %q: %v, want ERR 1065 Query was empty", q, err)
		}
		if err := rc.Ping(); err != nil {
			t.Fatalf("COM_PING after empty query %q: %v", q, err)
		}
	}
	// A query of only comments is not empty to MySQL 8's grammar (SQLCOM_EMPTY_QUERY): OK.
	for _, q := range []string{"/* nothing */", "-- nothing", "# nothing"} {
		if _, err := rc.Query(q); err != nil {
			t.Errorf("COM_QUERY %q: %v, want OK", q, err)
		}
	}
	rs, err := rc.Query("SELECT 7")
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
		"truncated payload":   myclient.Frame(1, []byte{0x05, 0xa2, 0x0a}),
		"random 64 bytes":     myclient.Frame(1, randBytes(64)),
		"unterminated name":   myclient.Frame(1, noNul),
		"header claims more":  append([]byte{100, 0, 0, 1}, randBytes(10)...),
		"wrong sequence":      myclient.Frame(7, noNul),
		"empty payload":       myclient.Frame(1, nil),
		"max length header":   {0xff, 0xff, 0xff, 1, 1, 2, 3},
		"command as response": myclient.Frame(1, []byte{myclient.ComQuery, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1'}),
	}
	for name, b := range cases {
		rc, err := myclient.Dial("tcp", s.addr)
		if err != nil {
			t.Fatalf("%s: dial: %v", name, err)
		}
		if _, err := rc.NetConn().Write(b); err != nil {
			t.Fatalf("%s: write: %v", name, err)
		}
		errPkt, took, closed := rc.WaitClosed(6 * time.Second)
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
	if err := rc.Ping(); err != nil {
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
					payload = myclient.Frame(1, randBytes(40))
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
	if rs, err := rc.Query("SELECT 1+2"); err != nil || rs == nil || len(rs.Rows) != 1 || *rs.Rows[0][0] != "3" {
		t.Fatalf("normal client after the flood: %+v %v", rs, err)
	}
	db := openDB(t, s.dsnTCP("root", "", ""))
	if err := db.PingContext(ctxT(t, 10*time.Second)); err != nil {
		t.Fatalf("go-sql-driver after the flood: %v", err)
	}
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

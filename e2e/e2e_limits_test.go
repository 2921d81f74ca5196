package e2e

// Limits and timeouts: max_connections, max_allowed_packet, connect_timeout, wait_timeout.

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// max_connections holds for ordinary accounts; one more connection is let
// in for an administrator (CONNECTION_ADMIN or SUPER), as in MySQL, so a
// full server can still be managed; past that the ERR comes in place of the
// greeting.
func TestLimitMaxConnections(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--max-connections=5")
	ctx := ctxT(t, 60*time.Second)
	mustExec(t, ctx, openDB(t, s.dsnTCP("root", "", "")), "CREATE USER app IDENTIFIED BY 'app-pw'")
	db := openDB(t, s.dsnTCP("app", "app-pw", ""))

	// The harness's readiness probe and the set-up connection may still
	// count for a moment after they closed, so the first five may retry
	// briefly on 1040; the sixth is then refused on its first attempt.
	conn := func(db *sql.DB, retryFor time.Duration) (*sql.Conn, error) {
		deadline := time.Now().Add(retryFor)
		for {
			c, err := db.Conn(ctx)
			if err == nil {
				err = c.PingContext(ctx)
				if err != nil {
					c.Close()
				}
			}
			if err == nil || myErrNumber(err) != 1040 || time.Now().After(deadline) {
				return c, err
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	var held []*sql.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for i := 1; i <= 5; i++ {
		c, err := conn(db, 3*time.Second)
		if err != nil {
			t.Fatalf("connection %d of 5: %v", i, err)
		}
		held = append(held, c)
	}
	_, err := conn(db, 0)
	if myErrNumber(err) != 1040 || !strings.Contains(err.Error(), "Too many connections") {
		t.Fatalf("6th connection of an ordinary account: %v; want *mysql.MySQLError 1040 Too many connections", err)
	}
	// The administrator gets the reserved slot.
	admin, err := conn(openDB(t, s.dsnTCP("root", "", "")), 3*time.Second)
	if err != nil {
		t.Fatalf("root on a full server: %v; want the connection reserved for administrators", err)
	}
	defer admin.Close()
	var user string
	if err := admin.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&user); err != nil || user != "root@localhost" {
		t.Fatalf("on the reserved connection: %q, %v", user, err)
	}
	// Beyond it our own client sees the ERR packet in place of the greeting.
	if _, err := myclient.Dial("tcp", s.addr); myclient.ErrCode(err) != 1040 {
		t.Errorf("raw 7th connection: %v; want ERR 1040 instead of the greeting", err)
	}
	// Free a slot (MaxIdleConns(0): Close really disconnects) and the
	// reserved one; a new connection then succeeds once the server has
	// noticed.
	admin.Close()
	held[0].Close()
	held = held[1:]
	c, err := conn(db, 5*time.Second)
	if err != nil {
		t.Fatalf("connection after closing one: %v", err)
	}
	held = append(held, c)
	var one int
	if err := c.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
}

func TestLimitMaxAllowedPacket(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--max-allowed-packet=1048576")
	rc := mustRawLogin(t, s, "")
	rs, err := rc.Query("SELECT @@max_allowed_packet")
	if err != nil || rs == nil || len(rs.Rows) != 1 || rs.Rows[0][0] == nil || *rs.Rows[0][0] != "1048576" {
		t.Errorf("SELECT @@max_allowed_packet: %+v %v, want 1048576", rs, err)
	}
	// A query just under the limit works.
	under := "SELECT '" + strings.Repeat("a", 1000*1000) + "' AS x"
	if rs, err := rc.Query(under); err != nil || rs == nil || len(rs.Rows) != 1 || len(*rs.Rows[0][0]) != 1000*1000 {
		t.Fatalf("1 MB - epsilon query: %v", err)
	}
	// A 2 MB query: ERR 1153 must reach the client (the server may close afterwards). The write
	// runs concurrently with the read so a server that answers early cannot deadlock us.
	over := "SELECT '" + strings.Repeat("b", 2<<20) + "'"
	writeErr := make(chan error, 1)
	go func() { writeErr <- rc.Command(myclient.ComQuery, []byte(over)) }()
	p, err := rc.ReadPacket()
	switch {
	case err != nil:
		t.Errorf("2 MB query: no reply (%v); want ERR 1153 (client sees 'Lost connection' instead of 'Got a packet bigger than max_allowed_packet')", err)
	case myclient.ErrCode(myclient.ParseErr(p)) != 1153:
		t.Errorf("2 MB query: reply % x, want ERR 1153", p[:min(len(p), 64)])
	default:
		if !strings.Contains(myclient.ParseErr(p).Error(), "max_allowed_packet") {
			t.Errorf("ERR 1153 text %q does not mention max_allowed_packet", myclient.ParseErr(p))
		}
	}
	rc.NetConn().Close()
	<-writeErr

	// go-sql-driver with its default (64 MB) client limit sends the whole query before it reads.
	// A server that answers 1153 and closes at once makes that write fail with a reset (MariaDB
	// 10.11 does exactly that), so the driver may report either; the query must not succeed.
	db := openDB(t, s.dsnTCP("root", "", ""))
	_, err = db.ExecContext(ctxT(t, 20*time.Second), over)
	if err == nil {
		t.Errorf("go-sql-driver 2 MB query with max_allowed_packet=1M succeeded")
	}
	t.Logf("go-sql-driver 2 MB query: %v (1153 seen by the driver: %v)", err, myErrNumber(err) == 1153)
	// And the server keeps serving.
	if err := db.PingContext(ctxT(t, 10*time.Second)); err != nil {
		t.Errorf("ping after oversized packets: %v", err)
	}
}

func TestLimitConnectTimeout(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--connect-timeout=1")
	rc, err := myclient.Dial("tcp", s.addr) // reads the greeting, then sends nothing
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	errPkt, took, closed := rc.WaitClosed(6 * time.Second)
	if !closed {
		t.Fatalf("silent connection still open after %v with --connect-timeout=1", took)
	}
	if took < 700*time.Millisecond || took > 3500*time.Millisecond {
		t.Errorf("silent connection closed after %v, want ~1s (between 0.7s and 3.5s; the sweep may add a tick)", took)
	}
	t.Logf("closed after %v (error packet: %v)", took.Round(time.Millisecond), errPkt)
	// connect_timeout is for the handshake only: a logged-in idle connection stays.
	rc2 := mustRawLogin(t, s, "")
	time.Sleep(2500 * time.Millisecond)
	if err := rc2.Ping(); err != nil {
		t.Errorf("logged-in connection idle 2.5s with --connect-timeout=1: %v", err)
	}
}

// SET SESSION wait_timeout closes an idle connection, but never one running a query.
func TestLimitSessionWaitTimeout(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	idle := mustRawLogin(t, s, "")
	busy := mustRawLogin(t, s, "")
	for _, rc := range []*myclient.Conn{idle, busy} {
		if _, err := rc.Query("SET SESSION wait_timeout=1"); err != nil {
			t.Fatalf("SET SESSION wait_timeout=1: %v", err)
		}
	}
	type res struct {
		rs  *myclient.ResultSet
		err error
	}
	sleepDone := make(chan res, 1)
	go func() {
		rs, err := busy.Query("SELECT SLEEP(3)")
		sleepDone <- res{rs, err}
	}()
	errPkt, took, closed := idle.WaitClosed(6 * time.Second)
	if !closed {
		t.Errorf("idle connection with wait_timeout=1 still open after %v", took)
	} else if took < 700*time.Millisecond || took > 3500*time.Millisecond {
		t.Errorf("idle connection closed after %v, want ~1s", took)
	}
	t.Logf("idle connection closed after %v (error packet: %v)", took.Round(time.Millisecond), errPkt)
	r := <-sleepDone
	if r.err != nil || r.rs == nil || len(r.rs.Rows) != 1 || r.rs.Rows[0][0] == nil || *r.rs.Rows[0][0] != "0" {
		t.Errorf("SELECT SLEEP(3) with wait_timeout=1: %+v %v; want one row 0 (an idle timeout must not kill a running query)", r.rs, r.err)
	}
}

// --wait-timeout sets the global default for new sessions.
func TestLimitGlobalWaitTimeout(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--wait-timeout=2")
	rc := mustRawLogin(t, s, "")
	rs, err := rc.Query("SELECT @@wait_timeout, @@session.wait_timeout")
	if err != nil || rs == nil || len(rs.Rows) != 1 || rs.Rows[0][0] == nil || *rs.Rows[0][0] != "2" {
		t.Errorf("SELECT @@wait_timeout: %+v %v, want 2", rs, err)
	}
	_, took, closed := rc.WaitClosed(8 * time.Second)
	if !closed || took < 1500*time.Millisecond || took > 4500*time.Millisecond {
		t.Errorf("idle connection with --wait-timeout=2: closed=%v after %v, want ~2s", closed, took)
	}
	// The CLI in batch mode with a statement that outlasts the timeout still works.
	r := runMariadb(t, "", "-S", s.sock, "-uroot", "-e", "SELECT SLEEP(3) AS s")
	if r.exitCode != 0 || !strings.Contains(r.stdout, "s\n0\n") {
		t.Errorf("SELECT SLEEP(3) with --wait-timeout=2: exit %d stdout %q stderr %q", r.exitCode, r.stdout, r.stderr)
	}
}

package e2e

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// dialFrom opens a connection to the server from a chosen loopback source
// address and reads its greeting (or the error sent instead).
func dialFrom(t *testing.T, s *server, from string) (*myclient.Conn, error) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	nc, err := d.Dial("tcp", s.addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", from, err)
	}
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	c, err := myclient.Handshake(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	nc.SetDeadline(time.Time{})
	return c, nil
}

// max_connect_errors as in MySQL: connections from one address that end
// before their login is answered (here: greeting read, then closed) block
// the address after max_connect_errors of them, with 1129 in place of the
// greeting; a wrong password does not count; 127.0.0.1 is never blocked;
// FLUSH HOSTS and mariadb-admin flush-hosts (COM_REFRESH) unblock; a
// successful login resets the count. (MariaDB does the same with its own
// defaults; MySQL 8 is the reference for 1129's text.)
func TestMaxConnectErrorsBlocksAHost(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "SET GLOBAL max_connect_errors = 3", "CREATE USER far IDENTIFIED BY 'far-pw-1'")

	const far = "127.0.0.2"
	abort := func() {
		t.Helper()
		c, err := dialFrom(t, s, far)
		if err != nil {
			t.Fatalf("connection from %s refused early: %v", far, err)
		}
		c.Close()
	}
	waitBlocked := func() error {
		t.Helper()
		// The server counts the error when it sees the close, a moment later.
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := dialFrom(t, s, far)
			if err != nil || time.Now().After(deadline) {
				if c != nil {
					c.Close()
				}
				return err
			}
			c.Close() // not blocked yet: this one counts too
			time.Sleep(50 * time.Millisecond)
		}
	}
	// settle lets the server see the closes of the aborted connections
	// before the next step: it counts each when its loop handles the close,
	// which can come after a following login has already reset the count.
	settle := func() { time.Sleep(300 * time.Millisecond) }
	login := func(pw string) error {
		c, err := dialFrom(t, s, far)
		if err != nil {
			return err
		}
		defer c.Close()
		return c.Login("far", pw, "")
	}

	// A wrong password is an answered login, not a handshake error.
	for i := 0; i < 5; i++ {
		if err := login("wrong"); myclient.ErrCode(err) != 1045 {
			t.Fatalf("wrong password: %v, want 1045", err)
		}
	}
	for i := 0; i < 2; i++ {
		abort()
	}
	settle()
	// A successful login forgets the two errors...
	if err := login("far-pw-1"); err != nil {
		t.Fatalf("login after two aborted connections: %v", err)
	}
	abort()
	abort()
	settle()
	if err := login("far-pw-1"); err != nil {
		t.Fatalf("login after two more aborted connections (count reset): %v", err)
	}
	settle()
	// ...and the third in a row blocks.
	abort()
	abort()
	abort()
	err := waitBlocked()
	if myclient.ErrCode(err) != 1129 {
		t.Fatalf("after 3 aborted connections: %v, want 1129", err)
	}
	var me *myclient.Error
	if !errors.As(err, &me) || me.State != "HY000" || me.Msg != "Host '127.0.0.2' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'" {
		t.Errorf("blocked host: %v", err)
	}
	if err := login("far-pw-1"); myclient.ErrCode(err) != 1129 {
		t.Fatalf("a right password from a blocked host: %v, want 1129", err)
	}
	// 127.0.0.1 is not subject to the cache.
	for i := 0; i < 5; i++ {
		c, err := dialFrom(t, s, "127.0.0.1")
		if err != nil {
			t.Fatalf("127.0.0.1 refused: %v", err)
		}
		c.Close()
	}
	if err := root.PingContext(ctx); err != nil {
		t.Fatal(err)
	}

	mustExec(t, ctx, root, "FLUSH HOSTS")
	if err := login("far-pw-1"); err != nil {
		t.Fatalf("after FLUSH HOSTS: %v", err)
	}
	settle()

	bin, err := exec.LookPath("mariadb-admin")
	if err != nil {
		t.Log("mariadb-admin not installed: flush-hosts not tried")
		return
	}
	abort()
	abort()
	abort()
	if err := waitBlocked(); myclient.ErrCode(err) != 1129 {
		t.Fatalf("blocked again: %v, want 1129", err)
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(cctx, bin, "--no-defaults", "-h127.0.0.1", "-P"+strconv.Itoa(s.port), "-uroot", "flush-hosts").CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb-admin flush-hosts: %v\n%s", err, out)
	}
	if err := login("far-pw-1"); err != nil {
		t.Fatalf("after mariadb-admin flush-hosts: %v", err)
	}
}

// One address trying many account names is throttled across them (a
// loopdb addition to MySQL's per-account connection_control): after 30
// failures from 127.0.0.2 under 30 names, even a right password from there
// waits; from 127.0.0.1 (exempt, like every local client) it does not.
func TestLoginThrottleAcrossAccountNamesFromOneAddress(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE USER sprayed IDENTIFIED BY 'sprayed-pw-1'")
	login := func(from, user, pw string) (time.Duration, error) {
		c, err := dialFrom(t, s, from)
		if err != nil {
			return 0, err
		}
		defer c.Close()
		start := time.Now()
		err = c.Login(user, pw, "")
		return time.Since(start), err
	}
	for i := 0; i < 30; i++ {
		if d, err := login("127.0.0.2", "nobody"+strconv.Itoa(i), "Summer2026!"); myclient.ErrCode(err) != 1045 || d > 900*time.Millisecond {
			t.Fatalf("guess %d: %v after %v, want a prompt 1045", i+1, err, d)
		}
	}
	if d, err := login("127.0.0.2", "sprayed", "sprayed-pw-1"); err != nil || d < 900*time.Millisecond {
		t.Fatalf("right password from the spraying address: %v after %v, want success after about 1 s", err, d)
	}
	if d, err := login("127.0.0.1", "sprayed", "sprayed-pw-1"); err != nil || d > 900*time.Millisecond {
		t.Fatalf("the same account from 127.0.0.1: %v after %v, want a prompt success", err, d)
	}
}

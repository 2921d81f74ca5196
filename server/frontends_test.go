//go:build !arm && !386

package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
	"github.com/loopdb/loopdb/storage/tikv"
	"github.com/loopdb/loopdb/storage/tikv/tikvmock"
)

// startFrontEnd runs a whole loopdb server (reactor, protocol, exec) over
// engine, listening on a unix socket only, until the test ends.
func startFrontEnd(t *testing.T, engine *tikv.Engine) string {
	t.Helper()
	dir := t.TempDir()
	cfg, err := ParseFlags([]string{"--bind-address=", "--socket=" + filepath.Join(dir, "sock"),
		"--datadir=" + dir, "--tls=false", "--event-loops=1", "--workers=4", "--admin-address="}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := NewWithStore(cfg, log, engine)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("front end: %v", err)
		}
	})
	return cfg.Socket
}

func dialFrontEnd(t *testing.T, socket string) *myclient.Conn {
	t.Helper()
	var c *myclient.Conn
	var err error
	for range 200 { // the listener comes up asynchronously
		if c, err = myclient.Dial("unix", socket); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login("root", "", ""); err != nil {
		t.Fatal(err)
	}
	return c
}

func exec1(t *testing.T, c *myclient.Conn, sql string) [][]*string {
	t.Helper()
	rs, err := c.Query(sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if rs == nil {
		return nil
	}
	return rs.Rows
}

func render(rows [][]*string) string {
	out := ""
	for _, r := range rows {
		for _, v := range r {
			if v == nil {
				out += "NULL "
			} else {
				out += *v + " "
			}
		}
		out += "| "
	}
	return out
}

// TestFrontEndsOverTiKV runs two complete front ends over one mock TiKV
// cluster and talks to them over the MySQL protocol: the catalog, rows
// and row locks are shared; each answers as one MySQL server would.
func TestFrontEndsOverTiKV(t *testing.T) {
	cluster := tikvmock.New(t)
	a := dialFrontEnd(t, startFrontEnd(t, cluster.Engine(tikv.Options{})))
	b := dialFrontEnd(t, startFrontEnd(t, cluster.Engine(tikv.Options{})))

	exec1(t, a, "CREATE DATABASE app")
	exec1(t, a, "CREATE TABLE app.acct (id INT PRIMARY KEY AUTO_INCREMENT, owner VARCHAR(10), bal INT)")
	exec1(t, b, "INSERT INTO app.acct (owner, bal) VALUES ('ann', 100), ('bob', 50)")
	exec1(t, a, "INSERT INTO app.acct (owner, bal) VALUES ('cat', 70)")
	if got := render(exec1(t, b, "SELECT owner, bal FROM app.acct ORDER BY owner")); got != "ann 100 | bob 50 | cat 70 | " {
		t.Fatalf("b reads: %s", got)
	}
	if got := render(exec1(t, a, "SELECT COUNT(DISTINCT id) FROM app.acct")); got != "3 | " {
		t.Fatalf("ids not unique across front ends: %s", got)
	}

	// A row lock held on a stops b's writer: 1205 after b's wait.
	exec1(t, a, "BEGIN")
	exec1(t, a, "UPDATE app.acct SET bal = bal - 10 WHERE owner = 'ann'")
	exec1(t, b, "SET SESSION innodb_lock_wait_timeout = 1")
	_, err := b.Query("UPDATE app.acct SET bal = bal + 1 WHERE owner = 'ann'")
	var me *myclient.Error
	if !errors.As(err, &me) || me.Code != 1205 || me.State != "HY000" {
		t.Fatalf("b's conflicting write: %v, want 1205 (HY000)", err)
	}
	exec1(t, a, "COMMIT")
	if got := render(exec1(t, b, "SELECT bal FROM app.acct WHERE owner = 'ann'")); got != "90 | " {
		t.Fatalf("b after a's commit: %s", got)
	}
	// Schema changes travel too.
	exec1(t, b, "ALTER TABLE app.acct ADD COLUMN note VARCHAR(5) DEFAULT 'n/a'")
	if got := render(exec1(t, a, "SELECT note FROM app.acct WHERE owner = 'cat'")); got != "n/a | " {
		t.Fatalf("a after b's ALTER: %s", got)
	}
	_, err = a.Query("SELECT * FROM app.nope")
	if !errors.As(err, &me) || me.Code != 1146 {
		t.Fatalf("unknown table: %v", fmt.Sprint(err))
	}
}

// loginFrontEnd logs user in on a front end's socket; the error is the
// login's.
func loginFrontEnd(t *testing.T, socket, user, password string) (*myclient.Conn, error) {
	t.Helper()
	c, err := myclient.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(user, password, ""); err != nil {
		c.Close()
		return nil, err
	}
	t.Cleanup(func() { c.Close() })
	return c, nil
}

// TestAccountsAcrossFrontEnds: account changes made on one front end hold
// on the other at its next login or statement, open sessions included.
func TestAccountsAcrossFrontEnds(t *testing.T) {
	cluster := tikvmock.New(t)
	sa := startFrontEnd(t, cluster.Engine(tikv.Options{}))
	sb := startFrontEnd(t, cluster.Engine(tikv.Options{}))
	a := dialFrontEnd(t, sa)
	dialFrontEnd(t, sb) // b is up
	wantCode := func(what string, err error, code uint16) {
		t.Helper()
		var me *myclient.Error
		if !errors.As(err, &me) || me.Code != code {
			t.Fatalf("%s: %v, want error %d", what, err, code)
		}
	}

	exec1(t, a, "CREATE DATABASE app")
	exec1(t, a, "CREATE TABLE app.t (id INT PRIMARY KEY)")
	exec1(t, a, "CREATE USER 'u'@'localhost' IDENTIFIED BY 'pw1'")
	u, err := loginFrontEnd(t, sb, "u", "pw1")
	if err != nil {
		t.Fatalf("b does not know the account a created: %v", err)
	}
	_, err = u.Query("SELECT * FROM app.t")
	wantCode("before the grant", err, 1142)

	exec1(t, a, "GRANT SELECT ON app.* TO 'u'@'localhost'")
	exec1(t, u, "SELECT * FROM app.t") // the open session on b sees it
	exec1(t, a, "REVOKE SELECT ON app.* FROM 'u'@'localhost'")
	_, err = u.Query("SELECT * FROM app.t")
	wantCode("after the revoke", err, 1142)

	exec1(t, a, "ALTER USER 'u'@'localhost' IDENTIFIED BY 'pw2'")
	_, err = loginFrontEnd(t, sb, "u", "pw1")
	wantCode("old password on b", err, 1045)
	if _, err := loginFrontEnd(t, sb, "u", "pw2"); err != nil {
		t.Fatalf("new password on b: %v", err)
	}

	// And the other way round: b drops the account a uses.
	exec1(t, dialFrontEnd(t, sb), "DROP USER 'u'@'localhost'")
	_, err = loginFrontEnd(t, sa, "u", "pw2")
	wantCode("dropped account on a", err, 1045)
}

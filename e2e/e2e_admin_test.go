package e2e

import (
	"context"
	"database/sql"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// mariadb-admin, the tool operators reach for first: ping, status,
// processlist, variables, extended-status, kill of a running query, and
// shutdown (COM_SHUTDOWN), which stops the server cleanly; the SQL
// SHUTDOWN statement needs the SHUTDOWN privilege (1227).
func TestMariadbAdmin(t *testing.T) {
	t.Parallel()
	bin := needTool(t, "mariadb-admin")
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	admin := func(args ...string) string {
		t.Helper()
		full := append([]string{"--no-defaults", "-h127.0.0.1", "-P" + strconv.Itoa(s.port), "-uroot"}, args...)
		out, err := exec.CommandContext(ctx, bin, full...).CombinedOutput()
		if err != nil {
			t.Fatalf("mariadb-admin %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	for cmd, want := range map[string]string{
		"ping": "mysqld is alive", "status": "Uptime:", "processlist": "Command",
		"variables": "max_connections", "extended-status": "Com_select",
	} {
		if out := admin(cmd); !strings.Contains(out, want) {
			t.Errorf("mariadb-admin %s: no %q in\n%s", cmd, want, out)
		}
	}

	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE USER plain IDENTIFIED BY 'pw'")
	_, err := openDB(t, s.dsnTCP("plain", "pw", "")).ExecContext(ctx, "SHUTDOWN")
	wantPrivErr(t, "SHUTDOWN without the privilege", err, 1227, "42000", "")
	raw, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.Login("plain", "pw", ""); err != nil {
		t.Fatal(err)
	}
	if err := raw.Command(myclient.ComShutdown, []byte{0}); err != nil {
		t.Fatal(err)
	}
	if err := raw.SimpleReply(); myclient.ErrCode(err) != 1227 {
		t.Fatalf("COM_SHUTDOWN without the privilege: %v, want 1227", err)
	}

	// KILL of a running query from mariadb-admin.
	conn, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var id int64
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		var v sql.NullInt64
		done <- conn.QueryRowContext(context.Background(), "SELECT SLEEP(30)").Scan(&v)
	}()
	time.Sleep(300 * time.Millisecond)
	admin("kill", strconv.FormatInt(id, 10))
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the killed SLEEP(30) did not end")
	}

	s.mu.Lock()
	s.sentTerm = true // the exit below is asked for
	s.mu.Unlock()
	admin("shutdown")
	select {
	case <-s.exited:
		if !s.state.Success() {
			t.Fatalf("exit after mariadb-admin shutdown: %v", s.state)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit within 30 s of mariadb-admin shutdown")
	}
	if !strings.Contains(s.log.String(), "SHUTDOWN requested by a client") {
		t.Error("no log line says who shut the server down")
	}
}

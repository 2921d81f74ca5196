package main

// Smoke test of the binary itself: it builds, reports its version, and serves SELECT 1 over
// its unix socket until SIGTERM. Everything else a client can see is tested in ../../e2e.

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

func TestBinaryVersionAndSelectOverSocket(t *testing.T) {
	// scripts/test.sh passes the binary it built (LOOPDB_E2E_BIN), so CI compiles it once.
	bin := os.Getenv("LOOPDB_E2E_BIN")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "loopdb")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0") // static, as shipped
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "loopdb ") {
		t.Fatalf("--version: %q %v", out, err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	// Unix socket paths must fit in sun_path (108 bytes); t.TempDir() can be much longer.
	sockDir, err := os.MkdirTemp("/tmp", "ldb")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(sockDir)
	sock := filepath.Join(sockDir, "s.sock")
	var log strings.Builder
	cmd := exec.Command(bin, "--port="+strconv.Itoa(port), "--bind-address=127.0.0.1",
		"--socket="+sock, "--datadir="+t.TempDir(), "--admin-address=")
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	reaped := false
	defer func() {
		if !reaped { // the test failed before the process exited: the log is complete once it has
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("loopdb log:\n%s", log.String())
		}
	}()

	var c *myclient.Conn
	for deadline := time.Now().Add(20 * time.Second); ; {
		if c, err = myclient.Dial("unix", sock); err == nil {
			break
		}
		select {
		case err := <-exited:
			reaped = true
			t.Fatalf("loopdb exited early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no server on %s: %v", sock, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := c.Login("root", "", ""); err != nil {
		t.Fatalf("login over the unix socket: %v", err)
	}
	rs, err := c.Query("SELECT 1")
	if err != nil || rs == nil || len(rs.Rows) != 1 || rs.Rows[0][0] == nil || *rs.Rows[0][0] != "1" {
		t.Fatalf("SELECT 1: %+v %v", rs, err)
	}
	c.Close()

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		reaped = true
		if err != nil {
			t.Errorf("exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(15 * time.Second):
		t.Errorf("loopdb did not exit within 15s of SIGTERM")
	}
}

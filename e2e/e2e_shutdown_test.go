package e2e

// Graceful shutdown: SIGTERM lets running commands finish, then the process exits 0.

import (
	"database/sql"
	"net"
	"testing"
	"time"
)

func TestShutdownGraceful(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	ctx := ctxT(t, 30*time.Second)
	type res struct {
		v   sql.NullInt64
		err error
	}
	done := make(chan res, 1)
	go func() {
		var r res
		r.err = db.QueryRowContext(ctx, "SELECT SLEEP(2)").Scan(&r.v)
		done <- r
	}()
	time.Sleep(500 * time.Millisecond) // the SLEEP is running
	start := time.Now()
	st := s.terminate(10 * time.Second)
	took := time.Since(start)
	if st == nil {
		t.Fatalf("loopdb did not exit within 10s of SIGTERM (killed)")
	}
	if !st.Success() {
		t.Errorf("exit after SIGTERM: %v, want status 0", st)
	}
	r := <-done
	if r.err != nil || !r.v.Valid || r.v.Int64 != 0 {
		t.Errorf("SELECT SLEEP(2) across SIGTERM: %v %v, want its result 0", r.v, r.err)
	}
	if took < 1*time.Second {
		t.Errorf("process exited %v after SIGTERM, before the 2s query could have finished", took)
	}
	// Nothing listens any more.
	if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		c.Close()
		t.Errorf("TCP port still accepting after exit")
	}
	if c, err := net.DialTimeout("unix", s.sock, time.Second); err == nil {
		c.Close()
		t.Errorf("unix socket still accepting after exit")
	}
}

// SIGTERM on an idle server with idle connections: prompt exit 0.
func TestShutdownIdle(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc := mustRawLogin(t, s, "")
	start := time.Now()
	st := s.terminate(10 * time.Second)
	if st == nil || !st.Success() {
		t.Fatalf("exit after SIGTERM: %v, want status 0", st)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("idle server took %v to stop", took)
	}
	if _, _, closed := rc.WaitClosed(2 * time.Second); !closed {
		t.Errorf("client connection not closed by the stopped server")
	}
}

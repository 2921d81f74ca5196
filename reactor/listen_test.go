package reactor

import (
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
)

// A port another process holds is reported as such, not as the
// "setsockopt: bad file descriptor" gnet gives when its bind failed.
func TestRunReportsATakenPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg := Config{TCPAddr: ln.Addr().String(), EventLoops: 1, MaxAllowedPacket: 16 << 20,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	h := &testHandler{opened: make(chan *testSession, 1)}
	err = New(cfg, h, goExecutor{}).Run()
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("Run on a taken port: %v", err)
	}
}

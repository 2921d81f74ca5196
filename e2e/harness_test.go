package e2e

// End-to-end harness: the tests in this package run the real loopdb binary as a child process
// and talk to it only over sockets, the way a client on another host would. TestMain builds the
// binary once; startServer gives each test its own process, port, socket and data directory so
// tests can run in parallel and a crash is attributed to the test that caused it.

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// loopdbBin is the binary under test, built by TestMain from ../cmd/loopdb (or given by
// LOOPDB_E2E_BIN so scripts/test.sh can test exactly the artifact it built).
var loopdbBin string

const (
	startBound = 20 * time.Second // a fresh datadir must be serving within this
	stopBound  = 15 * time.Second // graceful stop bound before we SIGKILL and fail
	logKeep    = 256 << 10        // bytes of server log kept for the failure dump
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if bin := os.Getenv("LOOPDB_E2E_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			fmt.Fprintln(os.Stderr, "LOOPDB_E2E_BIN:", err)
			return 1
		}
		loopdbBin = abs
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "loopdb-e2e-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	loopdbBin = filepath.Join(dir, "loopdb")
	// Static build, as shipped: a cgo-only code path must not be what the tests exercise.
	cmd := exec.Command("go", "build", "-o", loopdbBin, "../cmd/loopdb")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building loopdb failed: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// server is one running loopdb process.
type server struct {
	t        testing.TB
	port     int
	addr     string // 127.0.0.1:port
	sock     string // unix socket path
	datadir  string
	args     []string // the command line's flags
	extra    []string // the test's own flags, after the defaults
	rootPW   string
	cmd      *exec.Cmd
	log      *tailBuffer
	exited   chan struct{} // closed when the process has been reaped
	state    *os.ProcessState
	mu       sync.Mutex
	sentTerm bool // we sent SIGTERM: exiting on it is expected
}

// startServer starts loopdb on a free port and a fresh datadir, waits until it accepts TCP
// connections, and registers a cleanup that stops it and fails the test if it crashed.
// extraFlags are appended after the defaults, so a test may override any of them.
func startServer(t testing.TB, extraFlags ...string) *server {
	t.Helper()
	s := launch(t, t.TempDir(), extraFlags)
	t.Cleanup(s.cleanup)
	s.mustBeReady()
	return s
}

// launch starts loopdb on datadir with a new free port and unix socket; the
// caller registers the cleanup it wants, then calls mustBeReady.
func launch(t testing.TB, datadir string, extraFlags []string) *server {
	t.Helper()
	// Unix socket paths must fit in sun_path (108 bytes); t.TempDir() can be much longer.
	sockDir, err := os.MkdirTemp("/tmp", "ldb")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	s := &server{
		t:       t,
		sock:    filepath.Join(sockDir, "s.sock"),
		datadir: datadir,
		extra:   extraFlags,
	}
	s.start()
	return s
}

// start runs the loopdb process on a new free port.
func (s *server) start() {
	s.t.Helper()
	s.port = freePort(s.t)
	s.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
	s.log = &tailBuffer{max: logKeep}
	s.exited = make(chan struct{})
	args := []string{
		"--port=" + strconv.Itoa(s.port),
		"--bind-address=127.0.0.1",
		"--socket=" + s.sock,
		"--datadir=" + s.datadir,
		"--log-level=debug",
		// Off unless a test asks: parallel servers would share 9104.
		"--admin-address=",
	}
	args = append(args, s.extra...)
	for _, f := range args {
		if v, ok := strings.CutPrefix(f, "--root-password="); ok {
			s.rootPW = v
		}
	}
	cmd, exited := exec.Command(loopdbBin, args...), s.exited
	cmd.Stdout = s.log
	cmd.Stderr = s.log
	// The root password may also come from the environment; keep the test's choice explicit.
	cmd.Env = withoutEnv(os.Environ(), "LOOPDB_ROOT_PASSWORD")
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start loopdb: %v", err)
	}
	go func() {
		_ = cmd.Wait()
		s.state = cmd.ProcessState
		close(exited)
	}()
	s.cmd, s.args = cmd, args
}

// mustBeReady fails the test unless the server starts serving in time.
// When another process (MariaDB, a client) took the port between freePort
// and the server's bind (freePort keeps only this process's tests apart),
// the server is started again on another port.
func (s *server) mustBeReady() {
	s.t.Helper()
	for attempt := 1; ; attempt++ {
		err := s.waitReady()
		if err == nil {
			return
		}
		if attempt < 3 && !s.alive() && strings.Contains(s.log.String(), "address already in use") {
			s.start()
			continue
		}
		s.t.Fatalf("loopdb %v did not become ready: %v", s.args, err)
	}
}

// waitReady polls until a TCP connect succeeds (and the unix socket exists), or the process dies.
func (s *server) waitReady() error {
	deadline := time.Now().Add(startBound)
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("process exited early: %v", s.state)
		default:
		}
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err == nil {
			c.Close()
			if _, err := os.Stat(s.sock); err == nil {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no listener on %s / %s after %v (last dial error: %v)", s.addr, s.sock, startBound, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// terminate sends SIGTERM and waits for exit within bound; it returns the exit state, or nil if
// the process had to be killed.
func (s *server) terminate(bound time.Duration) *os.ProcessState {
	s.mu.Lock()
	s.sentTerm = true
	s.mu.Unlock()
	select {
	case <-s.exited:
		return s.state
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return s.state
	case <-time.After(bound):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return nil
	}
}

// alive reports whether the process is still running.
func (s *server) alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

func (s *server) cleanup() {
	t := s.t
	s.mu.Lock()
	crashedBeforeStop := !s.sentTerm && !s.alive()
	s.mu.Unlock()
	if crashedBeforeStop {
		t.Errorf("loopdb exited on its own before the test stopped it: %v", s.state)
	} else {
		st := s.terminate(stopBound)
		switch {
		case st == nil:
			t.Errorf("loopdb did not exit within %v of SIGTERM (killed)", stopBound)
		case !st.Success():
			t.Errorf("loopdb exit after SIGTERM: %v (want exit status 0)", st)
		}
	}
	logText := s.log.String()
	if f := s.log.failures(); f != "" {
		// The server contains a session's panic (the connection is closed, the server goes
		// on), but it is a bug all the same, as is a data race: no test passes with either.
		t.Errorf("loopdb log contains %s", f)
	}
	if strings.Contains(logText, "panic") || strings.Contains(logText, "fatal error:") {
		t.Errorf("loopdb log contains a panic / fatal error")
	}
	if t.Failed() {
		t.Logf("---- loopdb log (last %d bytes) ----\n%s\n---- end of loopdb log ----", logKeep, logText)
	}
}

// freePort asks the kernel for an unused loopback port. Ports handed out in this process are
// never reused, so parallel tests do not race for a port the kernel hands out twice.
var (
	portMu    sync.Mutex
	usedPorts = map[int]bool{}
)

func freePort(t testing.TB) int {
	t.Helper()
	portMu.Lock()
	defer portMu.Unlock()
	for i := 0; i < 100; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !usedPorts[p] {
			usedPorts[p] = true
			return p
		}
	}
	t.Fatal("no free port")
	return 0
}

func withoutEnv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// sessionPanicMark is what the server logs when it recovers a panic in a session
// (reactor/conn.go); dataRaceMark is what a server built with -race prints on a data race
// (scripts/test.sh runs some tests against one). Either fails the test that started the
// server, wherever it appears in the log.
const (
	sessionPanicMark = "session panicked"
	dataRaceMark     = "WARNING: DATA RACE"
)

var failMarks = []string{sessionPanicMark, dataRaceMark}

// tailBuffer is a goroutine-safe writer that keeps the last max bytes (a chatty debug log must
// not eat the test's memory). It counts each of failMarks in everything written, so a panic
// early in a long test is seen even after its line was cut from the tail.
type tailBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	max   int
	cut   bool
	carry []byte // the last bytes of the previous write: a mark split across two writes
	marks map[string]int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	scan := append(b.carry, p...)
	keep := 0
	for _, m := range failMarks {
		// Marks wholly inside the carry were counted with the write they came in.
		if n := bytes.Count(scan, []byte(m)) - bytes.Count(b.carry, []byte(m)); n > 0 {
			if b.marks == nil {
				b.marks = map[string]int{}
			}
			b.marks[m] += n
		}
		keep = max(keep, len(m)-1)
	}
	b.carry = append(b.carry[:0], scan[max(0, len(scan)-keep):]...)
	b.buf.Write(p)
	if b.buf.Len() > 2*b.max {
		tail := append([]byte(nil), b.buf.Bytes()[b.buf.Len()-b.max:]...)
		b.buf.Reset()
		b.buf.Write(tail)
		b.cut = true
	}
	return len(p), nil
}

// count is how many times mark (one of failMarks) was written.
func (b *tailBuffer) count(mark string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.marks[mark]
}

// sessionPanics is how many times sessionPanicMark was written.
func (b *tailBuffer) sessionPanics() int { return b.count(sessionPanicMark) }

// failures describes every fail mark written, or "" when there was none.
func (b *tailBuffer) failures() string {
	var out []string
	for _, m := range failMarks {
		if n := b.count(m); n > 0 {
			out = append(out, fmt.Sprintf("%q %d time(s)", m, n))
		}
	}
	return strings.Join(out, ", ")
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cut {
		return "[... earlier log cut ...]\n" + b.buf.String()
	}
	return b.buf.String()
}

// needTool fails the test when an external client is missing: scripts/setup.sh installs them,
// and silently skipping would hide a whole class of acceptance checks.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found (run scripts/setup.sh): %v", name, err)
	}
	return p
}

var errTimeout = errors.New("timed out")

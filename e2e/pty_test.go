package e2e

// A pseudo-terminal without extra packages: the mariadb CLI only behaves interactively (prompt,
// auto-rehash, table output, reconnect logic) when stdin is a terminal, and piping into it would
// test batch mode instead.

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// openPTY returns the master and slave ends of a new pseudo-terminal of rows x cols.
func openPTY(rows, cols uint16) (master, slave *os.File, err error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	var unlock int32
	if err := ioctl(m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); err != nil {
		m.Close()
		return nil, nil, fmt.Errorf("TIOCSPTLCK: %w", err)
	}
	var n uint32
	if err := ioctl(m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); err != nil {
		m.Close()
		return nil, nil, fmt.Errorf("TIOCGPTN: %w", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	ws := struct{ row, col, x, y uint16 }{rows, cols, 0, 0}
	if err := ioctl(s.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); err != nil {
		m.Close()
		s.Close()
		return nil, nil, fmt.Errorf("TIOCSWINSZ: %w", err)
	}
	return m, s, nil
}

func ioctl(fd, req, arg uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, arg); e != 0 {
		return e
	}
	return nil
}

// ptyTranscript collects everything the program writes to the terminal.
type ptyTranscript struct {
	mu   sync.Mutex
	buf  strings.Builder
	done chan struct{} // closed when the master read side ends (program exited)
}

func readPTY(m *os.File) *ptyTranscript {
	tr := &ptyTranscript{done: make(chan struct{})}
	go func() {
		defer close(tr.done)
		b := make([]byte, 4096)
		for {
			n, err := m.Read(b)
			tr.mu.Lock()
			tr.buf.Write(b[:n])
			tr.mu.Unlock()
			if err != nil { // EIO once the last slave fd is closed
				return
			}
		}
	}()
	return tr
}

func (tr *ptyTranscript) String() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.buf.String()
}

// waitFor waits until the transcript after offset from contains want; it returns the offset just
// past the match.
func (tr *ptyTranscript) waitFor(from int, want string, bound time.Duration) (int, error) {
	deadline := time.Now().Add(bound)
	for {
		s := tr.String()
		if from > len(s) {
			from = len(s)
		}
		if i := strings.Index(s[from:], want); i >= 0 {
			return from + i + len(want), nil
		}
		if time.Now().After(deadline) {
			return from, fmt.Errorf("terminal never showed %q within %v", want, bound)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

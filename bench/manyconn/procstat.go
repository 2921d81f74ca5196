package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat: 100 on every Linux
// architecture Go supports.
const clockTicks = 100

// procSample is one reading of a process.
type procSample struct {
	cpu   time.Duration // user + system
	rssKB int64
	hwmKB int64 // peak RSS since the process started (VmHWM)
}

// readProc reads /proc/PID/stat and /proc/PID/status.
func readProc(pid int) (procSample, error) {
	var s procSample
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return s, err
	}
	cpu, err := parseStatCPU(stat)
	if err != nil {
		return s, err
	}
	s.cpu = cpu
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return s, err
	}
	s.rssKB, s.hwmKB = statusKB(status, "VmRSS:"), statusKB(status, "VmHWM:")
	return s, nil
}

// parseStatCPU returns utime + stime from a /proc/PID/stat line. The command name (field 2)
// may hold spaces and parentheses, so fields are counted from the last ')'.
func parseStatCPU(stat []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("malformed stat %q", stat)
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 13 { // f[0] is field 3 (state); utime and stime are fields 14 and 15
		return 0, fmt.Errorf("short stat %q", stat)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad utime/stime in %q", stat)
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

func statusKB(status []byte, key string) int64 {
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == key {
			v, _ := strconv.ParseInt(f[1], 10, 64)
			return v
		}
	}
	return 0
}

// serverWatch samples the server every 100 ms for its peak RSS, and notes its CPU time at the
// phase boundaries (mark).
type serverWatch struct {
	pid  int
	stop chan struct{}
	done chan struct{}

	mu        sync.Mutex
	peakRSSKB int64
	last      procSample
	err       error
}

func watchServer(pid int) (*serverWatch, error) {
	s, err := readProc(pid)
	if err != nil {
		return nil, fmt.Errorf("-server-pid %d: %w", pid, err)
	}
	w := &serverWatch{pid: pid, stop: make(chan struct{}), done: make(chan struct{}), last: s, peakRSSKB: s.rssKB}
	go w.loop()
	return w, nil
}

func (w *serverWatch) loop() {
	defer close(w.done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.mark()
		}
	}
}

// mark takes a sample now and returns it.
func (w *serverWatch) mark() procSample {
	s, err := readProc(w.pid)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		if w.err == nil {
			w.err = err // the server died: keep the last good sample
		}
		return w.last
	}
	w.last = s
	w.peakRSSKB = max(w.peakRSSKB, s.rssKB)
	return s
}

func (w *serverWatch) close() (peakRSSKB int64, err error) {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peakRSSKB, w.err
}

// selfUsage is this process's CPU time and peak RSS (getrusage).
func selfUsage() (cpu time.Duration, maxRSSKB int64) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Maxrss
}

// raiseFileLimit lifts the soft open-files limit to the hard one and returns it.
func raiseFileLimit() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 1024
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
	return int(min(rl.Cur, 1<<30))
}

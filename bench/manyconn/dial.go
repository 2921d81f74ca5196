package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// ipBindAddressNoPort is IP_BIND_ADDRESS_NO_PORT (Linux 4.2): bind the source address but
// choose the port at connect time, by the whole 4-tuple. Without it bind reserves a port for
// the address alone, so TIME_WAIT sockets of a previous run against another server would use
// the ports up.
const ipBindAddressNoPort = 24

// opened is what one process holds after the connect phase.
type opened struct {
	busy     []*busyConn
	idle     []net.Conn
	failures map[string]int
	elapsed  time.Duration
}

// statement is the prepared statement the busy connections execute, by mode.
func statement(mode string) (sql string, params int) {
	if mode == modeInsert {
		return "INSERT INTO sbtest1 (k, c, pad) VALUES (?, ?, ?)", 3
	}
	return "SELECT c FROM sbtest1 WHERE id=?", 1
}

// openAll opens the process's cfg.conns connections, cfg.parallel at a time, and logs each in;
// the busy ones also prepare the statement and are taken off Go's poller (takeFD) for the
// drivers. A failed connection is counted by failureCode and the rest go on.
func openAll(cfg *config) *opened {
	o := &opened{failures: map[string]int{}}
	start := time.Now()
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	firstMsg := map[string]bool{}
	for range cfg.parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				busy := isBusy(i, cfg.conns, cfg.busy)
				nc, st, err := openOne(cfg, cfg.connOffset+i, busy)
				var bc *busyConn
				if err == nil && busy {
					bc, err = takeFD(nc, st.ID)
				}
				mu.Lock()
				switch {
				case err != nil:
					code := failureCode(err)
					o.failures[code]++
					if !firstMsg[code] { // one message per kind, not thousands
						firstMsg[code] = true
						fmt.Fprintf(stderr, "manyconn: connection %d: %v\n", cfg.connOffset+i, err)
					}
				case busy:
					o.busy = append(o.busy, bc)
				default:
					o.idle = append(o.idle, nc)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range cfg.conns {
		next <- i
	}
	close(next)
	wg.Wait()
	o.elapsed = time.Since(start)
	return o
}

// openOne connects from the connection's source address, logs in and, for a busy connection,
// prepares the statement, all within cfg.connectTimeout.
func openOne(cfg *config, global int, busy bool) (net.Conn, *myclient.Stmt, error) {
	d := net.Dialer{Timeout: cfg.connectTimeout}
	if ip := sourceIP(cfg.targetIP, global, cfg.perAddr); ip != nil {
		d.LocalAddr = &net.TCPAddr{IP: ip}
		d.Control = func(_, _ string, rc syscall.RawConn) error {
			var serr error
			err := rc.Control(func(fd uintptr) {
				serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_IP, ipBindAddressNoPort, 1)
			})
			return errors.Join(err, serr)
		}
	}
	nc, err := d.DialContext(context.Background(), "tcp", cfg.addr)
	if err != nil {
		return nil, nil, err
	}
	nc.SetDeadline(time.Now().Add(cfg.connectTimeout))
	st, err := login(nc, cfg, busy)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	nc.SetDeadline(time.Time{})
	return nc, st, nil
}

func login(nc net.Conn, cfg *config, busy bool) (*myclient.Stmt, error) {
	c, err := myclient.Handshake(nc)
	if err != nil {
		return nil, err
	}
	if err := c.Login(cfg.user, cfg.password, cfg.db); err != nil {
		return nil, err
	}
	var st *myclient.Stmt
	if busy {
		sql, params := statement(cfg.mode)
		if st, err = c.Prepare(sql); err != nil {
			return nil, fmt.Errorf("prepare: %w", err)
		}
		if st.NumParams != params {
			return nil, fmt.Errorf("prepare: %d parameters, want %d", st.NumParams, params)
		}
	}
	// The caller reads the socket itself from here on: a byte left in the buffer would be lost.
	if c.Reader().Buffered() != 0 {
		return nil, errors.New("login: unexpected bytes after the server's answer")
	}
	return st, nil
}

// takeFD moves a logged-in connection from Go's poller to a driver: it duplicates the socket
// (the copy shares the non-blocking open file) and closes the net.Conn, which removes the
// original from Go's epoll set before closing it.
func takeFD(nc net.Conn, stmtID uint32) (*busyConn, error) {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		nc.Close()
		return nil, fmt.Errorf("%T has no file descriptor", nc)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		nc.Close()
		return nil, err
	}
	fd := -1
	var derr error
	if err := rc.Control(func(f uintptr) { fd, derr = syscall.Dup(int(f)) }); err != nil {
		derr = err
	}
	nc.Close()
	if derr != nil {
		return nil, derr
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return &busyConn{fd: fd, stmt: stmtID, inflight: -1}, nil
}

// failureCode names why a connection failed, for the report: the server's error number
// (mysql-1040 is "too many connections"), the errno of a socket call, timeout or eof.
func failureCode(err error) string {
	if code := myclient.ErrCode(err); code != 0 {
		return fmt.Sprintf("mysql-%d", code)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errnoName(errno)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "eof"
	}
	return "other"
}

func errnoName(e syscall.Errno) string {
	switch e {
	case syscall.ECONNREFUSED:
		return "ECONNREFUSED"
	case syscall.ECONNRESET:
		return "ECONNRESET"
	case syscall.EADDRNOTAVAIL:
		return "EADDRNOTAVAIL"
	case syscall.EADDRINUSE:
		return "EADDRINUSE"
	case syscall.EMFILE:
		return "EMFILE"
	case syscall.ENFILE:
		return "ENFILE"
	case syscall.ETIMEDOUT:
		return "ETIMEDOUT"
	case syscall.EPIPE:
		return "EPIPE"
	}
	return fmt.Sprintf("errno-%d", int(e))
}

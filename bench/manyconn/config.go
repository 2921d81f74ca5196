package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// config is everything a run needs; the -procs children get the same flags back (childArgs).
type config struct {
	addr           string
	user           string
	password       string
	db             string
	conns          int
	busy           int
	rate           float64 // requests per second per busy connection
	duration       time.Duration
	mode           string // "select" or "insert"
	tableSize      int
	serverPID      int
	procs          int // 0: as many as the open-files limit needs
	perAddr        int // connections per 127.0.0.x source address
	parallel       int // logins under way at a time, per process
	perDriver      int // busy connections one driver goroutine serves
	grace          time.Duration
	connectTimeout time.Duration

	// Set for a -procs child: which slice of the connections it owns.
	child      bool
	connOffset int

	targetIP net.IP // resolved from addr by check
}

const (
	modeSelect = "select"
	modeInsert = "insert"

	// defaultPerAddr leaves headroom under the ~28,000 ephemeral ports Linux gives each
	// source address by default (net.ipv4.ip_local_port_range 32768-60999).
	defaultPerAddr = 25000
)

func parseArgs(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("manyconn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:3306", "server address host:port (loopback only)")
	fs.StringVar(&c.user, "user", "root", "user")
	fs.StringVar(&c.password, "password", "", "password")
	fs.StringVar(&c.db, "db", "sbtest", "database holding sbtest1")
	fs.IntVar(&c.conns, "conns", 1000, "connections to open and hold")
	fs.IntVar(&c.busy, "busy", -1, "connections that send queries (the rest stay logged in and silent); -1: all")
	fs.Float64Var(&c.rate, "rate", 1, "requests per second per busy connection")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long the busy connections send")
	fs.StringVar(&c.mode, "mode", modeSelect, "select (prepared point select on sbtest1) or insert (prepared insert into sbtest1)")
	fs.IntVar(&c.tableSize, "table-size", 100000, "rows in sbtest1: point selects pick an id in [1, table-size]")
	fs.IntVar(&c.serverPID, "server-pid", 0, "server process id: report its CPU seconds and peak RSS")
	fs.IntVar(&c.procs, "procs", 0, "client processes (each holds conns/procs sockets); 0: enough for the open-files limit")
	fs.IntVar(&c.perAddr, "per-addr", defaultPerAddr, "connections per source address 127.0.0.x")
	fs.IntVar(&c.parallel, "parallel", 32, "logins under way at a time in each process")
	fs.IntVar(&c.perDriver, "per-driver", 1000, "busy connections per driver goroutine")
	fs.DurationVar(&c.grace, "grace", 2*time.Second, "after -duration, how long to wait for replies still due")
	fs.DurationVar(&c.connectTimeout, "connect-timeout", 30*time.Second, "bound on each connection's connect, login and prepare")
	fs.BoolVar(&c.child, "child", false, "internal: run as one of -procs processes (READY, then GO on stdin)")
	fs.IntVar(&c.connOffset, "conn-offset", 0, "internal: index of this process's first connection")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.busy < 0 {
		c.busy = c.conns
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// check validates the flags and resolves the target, which must be a loopback address: this
// tool opens tens of thousands of connections and must never point them at another machine.
func (c *config) check() error {
	switch {
	case c.conns < 1:
		return errors.New("-conns must be at least 1")
	case c.busy > c.conns:
		return fmt.Errorf("-busy %d is more than -conns %d", c.busy, c.conns)
	case c.busy > 0 && !(c.rate > 0 && c.rate <= 1e6):
		return errors.New("-rate must be in (0, 1e6] requests per second")
	case c.duration <= 0 || c.duration > time.Hour:
		return errors.New("-duration must be in (0, 1h]")
	case c.mode != modeSelect && c.mode != modeInsert:
		return fmt.Errorf("-mode must be %s or %s", modeSelect, modeInsert)
	case c.tableSize < 1:
		return errors.New("-table-size must be at least 1")
	case c.procs < 0 || c.procs > c.conns:
		return errors.New("-procs must be in [0, conns]")
	case c.perAddr < 1 || c.perAddr > 28000:
		return errors.New("-per-addr must be in [1, 28000]")
	case c.parallel < 1 || c.perDriver < 1:
		return errors.New("-parallel and -per-driver must be at least 1")
	case c.grace < 0 || c.connectTimeout <= 0:
		return errors.New("-grace must be >= 0 and -connect-timeout > 0")
	}
	ip, err := loopbackTarget(c.addr)
	if err != nil {
		return err
	}
	c.targetIP = ip
	last := c.connOffset + c.conns - 1
	if ip.To4() == nil && last >= c.perAddr {
		return fmt.Errorf("an IPv6 target has one source address: at most %d connections", c.perAddr)
	}
	if last/c.perAddr >= 254 {
		return fmt.Errorf("%d connections need more than 254 source addresses at -per-addr %d", last+1, c.perAddr)
	}
	return nil
}

// loopbackTarget resolves addr's host without DNS ("localhost" or an IP literal) and refuses
// anything outside 127.0.0.0/8 and ::1.
func loopbackTarget(addr string) (net.IP, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("-addr: %w", err)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return nil, fmt.Errorf("-addr %q: bad port", addr)
	}
	if host == "localhost" {
		return net.IPv4(127, 0, 0, 1), nil
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return nil, fmt.Errorf("-addr %q: want an IP literal or localhost (no name lookups)", addr)
	}
	if !ip.IsLoopback() {
		return nil, fmt.Errorf("-addr %q is not a loopback address: manyconn only loads this machine", addr)
	}
	return ip, nil
}

// sourceIP is the local address connection number global binds before connecting: 127.0.0.1
// for the first perAddr connections, 127.0.0.2 for the next, and so on, so that no address
// runs out of ephemeral ports. Nil (the kernel chooses) for an IPv6 target.
func sourceIP(target net.IP, global, perAddr int) net.IP {
	if target.To4() == nil {
		return nil
	}
	return net.IPv4(127, 0, 0, byte(1+global/perAddr))
}

// isBusy spreads busy connections evenly over a process's n connections (and so over the
// source addresses): connection i is busy when the running share i*busy/n steps up at i.
func isBusy(i, n, busy int) bool {
	return (i+1)*busy/n > i*busy/n
}

// interval is the gap between two sends of one busy connection.
func (c *config) interval() int64 {
	return max(int64(float64(time.Second)/c.rate), 1)
}

// childArgs are the flags for -procs child k, which owns conns connections (busy of them)
// starting at global index offset. The server pid stays with the parent, which samples it.
func (c *config) childArgs(conns, busy, offset int) []string {
	return []string{
		"-child", "-conn-offset", strconv.Itoa(offset),
		"-addr", c.addr, "-user", c.user, "-password", c.password, "-db", c.db,
		"-conns", strconv.Itoa(conns), "-busy", strconv.Itoa(busy),
		"-rate", strconv.FormatFloat(c.rate, 'g', -1, 64), "-duration", c.duration.String(),
		"-mode", c.mode, "-table-size", strconv.Itoa(c.tableSize), "-procs", "1",
		"-per-addr", strconv.Itoa(c.perAddr), "-parallel", strconv.Itoa(c.parallel),
		"-per-driver", strconv.Itoa(c.perDriver), "-grace", c.grace.String(),
		"-connect-timeout", c.connectTimeout.String(),
	}
}

// split divides total into parts as even as possible; part k of parts.
func split(total, parts, k int) int {
	return total*(k+1)/parts - total*k/parts
}

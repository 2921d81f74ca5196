// Command manyconn shows what holding many connections costs a server: it opens -conns
// authenticated connections (internal/myclient's login, any auth path) to a loopback server,
// keeps -busy of them querying at a fixed -rate each and the rest logged in and silent, and
// reports connections opened (and failures by error code), achieved rate, latency percentiles,
// errors, its own CPU and memory, and the server's CPU and peak RSS (-server-pid).
//
//	manyconn -addr 127.0.0.1:3306 -conns 20000 -busy 2000 -rate 2 -duration 30s -server-pid $(pidof loopdb)
//
// The busy connections run a prepared statement (COM_STMT_EXECUTE): a point select of
// sbtest1's c by a random id (-mode select) or a small insert into sbtest1 (-mode insert), as
// sysbench's oltp_common prepare makes it. Scheduling is open-loop (schedule.go): latency is
// counted from each send's due time, so a stalled server cannot hide behind a slowed client.
//
// Scale: a few driver goroutines each serve a thousand busy connections from one epoll set
// (driver.go); idle connections cost the client nothing but a socket. Connections bind
// 127.0.0.1, 127.0.0.2, ... in turn, -per-addr each, so ephemeral ports do not run out, and
// when one process's open-files limit is too small for -conns, manyconn starts -procs copies
// of itself (spawn.go), starts them together and adds up their reports.
//
// It does not own the servers: scripts/bench-manyconn.sh starts loopdb, MariaDB and
// bench/floorserver and runs it against each.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

var stderr io.Writer = os.Stderr

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	cfg, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "manyconn:", err)
		return 2
	}
	limit := raiseFileLimit()
	if cfg.child {
		return runChild(cfg)
	}
	perProc := max(limit-256, 1) // headroom for the runtime, pipes and the odd file
	procs := cfg.procs
	if procs == 0 {
		procs = (cfg.conns + perProc - 1) / perProc
	}
	if cfg.conns/procs > perProc {
		fmt.Fprintf(stderr, "manyconn: warning: %d connections per process against an open-files limit of %d\n", (cfg.conns+procs-1)/procs, limit)
	}

	var watch *serverWatch
	var srv *serverStats
	var atStart, atGo procSample
	if cfg.serverPID != 0 {
		if watch, err = watchServer(cfg.serverPID); err != nil {
			fmt.Fprintln(stderr, "manyconn:", err)
			return 2
		}
		atStart = watch.mark()
	}
	ready := func() {
		if watch != nil {
			atGo = watch.mark()
		}
	}
	var res *result
	if procs == 1 {
		res, err = work(cfg, ready, time.Now)
	} else {
		res, err = spawn(cfg, procs, ready)
	}
	if watch != nil {
		atEnd := watch.mark()
		srv = &serverStats{cpuConnect: atGo.cpu - atStart.cpu, cpuRun: atEnd.cpu - atGo.cpu, hwmKB: atEnd.hwmKB}
		srv.peakRSSKB, srv.err = watch.close()
	}
	if err != nil {
		fmt.Fprintln(stderr, "manyconn:", err)
		return 1
	}
	// Failed connections, errors and unanswered requests are results, not failures of the
	// tool: the line reports them and the exit status stays 0.
	fmt.Println(line(cfg, procs, res, srv))
	return 0
}

// runChild is one of -procs processes: it opens its connections, says READY on stdout, starts
// when a line arrives on stdin, and prints its result as RESULT <json>.
func runChild(cfg *config) int {
	in := bufio.NewReader(os.Stdin)
	var goErr error
	res, err := work(cfg,
		func() { fmt.Println("READY") },
		func() time.Time {
			_, goErr = in.ReadString('\n')
			return time.Now()
		})
	if err == nil {
		err = goErr
	}
	if err != nil {
		fmt.Fprintln(stderr, "manyconn child:", err)
		return 1
	}
	b, _ := json.Marshal(res)
	fmt.Printf("RESULT %s\n", b)
	return 0
}

// Command idleconns measures what idle, logged-in connections cost a
// server: it reads the server's RSS, opens N connections that log in and
// then sit idle, reads the RSS again and prints the difference per
// connection. It logs in as -user/-password (internal/myclient), over
// TLS with -tls. The connect rate it prints (connections opened and
// logged in per second, -parallel at a time) is the handshake rate.
//
//	idleconns -addr 127.0.0.1:3306 -pid $(pidof loopdb) -conns 10000 [-tls]
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:3306", "server address")
	pid := flag.Int("pid", 0, "server process id (for its RSS)")
	conns := flag.Int("conns", 1000, "connections to open")
	user := flag.String("user", "root", "user")
	password := flag.String("password", "", "password")
	settle := flag.Duration("settle", 2*time.Second, "wait before measuring")
	useTLS := flag.Bool("tls", false, "log in over TLS (SSLRequest, then TLS 1.3)")
	parallel := flag.Int("parallel", 8, "connections opened at a time")
	flag.Parse()
	if *pid == 0 {
		fmt.Fprintln(os.Stderr, "idleconns: -pid is required")
		os.Exit(2)
	}
	before, err := rssKB(*pid)
	check(err)
	open := make([]net.Conn, 0, *conns)
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	start := time.Now()
	for range *parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c, err := login(*addr, *user, *password, *useTLS)
				if err != nil {
					fmt.Fprintf(os.Stderr, "idleconns: connection %d: %v\n", i, err)
					os.Exit(1)
				}
				mu.Lock()
				open = append(open, c)
				mu.Unlock()
			}
		}()
	}
	for i := range *conns {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	time.Sleep(*settle)
	after, err := rssKB(*pid)
	check(err)
	fmt.Printf("conns=%d rss_before_kb=%d rss_after_kb=%d per_conn_kb=%.2f connect_rate=%.0f/s\n",
		len(open), before, after, float64(after-before)/float64(len(open)), float64(len(open))/elapsed.Seconds())
	for _, c := range open {
		c.Close()
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "idleconns:", err)
		os.Exit(1)
	}
}

// rssKB reads VmRSS from /proc.
func rssKB(pid int) (int, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			return strconv.Atoi(f[1])
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

// login opens one connection and logs in (over TLS when useTLS).
func login(addr, user, password string, useTLS bool) (net.Conn, error) {
	nc, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	var cfg *tls.Config
	if useTLS {
		cfg = &tls.Config{InsecureSkipVerify: true}
	}
	c, err := myclient.LoginOn(nc, user, password, cfg)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

// Command pingload measures COM_PING round trips per second over many connections: each
// connection logs in once, then sends a ping and waits for its OK, in a loop, for the duration.
// It is the smallest request/response a MySQL server can serve, so it measures per-command
// overhead of the network path (event loop, framing, write-back) and nothing of SQL.
//
//	pingload -addr 127.0.0.1:3306 -conns 64 -duration 5s -user root -password pw
//	pingload -addr 127.0.0.1:3399 -raw     # against bench/floorserver: no handshake
//
// -addr may also be a unix socket path (anything starting with "/").
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:3306", "server address host:port, or a unix socket path")
	conns := flag.Int("conns", 64, "concurrent connections")
	duration := flag.Duration("duration", 5*time.Second, "measurement time")
	user := flag.String("user", "root", "user name")
	password := flag.String("password", "", "password")
	raw := flag.Bool("raw", false, "no handshake: ping straight away (for bench/floorserver)")
	flag.Parse()

	network := "tcp"
	if strings.HasPrefix(*addr, "/") {
		network = "unix"
	}
	// Connect and log in everything before the clock starts: login cost is not ping cost.
	cs := make([]*conn, *conns)
	var wg sync.WaitGroup
	errs := make(chan error, *conns)
	for i := range cs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := dial(network, *addr, *user, *password, *raw)
			if err != nil {
				errs <- fmt.Errorf("connection %d: %w", i, err)
				return
			}
			cs[i] = c
		}(i)
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		fmt.Fprintln(os.Stderr, "pingload:", err)
		os.Exit(1)
	}

	var total atomic.Int64
	var failed atomic.Value
	start := time.Now()
	deadline := start.Add(*duration)
	for _, c := range cs {
		wg.Add(1)
		go func(c *conn) {
			defer wg.Done()
			n := int64(0)
			for time.Now().Before(deadline) {
				if err := c.ping(); err != nil {
					failed.Store(err)
					break
				}
				n++
			}
			total.Add(n)
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, c := range cs {
		c.nc.Close()
	}
	if err, _ := failed.Load().(error); err != nil {
		fmt.Fprintln(os.Stderr, "pingload: ping failed:", err)
		os.Exit(1)
	}
	fmt.Printf("pings/s: %.0f conns=%d\n", float64(total.Load())/elapsed.Seconds(), *conns)
}

type conn struct {
	nc  net.Conn
	r   *bufio.Reader
	hdr [4]byte
}

// pingPacket is COM_PING: length 1, sequence 0, command 0x0e.
var pingPacket = []byte{1, 0, 0, 0, 0x0e}

// ping sends one COM_PING and reads one reply packet, which must be an OK.
func (c *conn) ping() error {
	if _, err := c.nc.Write(pingPacket); err != nil {
		return err
	}
	if _, err := io.ReadFull(c.r, c.hdr[:]); err != nil {
		return err
	}
	n := int(c.hdr[0]) | int(c.hdr[1])<<8 | int(c.hdr[2])<<16
	first, err := c.r.ReadByte()
	if err != nil {
		return err
	}
	if first != 0x00 || n < 1 {
		return fmt.Errorf("reply to COM_PING is not OK (first byte %#x, length %d)", first, n)
	}
	_, err = c.r.Discard(n - 1)
	return err
}

func dial(network, addr, user, password string, raw bool) (*conn, error) {
	nc, err := net.DialTimeout(network, addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	c := &conn{nc: nc, r: bufio.NewReaderSize(nc, 4096)}
	if raw {
		return c, nil
	}
	nc.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := myclient.LoginOn(nc, user, password, nil); err != nil {
		nc.Close()
		return nil, err
	}
	nc.SetDeadline(time.Time{})
	return c, nil
}

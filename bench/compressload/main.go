// Command compressload runs one query over the plain, zlib or zstd
// protocol, streaming the result (rows are counted, not kept), and prints
// the rows, seconds and the bytes the client read and wrote on the wire.
// scripts/bench-compress.sh drives it against loopdb and MariaDB.
//
//	compressload -addr 127.0.0.1:3306 -mode zstd -query 'SELECT * FROM sbtest.sbtest1'
//
// The zstd level is the one go-mysql's client sends (3).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"time"

	"github.com/go-mysql-org/go-mysql/client"
	"github.com/go-mysql-org/go-mysql/mysql"
)

// countingConn counts the bytes that cross the socket.
type countingConn struct {
	net.Conn
	in, out *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

func (c countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.Add(int64(n))
	return n, err
}

func main() {
	addr := flag.String("addr", "127.0.0.1:3306", "server host:port")
	user := flag.String("user", "root", "user")
	password := flag.String("password", "", "password")
	mode := flag.String("mode", "plain", "plain, zlib or zstd")
	query := flag.String("query", "SELECT 1", "statement whose result is streamed")
	timeout := flag.Duration("timeout", 10*time.Minute, "give up after this long")
	flag.Parse()

	var capability uint32
	switch *mode {
	case "plain":
	case "zlib":
		capability = mysql.CLIENT_COMPRESS
	case "zstd":
		capability = mysql.CLIENT_ZSTD_COMPRESSION_ALGORITHM
	default:
		fail(fmt.Errorf("unknown -mode %q", *mode))
	}
	var in, out atomic.Int64
	dialer := func(ctx context.Context, network, address string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, address)
		if err != nil {
			return nil, err
		}
		return countingConn{Conn: c, in: &in, out: &out}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	conn, err := client.ConnectWithDialer(ctx, "tcp", *addr, *user, *password, "", dialer,
		func(c *client.Conn) error {
			if capability != 0 {
				return c.SetCapability(capability)
			}
			return nil
		})
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	if capability != 0 && conn.Compression == mysql.MYSQL_COMPRESS_NONE {
		fail(fmt.Errorf("server did not accept %s", *mode))
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			fmt.Fprintln(os.Stderr, "compressload: timed out")
			os.Exit(1)
		case <-done:
		}
	}()

	in.Store(0)
	out.Store(0)
	start := time.Now()
	var rows int64
	var result mysql.Result
	err = conn.ExecuteSelectStreaming(*query, &result, func(row []mysql.FieldValue) error {
		rows++
		return nil
	}, nil)
	if err != nil {
		fail(err)
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("mode=%s rows=%d seconds=%.2f wire_bytes_in=%d wire_bytes_out=%d\n",
		*mode, rows, secs, in.Load(), out.Load())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compressload:", err)
	os.Exit(1)
}

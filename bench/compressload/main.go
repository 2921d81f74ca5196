// Command compressload runs one statement over the plain, zlib or zstd
// protocol and prints the rows, seconds and the bytes the client read and
// wrote on the wire. A SELECT's result is streamed (rows are counted, not
// kept); a LOAD DATA LOCAL INFILE streams the named file from disk.
// scripts/bench-compress.sh drives it against loopdb and MariaDB.
//
//	compressload -addr 127.0.0.1:3306 -mode zstd -query 'SELECT * FROM sbtest.sbtest1'
//	compressload -mode zlib -query "LOAD DATA LOCAL INFILE '/tmp/t.tsv' INTO TABLE sbtest.t"
//
// Loads in plain and zlib mode go through go-sql-driver (go-mysql's client
// and MariaDB disagree on compressed sequence ids during LOAD DATA); zstd
// needs go-mysql's client, the only Go client with it. go-mysql's client
// always asks for zstd level 3; -zstd-level rewrites
// that byte of its handshake response, and the tool checks that the
// server's Compression_level agrees. go-mysql negotiates zstd, but the
// frames are made by zstdFramer (one encoder and decoder per connection)
// unless -zstd-client go-mysql asks for go-mysql's own, which builds a
// coder per packet. client_cpu_s is the tool's own CPU time.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-mysql-org/go-mysql/client"
	"github.com/go-mysql-org/go-mysql/mysql"
	gomysql "github.com/go-sql-driver/mysql"
)

// countingConn counts the bytes that cross the socket.
type countingConn struct {
	net.Conn
	in, out *atomic.Int64
	// zstdLevel, when set, replaces the level byte at the end of the
	// first packet written (the handshake response).
	zstdLevel byte
	writes    *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

func (c countingConn) Write(p []byte) (int, error) {
	if c.writes.Add(1) == 1 && c.zstdLevel != 0 && len(p) > 8 {
		p = append([]byte(nil), p...)
		p[len(p)-1] = c.zstdLevel
	}
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
	zstdLevel := flag.Int("zstd-level", 0, "zstd level to ask for (default: go-mysql's 3)")
	zstdClient := flag.String("zstd-client", "own", "who frames zstd: own (one encoder per connection) or go-mysql (a new encoder per packet)")
	flag.Parse()
	load := strings.HasPrefix(strings.ToUpper(strings.TrimSpace(*query)), "LOAD DATA")
	if load && *mode != "zstd" {
		loadWithDriver(*addr, *user, *password, *mode, *query, *timeout)
		return
	}

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
	if *zstdClient != "own" && *zstdClient != "go-mysql" {
		fail(fmt.Errorf("unknown -zstd-client %q", *zstdClient))
	}
	var in, out, writes atomic.Int64
	var framer *zstdFramer
	dialer := func(ctx context.Context, network, address string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, address)
		if err != nil {
			return nil, err
		}
		cc := countingConn{Conn: c, in: &in, out: &out, writes: &writes}
		if *mode != "zstd" {
			return cc, nil
		}
		cc.zstdLevel = byte(*zstdLevel)
		if *zstdClient == "go-mysql" {
			return cc, nil
		}
		level := *zstdLevel
		if level == 0 {
			level = 3 // what go-mysql's handshake asks for
		}
		framer = newZstdFramer(cc, level)
		return framer, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	conn, err := client.ConnectWithDialer(ctx, "tcp", *addr, *user, *password, "", dialer,
		func(c *client.Conn) error {
			if load {
				if err := c.SetCapability(mysql.CLIENT_LOCAL_FILES); err != nil {
					return err
				}
			}
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
	if framer != nil {
		// The handshake is over and nothing was sent since: from here the
		// framer compresses and go-mysql writes and reads plain packets.
		conn.Conn.Compression = mysql.MYSQL_COMPRESS_NONE
		framer.on = true
	}
	if *zstdLevel != 0 && *mode == "zstd" {
		r, err := conn.Execute("SHOW STATUS LIKE 'Compression_level'")
		if err != nil {
			fail(err)
		}
		if got, _ := r.GetString(0, 1); got != strconv.Itoa(*zstdLevel) {
			fail(fmt.Errorf("server's Compression_level is %q, want %d", got, *zstdLevel))
		}
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
	if load {
		r, err := conn.ExecQueryRelayLocalInfile(*query, func(name []byte) (io.Reader, error) {
			return os.Open(string(name)) // a Seeker: go-mysql streams it
		})
		if err != nil {
			fail(err)
		}
		rows = int64(r.AffectedRows)
	} else {
		var result mysql.Result
		err = conn.ExecuteSelectStreaming(*query, &result, func(row []mysql.FieldValue) error {
			rows++
			return nil
		}, nil)
		if err != nil {
			fail(err)
		}
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("mode=%s rows=%d seconds=%.2f wire_bytes_in=%d wire_bytes_out=%d client_cpu_s=%.2f\n",
		*mode, rows, secs, in.Load(), out.Load(), cpuSeconds())
}

// cpuSeconds is the user and system time this process has used: the client
// shares the machine's cores with the server, so its cost is part of the
// picture.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// loadWithDriver runs a LOAD DATA LOCAL INFILE through go-sql-driver,
// counting the bytes on the wire as main does.
func loadWithDriver(addr, user, password, mode, query string, timeout time.Duration) {
	var in, out, writes atomic.Int64
	gomysql.RegisterDialContext("counted", func(ctx context.Context, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return countingConn{Conn: c, in: &in, out: &out, writes: &writes}, nil
	})
	cfg := gomysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = user, password, "counted", addr
	cfg.AllowAllFiles = true
	if mode == "zlib" {
		if err := cfg.Apply(gomysql.EnableCompression(true)); err != nil {
			fail(err)
		}
	}
	connector, err := gomysql.NewConnector(cfg)
	if err != nil {
		fail(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	in.Store(0)
	out.Store(0)
	start := time.Now()
	res, err := conn.ExecContext(ctx, query)
	if err != nil {
		fail(err)
	}
	rows, _ := res.RowsAffected()
	fmt.Printf("mode=%s rows=%d seconds=%.2f wire_bytes_in=%d wire_bytes_out=%d client_cpu_s=%.2f\n",
		mode, rows, time.Since(start).Seconds(), in.Load(), out.Load(), cpuSeconds())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compressload:", err)
	os.Exit(1)
}

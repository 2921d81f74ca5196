// Command idleconns measures what idle, logged-in connections cost a
// server: it reads the server's RSS, opens N connections that log in and
// then sit idle, reads the RSS again and prints the difference per
// connection. It logs in as a user whose password is empty (loopdb's
// default root over loopback) or with -password via mysql_native_password,
// over TLS with -tls. The connect rate it prints (connections opened and
// logged in per second, -parallel at a time) is the handshake rate.
//
//	idleconns -addr 127.0.0.1:3306 -pid $(pidof loopdb) -conns 10000 [-tls]
package main

import (
	"crypto/sha1"
	"crypto/tls"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:3306", "server address")
	pid := flag.Int("pid", 0, "server process id (for its RSS)")
	conns := flag.Int("conns", 1000, "connections to open")
	user := flag.String("user", "root", "user")
	password := flag.String("password", "", "password (mysql_native_password when set)")
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

// login performs a HandshakeResponse41 with mysql_native_password (an
// empty password sends empty auth data) and waits for the OK.
func login(addr, user, password string, useTLS bool) (net.Conn, error) {
	var c net.Conn
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (net.Conn, error) { c.Close(); return nil, err }
	greeting, err := readPacket(c)
	if err != nil {
		return fail(err)
	}
	scramble, err := greetingScramble(greeting)
	if err != nil {
		return fail(err)
	}
	var caps uint32 = 1<<9 | 1<<15 | 1<<19 | 1<<24 // PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH, DEPRECATE_EOF
	seq := byte(1)
	if useTLS {
		caps |= 1 << 11 // CLIENT_SSL
	}
	p := binary.LittleEndian.AppendUint32(nil, caps)
	p = binary.LittleEndian.AppendUint32(p, 1<<24)
	p = append(p, 45)
	p = append(p, make([]byte, 23)...)
	if useTLS {
		if err := writePacket(c, seq, p); err != nil { // SSLRequest
			return fail(err)
		}
		seq++
		tc := tls.Client(c, &tls.Config{InsecureSkipVerify: true})
		if err := tc.Handshake(); err != nil {
			return fail(err)
		}
		c = tc
	}
	p = append(append(p, user...), 0)
	auth := nativeScramble(password, scramble)
	p = append(p, byte(len(auth)))
	p = append(p, auth...)
	p = append(p, "mysql_native_password\x00"...)
	if err := writePacket(c, seq, p); err != nil {
		return fail(err)
	}
	for {
		r, err := readPacket(c)
		if err != nil {
			return fail(err)
		}
		switch {
		case len(r) > 0 && r[0] == 0x00:
			return c, nil
		case len(r) > 0 && r[0] == 0xff:
			return fail(fmt.Errorf("login refused: %s", r[3:]))
		case len(r) > 0 && r[0] == 0xfe: // auth switch: an empty password answers any plugin
			parts := strings.SplitN(string(r[1:]), "\x00", 2)
			if (parts[0] != "mysql_native_password" && password != "") || len(parts) < 2 || len(parts[1]) < 20 {
				return fail(fmt.Errorf("unsupported auth switch to %q", parts[0]))
			}
			if err := writePacket(c, seq+2, nativeScramble(password, []byte(parts[1])[:20])); err != nil {
				return fail(err)
			}
		default:
			return fail(fmt.Errorf("unexpected packet % x", r[:min(len(r), 8)]))
		}
	}
}

func greetingScramble(g []byte) ([]byte, error) {
	i := 1
	for i < len(g) && g[i] != 0 {
		i++
	}
	i += 1 + 4
	if len(g) < i+8+1+2+1+2+2+1+10+12 {
		return nil, fmt.Errorf("short greeting")
	}
	s := append([]byte(nil), g[i:i+8]...)
	i += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10
	return append(s, g[i:i+12]...), nil
}

func nativeScramble(password string, scramble []byte) []byte {
	if password == "" {
		return nil
	}
	h1 := sha1.Sum([]byte(password))
	h2 := sha1.Sum(h1[:])
	h := sha1.New()
	h.Write(scramble)
	h.Write(h2[:])
	x := h.Sum(nil)
	for i := range x {
		x[i] ^= h1[i]
	}
	return x
}

func readPacket(c net.Conn) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil {
		return nil, err
	}
	n := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
	b := make([]byte, n)
	_, err := io.ReadFull(c, b)
	return b, err
}

func writePacket(c net.Conn, seq byte, p []byte) error {
	hdr := []byte{byte(len(p)), byte(len(p) >> 8), byte(len(p) >> 16), seq}
	_, err := c.Write(append(hdr, p...))
	return err
}

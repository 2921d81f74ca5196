package e2e

// TLS end to end: real clients over TLS (mariadb CLI, go-sql-driver,
// go-mysql with zstd), account and server transport requirements, the
// certificate reload, and abuse (garbage, stalls, a flood of half-open
// handshakes).

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gmclient "github.com/go-mysql-org/go-mysql/client"
	"github.com/go-sql-driver/mysql"
	"github.com/loopdb/loopdb/internal/myclient"
)

// caConfig trusts the CA the server generated in its data directory.
func caConfig(t testing.TB, s *server) *tls.Config {
	t.Helper()
	pem, err := os.ReadFile(filepath.Join(s.datadir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("ca.pem holds no certificate")
	}
	return &tls.Config{RootCAs: pool, ServerName: "localhost"}
}

// clientCertConfig is caConfig plus the generated client certificate.
func clientCertConfig(t testing.TB, s *server) *tls.Config {
	t.Helper()
	cfg := caConfig(t, s)
	cert, err := tls.LoadX509KeyPair(filepath.Join(s.datadir, "client-cert.pem"), filepath.Join(s.datadir, "client-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Certificates = []tls.Certificate{cert}
	return cfg
}

func rootExec(t testing.TB, s *server, stmts ...string) {
	t.Helper()
	db := openDB(t, s.dsnTCP("root", s.rootPW, ""))
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func statusOf(t testing.TB, db *sql.DB, name string) string {
	t.Helper()
	var n, v string
	if err := db.QueryRow("SHOW SESSION STATUS LIKE '"+name+"'").Scan(&n, &v); err != nil {
		t.Fatalf("status %s: %v", name, err)
	}
	return v
}

func TestTLSMariadbCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rootExec(t, s, "CREATE USER 'cli'@'%' IDENTIFIED BY 'pw1'")
	ca := filepath.Join(s.datadir, "ca.pem")
	args := []string{"-h127.0.0.1", "-P" + itoa(s.port), "-ucli", "-ppw1", "--batch", "-N",
		"--ssl", "--ssl-verify-server-cert", "--ssl-ca=" + ca}
	q := "SHOW STATUS LIKE 'Ssl_version'; SELECT CURRENT_USER(), REPEAT('ab', 3);\n"
	res := runMariadb(t, q, args...)
	if res.exitCode != 0 || !strings.Contains(res.stdout, "Ssl_version\tTLSv1.") || !strings.Contains(res.stdout, "cli@%\tababab") {
		t.Fatalf("mariadb --ssl: exit %d\n%s\n%s", res.exitCode, res.stdout, res.stderr)
	}
	// Twice: the second login takes caching_sha2's fast path.
	if res := runMariadb(t, q, args...); res.exitCode != 0 {
		t.Fatalf("second login: %s", res.stderr)
	}
	// Compression inside TLS gives the same output as neither.
	big := "SELECT id, REPEAT(MD5(id), 20) FROM (SELECT 1 id UNION SELECT 2 UNION SELECT 3) t; SHOW STATUS LIKE 'Compression';\n"
	comp := runMariadb(t, big, append(args, "--compress")...)
	plain := runMariadb(t, big, "-h127.0.0.1", "-P"+itoa(s.port), "-ucli", "-ppw1", "--batch", "-N", "--compress")
	if comp.exitCode != 0 || comp.stdout != plain.stdout || !strings.Contains(comp.stdout, "Compression\tON") {
		t.Fatalf("--ssl --compress:\n%s%s\nplain --compress:\n%s", comp.stdout, comp.stderr, plain.stdout)
	}
}

func TestTLSGoDriver(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	cfg := caConfig(t, s)
	cfg.ServerName = "" // the driver verifies the dialled host, 127.0.0.1
	name := "loopdb-" + itoa(s.port)
	if err := mysql.RegisterTLSConfig(name, cfg); err != nil {
		t.Fatal(err)
	}
	rootExec(t, s, "CREATE DATABASE d", "CREATE TABLE d.blobs (id INT PRIMARY KEY, b LONGBLOB)")
	payload := bytes.Repeat([]byte("0123456789abcdef"), 5<<20/16) // 5 MB: many TLS records
	for _, params := range [][]string{
		{"tls=" + name},
		{"tls=skip-verify"},
		{"tls=" + name, "compress=true"},
		{"tls=" + name, "interpolateParams=false"},
	} {
		db := openDB(t, s.dsnTCP("root", s.rootPW, "d", params...))
		if v := statusOf(t, db, "Ssl_version"); !strings.HasPrefix(v, "TLSv1.") {
			t.Fatalf("%v: Ssl_version %q", params, v)
		}
		if _, err := db.Exec("REPLACE INTO blobs VALUES (1, ?)", payload); err != nil {
			t.Fatalf("%v: insert: %v", params, err)
		}
		var got []byte
		if err := db.QueryRow("SELECT b FROM blobs WHERE id = 1").Scan(&got); err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("%v: blob round trip: %v (len %d)", params, err, len(got))
		}
		if strings.Contains(strings.Join(params, "&"), "compress") && statusOf(t, db, "Compression") != "ON" {
			t.Fatalf("%v: compression is off", params)
		}
	}
}

// zstd compression inside TLS, with go-mysql's strict client.
func TestTLSZstd(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := connectZstd(t, s.addr, "", func(c *gmclient.Conn) error {
		c.SetTLSConfig(caConfig(t, s))
		return nil
	})
	if got := compressionAlgorithm(t, c); got != "zstd" {
		t.Fatalf("Compression_algorithm %q", got)
	}
	r, err := c.Execute("SHOW STATUS LIKE 'Ssl_cipher'")
	if err != nil {
		t.Fatal(err)
	}
	if cipher, _ := r.GetString(0, 1); cipher == "" {
		t.Fatal("Ssl_cipher is empty on a TLS connection")
	}
	r, err = c.Execute("SELECT MD5(REPEAT(MD5(42), 200000)), LENGTH(REPEAT(MD5(42), 200000))")
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := r.GetString(0, 0)
	db := openDB(t, s.dsnTCP("root", s.rootPW, ""))
	var want string
	if err := db.QueryRow("SELECT MD5(REPEAT(MD5(42), 200000))").Scan(&want); err != nil || sum != want {
		t.Fatalf("md5 over zstd+TLS %q, plain %q (%v)", sum, want, err)
	}
}

// caching_sha2_password: full authentication sends the password in clear
// inside TLS, after which the fast path applies.
func TestTLSCachingSha2FullThenFast(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rootExec(t, s, "CREATE USER 'fa'@'%' IDENTIFIED WITH caching_sha2_password BY 'secret'")
	for _, want := range []string{"full", "fast"} {
		rc, err := rawLoginOver("tcp", s.addr, caConfig(t, s), "fa", "secret")
		if err != nil {
			t.Fatal(err)
		}
		if rc.AuthPath != want {
			t.Fatalf("auth path %q, want %q", rc.AuthPath, want)
		}
		if err := rc.Ping(); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
}

// The ClientHello in the same TCP segment as the SSLRequest is not lost.
func TestTLSClientHelloWithSSLRequest(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	for range 20 {
		rc, err := myclient.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := rc.StartTLSPipelined(caConfig(t, s)); err != nil {
			t.Fatal(err)
		}
		if err := rc.Login("root", "", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := rc.Query("SELECT 1"); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
}

func TestRequireSecureTransport(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--require-secure-transport")
	login := func(network, addr string, cfg *tls.Config) error {
		rc, err := rawLoginOver(network, addr, cfg, "root", "")
		if err != nil {
			return err
		}
		defer rc.Close()
		return rc.Ping()
	}
	if err := login("tcp", s.addr, nil); myclient.ErrCode(err) != 3159 {
		t.Fatalf("plaintext TCP login: %v, want 3159", err)
	}
	if err := login("unix", s.sock, nil); err != nil {
		t.Fatalf("unix socket login: %v", err)
	}
	if err := login("tcp", s.addr, caConfig(t, s)); err != nil {
		t.Fatalf("TLS login: %v", err)
	}
	db := openDB(t, s.dsnUnix("root", "", ""))
	if _, err := db.Exec("SET GLOBAL require_secure_transport = OFF"); err != nil {
		t.Fatal(err)
	}
	if err := login("tcp", s.addr, nil); err != nil {
		t.Fatalf("plaintext login after SET GLOBAL require_secure_transport=OFF: %v", err)
	}
}

func TestAccountRequireSSLAndX509(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rootExec(t, s,
		"CREATE USER 'needssl'@'%' IDENTIFIED BY 'p' REQUIRE SSL",
		"CREATE USER 'needx509'@'%' IDENTIFIED BY 'p' REQUIRE X509",
		"CREATE USER 'later'@'%' IDENTIFIED BY 'p'",
		"ALTER USER 'later'@'%' REQUIRE SSL")
	login := func(user string, cfg *tls.Config) error {
		rc, err := rawLoginOver("tcp", s.addr, cfg, user, "p")
		if err != nil {
			return err
		}
		defer rc.Close()
		return rc.Ping()
	}
	cases := []struct {
		user string
		cfg  *tls.Config
		code uint16
	}{
		{"needssl", nil, 1045},
		{"needssl", caConfig(t, s), 0},
		{"later", nil, 1045},
		{"later", caConfig(t, s), 0},
		{"needx509", caConfig(t, s), 1045},
		{"needx509", clientCertConfig(t, s), 0},
	}
	for _, c := range cases {
		err := login(c.user, c.cfg)
		if myclient.ErrCode(err) != c.code || (c.code == 0 && err != nil) {
			t.Errorf("%s (tls %v, client cert %v): %v, want code %d", c.user, c.cfg != nil,
				c.cfg != nil && len(c.cfg.Certificates) > 0, err, c.code)
		}
	}
}

// SIGHUP reloads the certificate files: new handshakes present the new
// certificate, established connections carry on.
func TestTLSReloadOnSIGHUP(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeSelfSigned(t, certPath, keyPath, "first")
	s := startServer(t, "--tls-cert="+certPath, "--tls-key="+keyPath)
	served := func() (string, *myclient.Conn) {
		rc, err := rawLoginOver("tcp", s.addr, &tls.Config{InsecureSkipVerify: true}, "root", "")
		if err != nil {
			t.Fatal(err)
		}
		return rc.NetConn().(*tls.Conn).ConnectionState().PeerCertificates[0].Subject.CommonName, rc
	}
	cn, old := served()
	defer old.Close()
	if cn != "first" {
		t.Fatalf("serving %q", cn)
	}
	writeSelfSigned(t, certPath, keyPath, "second")
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		cn, rc := served()
		rc.Close()
		if cn == "second" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still serving %q 5s after SIGHUP", cn)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := old.Query("SELECT 1"); err != nil {
		t.Fatalf("connection from before the reload: %v", err)
	}
}

func writeSelfSigned(t testing.TB, certPath, keyPath, cn string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
}

// clientHello returns the first flight a TLS client sends.
func clientHello(t testing.TB) []byte {
	t.Helper()
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go func() {
		_ = tls.Client(a, &tls.Config{InsecureSkipVerify: true}).Handshake()
	}()
	_ = b.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 64<<10)
	n, err := b.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf[:n]
}

// halfOpenTLS dials, sends an SSLRequest and then only the first bytes of
// a ClientHello, and leaves the connection hanging.
func halfOpenTLS(addr string, hello []byte) (*myclient.Conn, error) {
	rc, err := myclient.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if err := rc.WritePacket(rc.SSLRequest()); err != nil {
		rc.Close()
		return nil, err
	}
	if _, err := rc.NetConn().Write(hello[:len(hello)/2]); err != nil {
		rc.Close()
		return nil, err
	}
	return rc, nil
}

func TestTLSGarbageAndStalls(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--connect-timeout=2")
	// SSLRequest, then bytes that are not TLS: closed at once.
	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	_ = rc.WritePacket(rc.SSLRequest())
	_, _ = rc.NetConn().Write(bytes.Repeat([]byte("GARBAGE!"), 64))
	if _, elapsed, closed := rc.WaitClosed(2 * time.Second); !closed || elapsed > time.Second {
		t.Fatalf("garbage after SSLRequest: closed %v after %v", closed, elapsed)
	}
	// Half a ClientHello, then nothing: closed by connect_timeout.
	stalled, err := halfOpenTLS(s.addr, clientHello(t))
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	if _, elapsed, closed := stalled.WaitClosed(6 * time.Second); !closed || elapsed < time.Second {
		t.Fatalf("stalled handshake: closed %v after %v (connect_timeout 2s)", closed, elapsed)
	}
	// SSLRequest and nothing else: also closed by connect_timeout.
	quiet, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer quiet.Close()
	_ = quiet.WritePacket(quiet.SSLRequest())
	if _, _, closed := quiet.WaitClosed(6 * time.Second); !closed {
		t.Fatal("silent client after SSLRequest was not closed")
	}
}

// A flood of 1000 half-open handshakes: a normal client still logs in over
// TLS and runs queries, and every half-open connection is closed within
// connect_timeout (plus the sweeper's tick).
func TestTLSHalfOpenFlood(t *testing.T) {
	t.Parallel()
	const flood = 1000
	s := startServer(t, "--connect-timeout=3")
	hello := clientHello(t)
	conns := make([]*myclient.Conn, 0, flood)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	start := time.Now()
	for range flood {
		c, err := halfOpenTLS(s.addr, hello)
		if err != nil {
			t.Fatalf("flood connection %d: %v", len(conns), err)
		}
		conns = append(conns, c)
	}
	t.Logf("opened %d half-open TLS connections in %v", flood, time.Since(start))

	cfg := caConfig(t, s)
	for i := range 5 {
		t0 := time.Now()
		rc, err := rawLoginOver("tcp", s.addr, cfg, "root", "")
		if err != nil {
			t.Fatalf("normal client %d during the flood: %v", i, err)
		}
		if _, err := rc.Query("SELECT 1"); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		t.Logf("normal TLS login + query during the flood: %v", time.Since(t0))
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	open := 0
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, closed := c.WaitClosed(time.Until(start.Add(3*time.Second + 5*time.Second))); !closed {
				mu.Lock()
				open++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if open > 0 {
		t.Fatalf("%d of %d half-open TLS connections still open after connect_timeout", open, flood)
	}
}

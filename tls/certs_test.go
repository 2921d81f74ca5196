package tls

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	stdtls "crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newGenerated(t *testing.T, dir string) *Provider {
	t.Helper()
	p, err := NewProvider(Options{DataDir: dir}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, n := range generatedNames {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		m[n] = b
	}
	return m
}

func TestGenerateThenReuse(t *testing.T) {
	dir := t.TempDir()
	p := newGenerated(t, dir)
	first := readAll(t, dir)
	leaf := p.cur.Load().cert.Leaf

	// Keys private, certificates readable; no staging leftovers.
	for _, n := range generatedNames {
		fi, _ := os.Stat(filepath.Join(dir, n))
		want := os.FileMode(0o644)
		if strings.HasSuffix(n, "-key.pem") {
			want = 0o600
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", n, fi.Mode().Perm(), want)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != len(generatedNames) {
		t.Errorf("dir holds %d entries, want %d", len(ents), len(generatedNames))
	}

	// The server certificate is what MySQL's auto_generate_certs would make, with P-256.
	if leaf.Subject.CommonName != "loopdb_Auto_Generated_Server_Certificate" ||
		!slices.Contains(leaf.DNSNames, "localhost") || len(leaf.IPAddresses) < 2 ||
		!slices.Equal(leaf.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
		t.Errorf("server cert: CN %q DNS %v IP %v EKU %v", leaf.Subject.CommonName, leaf.DNSNames, leaf.IPAddresses, leaf.ExtKeyUsage)
	}
	if k, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok || k.Curve.Params().Name != "P-256" {
		t.Errorf("server key is %T, want ECDSA P-256", leaf.PublicKey)
	}
	if years := leaf.NotAfter.Sub(time.Now()).Hours() / 24 / 365; years < 9.9 {
		t.Errorf("server cert valid %.1f years", years)
	}
	ca := parseCert(t, first[caCertName])
	if !ca.IsCA || ca.Subject.CommonName != "loopdb_Auto_Generated_CA_Certificate" {
		t.Errorf("CA: IsCA %v CN %q", ca.IsCA, ca.Subject.CommonName)
	}
	if p.CAPath() != filepath.Join(dir, caCertName) {
		t.Errorf("CAPath %q", p.CAPath())
	}
	if cfg := p.cur.Load().cfg; cfg.ClientAuth != stdtls.VerifyClientCertIfGiven || cfg.ClientCAs == nil {
		t.Errorf("ClientAuth %v with a known CA", cfg.ClientAuth)
	}

	// Reload and a second start reuse the files instead of regenerating.
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.cur.Load().cert.Leaf.Raw, leaf.Raw) {
		t.Error("Reload changed the certificate")
	}
	p2 := newGenerated(t, dir)
	if !bytes.Equal(p2.cur.Load().cert.Leaf.Raw, leaf.Raw) {
		t.Error("second start presents another certificate")
	}
	for n, b := range readAll(t, dir) {
		if !bytes.Equal(b, first[n]) {
			t.Errorf("%s was rewritten", n)
		}
	}
}

func parseCert(t *testing.T, pemBytes []byte) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode(pemBytes)
	if b == nil {
		t.Fatal("no PEM block")
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// handshake runs one TLS handshake over loopback TCP and returns what the
// client and the server saw. Errors of both sides are joined: in TLS 1.3 a
// rejected client certificate fails only the server's side.
func handshake(t *testing.T, srv, cli *stdtls.Config) (client, server stdtls.ConnectionState, err error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		st  stdtls.ConnectionState
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- result{err: err}
			return
		}
		defer c.Close()
		sc := stdtls.Server(c, srv)
		err = sc.HandshakeContext(ctx)
		done <- result{sc.ConnectionState(), err}
	}()
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	cc := stdtls.Client(raw, cli)
	cerr := cc.HandshakeContext(ctx)
	r := <-done
	return cc.ConnectionState(), r.st, errors.Join(cerr, r.err)
}

func clientTo(t *testing.T, caPath string) *stdtls.Config {
	t.Helper()
	b, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		t.Fatal("no CA in", caPath)
	}
	return &stdtls.Config{RootCAs: pool, ServerName: "localhost"}
}

func TestHandshake(t *testing.T) {
	dir := t.TempDir()
	p := newGenerated(t, dir)
	srv := p.ServerConfig()

	t.Run("TLS1.3", func(t *testing.T) {
		c, _, err := handshake(t, srv, clientTo(t, p.CAPath()))
		if err != nil || c.Version != stdtls.VersionTLS13 {
			t.Fatalf("version %x err %v", c.Version, err)
		}
	})
	t.Run("TLS1.2", func(t *testing.T) {
		cli := clientTo(t, p.CAPath())
		cli.MaxVersion = stdtls.VersionTLS12
		c, _, err := handshake(t, srv, cli)
		if err != nil || c.Version != stdtls.VersionTLS12 {
			t.Fatalf("version %x err %v", c.Version, err)
		}
		if !slices.Contains(tls12Suites, c.CipherSuite) {
			t.Errorf("suite %s", stdtls.CipherSuiteName(c.CipherSuite))
		}
	})
	t.Run("TLS1.2 CBC only", func(t *testing.T) {
		cli := clientTo(t, p.CAPath())
		cli.MaxVersion = stdtls.VersionTLS12
		cli.CipherSuites = []uint16{stdtls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}
		if _, _, err := handshake(t, srv, cli); err == nil {
			t.Fatal("a CBC-only client connected")
		} else {
			t.Log(err)
		}
	})
	t.Run("TLS1.1 refused", func(t *testing.T) {
		cli := clientTo(t, p.CAPath())
		cli.MinVersion, cli.MaxVersion = stdtls.VersionTLS11, stdtls.VersionTLS11
		if _, _, err := handshake(t, srv, cli); err == nil {
			t.Fatal("a TLS 1.1 client connected")
		} else {
			t.Log(err)
		}
	})
	t.Run("client certificate", func(t *testing.T) {
		pair, err := stdtls.LoadX509KeyPair(filepath.Join(dir, clientCertName), filepath.Join(dir, clientKeyName))
		if err != nil {
			t.Fatal(err)
		}
		cli := clientTo(t, p.CAPath())
		cli.Certificates = []stdtls.Certificate{pair}
		_, s, err := handshake(t, srv, cli)
		if err != nil {
			t.Fatal(err)
		}
		if !p.VerifyClientChain(s.PeerCertificates) {
			t.Error("generated client certificate not accepted")
		}
	})
	t.Run("stranger's client certificate", func(t *testing.T) {
		cli := clientTo(t, p.CAPath())
		// crypto/tls would not offer a certificate the server's CA list
		// excludes, so force it the way a misconfigured client would.
		s := stranger(t)
		cli.GetClientCertificate = func(*stdtls.CertificateRequestInfo) (*stdtls.Certificate, error) { return &s, nil }
		if _, _, err := handshake(t, srv, cli); err == nil {
			t.Fatal("an unverifiable client certificate was accepted by the handshake")
		} else {
			t.Log(err)
		}
	})
	t.Run("no client certificate", func(t *testing.T) {
		_, s, err := handshake(t, srv, clientTo(t, p.CAPath()))
		if err != nil || len(s.PeerCertificates) != 0 || p.VerifyClientChain(s.PeerCertificates) {
			t.Fatalf("err %v, peer certs %d", err, len(s.PeerCertificates))
		}
	})
}

// stranger is a self-signed client certificate from no CA we know.
func stranger(t *testing.T) stdtls.Certificate {
	t.Helper()
	c, k, err := issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "stranger"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, nil, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return stdtls.Certificate{Certificate: [][]byte{c.Raw}, PrivateKey: k, Leaf: c}
}

func TestVerifyClientChain(t *testing.T) {
	dir := t.TempDir()
	p := newGenerated(t, dir)
	client := parseCert(t, readAll(t, dir)[clientCertName])
	if !p.VerifyClientChain([]*x509.Certificate{client}) {
		t.Error("generated client certificate rejected")
	}
	if p.VerifyClientChain([]*x509.Certificate{stranger(t).Leaf}) {
		t.Error("self-signed stranger accepted")
	}
	// The server certificate is signed by the same CA but is not for clients.
	if p.VerifyClientChain([]*x509.Certificate{p.cur.Load().cert.Leaf}) {
		t.Error("server certificate accepted as a client certificate")
	}
	if p.VerifyClientChain(nil) {
		t.Error("empty chain accepted")
	}
}

// writePair writes a certificate signed by ca (ECDSA when rsaKey is nil)
// for localhost to certFile/keyFile.
func writePair(t *testing.T, certFile, keyFile string, ca *x509.Certificate, caKey *ecdsa.PrivateKey, rsaKey *rsa.PrivateKey) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "test server"},
		DNSNames:    []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	var cert *x509.Certificate
	var key crypto.Signer
	if rsaKey == nil {
		c, k, err := issue(tmpl, ca, caKey, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		cert, key = c, k
	} else {
		tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &rsaKey.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		cert, key = parseDER(t, der), rsaKey
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}))
	mustWrite(t, keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}))
	return cert
}

func parseDER(t *testing.T, der []byte) *x509.Certificate {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustWrite(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func testCA(t *testing.T, path string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	ca, k, err := issue(&x509.Certificate{
		Subject: pkix.Name{CommonName: "test CA"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign,
	}, nil, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}))
	return ca, k
}

func TestReloadFromFiles(t *testing.T) {
	dir := t.TempDir()
	opts := Options{
		CertFile: filepath.Join(dir, "cert.pem"),
		KeyFile:  filepath.Join(dir, "key.pem"),
		CAFile:   filepath.Join(dir, "ca.pem"),
	}
	ca, caKey := testCA(t, opts.CAFile)
	a := writePair(t, opts.CertFile, opts.KeyFile, ca, caKey, nil)
	p, err := NewProvider(opts, quiet)
	if err != nil {
		t.Fatal(err)
	}
	srv, cli := p.ServerConfig(), clientTo(t, p.CAPath())
	presented := func() *x509.Certificate {
		t.Helper()
		c, _, err := handshake(t, srv, cli)
		if err != nil {
			t.Fatal(err)
		}
		return c.PeerCertificates[0]
	}
	if !presented().Equal(a) {
		t.Fatal("server does not present the configured certificate")
	}

	b := writePair(t, opts.CertFile, opts.KeyFile, ca, caKey, nil)
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	if p.ServerConfig() != srv {
		t.Error("Reload replaced the Config")
	}
	if !presented().Equal(b) {
		t.Fatal("after Reload the server still presents the old certificate")
	}

	mustWrite(t, opts.CertFile, []byte("not a certificate"))
	if err := p.Reload(); err == nil {
		t.Fatal("Reload accepted a bad certificate file")
	}
	if !presented().Equal(b) {
		t.Fatal("a failed Reload changed the certificate")
	}
	mustWrite(t, opts.CAFile, []byte("garbage"))
	writePair(t, opts.CertFile, opts.KeyFile, ca, caKey, nil)
	if err := p.Reload(); err == nil {
		t.Fatal("Reload accepted a bad CA file")
	}
	if !presented().Equal(b) {
		t.Fatal("a failed Reload changed the certificate")
	}
}

// An RSA certificate from files works with a TLS 1.2 client (ECDHE_RSA
// suites); without a CA file no client certificate is asked for.
func TestRSAFromFilesWithoutCA(t *testing.T) {
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	ca, caKey := testCA(t, caFile)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{CertFile: filepath.Join(dir, "cert.pem"), KeyFile: filepath.Join(dir, "key.pem")}
	writePair(t, opts.CertFile, opts.KeyFile, ca, caKey, rsaKey)
	p, err := NewProvider(opts, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if p.CAPath() != "" || p.cur.Load().cfg.ClientAuth != stdtls.NoClientCert {
		t.Errorf("CAPath %q ClientAuth %v without a CA", p.CAPath(), p.cur.Load().cfg.ClientAuth)
	}
	cli := clientTo(t, caFile)
	cli.MaxVersion = stdtls.VersionTLS12
	c, _, err := handshake(t, p.ServerConfig(), cli)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(tls12Suites, c.CipherSuite) || !strings.Contains(stdtls.CipherSuiteName(c.CipherSuite), "ECDHE_RSA") {
		t.Errorf("suite %s", stdtls.CipherSuiteName(c.CipherSuite))
	}
	if p.VerifyClientChain([]*x509.Certificate{stranger(t).Leaf}) {
		t.Error("a chain verified with no CA configured")
	}
}

func TestPartialSet(t *testing.T) {
	dir := t.TempDir()
	newGenerated(t, dir)
	os.Remove(filepath.Join(dir, serverKeyName))
	before := readCA(t, dir)
	_, err := NewProvider(Options{DataDir: dir}, quiet)
	if err == nil || !strings.Contains(err.Error(), serverKeyName) {
		t.Fatalf("err %v, want one naming %s", err, serverKeyName)
	}
	if !bytes.Equal(readCA(t, dir), before) {
		t.Error("a partial set was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, serverKeyName)); err == nil {
		t.Error("the missing key was regenerated")
	}

	// A lone stray file is a partial set too, not a reason to generate.
	dir2 := t.TempDir()
	mustWrite(t, filepath.Join(dir2, caKeyName), []byte("x"))
	if _, err := NewProvider(Options{DataDir: dir2}, quiet); err == nil || !strings.Contains(err.Error(), caCertName) {
		t.Fatalf("err %v", err)
	}
}

func readCA(t *testing.T, dir string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, caCertName))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A crash after the commit point (the pending directory exists) but before
// every file was moved is finished on the next start.
func TestInterruptedGeneration(t *testing.T) {
	dir := t.TempDir()
	files, err := newCertSet(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pend := filepath.Join(dir, pendingDirName)
	if err := os.Mkdir(pend, 0o700); err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		where := pend
		if i < 2 { // already moved before the "crash"
			where = dir
		}
		mustWrite(t, filepath.Join(where, f.name), f.data)
	}
	// And a staging directory that never reached the commit point.
	if err := os.Mkdir(filepath.Join(dir, stagingPrefix+"123"), 0o700); err != nil {
		t.Fatal(err)
	}
	p := newGenerated(t, dir)
	got := readAll(t, dir)
	for _, f := range files {
		if !bytes.Equal(got[f.name], f.data) {
			t.Errorf("%s differs from the committed set", f.name)
		}
	}
	if !bytes.Equal(p.cur.Load().cert.Certificate[0], parseCert(t, got[serverCertName]).Raw) {
		t.Error("provider does not use the committed server certificate")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != len(generatedNames) {
		t.Errorf("leftovers in %s: %d entries", dir, len(ents))
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{
		{CertFile: "c.pem"},
		{KeyFile: "k.pem"},
		{CAFile: "ca.pem", DataDir: t.TempDir()},
		{},
		{CertFile: "/nonexistent/c.pem", KeyFile: "/nonexistent/k.pem"},
	} {
		if _, err := NewProvider(o, quiet); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

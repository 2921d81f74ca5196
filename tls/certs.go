package tls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	stdtls "crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// File names in the data directory, the same as MySQL's auto_generate_certs,
// so tools and habits that know MySQL find them.
const (
	caCertName     = "ca.pem"
	caKeyName      = "ca-key.pem"
	serverCertName = "server-cert.pem"
	serverKeyName  = "server-key.pem"
	clientCertName = "client-cert.pem"
	clientKeyName  = "client-key.pem"

	// A complete generated set waits here until it is moved into place;
	// its existence is the commit point (see generate).
	pendingDirName = ".tls-pending"
	stagingPrefix  = ".tls-gen-"
)

// generatedNames is everything generation writes; requiredNames is what the
// server needs to run. ca-key.pem is not required so that an operator may
// keep the CA key elsewhere.
var (
	generatedNames = []string{caCertName, caKeyName, serverCertName, serverKeyName, clientCertName, clientKeyName}
	requiredNames  = []string{caCertName, serverCertName, serverKeyName}
)

// tls12Suites are the only TLS 1.2 suites offered: forward secret (ECDHE)
// and AEAD, for ECDSA and RSA certificates. TLS 1.3 suites are not
// configurable in crypto/tls and are all AEAD. The order does not matter:
// crypto/tls picks by its own preference (PreferServerCipherSuites is
// deprecated and ignored, so it is not set).
var tls12Suites = []uint16{
	stdtls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	stdtls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	stdtls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	stdtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	stdtls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	stdtls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

// Options says where certificates come from.
type Options struct {
	CertFile, KeyFile, CAFile string // from files (--tls-cert/--tls-key/--tls-ca); CAFile optional
	DataDir                   string // where to generate certificates when CertFile/KeyFile are empty
}

// Provider holds the server's current certificate and client-CA pool and
// hands out a *tls.Config. Safe for concurrent use.
type Provider struct {
	opts Options
	log  *slog.Logger
	mu   sync.Mutex // serializes Reload so an older read never replaces a newer one
	cur  atomic.Pointer[certState]
	cfg  *stdtls.Config
}

// certState is one loaded generation of certificates; never modified once
// published.
type certState struct {
	cert   *stdtls.Certificate
	pool   *x509.CertPool // client CAs; nil when no CA is known
	caPath string
	cfg    *stdtls.Config // what GetConfigForClient hands out
}

// NewProvider loads the certificates named in opts, or those in
// opts.DataDir, generating them there on first start.
func NewProvider(opts Options, log *slog.Logger) (*Provider, error) {
	if log == nil {
		log = slog.Default()
	}
	switch {
	case (opts.CertFile == "") != (opts.KeyFile == ""):
		return nil, errors.New("tls: --tls-cert and --tls-key must be given together")
	case opts.CertFile == "" && opts.CAFile != "":
		return nil, errors.New("tls: --tls-ca needs --tls-cert and --tls-key")
	case opts.CertFile == "" && opts.DataDir == "":
		return nil, errors.New("tls: no certificate files and no data directory to generate them in")
	}
	p := &Provider{opts: opts, log: log}
	if opts.CertFile == "" {
		if err := ensureGenerated(opts.DataDir, log); err != nil {
			return nil, err
		}
	}
	st, err := p.load()
	if err != nil {
		return nil, err
	}
	p.cur.Store(st)
	// The Config handed out is only a dispatcher: every handshake asks for
	// the current state's Config, so Reload needs no new Config and
	// connections already established keep what they negotiated. Session
	// ticket keys stay this Config's, so resumption survives a reload.
	p.cfg = &stdtls.Config{
		MinVersion:   stdtls.VersionTLS12,
		CipherSuites: tls12Suites,
		GetConfigForClient: func(*stdtls.ClientHelloInfo) (*stdtls.Config, error) {
			return p.cur.Load().cfg, nil
		},
	}
	log.Info("tls: certificates loaded", "cert", p.certPath(), "ca", st.caPath, "not_after", st.cert.Leaf.NotAfter)
	return p, nil
}

// Reload re-reads the files (SIGHUP). On error the previous certificates
// stay in use. Connections already established are unaffected; new
// handshakes use the new certs. Auto-generated certificates are re-read,
// never regenerated.
func (p *Provider) Reload() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, err := p.load()
	if err != nil {
		p.log.Warn("tls: reload failed, keeping the previous certificates", "err", err)
		return err
	}
	p.cur.Store(st)
	p.log.Info("tls: certificates reloaded", "cert", p.certPath(), "ca", st.caPath, "not_after", st.cert.Leaf.NotAfter)
	return nil
}

// ServerConfig returns the *tls.Config to give tls.Server. Built once; it
// uses GetConfigForClient so that Reload takes effect for new handshakes
// without a new Config.
func (p *Provider) ServerConfig() *stdtls.Config { return p.cfg }

// CAPath is the CA certificate file in use ("" if none): clients verify the
// server with it.
func (p *Provider) CAPath() string { return p.cur.Load().caPath }

// VerifyClientChain reports whether a client's certificate chain (from
// ConnectionState().PeerCertificates) verifies against the CA pool — for
// accounts with REQUIRE X509. It checks against the current pool, so a
// reload that drops a CA also stops its certificates from qualifying.
func (p *Provider) VerifyClientChain(certs []*x509.Certificate) bool {
	st := p.cur.Load()
	if st.pool == nil || len(certs) == 0 {
		return false
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := certs[0].Verify(x509.VerifyOptions{
		Roots:         st.pool,
		Intermediates: inter,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	return err == nil
}

func (p *Provider) paths() (cert, key, ca string) {
	if p.opts.CertFile != "" {
		return p.opts.CertFile, p.opts.KeyFile, p.opts.CAFile
	}
	d := p.opts.DataDir
	return filepath.Join(d, serverCertName), filepath.Join(d, serverKeyName), filepath.Join(d, caCertName)
}

func (p *Provider) certPath() string { c, _, _ := p.paths(); return c }

// load reads the certificate, key and CA into a new state without touching
// the current one.
func (p *Provider) load() (*certState, error) {
	certFile, keyFile, caFile := p.paths()
	pair, err := stdtls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("tls: load %s and %s: %w", certFile, keyFile, err)
	}
	st := &certState{cert: &pair}
	if caFile != "" {
		data, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(data) {
			return nil, fmt.Errorf("tls: %s holds no PEM certificate", caFile)
		}
		st.pool = pool
		if st.caPath, err = filepath.Abs(caFile); err != nil {
			st.caPath = caFile
		}
	}
	st.cfg = &stdtls.Config{
		MinVersion:   stdtls.VersionTLS12,
		CipherSuites: tls12Suites,
		Certificates: []stdtls.Certificate{pair},
		// CurvePreferences stays nil: Go's defaults include X25519MLKEM768.
	}
	if st.pool != nil {
		// Certificates are optional at the TLS level; REQUIRE X509 is enforced
		// per account after authentication. One that is offered must verify.
		st.cfg.ClientAuth = stdtls.VerifyClientCertIfGiven
		st.cfg.ClientCAs = st.pool
	}
	return st, nil
}

// ensureGenerated makes sure dir holds a usable set: it finishes a
// generation a crash interrupted, generates one if no file exists, and
// refuses a partial set rather than overwriting it.
func ensureGenerated(dir string, log *slog.Logger) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	if moved, err := finishPending(dir); err != nil {
		return err
	} else if moved {
		log.Warn("tls: finished a certificate generation interrupted by a crash", "dir", dir)
	}
	// Staging directories without the pending name were never complete.
	stale, _ := filepath.Glob(filepath.Join(dir, stagingPrefix+"*"))
	for _, s := range stale {
		os.RemoveAll(s)
	}
	var have, missing []string
	for _, n := range generatedNames {
		_, err := os.Lstat(filepath.Join(dir, n))
		switch {
		case err == nil:
			have = append(have, n)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("tls: %w", err)
		}
	}
	if len(have) == 0 {
		if err := generate(dir, time.Now()); err != nil {
			return err
		}
		log.Info("tls: generated a CA, server and client certificates", "dir", dir,
			"ca", caCertName, "server", serverCertName, "client", clientCertName)
		return nil
	}
	for _, n := range requiredNames {
		if !slices.Contains(have, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("tls: incomplete certificate set in %s: missing %s (found %s); restore them, or remove the others to have a new set generated",
			dir, strings.Join(missing, ", "), strings.Join(have, ", "))
	}
	return nil
}

// generate writes a new set into dir. Files are written and synced in a
// private staging directory, which is then renamed to pendingDirName: that
// rename is the commit point. finishPending moves the files into place, now
// or on the next start after a crash, so dir never keeps a half set.
func generate(dir string, now time.Time) error {
	files, err := newCertSet(now)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for _, f := range files {
		if err := writeSynced(filepath.Join(tmp, f.name), f.data, f.perm); err != nil {
			return err
		}
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, pendingDirName)); err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	_, err = finishPending(dir)
	return err
}

// finishPending moves a committed set from pendingDirName into dir.
// Renames move, so each file is in exactly one of the two places and a
// repeated call picks up where a crash stopped.
func finishPending(dir string) (bool, error) {
	pend := filepath.Join(dir, pendingDirName)
	ents, err := os.ReadDir(pend)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("tls: %w", err)
	}
	for _, e := range ents {
		if err := os.Rename(filepath.Join(pend, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			return false, fmt.Errorf("tls: %w", err)
		}
	}
	if err := syncDir(dir); err != nil {
		return false, err
	}
	if err := os.Remove(pend); err != nil {
		return false, fmt.Errorf("tls: %w", err)
	}
	return true, nil
}

type pemFile struct {
	name string
	data []byte
	perm os.FileMode
}

// newCertSet creates, in memory, a CA and a server and a client certificate
// signed by it, as MySQL's auto_generate_certs does (with ECDSA P-256
// instead of RSA: smaller and faster handshakes, supported by every client).
func newCertSet(now time.Time) ([]pemFile, error) {
	ca, caKey, err := issue(&x509.Certificate{
		Subject:               pkix.Name{CommonName: "loopdb_Auto_Generated_CA_Certificate"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}, nil, nil, now)
	if err != nil {
		return nil, err
	}
	dns, ips := serverNames()
	srv, srvKey, err := issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "loopdb_Auto_Generated_Server_Certificate"},
		DNSNames:    dns,
		IPAddresses: ips,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ca, caKey, now)
	if err != nil {
		return nil, err
	}
	cli, cliKey, err := issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "loopdb_Auto_Generated_Client_Certificate"},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, ca, caKey, now)
	if err != nil {
		return nil, err
	}
	var files []pemFile
	for _, c := range []struct {
		certName, keyName string
		cert              *x509.Certificate
		key               *ecdsa.PrivateKey
	}{
		{caCertName, caKeyName, ca, caKey},
		{serverCertName, serverKeyName, srv, srvKey},
		{clientCertName, clientKeyName, cli, cliKey},
	} {
		der, err := x509.MarshalPKCS8PrivateKey(c.key)
		if err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		files = append(files,
			pemFile{c.certName, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.cert.Raw}), 0o644},
			pemFile{c.keyName, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600})
	}
	return files, nil
}

// issue creates a P-256 key and a 10-year certificate for it from tmpl,
// signed by parent (self-signed when parent is nil). A nil SerialNumber
// makes crypto/x509 pick a random one, so no two generated certificates
// (in this set or another) share issuer and serial, which clients reject.
func issue(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, now time.Time) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: %w", err)
	}
	tmpl.NotBefore = now.Add(-time.Hour) // tolerate clients whose clock is a little behind
	tmpl.NotAfter = now.AddDate(10, 0, 0)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: create certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: %w", err)
	}
	return cert, key, nil
}

// serverNames are the names a local client may dial: localhost, the
// loopback addresses and this machine's host name.
func serverNames() ([]string, []net.IP) {
	dns := []string{"localhost"}
	ips := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	if h, err := os.Hostname(); err == nil && h != "" && h != "localhost" {
		if ip := net.ParseIP(h); ip != nil {
			ips = append(ips, ip)
		} else {
			dns = append(dns, h)
		}
	}
	return dns, ips
}

func writeSynced(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("tls: write %s: %w", path, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	err = d.Sync()
	d.Close()
	if err != nil {
		return fmt.Errorf("tls: sync %s: %w", dir, err)
	}
	return nil
}

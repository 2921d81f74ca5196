package server

import (
	"fmt"
	"path/filepath"
	"runtime"

	looptls "github.com/loopdb/loopdb/tls"
)

// setupTLS loads or generates the certificates when TLS is on, and returns
// the global variables that describe it.
func (s *Server) setupTLS() (map[string]string, error) {
	cfg := s.cfg
	if !cfg.TLS {
		return map[string]string{"have_ssl": "DISABLED", "have_openssl": "DISABLED"}, nil
	}
	p, err := looptls.NewProvider(looptls.Options{
		CertFile: cfg.TLSCert, KeyFile: cfg.TLSKey, CAFile: cfg.TLSCA, DataDir: cfg.DataDir,
	}, s.log.With("component", "tls"))
	if err != nil {
		return nil, fmt.Errorf("TLS certificates: %w", err)
	}
	s.tls = p
	n := cfg.TLSHandshakes
	if n <= 0 {
		// Half the CPUs: a flood of handshakes leaves the rest to
		// established connections.
		n = max(1, runtime.NumCPU()/2)
	}
	s.tlsGate = looptls.NewGate(n)
	cert, key := cfg.TLSCert, cfg.TLSKey
	if cert == "" {
		dir, _ := filepath.Abs(cfg.DataDir)
		cert, key = filepath.Join(dir, "server-cert.pem"), filepath.Join(dir, "server-key.pem")
	}
	return map[string]string{
		"have_ssl": "YES", "have_openssl": "YES", "tls_version": "TLSv1.2,TLSv1.3",
		"ssl_ca": p.CAPath(), "ssl_cert": cert, "ssl_key": key,
	}, nil
}

// reloadTLS re-reads the certificates (SIGHUP). New handshakes use them;
// established connections keep theirs. A failed reload keeps the old ones.
func (s *Server) reloadTLS() {
	if s.tls == nil {
		return
	}
	if err := s.tls.Reload(); err != nil {
		s.log.Error("reloading TLS certificates; keeping the old ones", "error", err)
		return
	}
	s.log.Info("reloaded TLS certificates")
}

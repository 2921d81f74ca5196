package e2e

// Raw-protocol logins for the tests: internal/myclient is the client; these helpers only
// connect it to a server the harness started.

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// rawLoginOver dials network/addr, starts TLS when cfg is set, and logs in as user.
func rawLoginOver(network, addr string, cfg *tls.Config, user, password string) (*myclient.Conn, error) {
	rc, err := myclient.Dial(network, addr)
	if err != nil {
		return nil, err
	}
	if cfg != nil {
		if err := rc.StartTLS(cfg); err != nil {
			rc.Close()
			return nil, err
		}
	}
	if err := rc.Login(user, password, ""); err != nil {
		rc.Close()
		return nil, err
	}
	return rc, nil
}

// rawLogin dials the server over TCP and logs in as root with the server's root password.
func rawLogin(s *server, db string) (*myclient.Conn, error) {
	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		return nil, err
	}
	if err := rc.Login("root", s.rootPW, db); err != nil {
		rc.Close()
		return nil, err
	}
	return rc, nil
}

// mustRawLogin logs in over TCP as root or fails the test.
func mustRawLogin(t *testing.T, s *server, db string) *myclient.Conn {
	t.Helper()
	rc, err := rawLogin(s, db)
	if err != nil {
		t.Fatalf("raw login: %v", err)
	}
	t.Cleanup(func() { rc.Close() })
	rc.Bound(20 * time.Second)
	return rc
}

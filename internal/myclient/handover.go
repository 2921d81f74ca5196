package myclient

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
)

// LoginOn logs in on an open connection nc as user and hands the socket back for the caller's
// own framing: the load tools in bench/ use it. With tlsConfig set it first switches the
// connection to TLS and returns the TLS connection, which the caller then uses instead of nc.
// It sets no deadlines of its own; the caller closes nc on error.
func LoginOn(nc net.Conn, user, password string, tlsConfig *tls.Config) (net.Conn, error) {
	c, err := Handshake(nc)
	if err != nil {
		return nil, err
	}
	if tlsConfig != nil {
		if err := c.StartTLS(tlsConfig); err != nil {
			return nil, fmt.Errorf("TLS: %w", err)
		}
	}
	if err := c.Login(user, password, ""); err != nil {
		return nil, err
	}
	// The server sends nothing unasked after its OK; a byte left in the buffer would be lost to
	// the caller, who reads the socket directly.
	if c.r.Buffered() != 0 {
		return nil, errors.New("login: unexpected bytes after the server's OK")
	}
	return c.nc, nil
}

package myclient

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/binary"
	"net"
)

// SSLRequest is the 32-byte SSLRequest payload: HandshakeResponse41's fixed part with
// CLIENT_SSL.
func (c *Conn) SSLRequest() []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint32(baseCaps|CapSSL)|c.ExtraCaps)
	binary.Write(&b, binary.LittleEndian, uint32(maxPacketSize))
	b.WriteByte(charsetUTF8MB4)
	b.Write(make([]byte, 23))
	return b.Bytes()
}

// StartTLS sends the SSLRequest and runs the TLS handshake; Login then continues inside TLS.
func (c *Conn) StartTLS(cfg *tls.Config) error {
	if err := c.WritePacket(c.SSLRequest()); err != nil {
		return err
	}
	return c.handshakeTLS(c.nc, cfg)
}

// StartTLSPipelined sends the SSLRequest in the same write as the ClientHello, as a client may:
// the server must not lose those bytes.
func (c *Conn) StartTLSPipelined(cfg *tls.Config) error {
	prefix := Frame(c.seq, c.SSLRequest())
	c.seq++
	return c.handshakeTLS(&prefixConn{Conn: c.nc, prefix: prefix}, cfg)
}

// prefixConn sends prefix together with the first write.
type prefixConn struct {
	net.Conn
	prefix []byte
}

func (p *prefixConn) Write(b []byte) (int, error) {
	if p.prefix != nil {
		buf := append(p.prefix, b...)
		p.prefix = nil
		if _, err := p.Conn.Write(buf); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return p.Conn.Write(b)
}

func (c *Conn) handshakeTLS(under net.Conn, cfg *tls.Config) error {
	tc := tls.Client(under, cfg)
	unbound := c.bound(tc)
	if err := tc.Handshake(); err != nil {
		return err
	}
	unbound()
	c.nc, c.r, c.secure = tc, bufio.NewReader(tc), true
	c.ExtraCaps |= CapSSL
	return nil
}

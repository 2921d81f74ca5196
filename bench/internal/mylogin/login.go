// Package mylogin is the MySQL login the load tools in bench/ share:
// HandshakeV10 in, optionally an SSLRequest and a TLS handshake, then
// HandshakeResponse41 and whatever the server's plugin needs
// (mysql_native_password; caching_sha2_password fast path, or full path
// with the password in clear inside TLS or on a unix socket, RSA-OAEP with
// the server's public key on plain TCP). It is written from the protocol
// documentation and shares nothing with the server's codec.
package mylogin

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
)

const (
	capLongPassword     = 0x00000001
	capProtocol41       = 0x00000200
	capTransactions     = 0x00002000
	capSecureConnection = 0x00008000
	capPluginAuth       = 0x00080000
	capPluginAuthLenenc = 0x00200000
	capSSL              = 0x00000800
)

type session struct {
	nc       net.Conn
	secure   bool // TLS or a unix socket: full auth may send the password in clear
	seq      byte
	scramble []byte
}

// read reads one packet straight from the connection: the server sends
// nothing unasked after its OK, so no bytes are left behind in a buffer.
func (s *session) read() ([]byte, error) {
	var h [4]byte
	if _, err := io.ReadFull(s.nc, h[:]); err != nil {
		return nil, err
	}
	s.seq = h[3] + 1
	p := make([]byte, int(h[0])|int(h[1])<<8|int(h[2])<<16)
	_, err := io.ReadFull(s.nc, p)
	return p, err
}

func (s *session) write(p []byte) error {
	n := len(p)
	_, err := s.nc.Write(append([]byte{byte(n), byte(n >> 8), byte(n >> 16), s.seq}, p...))
	s.seq++
	return err
}

// Login logs in on nc as user. With tlsConfig set it first switches the
// connection to TLS and returns the TLS connection, which the caller then
// uses instead of nc.
func Login(nc net.Conn, user, password string, tlsConfig *tls.Config) (net.Conn, error) {
	_, unix := nc.(*net.UnixConn)
	s := &session{nc: nc, secure: unix}
	g, err := s.read()
	if err != nil {
		return nil, fmt.Errorf("greeting: %w", err)
	}
	if len(g) > 0 && g[0] == 0xff {
		return nil, errPacket(g)
	}
	plugin, err := s.parseGreeting(g)
	if err != nil {
		return nil, err
	}
	if plugin != "mysql_native_password" {
		plugin = "caching_sha2_password"
	}
	caps := uint32(capLongPassword | capProtocol41 | capTransactions | capSecureConnection |
		capPluginAuth | capPluginAuthLenenc)
	if tlsConfig != nil {
		caps |= capSSL
	}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, caps)
	binary.Write(&b, binary.LittleEndian, uint32(16<<20))
	b.WriteByte(45) // utf8mb4
	b.Write(make([]byte, 23))
	if tlsConfig != nil {
		if err := s.write(b.Bytes()); err != nil { // SSLRequest: the response's fixed part
			return nil, err
		}
		tc := tls.Client(nc, tlsConfig)
		if err := tc.Handshake(); err != nil {
			return nil, fmt.Errorf("TLS: %w", err)
		}
		s.nc, s.secure = tc, true
	}
	auth := scramble(plugin, password, s.scramble)
	b.WriteString(user)
	b.WriteByte(0)
	b.WriteByte(byte(len(auth)))
	b.Write(auth)
	b.WriteString(plugin)
	b.WriteByte(0)
	if err := s.write(b.Bytes()); err != nil {
		return nil, err
	}
	if err := s.authenticate(plugin, password); err != nil {
		return nil, err
	}
	return s.nc, nil
}

// authenticate follows the server until its OK.
func (s *session) authenticate(plugin, password string) error {
	for {
		p, err := s.read()
		if err != nil {
			return fmt.Errorf("auth: %w", err)
		}
		if len(p) == 0 {
			return errors.New("auth: empty packet")
		}
		switch {
		case p[0] == 0x00:
			return nil
		case p[0] == 0xff:
			return errPacket(p)
		case p[0] == 0xfe: // AuthSwitchRequest
			name, data, _ := bytes.Cut(p[1:], []byte{0})
			plugin = string(name)
			s.scramble = bytes.TrimRight(data, "\x00")
			if err := s.write(scramble(plugin, password, s.scramble)); err != nil {
				return err
			}
		case p[0] == 0x01 && len(p) == 2 && p[1] == 0x03: // fast path: OK follows
		case p[0] == 0x01 && len(p) == 2 && p[1] == 0x04:
			if err := s.fullAuth(password); err != nil {
				return err
			}
		default:
			return fmt.Errorf("auth: unexpected packet % x", p[:min(len(p), 16)])
		}
	}
}

// parseGreeting extracts the scramble and the auth plugin from HandshakeV10.
func (s *session) parseGreeting(g []byte) (string, error) {
	bad := fmt.Errorf("malformed greeting % x", g[:min(len(g), 64)])
	if len(g) < 1 || g[0] != 10 {
		return "", bad
	}
	i := bytes.IndexByte(g[1:], 0)
	if i < 0 {
		return "", bad
	}
	p := g[1+i+1:] // after the version string
	if len(p) < 4+8+1+2+1+2+2+1+10 {
		return "", bad
	}
	part1 := p[4:12]
	authLen := int(p[4+8+1+2+1+2+2])
	p = p[4+8+1+2+1+2+2+1+10:]
	n := max(13, authLen-8)
	if len(p) < n {
		return "", bad
	}
	s.scramble = append(append([]byte{}, part1...), bytes.TrimRight(p[:n], "\x00")...)
	plugin, _, _ := bytes.Cut(p[n:], []byte{0})
	return string(plugin), nil
}

func (s *session) fullAuth(password string) error {
	if s.secure {
		return s.write(append([]byte(password), 0))
	}
	if err := s.write([]byte{0x02}); err != nil { // request the public key
		return err
	}
	p, err := s.read()
	if err != nil {
		return err
	}
	if len(p) < 2 || p[0] != 0x01 {
		return fmt.Errorf("public key: unexpected packet % x", p[:min(len(p), 16)])
	}
	blk, _ := pem.Decode(p[1:])
	if blk == nil {
		return errors.New("public key: no PEM block")
	}
	key, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return err
	}
	pub, ok := key.(*rsa.PublicKey)
	if !ok {
		return fmt.Errorf("public key is %T", key)
	}
	plain := append([]byte(password), 0)
	for i := range plain {
		plain[i] ^= s.scramble[i%len(s.scramble)]
	}
	ct, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, pub, plain, nil)
	if err != nil {
		return err
	}
	return s.write(ct)
}

func scramble(plugin, password string, salt []byte) []byte {
	if password == "" {
		return nil
	}
	if plugin == "mysql_native_password" {
		s1 := sha1.Sum([]byte(password))
		s2 := sha1.Sum(s1[:])
		x := sha1.Sum(append(append([]byte{}, salt...), s2[:]...))
		for i := range x {
			x[i] ^= s1[i]
		}
		return x[:]
	}
	s1 := sha256.Sum256([]byte(password))
	s2 := sha256.Sum256(s1[:])
	x := sha256.Sum256(append(s2[:], salt...))
	for i := range x {
		x[i] ^= s1[i]
	}
	return x[:]
}

func errPacket(p []byte) error {
	if len(p) < 3 {
		return errors.New("short ERR packet")
	}
	msg := p[3:]
	if len(msg) >= 6 && msg[0] == '#' {
		msg = msg[6:]
	}
	return fmt.Errorf("server error %d: %s", binary.LittleEndian.Uint16(p[1:3]), msg)
}

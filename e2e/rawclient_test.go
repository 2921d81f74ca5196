package e2e

// A deliberately small MySQL client written from the protocol documentation, independent of the
// server's codec package: tests use it to send exactly the bytes they mean (unknown commands,
// oversized packets, garbage) and to observe exactly what comes back (which auth path the server
// took, error codes, whether the socket was closed).

import (
	"bufio"
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
	"time"
)

// Capability flags the raw client uses.
const (
	capLongPassword     = 0x00000001
	capConnectWithDB    = 0x00000008
	capProtocol41       = 0x00000200
	capTransactions     = 0x00002000
	capSecureConnection = 0x00008000
	capMultiStatements  = 0x00010000
	capMultiResults     = 0x00020000
	capPluginAuth       = 0x00080000
	capPluginAuthLenenc = 0x00200000
	capCompress         = 0x00000020
	capSSL              = 0x00000800
	capLocalFiles       = 0x00000080
)

// Command bytes.
const (
	comQuit      = 0x01
	comInitDB    = 0x02
	comQuery     = 0x03
	comFieldList = 0x04
	comPing      = 0x0e
)

type rawConn struct {
	c   net.Conn
	r   *bufio.Reader
	seq byte

	// From the server's HandshakeV10.
	protoVersion byte
	version      string
	connID       uint32
	serverCaps   uint32
	scramble     []byte // 20 bytes
	plugin       string

	// extraCaps are added to the capabilities login sends (e.g. capCompress).
	extraCaps uint32

	// secure is set once startTLS succeeded: full auth then sends the
	// password in clear, as real clients do.
	secure bool

	// AuthPath records the caching_sha2 exchange the server chose: "fast" (01 03), "full"
	// (01 04), or "" when the server answered OK straight away.
	AuthPath string
}

// rawDial connects and reads the greeting. network is "tcp" or "unix".
func rawDial(network, addr string) (*rawConn, error) {
	c, err := net.DialTimeout(network, addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	rc := &rawConn{c: c, r: bufio.NewReader(c)}
	if err := rc.readGreeting(); err != nil {
		c.Close()
		return nil, err
	}
	return rc, nil
}

func (rc *rawConn) Close() error { return rc.c.Close() }

// readPacket reads one packet (no 16 MB chains: tests never receive one) and checks the sequence.
func (rc *rawConn) readPacket() ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(rc.r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
	if hdr[3] != rc.seq {
		return nil, fmt.Errorf("packet sequence %d, want %d", hdr[3], rc.seq)
	}
	rc.seq++
	p := make([]byte, n)
	if _, err := io.ReadFull(rc.r, p); err != nil {
		return nil, err
	}
	return p, nil
}

// writePacket frames payload with the current sequence id (splitting at 0xFFFFFF as the
// protocol requires).
func (rc *rawConn) writePacket(payload []byte) error {
	var out bytes.Buffer
	for {
		n := min(len(payload), 0xFFFFFF)
		out.Write([]byte{byte(n), byte(n >> 8), byte(n >> 16), rc.seq})
		out.Write(payload[:n])
		rc.seq++
		payload = payload[n:]
		if n < 0xFFFFFF {
			break
		}
	}
	_, err := rc.c.Write(out.Bytes())
	return err
}

// command starts a new command (sequence 0) and sends it.
func (rc *rawConn) command(cmd byte, arg []byte) error {
	rc.seq = 0
	return rc.writePacket(append([]byte{cmd}, arg...))
}

func (rc *rawConn) readGreeting() error {
	rc.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	defer rc.c.SetReadDeadline(time.Time{})
	p, err := rc.readPacket()
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	if len(p) > 0 && p[0] == 0xff {
		return parseErr(p)
	}
	d := &decoder{b: p}
	rc.protoVersion = d.u8()
	rc.version = d.nulString()
	rc.connID = d.u32()
	part1 := d.bytes(8)
	d.u8() // filler
	capLo := uint32(d.u16())
	d.u8()  // charset
	d.u16() // status
	capHi := uint32(d.u16())
	rc.serverCaps = capLo | capHi<<16
	authLen := int(d.u8())
	d.bytes(10)
	part2 := d.bytes(max(13, authLen-8))
	rc.plugin = d.nulString()
	if d.err != nil {
		return fmt.Errorf("greeting: %w (% x)", d.err, p)
	}
	rc.scramble = append(append([]byte{}, part1...), bytes.TrimRight(part2, "\x00")...)
	return nil
}

// sslRequest is the 32-byte SSLRequest payload: HandshakeResponse41's
// fixed part with CLIENT_SSL.
func (rc *rawConn) sslRequest() []byte {
	var b bytes.Buffer
	caps := uint32(capLongPassword|capProtocol41|capTransactions|capSecureConnection|
		capMultiStatements|capMultiResults|capPluginAuth|capPluginAuthLenenc|capSSL) | rc.extraCaps
	binary.Write(&b, binary.LittleEndian, caps)
	binary.Write(&b, binary.LittleEndian, uint32(16<<20))
	b.WriteByte(45)
	b.Write(make([]byte, 23))
	return b.Bytes()
}

// startTLS sends the SSLRequest and runs the TLS handshake; login then
// continues inside TLS.
func (rc *rawConn) startTLS(cfg *tls.Config) error {
	if err := rc.writePacket(rc.sslRequest()); err != nil {
		return err
	}
	return rc.handshakeTLS(rc.c, cfg)
}

// startTLSPipelined sends the SSLRequest in the same write as the
// ClientHello, as a client may: the server must not lose those bytes.
func (rc *rawConn) startTLSPipelined(cfg *tls.Config) error {
	n := len(rc.sslRequest())
	prefix := append([]byte{byte(n), byte(n >> 8), byte(n >> 16), rc.seq}, rc.sslRequest()...)
	rc.seq++
	return rc.handshakeTLS(&prefixConn{Conn: rc.c, prefix: prefix}, cfg)
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

func (rc *rawConn) handshakeTLS(under net.Conn, cfg *tls.Config) error {
	tc := tls.Client(under, cfg)
	tc.SetDeadline(time.Now().Add(10 * time.Second))
	if err := tc.Handshake(); err != nil {
		return err
	}
	tc.SetDeadline(time.Time{})
	rc.c, rc.r, rc.secure = tc, bufio.NewReader(tc), true
	rc.extraCaps |= capSSL
	return nil
}

// login sends HandshakeResponse41 and completes authentication (native, caching_sha2 fast
// path, or full path with RSA key retrieval on TCP / cleartext on unix sockets).
func (rc *rawConn) login(user, password, db string) error {
	rc.c.SetDeadline(time.Now().Add(10 * time.Second))
	defer rc.c.SetDeadline(time.Time{})
	caps := uint32(capLongPassword|capProtocol41|capTransactions|capSecureConnection|
		capMultiStatements|capMultiResults|capPluginAuth|capPluginAuthLenenc) | rc.extraCaps
	if db != "" {
		caps |= capConnectWithDB
	}
	plugin := rc.plugin
	if plugin != "mysql_native_password" {
		plugin = "caching_sha2_password"
	}
	auth := scrambleFor(plugin, password, rc.scramble)
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, caps)
	binary.Write(&b, binary.LittleEndian, uint32(16<<20))
	b.WriteByte(45) // utf8mb4_general_ci
	b.Write(make([]byte, 23))
	b.WriteString(user)
	b.WriteByte(0)
	b.WriteByte(byte(len(auth))) // lenenc, always < 251 here
	b.Write(auth)
	if db != "" {
		b.WriteString(db)
		b.WriteByte(0)
	}
	b.WriteString(plugin)
	b.WriteByte(0)
	if err := rc.writePacket(b.Bytes()); err != nil {
		return err
	}
	return rc.authLoop(plugin, password)
}

func (rc *rawConn) authLoop(plugin, password string) error {
	for {
		p, err := rc.readPacket()
		if err != nil {
			return fmt.Errorf("auth: %w", err)
		}
		if len(p) == 0 {
			return errors.New("auth: empty packet")
		}
		switch p[0] {
		case 0x00:
			return nil
		case 0xff:
			return parseErr(p)
		case 0xfe: // AuthSwitchRequest: plugin NUL data
			d := &decoder{b: p[1:]}
			plugin = d.nulString()
			rc.scramble = bytes.TrimRight(d.rest(), "\x00")
			if err := rc.writePacket(scrambleFor(plugin, password, rc.scramble)); err != nil {
				return err
			}
		case 0x01: // AuthMoreData
			if plugin != "caching_sha2_password" || len(p) < 2 {
				return fmt.Errorf("auth: unexpected AuthMoreData % x", p)
			}
			switch p[1] {
			case 0x03:
				rc.AuthPath = "fast"
			case 0x04:
				rc.AuthPath = "full"
				if err := rc.fullAuth(password); err != nil {
					return err
				}
			default:
				return fmt.Errorf("auth: unexpected AuthMoreData % x", p)
			}
		default:
			return fmt.Errorf("auth: unexpected packet % x", p)
		}
	}
}

// fullAuth sends the password in clear on a unix socket, or RSA-encrypted after fetching the
// server's public key on TCP.
func (rc *rawConn) fullAuth(password string) error {
	if rc.secure || rc.c.RemoteAddr().Network() == "unix" {
		return rc.writePacket(append([]byte(password), 0))
	}
	if err := rc.writePacket([]byte{0x02}); err != nil {
		return err
	}
	p, err := rc.readPacket()
	if err != nil {
		return fmt.Errorf("public key: %w", err)
	}
	if len(p) < 2 || p[0] != 0x01 {
		return fmt.Errorf("public key: unexpected packet % x", p[:min(len(p), 16)])
	}
	blk, _ := pem.Decode(p[1:])
	if blk == nil {
		return fmt.Errorf("public key: no PEM block in %q", p[1:])
	}
	key, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return fmt.Errorf("public key: %w", err)
	}
	pub, ok := key.(*rsa.PublicKey)
	if !ok {
		return fmt.Errorf("public key: %T, want RSA", key)
	}
	plain := append([]byte(password), 0)
	for i := range plain {
		plain[i] ^= rc.scramble[i%len(rc.scramble)]
	}
	ct, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, pub, plain, nil)
	if err != nil {
		return err
	}
	return rc.writePacket(ct)
}

func scrambleFor(plugin, password string, scramble []byte) []byte {
	if password == "" {
		return nil
	}
	if plugin == "mysql_native_password" {
		// SHA1(pw) XOR SHA1(scramble || SHA1(SHA1(pw)))
		s1 := sha1.Sum([]byte(password))
		s2 := sha1.Sum(s1[:])
		h := sha1.New()
		h.Write(scramble)
		h.Write(s2[:])
		x := h.Sum(nil)
		for i := range x {
			x[i] ^= s1[i]
		}
		return x
	}
	// caching_sha2: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) || scramble)
	s1 := sha256.Sum256([]byte(password))
	s2 := sha256.Sum256(s1[:])
	h := sha256.New()
	h.Write(s2[:])
	h.Write(scramble)
	x := h.Sum(nil)
	for i := range x {
		x[i] ^= s1[i]
	}
	return x
}

// mysqlErr is an ERR packet as the client sees it.
type mysqlErr struct {
	Code  uint16
	State string
	Msg   string
}

func (e *mysqlErr) Error() string { return fmt.Sprintf("ERROR %d (%s): %s", e.Code, e.State, e.Msg) }

func parseErr(p []byte) error {
	if len(p) < 3 || p[0] != 0xff {
		return fmt.Errorf("not an ERR packet: % x", p)
	}
	e := &mysqlErr{Code: binary.LittleEndian.Uint16(p[1:3])}
	rest := p[3:]
	if len(rest) >= 6 && rest[0] == '#' {
		e.State = string(rest[1:6])
		rest = rest[6:]
	}
	e.Msg = string(rest)
	return e
}

// asMySQLErr returns the code of a *mysqlErr, or 0.
func errCode(err error) uint16 {
	var me *mysqlErr
	if errors.As(err, &me) {
		return me.Code
	}
	return 0
}

// isEOFPacket: 0xFE with a short payload ends a column list or row set (no CLIENT_DEPRECATE_EOF).
func isEOFPacket(p []byte) bool { return len(p) > 0 && p[0] == 0xfe && len(p) < 9 }

// resultSet is a text-protocol result read by query.
type resultSet struct {
	Columns []string
	Rows    [][]*string // nil = SQL NULL
}

// simpleReply reads an OK or ERR answer.
func (rc *rawConn) simpleReply() error {
	p, err := rc.readPacket()
	if err != nil {
		return err
	}
	switch {
	case len(p) > 0 && p[0] == 0x00:
		return nil
	case len(p) > 0 && p[0] == 0xff:
		return parseErr(p)
	}
	return fmt.Errorf("want OK/ERR, got % x", p[:min(len(p), 32)])
}

func (rc *rawConn) ping() error {
	if err := rc.command(comPing, nil); err != nil {
		return err
	}
	return rc.simpleReply()
}

// query runs one statement and reads its (single) result: nil result for an OK packet.
func (rc *rawConn) query(sql string) (*resultSet, error) {
	if err := rc.command(comQuery, []byte(sql)); err != nil {
		return nil, err
	}
	return rc.readResult()
}

func (rc *rawConn) readResult() (*resultSet, error) {
	p, err := rc.readPacket()
	if err != nil {
		return nil, err
	}
	switch {
	case len(p) == 0:
		return nil, errors.New("empty result packet")
	case p[0] == 0x00:
		return nil, nil
	case p[0] == 0xff:
		return nil, parseErr(p)
	}
	d := &decoder{b: p}
	ncol := d.lenenc()
	if d.err != nil || ncol == 0 || ncol > 4096 {
		return nil, fmt.Errorf("bad column count packet % x", p)
	}
	rs := &resultSet{}
	for i := uint64(0); i < ncol; i++ {
		p, err := rc.readPacket()
		if err != nil {
			return nil, err
		}
		name, err := columnName(p)
		if err != nil {
			return nil, err
		}
		rs.Columns = append(rs.Columns, name)
	}
	if p, err := rc.readPacket(); err != nil {
		return nil, err
	} else if !isEOFPacket(p) {
		return nil, fmt.Errorf("want EOF after columns, got % x", p)
	}
	for {
		p, err := rc.readPacket()
		if err != nil {
			return nil, err
		}
		if isEOFPacket(p) {
			return rs, nil
		}
		if p[0] == 0xff {
			return nil, parseErr(p)
		}
		d := &decoder{b: p}
		row := make([]*string, 0, ncol)
		for i := uint64(0); i < ncol; i++ {
			if d.peek() == 0xfb {
				d.u8()
				row = append(row, nil)
				continue
			}
			s := string(d.lenencBytes())
			row = append(row, &s)
		}
		if d.err != nil || len(d.b) != 0 {
			return nil, fmt.Errorf("bad row % x", p)
		}
		rs.Rows = append(rs.Rows, row)
	}
}

// columnName extracts the name from a ColumnDefinition41 packet.
func columnName(p []byte) (string, error) {
	d := &decoder{b: p}
	for i := 0; i < 4; i++ { // catalog, schema, table, org_table
		d.lenencBytes()
	}
	name := d.lenencBytes()
	if d.err != nil {
		return "", fmt.Errorf("bad column definition % x", p)
	}
	return string(name), nil
}

// waitClosed reads until the server closes the connection or bound passes. It returns the ERR
// packet the server sent before closing (if any) and the time it took; closed=false on timeout.
func (rc *rawConn) waitClosed(bound time.Duration) (lastErr error, elapsed time.Duration, closed bool) {
	start := time.Now()
	rc.c.SetReadDeadline(start.Add(bound))
	defer rc.c.SetReadDeadline(time.Time{})
	buf := make([]byte, 4096)
	var got []byte
	for {
		n, err := rc.c.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return nil, time.Since(start), false
			}
			// Report an ERR packet sent before the close, if there was one.
			if len(got) > 4 && got[4] == 0xff {
				return parseErr(got[4:]), time.Since(start), true
			}
			return nil, time.Since(start), true
		}
	}
}

// decoder reads little-endian protocol fields; the first short read sets err (no panics).
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || len(d.b) < n {
		d.fail()
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = io.ErrUnexpectedEOF
	}
	d.b = nil
}

func (d *decoder) peek() byte {
	if len(d.b) == 0 {
		return 0
	}
	return d.b[0]
}

func (d *decoder) u8() byte {
	if v := d.bytes(1); v != nil {
		return v[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if v := d.bytes(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if v := d.bytes(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (d *decoder) nulString() string {
	i := bytes.IndexByte(d.b, 0)
	if d.err != nil || i < 0 {
		d.fail()
		return ""
	}
	s := string(d.b[:i])
	d.b = d.b[i+1:]
	return s
}

func (d *decoder) rest() []byte {
	v := d.b
	d.b = nil
	return v
}

func (d *decoder) lenenc() uint64 {
	switch c := d.u8(); {
	case c < 0xfb:
		return uint64(c)
	case c == 0xfc:
		return uint64(d.u16())
	case c == 0xfd:
		v := d.bytes(3)
		if v == nil {
			return 0
		}
		return uint64(v[0]) | uint64(v[1])<<8 | uint64(v[2])<<16
	case c == 0xfe:
		v := d.bytes(8)
		if v == nil {
			return 0
		}
		return binary.LittleEndian.Uint64(v)
	default:
		d.fail()
		return 0
	}
}

func (d *decoder) lenencBytes() []byte {
	n := d.lenenc()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	return d.bytes(int(n))
}

// rawLogin dials the server over TCP and logs in as root with the server's root password.
// rawLoginOver dials network/addr, starts TLS when cfg is set, and logs
// in as user.
func rawLoginOver(network, addr string, cfg *tls.Config, user, password string) (*rawConn, error) {
	rc, err := rawDial(network, addr)
	if err != nil {
		return nil, err
	}
	if cfg != nil {
		if err := rc.startTLS(cfg); err != nil {
			rc.Close()
			return nil, err
		}
	}
	if err := rc.login(user, password, ""); err != nil {
		rc.Close()
		return nil, err
	}
	return rc, nil
}

func rawLogin(s *server, db string) (*rawConn, error) {
	rc, err := rawDial("tcp", s.addr)
	if err != nil {
		return nil, err
	}
	if err := rc.login("root", s.rootPW, db); err != nil {
		rc.Close()
		return nil, err
	}
	return rc, nil
}

package myclient

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"slices"
	"time"
)

// Conn is one client connection: the socket, the packet sequence and what the server's
// greeting said. It is not safe for concurrent use.
type Conn struct {
	nc  net.Conn
	r   *bufio.Reader
	seq byte

	// From the server's HandshakeV10.
	ProtoVersion byte
	Version      string
	ConnID       uint32
	ServerCaps   uint32
	Scramble     []byte // 20 bytes; replaced by an AuthSwitchRequest's
	Plugin       string

	// ExtraCaps are added to the capabilities login sends (e.g. CapCompress, CapLocalFiles).
	ExtraCaps uint32
	// Collation is the collation id Login and ChangeUser announce (0: utf8mb4_general_ci).
	Collation uint16

	// StepTimeout, when set, bounds the TLS handshake and the login exchange each, so a server
	// that never answers fails the caller instead of hanging it. Dial sets it; Handshake does
	// not (a load tool sets its own deadlines).
	StepTimeout time.Duration

	// secure is set for TLS and unix sockets: full auth then sends the password in clear, as
	// real clients do.
	secure bool

	// AuthPath records the caching_sha2 exchange the server chose: "fast" (01 03), "full"
	// (01 04), or "" when the server answered OK straight away.
	AuthPath string
}

const (
	dialTimeout     = 5 * time.Second  // connect, and then the greeting, each within this
	dialStepTimeout = 10 * time.Second // Dial's StepTimeout
)

// Dial connects to network ("tcp" or "unix") addr and reads the greeting, each bounded by 5 s;
// the returned Conn bounds its TLS handshake and login by 10 s each.
func Dial(network, addr string) (*Conn, error) {
	nc, err := net.DialTimeout(network, addr, dialTimeout)
	if err != nil {
		return nil, err
	}
	nc.SetReadDeadline(time.Now().Add(dialTimeout))
	c, err := Handshake(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	nc.SetReadDeadline(time.Time{})
	c.StepTimeout = dialStepTimeout
	return c, nil
}

// Handshake takes over an open connection and reads the server's greeting under whatever
// deadline the caller set. The caller closes nc on error.
func Handshake(nc net.Conn) (*Conn, error) {
	_, unix := nc.(*net.UnixConn)
	c := &Conn{nc: nc, r: bufio.NewReader(nc), secure: unix}
	if err := c.readGreeting(); err != nil {
		return nil, err
	}
	return c, nil
}

// Close closes the socket (it sends no COM_QUIT).
func (c *Conn) Close() error { return c.nc.Close() }

// NetConn is the socket under the protocol: the TLS connection once StartTLS succeeded. Bytes
// written to it bypass the sequence id; bytes read from it bypass Reader's buffer.
func (c *Conn) NetConn() net.Conn { return c.nc }

// Reader is the buffered reader ReadPacket reads from, for tests that parse framing of their
// own (compressed packets).
func (c *Conn) Reader() *bufio.Reader { return c.r }

// Bound puts a deadline d from now on every read and write of the connection, so a server that
// never answers fails the test instead of hanging it.
func (c *Conn) Bound(d time.Duration) { c.nc.SetDeadline(time.Now().Add(d)) }

// ReadPacket reads one logical packet, joining the pieces of a payload of 16 MB or more
// (each full piece is followed by the next, the last one shorter), and checks every piece's
// sequence id.
func (c *Conn) ReadPacket() ([]byte, error) {
	var p []byte
	for {
		var hdr [4]byte
		if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
			return nil, err
		}
		n := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
		if hdr[3] != c.seq {
			return nil, fmt.Errorf("packet sequence %d, want %d", hdr[3], c.seq)
		}
		c.seq++
		start := len(p)
		p = slices.Grow(p, n)[:start+n]
		if _, err := io.ReadFull(c.r, p[start:]); err != nil {
			return nil, err
		}
		if n < 0xFFFFFF {
			return p, nil
		}
	}
}

// WritePacket frames payload with the current sequence id, splitting at 0xFFFFFF as the
// protocol requires, and writes it in one call.
func (c *Conn) WritePacket(payload []byte) error {
	var out bytes.Buffer
	for {
		n := min(len(payload), 0xFFFFFF)
		out.Write([]byte{byte(n), byte(n >> 8), byte(n >> 16), c.seq})
		out.Write(payload[:n])
		c.seq++
		payload = payload[n:]
		if n < 0xFFFFFF {
			break
		}
	}
	_, err := c.nc.Write(out.Bytes())
	return err
}

// Command starts a new command (sequence 0) and sends cmd followed by arg.
func (c *Conn) Command(cmd byte, arg []byte) error {
	c.seq = 0
	return c.WritePacket(append([]byte{cmd}, arg...))
}

// readGreeting parses HandshakeV10 (or the ERR a server sends instead, e.g. 1040).
func (c *Conn) readGreeting() error {
	p, err := c.ReadPacket()
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	if len(p) > 0 && p[0] == 0xff {
		return ParseErr(p)
	}
	d := NewDecoder(p)
	c.ProtoVersion = d.U8()
	c.Version = d.NulString()
	c.ConnID = d.U32()
	part1 := d.Bytes(8)
	d.U8() // filler
	capLo := uint32(d.U16())
	d.U8()  // charset
	d.U16() // status
	capHi := uint32(d.U16())
	c.ServerCaps = capLo | capHi<<16
	authLen := int(d.U8())
	d.Bytes(10) // reserved
	part2 := d.Bytes(max(13, authLen-8))
	c.Plugin = d.NulString()
	if d.Err != nil {
		return fmt.Errorf("greeting: %w (% x)", d.Err, p)
	}
	c.Scramble = append(append([]byte{}, part1...), bytes.TrimRight(part2, "\x00")...)
	return nil
}

// bound applies StepTimeout to nc and returns the function that lifts it.
func (c *Conn) bound(nc net.Conn) func() {
	if c.StepTimeout <= 0 {
		return func() {}
	}
	nc.SetDeadline(time.Now().Add(c.StepTimeout))
	return func() { nc.SetDeadline(time.Time{}) }
}

package reactor

import (
	"net/netip"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
)

// Handler is what the reactor needs from the layers above; the server
// implements it.
type Handler interface {
	// Open is called on the loop for every accepted connection and must not
	// block. It returns the connection's session, or an error that is sent
	// to the client (as the first packet) before the connection is closed.
	Open(info ConnInfo, link *Link) (Session, *mysqldef.SQLError)
}

// Session is one connection's protocol state above framing.
type Session interface {
	// Greeting appends the HandshakeV10 payload. Called on the loop.
	Greeting(dst []byte) []byte
	// Serve handles one complete (reassembled) packet on a worker
	// goroutine. seq is the packet's last sequence id; w starts at seq+1.
	Serve(payload []byte, seq byte, w *PacketWriter) Outcome
	// Status returns the server status flags for an OK packet the loop
	// sends itself (COM_PING). Called on the loop while the session is idle.
	Status() uint16
	// Closed is called once, when the connection is gone and no Serve is
	// running. It may be called on the loop, so it must not block.
	Closed()
}

// Outcome is what a Serve call changes about the connection.
type Outcome struct {
	// Authenticated moves the connection into the command phase: it is no
	// longer subject to connect_timeout and the loop may answer COM_PING.
	Authenticated bool
	// Reauthenticating says an authenticated connection started a new
	// login (COM_CHANGE_USER) that needs more packets from the client: until
	// an outcome with Authenticated (or Close), what arrives is auth data,
	// not commands, so the loop must not answer any of it itself. A
	// caching_sha2 token or an RSA-encrypted password starts with a random
	// byte, 0x01 (COM_QUIT) or 0x0e (COM_PING) one time in 128.
	Reauthenticating bool
	// Close closes the connection once the written packets are sent.
	Close bool
	// WaitTimeout, when non-zero, becomes the connection's idle timeout.
	WaitTimeout time.Duration
	// Compress turns on the compressed protocol (codec.CompressZlib or
	// codec.CompressZstd) from the next command on, at CompressLevel.
	Compress      byte
	CompressLevel int
	// StartTLS switches the connection to TLS (the client sent an
	// SSLRequest): every byte after the command is the TLS handshake.
	StartTLS SecureStream
	// Delay holds the packets this Serve wrote, and the rest of the
	// outcome, for this long before they go out (a throttled login's
	// answer). A timer does the waiting: no worker or loop is held, and the
	// connection stays busy, so nothing else of it is read meanwhile.
	Delay time.Duration
}

// SecureStream is TLS over a connection's bytes, driven by the reactor;
// package tls implements it. The handshake runs on a goroutine of its own,
// Open runs on the loop and Seal on whoever writes.
type SecureStream interface {
	// Feed appends ciphertext that arrived from the client.
	Feed(ciphertext []byte)
	// Handshake blocks until the handshake ends or Close is called,
	// sending each flight through send.
	Handshake(send func(ciphertext []byte)) error
	// Open appends the plaintext of what was fed to dst without blocking;
	// ciphertext it must answer with (key updates) is appended to reply.
	Open(dst, reply []byte) (plain, out []byte, err error)
	// Seal appends the ciphertext of plain to dst.
	Seal(dst, plain []byte) ([]byte, error)
	// Buffered reports whether fed ciphertext awaits Open.
	Buffered() bool
	// Close unblocks a running Handshake; it sends nothing.
	Close()
}

// ConnInfo describes a new connection.
type ConnInfo struct {
	ID uint32
	// Local is true for a unix-socket connection.
	Local bool
	// Addr is the client's address for TCP connections.
	Addr netip.AddrPort
	// AdminOnly marks the connection that took the slot beyond
	// max_connections: only an administrator may log in on it.
	AdminOnly bool
}

// Host is the client host as MySQL names it: "localhost" for a socket,
// otherwise the IP address.
func (ci ConnInfo) Host() string {
	if ci.Local {
		return "localhost"
	}
	return ci.Addr.Addr().Unmap().String()
}

// Executor runs tasks on a bounded pool of worker goroutines. Neither
// method may block: they are called from a loop.
type Executor interface {
	Submit(task func())
	// SubmitUrgent is for a command of a connection inside a transaction
	// (it holds row locks others may wait for): it should start before
	// Submit's tasks.
	SubmitUrgent(task func())
}

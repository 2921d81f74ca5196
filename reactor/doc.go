// Package reactor runs MySQL connections on gnet event loops: one loop per
// core holds thousands of connections, and no connection owns a goroutine or
// a buffer while it is idle.
//
// A loop only frames packets and answers the few commands that need nothing
// else (COM_PING, COM_QUIT), and only between commands of an authenticated
// connection: inside a login or a COM_CHANGE_USER exchange (Outcome's
// Reauthenticating) a packet starting 0x01 or 0x0e is auth data. Every other packet is copied once and handed to
// the Executor's worker pool together with a PacketWriter; the connection is
// busy until the worker's last packet has reached gnet, and bytes that arrive
// meanwhile wait in gnet's inbound buffer (MySQL is strictly one command at a
// time per connection).
//
// Bytes are counted where they cross the socket (Stats: Bytes_received and
// Bytes_sent, after TLS and compression), together with the loops' wakeups
// and busy time; the server reads them for SHOW STATUS and /metrics.
//
// Nothing outside this package sees a gnet type.
package reactor

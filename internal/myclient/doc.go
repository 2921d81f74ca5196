// Package myclient is a deliberately small MySQL client written from the protocol
// documentation, independent of the server's codec: the end-to-end tests (e2e) use it to send
// exactly the bytes they mean (unknown commands, oversized packets, garbage) and to observe
// exactly what comes back (which auth path the server took, error codes, whether the socket was
// closed), and the load tools in bench/ use it to log in before they take over the socket.
//
// It owns the client side of the connection phase (HandshakeV10, SSLRequest and the TLS upgrade,
// also pipelined with the ClientHello, HandshakeResponse41, mysql_native_password,
// caching_sha2_password fast and full authentication with the password in clear inside TLS or
// on a unix socket and RSA-OAEP with the server's public key on plain TCP, AuthSwitchRequest),
// packet framing, text-protocol results, ERR packets and a bounds-checked field decoder.
//
// It does not own a connection pool, reading binary-protocol results (it prepares statements and
// encodes COM_STMT_EXECUTE; bench/manyconn reads the binary rows itself), compression or
// multi-packet (16 MB) reads; tests that need those build them from ReadPacket, WritePacket and
// the Decoder. It is not fast and need not be: the one thing on a benchmark's measured path is
// AppendExecute, which appends into the caller's buffer and allocates nothing.
package myclient

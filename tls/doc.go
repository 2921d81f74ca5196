// Package tls runs TLS on event-loop connections, with nothing of gnet in
// sight: Stream is crypto/tls over bytes the reactor feeds it (the
// handshake on a short-lived goroutine, then non-blocking Open on the loop
// and Seal on whoever writes), Gate bounds handshakes computing at once,
// and Provider holds the certificates (from files, or generated into the
// data directory at first start) and reloads them on SIGHUP. See
// ARCHITECTURE.md, "TLS over the loop".
package tls

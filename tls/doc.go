// Package tls will run TLS on event-loop connections: the handshake in a
// short-lived goroutine over an adapter net.Conn, then crypto/tls driven
// from the loop (see DESIGN.md, "TLS over the loop"). Until it lands the
// server does not advertise CLIENT_SSL, so clients fall back to plaintext.
package tls

// Package codec is the MySQL client/server wire format as pure functions over
// byte slices: packet headers, length-encoded integers and strings, the
// handshake and authentication packets, OK/ERR/EOF, column definitions and
// text rows, and command payloads.
//
// Encoders append to a caller's slice (so rows can be written straight into a
// pooled buffer); decoders bounds-check every read and return ErrMalformed
// instead of panicking. The package imports nothing else of loopdb.
//
// Packet layout (every packet on the wire):
//
//	+----------+----------+---------------------+
//	| length   | sequence | payload             |
//	| int<3>LE | int<1>   | length bytes        |
//	+----------+----------+---------------------+
//
// A payload of MaxPayload (0xFFFFFF) bytes or more is split into packets of
// exactly MaxPayload bytes followed by one shorter packet (possibly empty);
// the sequence id increases by one per packet and wraps at 255.
package codec

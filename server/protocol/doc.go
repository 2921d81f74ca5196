// Package protocol is the command phase of the MySQL client/server
// protocol, between the reactor's packets and exec's SQL session: it reads
// each COM_* command, calls the session for what the command means, and
// encodes the answer (OK, ERR, EOF honouring CLIENT_DEPRECATE_EOF, column
// definitions, text and binary rows, prepared statement responses, cursor
// fetch framing, field lists, statistics).
//
// Rows are encoded straight from exec's values into the packet buffer the
// Sink lends (the reactor's PacketWriter), one packet per row with no copy
// in between: this is the path every SELECT's rows take.
//
// Connection character sets are applied here (charset.go): statement text,
// string parameters and COM_FIELD_LIST arguments from a latin1 or ascii
// client are converted to UTF-8 before exec sees them, and result text,
// column names and error messages are converted to character_set_results
// on the way out. UTF-8 clients skip all of it.
//
// It does not own the login (server), the framing, compression and flow
// control of packets (reactor), the bytes of each packet (codec), or what
// a statement does (exec).
package protocol

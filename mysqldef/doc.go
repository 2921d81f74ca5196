// Package mysqldef holds the vocabulary that MySQL fixes and that both the
// protocol side (codec, reactor, server) and the executor (exec) speak: column
// type codes (enum_field_types), column definition flags, collation ids,
// server status flags, error numbers with their SQLSTATEs, and SQLError, the
// error a client receives as an ERR packet.
//
// It is a leaf: it imports nothing of loopdb's and encodes nothing. How these
// values travel on the wire is codec's business.
package mysqldef

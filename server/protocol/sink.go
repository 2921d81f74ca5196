package protocol

import "io"

// Sink is where a command's response packets go. The reactor's
// PacketWriter implements it: packets are encoded straight into its pooled
// buffer and handed to the network in chunks with flow control.
type Sink interface {
	// Begin returns a buffer with room reserved for a packet header; the
	// caller appends one packet's payload and passes it to Commit.
	Begin() []byte
	// Commit completes the packet. It may block while the client is slow
	// to read, and returns an error once the connection is unusable.
	Commit(b []byte) error
}

// LocalFileSink is implemented by sinks that can receive a file from the
// client for LOAD DATA LOCAL INFILE.
type LocalFileSink interface {
	// RequestLocalFile sends the client the LOCAL INFILE request (0xFB +
	// file name) and returns the file's content as the client streams it.
	// Read returns io.EOF at the client's terminating empty packet. Close
	// must always be called: it discards whatever the client still sends
	// up to that empty packet, so the connection stays in sync, and leaves
	// the sink's sequence id ready for the final OK/ERR.
	RequestLocalFile(name string) (io.ReadCloser, error)
}

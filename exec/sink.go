package exec

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
	// Flush sends what is buffered now.
	Flush() error
	// Seq and SetSeq expose the sequence id of the next packet.
	Seq() byte
	SetSeq(seq byte)
}

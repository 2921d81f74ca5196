package reactor

import (
	"sync/atomic"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/panjf2000/gnet/v2"
)

// Compressed protocol on a connection. Compression starts with the first
// command after the login's OK. Inbound frames are decompressed into a
// plaintext buffer that the packet framer reads as it reads gnet's buffer
// on plain connections; outbound chunks are compressed on their way to
// gnet.
//
// Sequence ids: every command restarts the compressed counter. The
// server's reply frames continue from the client's last frame of that
// command (usually 0, so replies start at 1), whatever the inner packets
// are numbered.

// source is what the packet framer reads from: gnet's buffer, or the
// decompressed bytes of a compressed connection.
type source interface {
	Peek(n int) ([]byte, error)
	Discard(n int) (int, error)
	InboundBuffered() int
}

var _ source = gnet.Conn(nil)

// compState is a compressed connection's state.
type compState struct {
	comp   codec.Compressor
	plain  plainBuf
	frames []frameMark // decompressed frames not yet fully consumed
	outSeq byte        // compressed sequence id of the next reply frame
	// traffic is the server-wide byte counters this connection adds to.
	traffic *CompressionTraffic
}

// CompressionTraffic counts compressed-protocol bytes server-wide: on the
// wire (frames with their headers) and the packets inside them.
type CompressionTraffic struct {
	WireIn, PlainIn, WireOut, PlainOut atomic.Uint64
}

// frameMark records where a decompressed frame ends in the plaintext
// stream (counted from the start of the connection) and its sequence id.
type frameMark struct {
	end int64
	seq byte
}

// plainBuf is decompressed inbound bytes.
type plainBuf struct {
	b        []byte
	off      int
	consumed int64 // bytes discarded since the connection started
	total    int64 // bytes appended since the connection started
}

func (p *plainBuf) Peek(n int) ([]byte, error) {
	if n < 0 {
		n = len(p.b) - p.off
	}
	if len(p.b)-p.off < n {
		return p.b[p.off:], errShortPeek
	}
	return p.b[p.off : p.off+n], nil
}

func (p *plainBuf) Discard(n int) (int, error) {
	n = min(n, len(p.b)-p.off)
	p.off += n
	p.consumed += int64(n)
	if p.off == len(p.b) {
		// Drained: keep small buffers for reuse, let big ones go.
		if cap(p.b) > 1<<20 {
			p.b = nil
		} else {
			p.b = p.b[:0]
		}
		p.off = 0
	}
	return n, nil
}

func (p *plainBuf) InboundBuffered() int { return len(p.b) - p.off }

type shortPeek struct{}

func (shortPeek) Error() string { return "reactor: not enough buffered" }

var errShortPeek error = shortPeek{}

// pumpErr decompresses every complete frame waiting in raw (gnet's buffer,
// or decrypted bytes under TLS). It returns an error to send before
// closing when a frame is bad.
func (cs *compState) pumpErr(cn *conn, raw source) *mysqldef.SQLError {
	return cs.pump(raw, int(cn.srv.maxPacket.Load())+codec.HeaderSize*2, cn.srv.inboundCap())
}

// pump is pumpErr with the connection's limits as plain values: limit
// bounds what one frame may expand to, plainCap the decompressed bytes that
// may wait unread.
func (cs *compState) pump(raw source, limit, plainCap int) *mysqldef.SQLError {
	for {
		hdr, _ := raw.Peek(codec.CompressedHeaderSize)
		clen, seq, ulen, ok := codec.ParseCompressedHeader(hdr)
		if !ok {
			return nil
		}
		// Judge the announced length before waiting for the frame: a
		// frame that is refused anyway must not first be buffered whole.
		if clen > limit+codec.MaxPayload/64 {
			return mysqldef.NewError(mysqldef.ErrNetPacketTooLarge, "Got a packet bigger than 'max_allowed_packet' bytes")
		}
		if raw.InboundBuffered() < codec.CompressedHeaderSize+clen {
			return nil
		}
		if cs.plain.InboundBuffered() > plainCap {
			return mysqldef.NewError(mysqldef.ErrNetPacketTooLarge, "Got a packet bigger than 'max_allowed_packet' bytes")
		}
		frame, err := raw.Peek(codec.CompressedHeaderSize + clen)
		if err != nil {
			return nil
		}
		cs.plain.borrow()
		before := len(cs.plain.b)
		out, derr := codec.Decompress(cs.plain.b, cs.comp.Algo, frame[codec.CompressedHeaderSize:], ulen, limit)
		if derr != nil {
			return mysqldef.NewError(mysqldef.ErrNetUncompressError, "Couldn't uncompress communication packet")
		}
		cs.plain.b = out
		cs.plain.total += int64(len(out) - before)
		cs.frames = append(cs.frames, frameMark{end: cs.plain.total, seq: seq})
		cs.traffic.WireIn.Add(uint64(codec.CompressedHeaderSize + clen))
		cs.traffic.PlainIn.Add(uint64(len(out) - before))
		_, _ = raw.Discard(codec.CompressedHeaderSize + clen)
	}
}

// commandConsumed notes that the plaintext up to the current position
// belonged to a command: replies continue from its last frame's id.
func (cs *compState) commandConsumed() {
	pos := cs.plain.consumed
	i := 0
	for i < len(cs.frames) && cs.frames[i].end < pos {
		i++
	}
	if i < len(cs.frames) {
		cs.outSeq = cs.frames[i].seq + 1
		if cs.frames[i].end == pos {
			i++
		}
	}
	cs.frames = cs.frames[i:]
}

// frame compresses outbound bytes, advancing the compressed sequence.
func (cs *compState) frame(dst, data []byte) []byte {
	out, next, err := cs.comp.AppendFrames(dst, cs.outSeq, data)
	if err != nil {
		// Compression cannot fail on valid input with a known algorithm;
		// fall back to stored frames rather than lose data.
		stored := codec.Compressor{Algo: codec.CompressNone}
		out, next, _ = stored.AppendFrames(dst[:0], cs.outSeq, data)
	}
	cs.outSeq = next
	cs.traffic.WireOut.Add(uint64(len(out)))
	cs.traffic.PlainOut.Add(uint64(len(data)))
	return out
}

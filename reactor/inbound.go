package reactor

import (
	"github.com/loopdb/loopdb/codec"
)

// inbound frames logical packets out of a connection's gnet input.
//
// A packet that is already complete in gnet's buffer is returned as a slice
// of it (no copy; valid until consume). A packet that is larger than what has
// arrived, or split into 16 MB fragments, is instead copied piecewise into an
// owned buffer as bytes arrive, so a 16 MB packet costs one copy rather than
// one re-peek per read.
type inbound struct {
	partial  []byte // owned payload of a packet being assembled; nil if none
	fragLeft int    // bytes of the current fragment not yet copied
	more     bool   // the current fragment is MaxPayload long: another follows
	seq      byte
	pending  int // bytes to discard for a packet returned without a copy
	drop     int // bytes of a refused (too large) packet still to discard
}

type frameStatus int

const (
	frameNeedMore frameStatus = iota
	frameReady
	frameTooLarge
)

// next returns the next complete logical packet. owned reports whether the
// payload is the inbound's own copy (true) or aliases gnet's buffer, in
// which case consume must be called once the payload is no longer needed.
// limit bounds the payload size.
func (in *inbound) next(c source, limit int) (payload []byte, seq byte, owned bool, st frameStatus) {
	if in.partial == nil && in.fragLeft == 0 {
		hdr, _ := c.Peek(codec.HeaderSize)
		n, s, ok := codec.ParseHeader(hdr)
		if !ok {
			return nil, 0, false, frameNeedMore
		}
		if n > limit {
			_, _ = c.Discard(codec.HeaderSize)
			in.drop = n
			return nil, s, false, frameTooLarge
		}
		if n < codec.MaxPayload && c.InboundBuffered() >= codec.HeaderSize+n {
			b, err := c.Peek(codec.HeaderSize + n)
			if err != nil {
				return nil, 0, false, frameNeedMore
			}
			in.pending = codec.HeaderSize + n
			return b[codec.HeaderSize:], s, false, frameReady
		}
		// Not all here yet: assemble as it arrives.
		_, _ = c.Discard(codec.HeaderSize)
		in.partial = make([]byte, 0, min(n, 64<<10))
		in.fragLeft, in.more, in.seq = n, n == codec.MaxPayload, s
	}
	for {
		for in.fragLeft > 0 {
			k := min(c.InboundBuffered(), in.fragLeft)
			if k == 0 {
				return nil, 0, false, frameNeedMore
			}
			b, err := c.Peek(k)
			if err != nil {
				return nil, 0, false, frameNeedMore
			}
			in.partial = append(in.partial, b...)
			_, _ = c.Discard(k)
			in.fragLeft -= k
		}
		if !in.more {
			payload, seq = in.partial, in.seq
			in.partial = nil
			return payload, seq, true, frameReady
		}
		hdr, _ := c.Peek(codec.HeaderSize)
		n, s, ok := codec.ParseHeader(hdr)
		if !ok {
			return nil, 0, false, frameNeedMore
		}
		if len(in.partial)+n > limit {
			_, _ = c.Discard(codec.HeaderSize)
			in.partial, in.drop = nil, n
			return nil, s, false, frameTooLarge
		}
		_, _ = c.Discard(codec.HeaderSize)
		in.fragLeft, in.more, in.seq = n, n == codec.MaxPayload, s
	}
}

// dropRefused discards what has arrived of a refused packet and reports
// whether all of it is gone.
func (in *inbound) dropRefused(c source) bool {
	k := min(c.InboundBuffered(), in.drop)
	if k > 0 {
		_, _ = c.Discard(k)
		in.drop -= k
	}
	return in.drop == 0
}

// consume discards the bytes of a packet that next returned without a copy.
func (in *inbound) consume(c source) {
	if in.pending > 0 {
		_, _ = c.Discard(in.pending)
		in.pending = 0
	}
}

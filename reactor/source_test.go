package reactor

import "io"

// fakeSource stands in for gnet's inbound buffer: bytes "arrive" with
// arrive and the framer reads them through the source interface. It keeps
// gnet's contract strictly (a short Peek returns nil and an error; Peek(0)
// would return everything and Discard(0) would throw everything away, so
// both are refused) and overwrites discarded bytes, so a payload used after
// consume shows up as corruption instead of passing by luck.
type fakeSource struct {
	buf []byte // arrived and not yet discarded
}

func (s *fakeSource) arrive(b []byte) { s.buf = append(s.buf, b...) }

func (s *fakeSource) Peek(n int) ([]byte, error) {
	if n <= 0 {
		panic("fakeSource: Peek(<=0) means 'everything' to gnet")
	}
	if n > len(s.buf) {
		return nil, io.ErrShortBuffer
	}
	return s.buf[:n:n], nil
}

func (s *fakeSource) Discard(n int) (int, error) {
	if n <= 0 {
		panic("fakeSource: Discard(<=0) discards everything in gnet")
	}
	n = min(n, len(s.buf))
	// Poisoning both ends of what goes is enough to show up in a
	// payload and keeps 16 MB discards cheap.
	poison(s.buf[:min(n, 4096)])
	poison(s.buf[max(0, n-4096):n])
	// Appending arrivals never writes below the new start, so the
	// poisoned bytes stay poisoned for any slice that still points there.
	s.buf = s.buf[n:]
	return n, nil
}

func (s *fakeSource) InboundBuffered() int { return len(s.buf) }

func poison(b []byte) {
	for i := range b {
		b[i] = 0xEE
	}
}

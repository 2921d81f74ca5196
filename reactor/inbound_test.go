package reactor

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/loopdb/loopdb/codec"
)

// framed is one thing the packet framer reported.
type framed struct {
	payload  []byte
	seq      byte
	tooLarge bool
	drop     int // announced bytes of the refused packet still to discard
}

func (f framed) String() string {
	if f.tooLarge {
		return fmt.Sprintf("too large (seq %d, drop %d)", f.seq, f.drop)
	}
	return fmt.Sprintf("%d bytes (seq %d)", len(f.payload), f.seq)
}

// frameAll feeds wire to a fresh inbound in pieces of the given sizes (the
// last piece takes what is left) and returns every packet it framed, in
// order, stopping at a refused packet as the connection does.
func frameAll(wire []byte, pieces []int, limit int) []framed {
	var in inbound
	src := &fakeSource{}
	var got []framed
	for off := 0; off < len(wire) || off == 0; {
		n := len(wire) - off
		if len(pieces) > 0 {
			n = min(n, pieces[0])
			pieces = pieces[1:]
		}
		src.arrive(wire[off : off+n])
		off += n
		for {
			payload, seq, owned, st := in.next(src, limit)
			if st == frameNeedMore {
				break
			}
			if st == frameTooLarge {
				return append(got, framed{seq: seq, tooLarge: true, drop: in.drop})
			}
			if !owned {
				payload = bytes.Clone(payload)
				in.consume(src)
			}
			got = append(got, framed{payload: payload, seq: seq})
		}
		if len(wire) == 0 {
			break
		}
	}
	return got
}

// referenceFrames frames a complete stream the simple way, as the protocol
// describes it: a packet whose length is MaxPayload continues in the next
// one; a logical packet longer than limit is refused at the header that
// takes it over.
func referenceFrames(wire []byte, limit int) []framed {
	var got []framed
	for {
		n, seq, ok := codec.ParseHeader(wire)
		if !ok {
			return got
		}
		if n > limit {
			return append(got, framed{seq: seq, tooLarge: true, drop: n})
		}
		rest := wire
		var payload []byte
		for {
			if len(rest) < codec.HeaderSize+n {
				return got // incomplete: the framer waits for more
			}
			payload = append(payload, rest[codec.HeaderSize:codec.HeaderSize+n]...)
			rest = rest[codec.HeaderSize+n:]
			if n < codec.MaxPayload {
				break
			}
			if n, seq, ok = codec.ParseHeader(rest); !ok {
				return got
			}
			if len(payload)+n > limit {
				return append(got, framed{seq: seq, tooLarge: true, drop: n})
			}
		}
		if payload == nil {
			payload = []byte{}
		}
		got = append(got, framed{payload: payload, seq: seq})
		wire = rest
	}
}

func sameFrames(t testing.TB, what string, got, want []framed) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: framed %v, want %v", what, got, want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.tooLarge != w.tooLarge || g.seq != w.seq || g.drop != w.drop || !bytes.Equal(g.payload, w.payload) {
			t.Fatalf("%s: packet %d is %v, want %v (payloads equal: %v)", what, i, g, w, bytes.Equal(g.payload, w.payload))
		}
	}
}

// packet returns one physical packet.
func packet(seq byte, payload []byte) []byte {
	var hdr [codec.HeaderSize]byte
	codec.PutHeader(hdr[:], len(payload), seq)
	return append(hdr[:], payload...)
}

// pattern returns n bytes that differ from their neighbours, so a
// misplaced or repeated byte changes the payload.
func pattern(n int, salt byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7) ^ byte(i>>8) ^ salt
	}
	return b
}

func smallStream() ([]byte, []framed) {
	var wire []byte
	var want []framed
	for i, size := range []int{1, 0, 5, 300, 0, 70000, 2} {
		seq := []byte{0, 1, 7, 255, 254, 3, 0}[i]
		p := pattern(size, byte(i))
		wire = append(wire, packet(seq, p)...)
		want = append(want, framed{payload: p, seq: seq})
	}
	return wire, want
}

func TestInboundWholePackets(t *testing.T) {
	wire, want := smallStream()
	got := frameAll(wire, nil, 1<<20)
	sameFrames(t, "all at once", got, want)
	sameFrames(t, "reference", referenceFrames(wire, 1<<20), want)
}

func TestInboundSplitAtEveryByte(t *testing.T) {
	wire, want := smallStream()
	// The 70000-byte packet makes every split slow; check it separately
	// with a sparser set of cuts.
	small := wire[:len(wire)-(codec.HeaderSize+70000)-(codec.HeaderSize+2)]
	smallWant := want[:5]
	for cut := 1; cut < len(small); cut++ {
		sameFrames(t, fmt.Sprintf("cut at %d", cut), frameAll(small, []int{cut}, 1<<20), smallWant)
	}
	ones := make([]int, len(small))
	for i := range ones {
		ones[i] = 1
	}
	sameFrames(t, "a byte at a time", frameAll(small, ones, 1<<20), smallWant)
	for cut := 1; cut < len(wire); cut += 997 {
		sameFrames(t, fmt.Sprintf("cut at %d", cut), frameAll(wire, []int{cut, 3, 1, 40000}, 1<<20), want)
	}
}

// A payload of MaxPayload bytes or more travels as a chain of 0xFFFFFF
// fragments ending with a shorter one, which is empty when the payload is
// an exact multiple. The sequence ids run on through the chain (wrapping at
// 255); the framer reports the last one, so the reply starts after it.
func TestInboundContinuationChains(t *testing.T) {
	if testing.Short() {
		t.Skip("frames 16 MB fragments")
	}
	const max = codec.MaxPayload
	for _, tc := range []struct {
		size    int
		seq     byte
		lastSeq byte
	}{
		{max - 1, 3, 3},
		{max, 254, 255},       // one full fragment and a trailing empty packet
		{max + 10, 255, 0},    // the chain wraps
		{2 * max, 254, 0},     // two full fragments and an empty one, wrapping
		{2*max + 1, 10, 12},   // two full fragments and one byte
		{max + 1<<16, 0, 1},   // the tail is bigger than one read
		{2*max - 1, 100, 101}, // the tail is one byte short of a fragment
	} {
		payload := pattern(tc.size, byte(tc.seq))
		wire, next := codec.AppendPacket(nil, tc.seq, payload)
		if next != tc.lastSeq+1 {
			t.Fatalf("size %d: AppendPacket ended at %d", tc.size, next)
		}
		tail := []byte("after")
		wire = append(wire, packet(tc.lastSeq+1, tail)...)
		want := []framed{{payload: payload, seq: tc.lastSeq}, {payload: tail, seq: tc.lastSeq + 1}}
		sameFrames(t, fmt.Sprintf("size %d, reference", tc.size), referenceFrames(wire, 64<<20), want)
		// Cut inside and around every header of the chain, and in the
		// middle of fragments.
		cuts := [][]int{nil, {2}, {1 << 20, 7, 1 << 16}}
		for h := 0; h+codec.HeaderSize <= len(wire); h += codec.HeaderSize + max {
			for _, d := range []int{-1, 1, 3, 5} {
				if h+d > 0 && h+d < len(wire) {
					cuts = append(cuts, []int{h + d})
				}
			}
		}
		for _, pieces := range cuts {
			got := frameAll(wire, pieces, 64<<20)
			sameFrames(t, fmt.Sprintf("size %d, pieces %v", tc.size, pieces), got, want)
		}
		// Exactly at the limit is allowed; one byte less refuses the
		// fragment that takes the packet over.
		sameFrames(t, fmt.Sprintf("size %d at its limit", tc.size), frameAll(wire, nil, tc.size), want)
		if tc.size >= max {
			refused := frameAll(wire, []int{max + 2*codec.HeaderSize}, tc.size-1)
			sameFrames(t, fmt.Sprintf("size %d over its limit", tc.size), refused, referenceFrames(wire, tc.size-1))
			if len(refused) != 1 || !refused[0].tooLarge {
				t.Fatalf("size %d over its limit: framed %v", tc.size, refused)
			}
		}
	}
}

func TestInboundTooLarge(t *testing.T) {
	// A packet over the limit is refused at its header, before any of its
	// body has arrived, with the sequence id to answer after and the
	// number of bytes to swallow.
	body := pattern(1000, 1)
	wire := append(packet(9, body), packet(10, []byte("next"))...)
	got := frameAll(wire, []int{codec.HeaderSize}, 999)
	sameFrames(t, "over the limit", got, []framed{{seq: 9, tooLarge: true, drop: 1000}})
	sameFrames(t, "at the limit", frameAll(wire, nil, 1000),
		[]framed{{payload: body, seq: 9}, {payload: []byte("next"), seq: 10}})

	// dropRefused swallows exactly the refused packet as it arrives and
	// leaves what follows.
	var in inbound
	src := &fakeSource{}
	src.arrive(wire[:codec.HeaderSize+10])
	if _, seq, _, st := in.next(src, 999); st != frameTooLarge || seq != 9 {
		t.Fatalf("next = %v seq %d, want too large", st, seq)
	}
	if in.dropRefused(src) {
		t.Fatal("dropRefused reported done with 990 bytes to come")
	}
	src.arrive(wire[codec.HeaderSize+10:])
	if !in.dropRefused(src) {
		t.Fatal("dropRefused not done after the whole packet arrived")
	}
	if !bytes.Equal(src.buf, packet(10, []byte("next"))) {
		t.Fatalf("after dropping, %q is left", src.buf)
	}
}

func TestInboundGarbage(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		wire := make([]byte, rng.Intn(2000))
		rng.Read(wire)
		if i%2 == 0 && len(wire) > 4 {
			// Mostly short lengths, so that several packets frame.
			for off := 0; off+3 < len(wire); off += 4 + int(wire[off]) {
				wire[off+1], wire[off+2] = 0, 0
			}
		}
		limit := rng.Intn(1 << 16)
		var pieces []int
		for j := rng.Intn(20); j > 0; j-- {
			pieces = append(pieces, 1+rng.Intn(200))
		}
		sameFrames(t, fmt.Sprintf("garbage %d", i), frameAll(wire, pieces, limit), referenceFrames(wire, limit))
	}
}

// fullFragment is one 0xFFFFFF payload, shared by the fuzz target's
// continuation chains.
var fullFragment = pattern(codec.MaxPayload, 0x5A)

// fuzzWire turns a fuzzer's script into a byte stream: ordinary packets,
// a full 16 MB fragment (so chains are reachable without the fuzzer
// supplying 16 MB), headers announcing any length, and raw bytes.
func fuzzWire(script []byte, chains bool) []byte {
	var wire []byte
	fragments := 0
	if !chains {
		fragments = 1 // most inputs stay small, so the fuzzer runs fast
	}
	take := func(n int) []byte {
		n = min(n, len(script))
		b := script[:n]
		script = script[n:]
		return b
	}
	for len(script) >= 3 {
		op, seq, n := script[0], script[1], int(script[2])
		script = script[3:]
		switch op % 8 {
		case 0, 1, 2, 3:
			wire = append(wire, packet(seq, take(n))...)
		case 4:
			if fragments < 1 {
				fragments++
				wire = append(wire, packet(seq, fullFragment)...)
			}
		case 5:
			l := take(2)
			length := n
			for _, b := range l {
				length = length<<8 | int(b)
			}
			var hdr [codec.HeaderSize]byte
			codec.PutHeader(hdr[:], length, seq)
			wire = append(wire, hdr[:]...)
		default:
			wire = append(wire, take(n)...)
		}
	}
	return append(wire, script...)
}

// FuzzInboundFramer checks that the framer never panics and frames exactly
// what a simple reference framer finds, however the bytes are split into
// arrivals. chains allows one 16 MB fragment per input.
func FuzzInboundFramer(f *testing.F) {
	f.Add([]byte{0, 0, 3, 'a', 'b', 'c', 1, 1, 0}, []byte{}, uint32(1<<20), false)
	f.Add([]byte{0, 0, 3, 'a', 'b', 'c', 1, 1, 0, 2, 2, 200}, []byte{1, 2, 3, 4, 5}, uint32(150), false)
	f.Add([]byte{4, 254, 0, 0, 255, 0, 0, 0, 2, 'x', 'y'}, []byte{1, 2, 0xF5}, uint32(64<<20), true)
	f.Add([]byte{4, 1, 0, 0, 2, 10, 1, 3, 0}, []byte{0xFF, 3}, uint32(codec.MaxPayload+5), true)
	f.Add([]byte{5, 7, 0xFF, 0xFF, 0xFF, 1, 2, 3}, []byte{2}, uint32(100), false)
	f.Add([]byte("\x06\x00\x20garbage garbage garbage garbage!"), []byte{5}, uint32(10), false)
	f.Fuzz(func(t *testing.T, script, arrivals []byte, limitSeed uint32, chains bool) {
		wire := fuzzWire(script, chains)
		limit := int(limitSeed % (3 * codec.MaxPayload))
		if !chains {
			limit = int(limitSeed % (1 << 17))
		}
		var pieces []int
		for _, b := range arrivals {
			if b >= 0xF0 {
				pieces = append(pieces, 1<<(b-0xF0+10)) // 1 KB to 32 MB
			} else {
				pieces = append(pieces, int(b)+1)
			}
		}
		sameFrames(t, "fuzz", frameAll(wire, pieces, limit), referenceFrames(wire, limit))
	})
}

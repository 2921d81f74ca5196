package reactor

import (
	"bytes"
	stdzlib "compress/zlib"
	"io"
	"runtime"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
)

var algos = []struct {
	name string
	algo byte
}{{"zlib", codec.CompressZlib}, {"zstd", codec.CompressZstd}}

func newCompState(algo byte) *compState {
	return &compState{comp: codec.Compressor{Algo: algo}, traffic: &CompressionTraffic{}}
}

// clientFrames is what a client sends: data cut into frames of the given
// sizes (the last takes the rest), numbered from seq.
func clientFrames(t testing.TB, algo byte, seq byte, data []byte, sizes ...int) []byte {
	t.Helper()
	c := codec.Compressor{Algo: algo}
	var wire []byte
	for len(data) > 0 {
		n := len(data)
		if len(sizes) > 0 {
			n = min(n, sizes[0])
			sizes = sizes[1:]
		}
		var err error
		if wire, seq, err = c.AppendFrames(wire, seq, data[:n]); err != nil {
			t.Fatal(err)
		}
		data = data[n:]
	}
	return wire
}

// replyFrame is one frame the server sent, decoded.
type replyFrame struct {
	seq    byte
	stored bool
	plain  []byte
}

func decodeFrames(t testing.TB, algo byte, wire []byte) []replyFrame {
	t.Helper()
	var got []replyFrame
	for len(wire) > 0 {
		clen, seq, ulen, ok := codec.ParseCompressedHeader(wire)
		if !ok || len(wire) < codec.CompressedHeaderSize+clen {
			t.Fatalf("truncated frame in %d bytes", len(wire))
		}
		plain, err := codec.Decompress(nil, algo, wire[codec.CompressedHeaderSize:codec.CompressedHeaderSize+clen], ulen, codec.MaxPayload)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, replyFrame{seq: seq, stored: ulen == 0, plain: plain})
		wire = wire[codec.CompressedHeaderSize+clen:]
	}
	return got
}

// receive passes wire through decompression and the framer as a loop does
// and returns the packets it framed; commandConsumed runs after each, as
// onTraffic calls it when it dispatches a command.
func receive(t testing.TB, cs *compState, src *fakeSource, in *inbound, wire []byte) []framed {
	t.Helper()
	src.arrive(wire)
	if e := cs.pump(src, 1<<20, 2<<20); e != nil {
		t.Fatalf("pump: %v", e)
	}
	var got []framed
	for {
		payload, seq, owned, st := in.next(&cs.plain, 1<<20)
		if st != frameReady {
			if st == frameTooLarge {
				t.Fatal("too large")
			}
			return got
		}
		if !owned {
			payload = bytes.Clone(payload)
			in.consume(&cs.plain)
		}
		cs.commandConsumed()
		got = append(got, framed{payload: payload, seq: seq})
	}
}

// The compressed sequence id is counted apart from the packets' own: the
// client restarts it with every command, and the server's reply frames
// continue from the client's last frame of the command, whatever the
// packets inside are numbered.
func TestCompressedSequenceIDs(t *testing.T) {
	for _, a := range algos {
		t.Run(a.name, func(t *testing.T) {
			cs := newCompState(a.algo)
			src := &fakeSource{}
			var in inbound

			// One command in one frame.
			query := packet(0, append([]byte{codec.ComQuery}, "select 1"...))
			got := receive(t, cs, src, &in, clientFrames(t, a.algo, 0, query))
			if len(got) != 1 || got[0].seq != 0 || string(got[0].payload[1:]) != "select 1" {
				t.Fatalf("framed %v", got)
			}
			if cs.outSeq != 1 {
				t.Fatalf("after a one-frame command the reply starts at %d, want 1", cs.outSeq)
			}
			// Packets 1..3 of the reply travel in frame 1, compressed.
			reply, _ := codec.AppendPacket(nil, 1, []byte{1})
			reply, _ = codec.AppendPacket(reply, 2, bytes.Repeat([]byte("def"), 40))
			reply, _ = codec.AppendPacket(reply, 3, []byte{0xFE, 0, 0, 2, 0})
			frames := decodeFrames(t, a.algo, cs.frame(nil, reply))
			if len(frames) != 1 || frames[0].seq != 1 || frames[0].stored || !bytes.Equal(frames[0].plain, reply) {
				t.Fatalf("reply frames %+v", frames)
			}
			if cs.outSeq != 2 {
				t.Fatalf("outSeq %d after one reply frame, want 2", cs.outSeq)
			}

			// The next command starts again at 0 even though the server
			// got to 2; a packet cut over three frames (the first cut
			// inside its header) puts the reply at 3.
			big := packet(0, append([]byte{codec.ComQuery}, bytes.Repeat([]byte("x"), 5000)...))
			wire := clientFrames(t, a.algo, 0, big, 3, 2000)
			got = receive(t, cs, src, &in, wire[:len(wire)-1])
			if len(got) != 0 {
				t.Fatalf("framed %v from an incomplete frame", got)
			}
			got = receive(t, cs, src, &in, wire[len(wire)-1:])
			if len(got) != 1 || !bytes.Equal(got[0].payload, big[codec.HeaderSize:]) {
				t.Fatalf("framed %v", got)
			}
			if cs.outSeq != 3 {
				t.Fatalf("after a three-frame command the reply starts at %d, want 3", cs.outSeq)
			}
			// Under MinCompressLength a frame goes stored.
			ok := packet(1, []byte{0, 0, 0, 2, 0, 0, 0})
			frames = decodeFrames(t, a.algo, cs.frame(nil, ok))
			if len(frames) != 1 || frames[0].seq != 3 || !frames[0].stored || !bytes.Equal(frames[0].plain, ok) {
				t.Fatalf("small reply frames %+v", frames)
			}

			// Two commands pipelined in one frame: each reply continues
			// from that frame.
			two := append(packet(0, []byte{codec.ComPing}), packet(0, []byte{codec.ComQuery, 'x'})...)
			src.arrive(clientFrames(t, a.algo, 7, two))
			if e := cs.pump(src, 1<<20, 2<<20); e != nil {
				t.Fatal(e)
			}
			for i := 0; i < 2; i++ {
				_, seq, owned, st := in.next(&cs.plain, 1<<20)
				if st != frameReady || seq != 0 {
					t.Fatalf("command %d: status %v seq %d", i, st, seq)
				}
				if !owned {
					in.consume(&cs.plain)
				}
				cs.commandConsumed()
				if cs.outSeq != 8 {
					t.Fatalf("command %d of frame 7: reply at %d, want 8", i, cs.outSeq)
				}
				cs.frame(nil, packet(1, []byte{0, 0, 0}))
			}

			// The packet's own sequence id plays no part, and the
			// compressed one wraps.
			got = receive(t, cs, src, &in, clientFrames(t, a.algo, 255, packet(9, []byte{codec.ComQuery, 'y'})))
			if len(got) != 1 || got[0].seq != 9 || cs.outSeq != 0 {
				t.Fatalf("framed %v, reply at %d; want packet seq 9 and the reply at 0", got, cs.outSeq)
			}
			frames = decodeFrames(t, a.algo, cs.frame(nil, packet(10, []byte("ok"))))
			if frames[0].seq != 0 || cs.outSeq != 1 {
				t.Fatalf("after wrap: frame %d, next %d", frames[0].seq, cs.outSeq)
			}
			if cs.traffic.PlainIn.Load() == 0 || cs.traffic.WireOut.Load() == 0 {
				t.Fatal("traffic not counted")
			}
		})
	}
}

// Replies bigger than one frame are cut at MaxPayload with consecutive ids.
func TestCompressedLargeReply(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 16 MB")
	}
	cs := newCompState(codec.CompressZstd)
	cs.outSeq = 254
	data := bytes.Repeat([]byte("row "), codec.MaxPayload/4+100)
	frames := decodeFrames(t, codec.CompressZstd, cs.frame(nil, data))
	if len(frames) != 2 || frames[0].seq != 254 || frames[1].seq != 255 || cs.outSeq != 0 {
		t.Fatalf("%d frames, next %d", len(frames), cs.outSeq)
	}
	if !bytes.Equal(append(frames[0].plain, frames[1].plain...), data) {
		t.Fatal("reply changed in transit")
	}
}

// compressedHeader is a frame header with any lengths.
func compressedHeader(clen int, seq byte, ulen int) []byte {
	return []byte{byte(clen), byte(clen >> 8), byte(clen >> 16), seq, byte(ulen), byte(ulen >> 8), byte(ulen >> 16)}
}

func zlibOf(b []byte) []byte {
	var buf bytes.Buffer
	w := stdzlib.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

func zstdOf(b []byte) []byte {
	enc, _ := zstd.NewWriter(nil)
	defer enc.Close()
	return enc.EncodeAll(b, nil)
}

// Frames whose lengths lie are refused with an error before closing,
// never with a panic.
func TestCompressedLyingLengths(t *testing.T) {
	const limit = 4096
	plain := bytes.Repeat([]byte("abcd"), 500) // 2000 bytes
	for _, a := range algos {
		body := zlibOf(plain)
		if a.algo == codec.CompressZstd {
			body = zstdOf(plain)
		}
		for _, tc := range []struct {
			name string
			wire []byte
			code uint16
		}{
			{"expands to less than stated", append(compressedHeader(len(body), 0, len(plain)+1), body...), mysqldef.ErrNetUncompressError},
			{"expands to more than stated", append(compressedHeader(len(body), 0, len(plain)-1), body...), mysqldef.ErrNetUncompressError},
			{"states more than the limit", append(compressedHeader(len(body), 0, limit+1), body...), mysqldef.ErrNetUncompressError},
			{"is not compressed data", append(compressedHeader(10, 0, 100), "not zlib!!"...), mysqldef.ErrNetUncompressError},
			{"is truncated", append(compressedHeader(len(body)/2, 0, len(plain)), body[:len(body)/2]...), mysqldef.ErrNetUncompressError},
			// Refused from the header alone: a frame announcing 16 MB is
			// not waited for.
			{"announces a frame over the limit", compressedHeader(codec.MaxPayload, 0, 0), mysqldef.ErrNetPacketTooLarge},
		} {
			cs := newCompState(a.algo)
			src := &fakeSource{}
			src.arrive(tc.wire)
			e := cs.pump(src, limit, 1<<20)
			if e == nil || e.Code != tc.code {
				t.Errorf("%s: a frame that %s gave %v, want error %d", a.name, tc.name, e, tc.code)
			}
		}
	}
}

// A frame that states a small length must not make the server allocate
// what the data would expand to.
func TestCompressedBombAllocation(t *testing.T) {
	const limit = 64 << 10
	plain := make([]byte, 8<<20)
	for _, a := range algos {
		body := zlibOf(plain)
		if a.algo == codec.CompressZstd {
			body = zstdOf(plain)
		}
		wire := append(compressedHeader(len(body), 0, 1000), body...)
		cs := newCompState(a.algo)
		src := &fakeSource{}
		src.arrive(wire)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		e := cs.pump(src, limit, 1<<20)
		runtime.ReadMemStats(&after)
		if e == nil {
			t.Fatalf("%s: an 8 MB bomb stated as 1000 bytes was accepted", a.name)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(4*limit+len(wire)) {
			t.Errorf("%s: refusing a bomb allocated %d bytes (limit %d)", a.name, grew, limit)
		}
	}
}

// referenceDeframe decompresses complete frames with other decoders
// (the standard library's zlib, a streaming zstd reader) and reports
// whether the stream is acceptable under limit.
func referenceDeframe(algo byte, wire []byte, limit int) (plain []byte, ok bool) {
	for {
		clen, _, ulen, hdrOK := codec.ParseCompressedHeader(wire)
		if !hdrOK {
			return plain, true
		}
		if clen > limit+codec.MaxPayload/64 {
			return plain, false
		}
		if len(wire) < codec.CompressedHeaderSize+clen {
			return plain, true
		}
		body := wire[codec.CompressedHeaderSize : codec.CompressedHeaderSize+clen]
		wire = wire[codec.CompressedHeaderSize+clen:]
		if ulen == 0 {
			plain = append(plain, body...)
			continue
		}
		if ulen > limit {
			return plain, false
		}
		var r io.Reader
		switch algo {
		case codec.CompressZlib:
			zr, err := stdzlib.NewReader(bytes.NewReader(body))
			if err != nil {
				return plain, false
			}
			r = zr
		default:
			zr, err := zstd.NewReader(bytes.NewReader(body), zstd.WithDecoderConcurrency(1))
			if err != nil {
				return plain, false
			}
			defer zr.Close()
			r = zr
		}
		out, err := io.ReadAll(io.LimitReader(r, int64(ulen)+1))
		if len(out) != ulen || (err != nil && len(out) < ulen) {
			return plain, false
		}
		if err != nil {
			// Bytes after the stream that are not a valid stream (zlib) or
			// frame (zstd) make the frame invalid: MySQL decompresses the
			// whole frame (ZSTD_decompress rejects trailing garbage).
			return plain, false
		}
		plain = append(plain, out...)
	}
}

// FuzzCompressedInput checks that decompressing and deframing any input
// gives an error or the bytes an independent decoder finds, never a panic,
// and that the framer reading the result never panics either.
func FuzzCompressedInput(f *testing.F) {
	query := packet(0, append([]byte{codec.ComQuery}, bytes.Repeat([]byte("select 1;"), 20)...))
	for _, a := range algos {
		var wire []byte
		c := codec.Compressor{Algo: a.algo}
		wire, _, _ = c.AppendFrames(wire, 0, query)
		wire, _, _ = c.AppendFrames(wire, 1, packet(1, []byte("tiny")))
		f.Add(wire, a.algo == codec.CompressZstd, uint16(1000))
		lying := bytes.Clone(wire)
		lying[4]++ // the stated length
		f.Add(lying, a.algo == codec.CompressZstd, uint16(1000))
	}
	f.Add(append(compressedHeader(3, 0, 0), 1, 0, 0), false, uint16(10))
	f.Add(compressedHeader(0xFFFFFF, 9, 0xFFFFFF), true, uint16(0))
	f.Fuzz(func(t *testing.T, wire []byte, zstdAlgo bool, limitSeed uint16) {
		algo := codec.CompressZlib
		if zstdAlgo {
			algo = codec.CompressZstd
		}
		limit := int(limitSeed)
		cs := newCompState(algo)
		src := &fakeSource{}
		src.arrive(bytes.Clone(wire))
		e := cs.pump(src, limit, 1<<30)
		want, ok := referenceDeframe(algo, wire, limit)
		if (e == nil) != ok {
			t.Fatalf("pump said %v, the reference accepts: %v", e, ok)
		}
		if e != nil {
			if e.Code != mysqldef.ErrNetUncompressError && e.Code != mysqldef.ErrNetPacketTooLarge {
				t.Fatalf("unexpected error %v", e)
			}
			return
		}
		got, _ := cs.plain.Peek(cs.plain.InboundBuffered())
		if !bytes.Equal(got, want) {
			t.Fatalf("decompressed %d bytes, reference %d", len(got), len(want))
		}
		if len(got) > 0 && cs.plain.total != int64(len(got)) {
			t.Fatalf("total %d for %d bytes", cs.plain.total, len(got))
		}
		var in inbound
		for i := 0; ; i++ {
			_, _, owned, st := in.next(&cs.plain, limit)
			if st != frameReady {
				break
			}
			if !owned {
				in.consume(&cs.plain)
			}
			cs.commandConsumed()
			if i > len(wire) {
				t.Fatalf("framed more packets (%d) than there are bytes", i)
			}
		}
	})
}

// compressedSession switches to algo on "compress" and answers a query
// with a column count, a column definition and an EOF, or with rows
// enough for several chunks when the query is "big".
func compressedSession(algo byte) func(*testSession, []byte, byte, *PacketWriter) Outcome {
	return func(s *testSession, payload []byte, seq byte, w *PacketWriter) Outcome {
		if string(payload) == "compress" {
			_ = w.WritePacket([]byte{0, 0, 0, 2, 0, 0, 0})
			return Outcome{Authenticated: true, Compress: algo}
		}
		if string(payload[1:]) == "big" {
			// 250 KB: the first 32 KB chunk, then stream-sized ones.
			for i := 0; i < 250; i++ {
				_ = w.WritePacket(pattern(1000, byte(i)))
			}
			return Outcome{}
		}
		_ = w.WritePacket([]byte{1})
		_ = w.WritePacket(bytes.Repeat([]byte("def"), 40))
		_ = w.WritePacket([]byte{0xFE, 0, 0, 2, 0})
		return Outcome{}
	}
}

// readReply reads compressed frames until n packets have arrived and
// returns the frames' ids and the packets' ids.
func (c *testClient) readReply(algo byte, n int) (frameSeqs, packetSeqs []byte) {
	c.t.Helper()
	var plain []byte
	for len(packetSeqs) < n {
		p, seq := c.readFrame(algo)
		frameSeqs = append(frameSeqs, seq)
		plain = append(plain, p...)
		for {
			_, consumed, last, ok := codec.SplitPackets(plain)
			if !ok {
				break
			}
			packetSeqs = append(packetSeqs, last)
			plain = plain[consumed:]
		}
	}
	if len(plain) != 0 {
		c.t.Fatalf("%d bytes after the reply", len(plain))
	}
	return frameSeqs, packetSeqs
}

// The compressed protocol end to end: frame ids and packet ids counted
// apart, in both directions, for the worker's replies and the loop's own.
func TestCompressedProtocolEndToEnd(t *testing.T) {
	for _, a := range algos {
		t.Run(a.name, func(t *testing.T) {
			h := &testHandler{serve: compressedSession(a.algo)}
			addr := startServer(t, Config{}, h)
			c := dial(t, addr, h, 0)
			c.write(packet(0, []byte("compress")))
			if _, seq := c.read(); seq != 1 {
				t.Fatalf("OK before compression has seq %d", seq)
			}

			query := packet(0, append([]byte{codec.ComQuery}, "select 1"...))
			c.write(clientFrames(t, a.algo, 0, query))
			frames, packets := c.readReply(a.algo, 3)
			if !bytes.Equal(frames, []byte{1}) || !bytes.Equal(packets, []byte{1, 2, 3}) {
				t.Fatalf("frames %v packets %v, want frame 1 holding packets 1-3", frames, packets)
			}

			// A command over two frames: the reply follows the second.
			c.write(clientFrames(t, a.algo, 0, query, 6))
			if frames, _ = c.readReply(a.algo, 3); !bytes.Equal(frames, []byte{2}) {
				t.Fatalf("reply to a two-frame command in frames %v, want [2]", frames)
			}

			// The loop's own answer to a ping is framed the same way.
			c.write(clientFrames(t, a.algo, 0, packet(0, []byte{codec.ComPing})))
			if frames, packets = c.readReply(a.algo, 1); !bytes.Equal(frames, []byte{1}) || !bytes.Equal(packets, []byte{1}) {
				t.Fatalf("ping answer in frames %v packets %v", frames, packets)
			}

			// A reply of several chunks: consecutive frames, packets
			// numbered on across them.
			c.write(clientFrames(t, a.algo, 0, packet(0, []byte{codec.ComQuery, 'b', 'i', 'g'})))
			frames, packets = c.readReply(a.algo, 250)
			if len(frames) < 3 {
				t.Fatalf("250 KB of rows in %d frames", len(frames))
			}
			for i := range frames {
				if frames[i] != byte(1+i) {
					t.Fatalf("frames %v", frames)
				}
			}
			for i := range packets {
				if packets[i] != byte(1+i) {
					t.Fatalf("packets %v", packets)
				}
			}
		})
	}
}

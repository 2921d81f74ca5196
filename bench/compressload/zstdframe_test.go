package main

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/loopdb/loopdb/codec"
)

// The framer's frames are read by the server's codec, and the server's
// frames by the framer, byte for byte: the tool measures loopdb only if it
// speaks the same protocol.
func TestZstdFramerAgainstServerCodec(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	deadline := time.Now().Add(time.Minute)
	client.SetDeadline(deadline)
	server.SetDeadline(deadline)
	f := newZstdFramer(client, 1)
	f.on = true
	var err error

	// A command (packet sequence 0), then two packets of a LOAD DATA file:
	// one compressible, one too short to compress.
	text := bytes.Repeat([]byte("42\t12345\t83868641912-28773972837-60736120486\n"), 2000)
	packets := [][]byte{
		append([]byte{5, 0, 0, 0}, "QUERY"...),
		append([]byte{0, 0, 0, 2}, text...),
		{3, 0, 0, 3, 'a', 'b', 'c'},
	}
	errc := make(chan error, 1)
	go func() {
		for _, p := range packets {
			if _, err := f.Write(p); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	wantSeq := []byte{0, 1, 2}
	for i, p := range packets {
		hdr := make([]byte, codec.CompressedHeaderSize)
		if _, err := io.ReadFull(server, hdr); err != nil {
			t.Fatal(err)
		}
		clen, seq, ulen, ok := codec.ParseCompressedHeader(hdr)
		if !ok {
			t.Fatalf("frame %d: bad header %v", i, hdr)
		}
		if seq != wantSeq[i] {
			t.Errorf("frame %d: compressed sequence %d, want %d", i, seq, wantSeq[i])
		}
		payload := make([]byte, clen)
		if _, err := io.ReadFull(server, payload); err != nil {
			t.Fatal(err)
		}
		got := payload
		if ulen != 0 {
			if got, err = codec.Decompress(nil, codec.CompressZstd, payload, ulen, 1<<24); err != nil {
				t.Fatalf("frame %d: %v", i, err)
			}
		}
		if !bytes.Equal(got, p) {
			t.Fatalf("frame %d: server decoded %d bytes, want the %d written", i, len(got), len(p))
		}
		if i == 1 && (ulen == 0 || clen*2 > len(p)) {
			t.Errorf("repetitive text went %d -> %d bytes (ulen %d): not compressed", len(p), clen, ulen)
		}
		if i == 2 && ulen != 0 {
			t.Errorf("a 7-byte packet was compressed")
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}

	// The server's reply: frames numbered on from the last one read.
	reply := append([]byte{byte(len(text)), byte(len(text) >> 8), byte(len(text) >> 16), 4}, text...)
	comp := codec.Compressor{Algo: codec.CompressZstd, Level: 1}
	frames, _, err := comp.AppendFrames(nil, 3, reply)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, err := server.Write(frames); errc <- err }()
	got := make([]byte, len(reply))
	if _, err := io.ReadFull(f, got); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, reply) {
		t.Fatal("the framer read back other bytes than the server framed")
	}
	// The next command starts the compressed sequence again.
	go func() { _, err := f.Write([]byte{1, 0, 0, 0, 14}); errc <- err }()
	hdr := make([]byte, codec.CompressedHeaderSize)
	if _, err := io.ReadFull(server, hdr); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(server, make([]byte, 5)); err != nil {
		t.Fatal(err)
	}
	if <-errc != nil || hdr[3] != 0 {
		t.Errorf("a new command's frame has sequence %d, want 0", hdr[3])
	}
}

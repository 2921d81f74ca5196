package main

import (
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/klauspost/compress/zstd"
)

// zstdFramer carries the MySQL compressed protocol's zstd frames for
// go-mysql's client, which is left believing the connection is plain.
//
// go-mysql compresses with zstd by building a new encoder for every packet
// it writes and a new decoder for every frame it reads. A zstd encoder is
// hundreds of kilobytes of tables, a decoder starts goroutines: on a LOAD
// DATA that cost the client more CPU than the server spent on the same two
// cores, so a zstd load looked slower than a zlib one for the client's sake
// (zlib goes through go-sql-driver, which pools its compressors). MySQL's
// own client keeps one compression context per connection; this does the
// same: one encoder and one decoder for the connection's life.
//
// Framing, as the protocol has it: a 7-byte header (3 bytes compressed
// length, 1 byte compressed sequence id, 3 bytes uncompressed length, 0 when
// the payload is sent as is) and the payload. A frame here carries exactly
// what one Write handed over (go-mysql writes one packet per Write), split
// at 16 MB. The compressed sequence restarts at 0 with each command (a
// write of a packet numbered 0 after a read) and otherwise follows the last
// frame read or written.
type zstdFramer struct {
	net.Conn
	on  bool // set once the handshake is over
	enc *zstd.Encoder
	dec *zstd.Decoder

	seq       byte // compressed sequence id of the next frame written
	lastWrite bool // the last frame crossed client -> server

	hdr   [7]byte
	frame []byte // a frame being written or read
	plain []byte // decompressed bytes not yet returned by Read
	off   int
}

// minCompressLength is the size under which a payload goes uncompressed, as
// MySQL's clients do.
const minCompressLength = 50

// maxFramePayload is the largest length the 3-byte fields can carry.
const maxFramePayload = 1<<24 - 1

func newZstdFramer(c net.Conn, level int) (*zstdFramer, error) {
	// WithAllLitEntropyCompression: the library's fastest level leaves
	// literals unencoded by default, which sends text rows (digits,
	// letters) uncompressed; zstd's own level 1 codes them.
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.EncoderLevelFromZstd(level)),
		zstd.WithEncoderConcurrency(1), zstd.WithAllLitEntropyCompression(true))
	if err != nil {
		return nil, err
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	return &zstdFramer{Conn: c, enc: enc, dec: dec}, nil
}

func (f *zstdFramer) Write(p []byte) (int, error) {
	if !f.on {
		return f.Conn.Write(p)
	}
	if !f.lastWrite && len(p) >= 4 && p[3] == 0 {
		f.seq = 0 // a new command
	}
	f.lastWrite = true
	for rest := p; len(rest) > 0; {
		chunk := rest[:min(len(rest), maxFramePayload)]
		rest = rest[len(chunk):]
		f.frame = append(f.frame[:0], f.hdr[:]...)
		ulen := 0
		if len(chunk) >= minCompressLength {
			f.frame = f.enc.EncodeAll(chunk, f.frame)
			ulen = len(chunk)
		}
		if ulen == 0 || len(f.frame)-7 >= len(chunk) {
			// Not worth it (or too small to try): send the bytes as they are.
			f.frame = append(f.frame[:7], chunk...)
			ulen = 0
		}
		putFrameHeader(f.frame, len(f.frame)-7, f.seq, ulen)
		f.seq++
		if _, err := f.Conn.Write(f.frame); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (f *zstdFramer) Read(p []byte) (int, error) {
	if !f.on {
		return f.Conn.Read(p)
	}
	for f.off == len(f.plain) {
		if err := f.readFrame(); err != nil {
			return 0, err
		}
	}
	n := copy(p, f.plain[f.off:])
	f.off += n
	return n, nil
}

// readFrame reads one frame from the server into f.plain.
func (f *zstdFramer) readFrame() error {
	if _, err := io.ReadFull(f.Conn, f.hdr[:]); err != nil {
		return err
	}
	clen := int(f.hdr[0]) | int(f.hdr[1])<<8 | int(f.hdr[2])<<16
	ulen := int(f.hdr[4]) | int(f.hdr[5])<<8 | int(f.hdr[6])<<16
	f.seq = f.hdr[3] + 1
	f.lastWrite = false
	if cap(f.frame) < clen {
		f.frame = make([]byte, clen)
	}
	f.frame = f.frame[:clen]
	if _, err := io.ReadFull(f.Conn, f.frame); err != nil {
		return err
	}
	f.off = 0
	if ulen == 0 {
		f.plain = append(f.plain[:0], f.frame...)
		return nil
	}
	var err error
	f.plain, err = f.dec.DecodeAll(f.frame, f.plain[:0])
	if err != nil {
		return fmt.Errorf("zstd frame: %w", err)
	}
	if len(f.plain) != ulen {
		return errors.New("zstd frame: decompressed length differs from its header")
	}
	return nil
}

func putFrameHeader(b []byte, clen int, seq byte, ulen int) {
	b[0], b[1], b[2] = byte(clen), byte(clen>>8), byte(clen>>16)
	b[3] = seq
	b[4], b[5], b[6] = byte(ulen), byte(ulen>>8), byte(ulen>>16)
}

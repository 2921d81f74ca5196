package main

import (
	"errors"
	"io"
	"net"

	"github.com/loopdb/loopdb/codec"
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
// own client keeps one compression context per connection; this reuses
// coders the same way, through the framing loopdb's codec already does for
// the server (pooled encoders and decoders, frames split at 16 MB, small
// or incompressible payloads stored).
//
// A frame here carries exactly what one Write handed over (go-mysql writes
// one packet per Write). The compressed sequence restarts at 0 with each
// command (a write of a packet numbered 0 after a read) and otherwise
// follows the last frame read or written.
type zstdFramer struct {
	net.Conn
	on   bool // set once the handshake is over
	comp codec.Compressor

	seq       byte // compressed sequence id of the next frame written
	lastWrite bool // the last frame crossed client -> server

	hdr   [codec.CompressedHeaderSize]byte
	frame []byte // frames being written, or the payload of one being read
	plain []byte // decompressed bytes not yet returned by Read
	off   int
}

func newZstdFramer(c net.Conn, level int) *zstdFramer {
	return &zstdFramer{Conn: c, comp: codec.Compressor{Algo: codec.CompressZstd, Level: level}}
}

func (f *zstdFramer) Write(p []byte) (int, error) {
	if !f.on {
		return f.Conn.Write(p)
	}
	if !f.lastWrite && len(p) >= 4 && p[3] == 0 {
		f.seq = 0 // a new command
	}
	f.lastWrite = true
	var err error
	if f.frame, f.seq, err = f.comp.AppendFrames(f.frame[:0], f.seq, p); err != nil {
		return 0, err
	}
	if _, err := f.Conn.Write(f.frame); err != nil {
		return 0, err
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
	clen, seq, ulen, _ := codec.ParseCompressedHeader(f.hdr[:])
	f.seq = seq + 1
	f.lastWrite = false
	if cap(f.frame) < clen {
		f.frame = make([]byte, clen)
	}
	f.frame = f.frame[:clen]
	if _, err := io.ReadFull(f.Conn, f.frame); err != nil {
		return err
	}
	var err error
	f.off = 0
	f.plain, err = codec.Decompress(f.plain[:0], codec.CompressZstd, f.frame, ulen, codec.MaxPayload)
	if err != nil {
		return errors.New("compressload: a zstd frame from the server does not decompress")
	}
	return nil
}

package codec

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"sync"

	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
)

// Compressed protocol (CLIENT_COMPRESS / CLIENT_ZSTD_COMPRESSION_ALGORITHM).
// After the login, each direction sends frames that carry any byte range of
// the ordinary packet stream:
//
//	int<3>  length of the frame's payload (after this 7-byte header)
//	int<1>  compressed sequence id
//	int<3>  length before compression; 0 = the payload is stored as is
//	payload zlib stream (RFC 1950) or one zstd frame, or raw bytes
//
// Payloads under MinCompressLength go stored, as do ones compression would
// not shrink. One frame holds at most MaxPayload uncompressed bytes.

// CompressedHeaderSize is the length of a compressed frame's header.
const CompressedHeaderSize = 7

// MinCompressLength is the size below which payloads are sent stored.
const MinCompressLength = 50

// Compression algorithms.
const (
	CompressNone byte = iota
	CompressZlib
	CompressZstd
)

// ErrUncompress reports a frame that does not decompress to its stated
// length (corrupt, truncated, or a decompression bomb).
var ErrUncompress = errors.New("codec: compressed frame does not decompress to its stated length")

// ParseCompressedHeader reads a frame header; ok is false when b holds
// fewer than CompressedHeaderSize bytes.
func ParseCompressedHeader(b []byte) (clen int, seq byte, ulen int, ok bool) {
	if len(b) < CompressedHeaderSize {
		return 0, 0, 0, false
	}
	clen = int(b[0]) | int(b[1])<<8 | int(b[2])<<16
	ulen = int(b[4]) | int(b[5])<<8 | int(b[6])<<16
	return clen, b[3], ulen, true
}

func putCompressedHeader(b []byte, clen int, seq byte, ulen int) {
	b[0], b[1], b[2] = byte(clen), byte(clen>>8), byte(clen>>16)
	b[3] = seq
	b[4], b[5], b[6] = byte(ulen), byte(ulen>>8), byte(ulen>>16)
}

// Compressor compresses frames with one algorithm and level. It is not
// safe for concurrent use; encoders come from pools so an idle connection
// holds none.
type Compressor struct {
	Algo  byte
	Level int
	buf   bytes.Buffer
}

// AppendFrames appends data as compressed frames numbered from seq and
// returns the next compressed sequence id.
func (c *Compressor) AppendFrames(dst []byte, seq byte, data []byte) ([]byte, byte, error) {
	for {
		n := min(len(data), MaxPayload)
		chunk := data[:n]
		start := len(dst)
		dst = append(dst, make([]byte, CompressedHeaderSize)...)
		compressed := false
		if n >= MinCompressLength && c.Algo != CompressNone {
			var err error
			out, err := c.compress(dst, chunk)
			if err != nil {
				return nil, seq, err
			}
			if len(out)-start-CompressedHeaderSize < n {
				dst = out
				compressed = true
			}
		}
		if compressed {
			putCompressedHeader(dst[start:], len(dst)-start-CompressedHeaderSize, seq, n)
		} else {
			dst = append(dst[:start+CompressedHeaderSize], chunk...)
			putCompressedHeader(dst[start:], n, seq, 0)
		}
		seq++
		data = data[n:]
		if len(data) == 0 {
			return dst, seq, nil
		}
	}
}

func (c *Compressor) compress(dst, chunk []byte) ([]byte, error) {
	switch c.Algo {
	case CompressZstd:
		enc := zstdEncoder(c.Level)
		dst = enc.EncodeAll(chunk, dst)
		zstdEncoders[zstdLevelIndex(c.Level)].Put(enc)
		return dst, nil
	case CompressZlib:
		c.buf.Reset()
		w := zlibWriters.Get().(*zlib.Writer)
		w.Reset(&c.buf)
		if _, err := w.Write(chunk); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		zlibWriters.Put(w)
		return append(dst, c.buf.Bytes()...), nil
	}
	return nil, errors.New("codec: unknown compression algorithm")
}

// Decompress appends the payload of one frame (header already parsed) to
// dst. The result must be exactly ulen bytes; limit bounds what a frame
// may expand to.
func Decompress(dst []byte, algo byte, payload []byte, ulen, limit int) ([]byte, error) {
	if ulen == 0 {
		return append(dst, payload...), nil
	}
	if ulen > limit || ulen > MaxPayload {
		return nil, ErrUncompress
	}
	start := len(dst)
	switch algo {
	case CompressZstd:
		// Decode into exactly ulen bytes of room: the decoders stop at
		// the capacity they are given (WithDecodeAllCapLimit), so a frame
		// that lies about its length costs no more than it stated.
		dst = slices.Grow(dst, ulen)
		room := dst[start : start : start+ulen]
		dec := zstdDecoders.Get().(*zstd.Decoder)
		out, err := dec.DecodeAll(payload, room)
		zstdDecoders.Put(dec)
		if err != nil || len(out) != ulen {
			return nil, ErrUncompress
		}
		if &out[0] != &dst[start : start+1][0] {
			copy(dst[start:start+ulen], out) // the decoder chose its own buffer
		}
		return dst[:start+ulen], nil
	case CompressZlib:
		r, err := zlib.NewReader(bytes.NewReader(payload))
		if err != nil {
			return nil, ErrUncompress
		}
		defer r.Close()
		dst = append(dst, make([]byte, ulen)...)
		if _, err := io.ReadFull(r, dst[start:]); err != nil {
			return nil, ErrUncompress
		}
		// Anything beyond the stated length is a lie about the size; the
		// stream must end there, and only its end checks the Adler-32.
		var one [1]byte
		if n, err := r.Read(one[:]); n != 0 || err != io.EOF {
			return nil, ErrUncompress
		}
		return dst, nil
	}
	return nil, ErrUncompress
}

// Pools: encoders and decoders are costly to create and hold memory, so
// connections borrow them per frame.
var (
	zlibWriters = sync.Pool{New: func() any {
		w, _ := zlib.NewWriterLevel(io.Discard, zlib.DefaultCompression)
		return w
	}}
	// The output of a frame is bounded by the room Decompress gives
	// (WithDecodeAllCapLimit), not by the max-memory option: that option
	// also caps the window size a frame may declare, and libzstd's one-shot
	// decompression, which MySQL uses, accepts any legal window because it
	// decodes straight into the destination. So does this decoder (it
	// allocates nothing for the window in DecodeAll), up to the library's
	// largest window.
	zstdDecoders = sync.Pool{New: func() any {
		d, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(zstd.MaxWindowSize),
			zstd.WithDecodeAllCapLimit(true))
		return d
	}}
	zstdEncoders [4]sync.Pool
)

// zstdLevelIndex maps MySQL's zstd levels (1-22) onto the library's four.
func zstdLevelIndex(level int) int {
	switch {
	case level <= 2:
		return 0
	case level <= 6:
		return 1
	case level <= 12:
		return 2
	}
	return 3
}

func zstdEncoder(level int) *zstd.Encoder {
	i := zstdLevelIndex(level)
	if e, ok := zstdEncoders[i].Get().(*zstd.Encoder); ok {
		return e
	}
	lv := []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression, zstd.SpeedBestCompression}[i]
	// The library's fastest level skips entropy coding of literals by
	// default, which leaves text rows (digits, letters) uncompressed;
	// zstd's level 1 codes them. No content checksum, as MySQL's server
	// writes its frames (the frame format makes it optional; the
	// compressed packet is inside TCP's and TLS's own checks): hashing
	// cost 5 % of a level-1 frame (BenchmarkAppendFramesRows).
	e, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(lv), zstd.WithEncoderConcurrency(1),
		zstd.WithAllLitEntropyCompression(true), zstd.WithEncoderCRC(false))
	return e
}

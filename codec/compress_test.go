package codec

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// unframe decodes every frame in b.
func unframe(t testing.TB, algo byte, b []byte, limit int) ([]byte, error) {
	var out []byte
	for len(b) > 0 {
		clen, _, ulen, ok := ParseCompressedHeader(b)
		if !ok || len(b) < CompressedHeaderSize+clen {
			return nil, ErrMalformed
		}
		var err error
		out, err = Decompress(out, algo, b[CompressedHeaderSize:CompressedHeaderSize+clen], ulen, limit)
		if err != nil {
			return nil, err
		}
		b = b[CompressedHeaderSize+clen:]
	}
	return out, nil
}

func TestCompressedFramesRoundTrip(t *testing.T) {
	big := bytes.Repeat([]byte("row data 1234567890, "), 1<<20) // ~21 MB: two frames
	for _, algo := range []byte{CompressZlib, CompressZstd} {
		c := &Compressor{Algo: algo, Level: 3}
		for _, data := range [][]byte{[]byte("tiny"), bytes.Repeat([]byte{'a'}, 1000), big} {
			framed, next, err := c.AppendFrames(nil, 1, data)
			if err != nil {
				t.Fatal(err)
			}
			frames := len(data)/MaxPayload + 1
			if next != byte(1+frames) {
				t.Errorf("algo %d: next seq %d for %d frames", algo, next, frames)
			}
			got, err := unframe(t, algo, framed, MaxPayload)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("algo %d, %d bytes: round trip failed: %v", algo, len(data), err)
			}
			if len(data) >= 1000 && len(framed) >= len(data)/2 {
				t.Errorf("algo %d: %d bytes did not compress (%d)", algo, len(data), len(framed))
			}
		}
	}
}

func TestSmallPayloadStored(t *testing.T) {
	c := &Compressor{Algo: CompressZlib}
	framed, _, _ := c.AppendFrames(nil, 0, []byte("\x09\x00\x00\x00\x03SELECT 1"))
	want := unhex(t, `0d 00 00 | 13 bytes
		00       | compressed seq 0
		00 00 00 | stored
		09 00 00 00 03 53 45 4c 45 43 54 20 31 | the COM_QUERY packet`)
	if !bytes.Equal(framed, want) {
		t.Fatalf("% x", framed)
	}
}

func TestDecompressRejects(t *testing.T) {
	c := &Compressor{Algo: CompressZlib}
	payload := bytes.Repeat([]byte{'z'}, 1<<20)
	framed, _, _ := c.AppendFrames(nil, 0, payload)
	clen, _, ulen, _ := ParseCompressedHeader(framed)
	body := framed[CompressedHeaderSize : CompressedHeaderSize+clen]
	if _, err := Decompress(nil, CompressZlib, body, ulen-1, MaxPayload); err != ErrUncompress {
		t.Error("a frame longer than its stated length was accepted")
	}
	if _, err := Decompress(nil, CompressZlib, body, ulen+1, MaxPayload); err != ErrUncompress {
		t.Error("a frame shorter than its stated length was accepted")
	}
	if _, err := Decompress(nil, CompressZlib, body, ulen, 1024); err != ErrUncompress {
		t.Error("a frame above the limit (a zip bomb) was accepted")
	}
	if _, err := Decompress(nil, CompressZlib, body[:len(body)/2], ulen, MaxPayload); err != ErrUncompress {
		t.Error("a truncated frame was accepted")
	}
	if _, err := Decompress(nil, CompressZstd, []byte("not zstd"), 100, MaxPayload); err != ErrUncompress {
		t.Error("garbage zstd accepted")
	}
	// The stated length reached but the stream's end (and its Adler-32)
	// missing or wrong.
	if _, err := Decompress(nil, CompressZlib, body[:len(body)-4], ulen, MaxPayload); err != ErrUncompress {
		t.Error("a zlib stream without its checksum was accepted")
	}
	bad := bytes.Clone(body)
	bad[len(bad)-1] ^= 1
	if _, err := Decompress(nil, CompressZlib, bad, ulen, MaxPayload); err != ErrUncompress {
		t.Error("a zlib stream with a wrong checksum was accepted")
	}
}

// zstd output goes straight after what dst holds, and a frame that
// expands past its stated length is refused.
func TestDecompressZstdAppends(t *testing.T) {
	c := &Compressor{Algo: CompressZstd}
	payload := bytes.Repeat([]byte("zstd "), 1000)
	framed, _, _ := c.AppendFrames(nil, 0, payload)
	clen, _, ulen, _ := ParseCompressedHeader(framed)
	body := framed[CompressedHeaderSize : CompressedHeaderSize+clen]
	out, err := Decompress([]byte("head"), CompressZstd, body, ulen, MaxPayload)
	if err != nil || string(out[:4]) != "head" || !bytes.Equal(out[4:], payload) {
		t.Fatalf("Decompress = %d bytes, %v", len(out), err)
	}
	if _, err := Decompress(nil, CompressZstd, body, ulen-1, MaxPayload); err != ErrUncompress {
		t.Error("a zstd frame longer than its stated length was accepted")
	}
}

// A zstd frame may declare a window far larger than its content and omit
// the content size, as a streaming compressor writes it. libzstd's one-shot
// decompression (what MySQL runs on a compressed packet) accepts it, so we
// do too; the room given to the decoder still bounds the output.
func TestDecompressZstdLargeWindowNoContentSize(t *testing.T) {
	payload := bytes.Repeat([]byte("window "), 50)
	// One frame by hand (RFC 8878): magic, a header with no content size,
	// a window descriptor, one last raw block holding the payload.
	for _, wd := range []byte{0x78, 0x98} { // windows of 32 MiB and 512 MiB
		frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, wd}
		bh := uint32(len(payload))<<3 | 1 // raw block, last
		frame = append(frame, byte(bh), byte(bh>>8), byte(bh>>16))
		frame = append(frame, payload...)
		out, err := Decompress(nil, CompressZstd, frame, len(payload), MaxPayload)
		if err != nil || !bytes.Equal(out, payload) {
			t.Fatalf("window descriptor %#x: Decompress = %d bytes, %v", wd, len(out), err)
		}
		if _, err := Decompress(nil, CompressZstd, frame, len(payload)-1, MaxPayload); err != ErrUncompress {
			t.Fatalf("window descriptor %#x: a frame longer than its stated length was accepted", wd)
		}
	}
}

func FuzzDecompress(f *testing.F) {
	c := &Compressor{Algo: CompressZlib}
	framed, _, _ := c.AppendFrames(nil, 0, bytes.Repeat([]byte("abc"), 100))
	f.Add(framed, byte(CompressZlib))
	cz := &Compressor{Algo: CompressZstd, Level: 3}
	framed, _, _ = cz.AppendFrames(nil, 0, bytes.Repeat([]byte("abc"), 100))
	f.Add(framed, byte(CompressZstd))
	f.Fuzz(func(t *testing.T, b []byte, algo byte) {
		clen, _, ulen, ok := ParseCompressedHeader(b)
		if !ok || len(b) < CompressedHeaderSize+clen {
			return
		}
		out, err := Decompress(nil, algo%3, b[CompressedHeaderSize:CompressedHeaderSize+clen], ulen, 1<<16)
		if err == nil && ulen != 0 && len(out) != ulen {
			t.Fatalf("decompressed %d bytes, header says %d", len(out), ulen)
		}
	})
}

// Rows of random digits (sysbench's c and pad) compress to about half at
// every zstd level a client may ask for, level 1 included.
func TestZstdEveryLevelShrinksDigitText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var data []byte
	for len(data) < 32<<10 {
		data = fmt.Appendf(data, "%011d-%011d-%011d ", rng.Int64N(1e11), rng.Int64N(1e11), rng.Int64N(1e11))
	}
	for _, level := range []int{1, 2, 3, 7, 13, 22} {
		c := Compressor{Algo: CompressZstd, Level: level}
		out, _, err := c.AppendFrames(nil, 0, data)
		if err != nil {
			t.Fatal(err)
		}
		if ratio := float64(len(out)) / float64(len(data)); ratio > 0.6 {
			t.Errorf("zstd level %d: %d -> %d bytes (%.2f)", level, len(data), len(out), ratio)
		}
	}
}

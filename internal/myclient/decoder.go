package myclient

import (
	"bytes"
	"encoding/binary"
	"io"
)

// Decoder reads little-endian protocol fields from B. The first short or malformed read sets
// Err to io.ErrUnexpectedEOF and empties B; later reads then return zero values, so a caller
// reads a whole packet and checks Err once (no panics on hostile input).
type Decoder struct {
	B   []byte
	Err error
}

// NewDecoder returns a Decoder over p.
func NewDecoder(p []byte) *Decoder { return &Decoder{B: p} }

func (d *Decoder) fail() {
	if d.Err == nil {
		d.Err = io.ErrUnexpectedEOF
	}
	d.B = nil
}

// Bytes returns the next n bytes (aliasing the packet), or nil when fewer remain.
func (d *Decoder) Bytes(n int) []byte {
	if d.Err != nil || n < 0 || len(d.B) < n {
		d.fail()
		return nil
	}
	v := d.B[:n]
	d.B = d.B[n:]
	return v
}

// Peek returns the next byte without consuming it, or 0 at the end.
func (d *Decoder) Peek() byte {
	if len(d.B) == 0 {
		return 0
	}
	return d.B[0]
}

// U8 reads one byte.
func (d *Decoder) U8() byte {
	if v := d.Bytes(1); v != nil {
		return v[0]
	}
	return 0
}

// U16 reads a 2-byte integer.
func (d *Decoder) U16() uint16 {
	if v := d.Bytes(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

// U32 reads a 4-byte integer.
func (d *Decoder) U32() uint32 {
	if v := d.Bytes(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

// NulString reads a NUL-terminated string and consumes the NUL.
func (d *Decoder) NulString() string {
	i := bytes.IndexByte(d.B, 0)
	if d.Err != nil || i < 0 {
		d.fail()
		return ""
	}
	s := string(d.B[:i])
	d.B = d.B[i+1:]
	return s
}

// Rest returns everything left.
func (d *Decoder) Rest() []byte {
	v := d.B
	d.B = nil
	return v
}

// Lenenc reads a length-encoded integer. 0xFB (NULL) and 0xFF are not integers: they fail.
func (d *Decoder) Lenenc() uint64 {
	switch c := d.U8(); {
	case c < 0xfb:
		return uint64(c)
	case c == 0xfc:
		return uint64(d.U16())
	case c == 0xfd:
		v := d.Bytes(3)
		if v == nil {
			return 0
		}
		return uint64(v[0]) | uint64(v[1])<<8 | uint64(v[2])<<16
	case c == 0xfe:
		v := d.Bytes(8)
		if v == nil {
			return 0
		}
		return binary.LittleEndian.Uint64(v)
	default:
		d.fail()
		return 0
	}
}

// LenencBytes reads a length-encoded string.
func (d *Decoder) LenencBytes() []byte {
	n := d.Lenenc()
	if n > uint64(len(d.B)) {
		d.fail()
		return nil
	}
	return d.Bytes(int(n))
}

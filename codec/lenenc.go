package codec

import "encoding/binary"

// Length-encoded integers: one byte below 0xfb, else a marker byte and
// 2, 3 or 8 little-endian bytes. 0xfb is NULL in rows; 0xff is never a
// length (it starts an ERR packet).
const (
	lenencNull byte = 0xfb
	lenenc2    byte = 0xfc
	lenenc3    byte = 0xfd
	lenenc8    byte = 0xfe
)

// AppendLenEncInt appends v as a length-encoded integer.
func AppendLenEncInt(dst []byte, v uint64) []byte {
	switch {
	case v < 0xfb:
		return append(dst, byte(v))
	case v <= 0xffff:
		return append(dst, lenenc2, byte(v), byte(v>>8))
	case v <= 0xffffff:
		return append(dst, lenenc3, byte(v), byte(v>>8), byte(v>>16))
	default:
		dst = append(dst, lenenc8)
		return binary.LittleEndian.AppendUint64(dst, v)
	}
}

// LenEncIntSize is the encoded size of v.
func LenEncIntSize(v uint64) int {
	switch {
	case v < 0xfb:
		return 1
	case v <= 0xffff:
		return 3
	case v <= 0xffffff:
		return 4
	default:
		return 9
	}
}

// AppendLenEncString appends s prefixed by its length-encoded length.
func AppendLenEncString(dst []byte, s string) []byte {
	dst = AppendLenEncInt(dst, uint64(len(s)))
	return append(dst, s...)
}

// AppendLenEncBytes appends b prefixed by its length-encoded length.
func AppendLenEncBytes(dst []byte, b []byte) []byte {
	dst = AppendLenEncInt(dst, uint64(len(b)))
	return append(dst, b...)
}

// AppendNullString appends s and a terminating NUL.
func AppendNullString(dst []byte, s string) []byte {
	return append(append(dst, s...), 0)
}

// ReadLenEncInt decodes a length-encoded integer at the start of b. isNull
// reports the 0xfb NULL marker. n is the number of bytes consumed.
func ReadLenEncInt(b []byte) (v uint64, isNull bool, n int, err error) {
	if len(b) == 0 {
		return 0, false, 0, ErrMalformed
	}
	switch b[0] {
	case lenencNull:
		return 0, true, 1, nil
	case lenenc2:
		if len(b) < 3 {
			return 0, false, 0, ErrMalformed
		}
		return uint64(binary.LittleEndian.Uint16(b[1:])), false, 3, nil
	case lenenc3:
		if len(b) < 4 {
			return 0, false, 0, ErrMalformed
		}
		return uint64(b[1]) | uint64(b[2])<<8 | uint64(b[3])<<16, false, 4, nil
	case lenenc8:
		if len(b) < 9 {
			return 0, false, 0, ErrMalformed
		}
		return binary.LittleEndian.Uint64(b[1:]), false, 9, nil
	case 0xff:
		return 0, false, 0, ErrMalformed
	default:
		return uint64(b[0]), false, 1, nil
	}
}

// ReadLenEncBytes decodes a length-encoded string at the start of b. The
// returned slice aliases b.
func ReadLenEncBytes(b []byte) (s []byte, isNull bool, n int, err error) {
	l, isNull, n, err := ReadLenEncInt(b)
	if err != nil || isNull {
		return nil, isNull, n, err
	}
	if l > uint64(len(b)-n) {
		return nil, false, 0, ErrMalformed
	}
	end := n + int(l)
	return b[n:end], false, end, nil
}

// ReadNullString reads a NUL-terminated string at the start of b; n includes
// the NUL. A missing terminator is an error.
func ReadNullString(b []byte) (s []byte, n int, err error) {
	for i, c := range b {
		if c == 0 {
			return b[:i], i + 1, nil
		}
	}
	return nil, 0, ErrMalformed
}

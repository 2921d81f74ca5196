package storage

import (
	"encoding/binary"
	"errors"
)

// Order-preserving key encodings: comparing the encoded bytes with
// bytes.Compare gives the same order as comparing the values, so composite
// keys (table, index columns, primary key) sort and range-scan correctly.

// ErrBadKey is returned when decoding bytes that are not a valid encoding.
var ErrBadKey = errors.New("storage: malformed key encoding")

const (
	escapeByte     = 0x00 // starts an escape sequence inside an encoded string
	escapedZero    = 0xFF // 0x00 0xFF stands for a literal 0x00
	terminatorByte = 0x01 // 0x00 0x01 ends the string
)

// AppendUint64 appends v big-endian (8 bytes), which sorts numerically.
func AppendUint64(dst []byte, v uint64) []byte {
	return binary.BigEndian.AppendUint64(dst, v)
}

// DecodeUint64 reads a value written by AppendUint64 and returns the rest.
func DecodeUint64(b []byte) (uint64, []byte, error) {
	if len(b) < 8 {
		return 0, b, ErrBadKey
	}
	return binary.BigEndian.Uint64(b[:8]), b[8:], nil
}

// AppendInt64 appends v so that negative numbers sort before positive ones:
// flipping the sign bit maps int64 order onto uint64 order.
func AppendInt64(dst []byte, v int64) []byte {
	return AppendUint64(dst, uint64(v)^(1<<63))
}

// DecodeInt64 reads a value written by AppendInt64 and returns the rest.
func DecodeInt64(b []byte) (int64, []byte, error) {
	u, rest, err := DecodeUint64(b)
	if err != nil {
		return 0, b, err
	}
	return int64(u ^ (1 << 63)), rest, nil
}

// AppendBytes appends s escaped and terminated so that the result is
// self-delimiting and sorts like s: 0x00 becomes 0x00 0xFF and the end is
// 0x00 0x01. A string that is a prefix of another therefore sorts first,
// because its terminator (0x00 0x01) is below anything the longer string can
// continue with (0x00 0xFF or a byte >= 0x01).
func AppendBytes(dst, s []byte) []byte {
	for _, c := range s {
		if c == escapeByte {
			dst = append(dst, escapeByte, escapedZero)
			continue
		}
		dst = append(dst, c)
	}
	return append(dst, escapeByte, terminatorByte)
}

// AppendString is AppendBytes for a string.
func AppendString(dst []byte, s string) []byte {
	// The same loop as AppendBytes, over the string itself: converting s to
	// []byte would allocate on every index key built from a text column.
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == escapeByte {
			dst = append(dst, escapeByte, escapedZero)
		} else {
			dst = append(dst, c)
		}
	}
	return append(dst, escapeByte, terminatorByte)
}

// DecodeBytes reads a value written by AppendBytes, appending the decoded
// bytes to a fresh slice, and returns the rest of b.
func DecodeBytes(b []byte) ([]byte, []byte, error) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != escapeByte {
			out = append(out, c)
			continue
		}
		if i+1 >= len(b) {
			return nil, b, ErrBadKey
		}
		switch b[i+1] {
		case escapedZero:
			out = append(out, escapeByte)
			i++
		case terminatorByte:
			return out, b[i+2:], nil
		default:
			return nil, b, ErrBadKey
		}
	}
	return nil, b, ErrBadKey // no terminator
}

// DecodeString is DecodeBytes returning a string.
func DecodeString(b []byte) (string, []byte, error) {
	s, rest, err := DecodeBytes(b)
	if err != nil {
		return "", b, err
	}
	return string(s), rest, nil
}

// PrefixEnd returns the smallest key greater than every key starting with
// prefix: the upper bound for a prefix scan. It returns nil (unbounded) when
// no such key exists (empty prefix or all bytes 0xFF).
func PrefixEnd(prefix []byte) []byte {
	return AppendPrefixEnd(nil, prefix)
}

// AppendPrefixEnd appends PrefixEnd(prefix) to dst and returns it, or
// returns nil when the prefix has no end (all 0xFF bytes): for a caller
// that computes one per lookup into a reused buffer.
func AppendPrefixEnd(dst, prefix []byte) []byte {
	for i := len(prefix) - 1; i >= 0; i-- {
		if prefix[i] != 0xFF {
			dst = append(dst, prefix[:i+1]...)
			dst[len(dst)-1]++
			return dst
		}
	}
	return nil
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

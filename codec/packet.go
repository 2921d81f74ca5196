package codec

import "errors"

// ErrMalformed is returned by every decoder for input that does not follow
// the wire format (short, truncated or inconsistent).
var ErrMalformed = errors.New("codec: malformed packet")

// ParseHeader reads a packet header. ok is false when b holds fewer than
// HeaderSize bytes.
func ParseHeader(b []byte) (length int, seq byte, ok bool) {
	if len(b) < HeaderSize {
		return 0, 0, false
	}
	return int(b[0]) | int(b[1])<<8 | int(b[2])<<16, b[3], true
}

// PutHeader writes a header for a payload of length bytes into b[:4].
func PutHeader(b []byte, length int, seq byte) {
	_ = b[3]
	b[0] = byte(length)
	b[1] = byte(length >> 8)
	b[2] = byte(length >> 16)
	b[3] = seq
}

// BeginPacket reserves room for a header at the end of dst. The caller
// appends the payload and then calls FinishPacket with the returned start.
func BeginPacket(dst []byte) (buf []byte, start int) {
	start = len(dst)
	return append(dst, 0, 0, 0, 0), start
}

// FinishPacket fills in the header reserved at buf[start:] by BeginPacket for
// the payload that follows it, and returns the next sequence id. Payloads of
// MaxPayload bytes or more are split in place into several packets, which is
// rare (16 MB rows) and so allowed to move memory.
func FinishPacket(buf []byte, start int, seq byte) ([]byte, byte) {
	n := len(buf) - start - HeaderSize
	if n < MaxPayload {
		PutHeader(buf[start:], n, seq)
		return buf, seq + 1
	}
	payload := append([]byte(nil), buf[start+HeaderSize:]...)
	return AppendPacket(buf[:start], seq, payload)
}

// AppendPacket appends payload to dst as one or more packets starting at
// sequence id seq, and returns the next sequence id.
func AppendPacket(dst []byte, seq byte, payload []byte) ([]byte, byte) {
	for {
		n := min(len(payload), MaxPayload)
		var hdr [HeaderSize]byte
		PutHeader(hdr[:], n, seq)
		dst = append(dst, hdr[:]...)
		dst = append(dst, payload[:n]...)
		payload = payload[n:]
		seq++
		if n < MaxPayload {
			return dst, seq
		}
	}
}

// SplitPackets walks a buffer of complete packets and returns the payload of
// the first logical packet (fragments of a split payload joined), the number
// of bytes it occupied, and the sequence id of its last fragment. ok is false
// when b does not yet hold the whole logical packet.
func SplitPackets(b []byte) (payload []byte, consumed int, lastSeq byte, ok bool) {
	for {
		n, seq, hdrOK := ParseHeader(b[consumed:])
		if !hdrOK || len(b)-consumed-HeaderSize < n {
			return nil, 0, 0, false
		}
		body := b[consumed+HeaderSize : consumed+HeaderSize+n]
		consumed += HeaderSize + n
		lastSeq = seq
		if payload == nil && n < MaxPayload {
			return body, consumed, lastSeq, true
		}
		payload = append(payload, body...)
		if n < MaxPayload {
			return payload, consumed, lastSeq, true
		}
	}
}

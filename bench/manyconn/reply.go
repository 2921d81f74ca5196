package main

import (
	"encoding/binary"
	"fmt"
)

// replyParser follows the packets of one COM_STMT_EXECUTE answer: an OK, an ERR, or a binary
// result set (column count, column definitions, EOF, rows, EOF; the client never asks for
// CLIENT_DEPRECATE_EOF). It keeps only counters, so it allocates nothing.
type replyParser struct {
	state    uint8
	colsLeft uint64
}

const (
	awaitFirst uint8 = iota
	awaitColumns
	awaitColumnsEOF
	awaitRows
)

// packet consumes one packet payload. done reports the end of the answer; code is the error
// number when the answer was an ERR; err is a reply the tool does not understand.
func (p *replyParser) packet(b []byte) (done bool, code uint16, err error) {
	if len(b) == 0 {
		return true, 0, fmt.Errorf("empty packet")
	}
	switch p.state {
	case awaitFirst:
		switch b[0] {
		case 0x00:
			return true, 0, nil
		case 0xff:
			return true, errCode(b), nil
		case 0xfb, 0xfc, 0xfd, 0xfe:
			return true, 0, fmt.Errorf("unexpected reply % x", b[:min(len(b), 16)])
		}
		p.colsLeft = uint64(b[0]) // fewer than 251 columns: a one-byte length-encoded count
		p.state = awaitColumns
	case awaitColumns:
		p.colsLeft--
		if p.colsLeft == 0 {
			p.state = awaitColumnsEOF
		}
	case awaitColumnsEOF:
		if !isEOF(b) {
			p.state = awaitFirst
			return true, 0, fmt.Errorf("want EOF after the columns, got % x", b[:min(len(b), 16)])
		}
		p.state = awaitRows
	case awaitRows:
		if isEOF(b) {
			p.state = awaitFirst
			return true, 0, nil
		}
		if b[0] == 0xff {
			p.state = awaitFirst
			return true, errCode(b), nil
		}
	}
	return false, 0, nil
}

func isEOF(b []byte) bool { return b[0] == 0xfe && len(b) < 9 }

func errCode(b []byte) uint16 {
	if len(b) < 3 {
		return 0xffff
	}
	return binary.LittleEndian.Uint16(b[1:3])
}

// nextPacket splits the first complete packet off buf: its payload and the bytes it took, or
// n == 0 when buf holds only part of one.
func nextPacket(buf []byte) (payload []byte, n int) {
	if len(buf) < 4 {
		return nil, 0
	}
	size := int(buf[0]) | int(buf[1])<<8 | int(buf[2])<<16
	if len(buf) < 4+size {
		return nil, 0
	}
	return buf[4 : 4+size], 4 + size
}

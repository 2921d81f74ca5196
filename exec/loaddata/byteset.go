package loaddata

import "encoding/binary"

// byteSet is the bytes a scan stops at: a table for single bytes and, for
// eight at a time, up to four bytes repeated across a word (unused slots
// repeat a used byte).
type byteSet struct {
	in   [256]bool
	pats [4]uint64
	n    int
}

func (bs *byteSet) add(b byte) {
	if bs.in[b] {
		return
	}
	bs.in[b] = true
	p := uint64(b) * 0x0101010101010101
	if bs.n == 0 {
		bs.pats = [4]uint64{p, p, p, p}
	} else {
		bs.pats[bs.n] = p
	}
	bs.n++
}

// scan returns the index of the first byte of buf[i:] in the set, or
// len(buf). A word whose bytes match none of the patterns is skipped whole
// (the "has zero byte" trick: the lowest flagged byte is exact).
func (bs *byteSet) scan(buf []byte, i int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	if bs.n == 0 {
		return len(buf)
	}
	p0, p1, p2, p3 := bs.pats[0], bs.pats[1], bs.pats[2], bs.pats[3]
	for ; i+8 <= len(buf); i += 8 {
		w := binary.LittleEndian.Uint64(buf[i:])
		x0, x1, x2, x3 := w^p0, w^p1, w^p2, w^p3
		m := (x0-lo)&^x0 | (x1-lo)&^x1 | (x2-lo)&^x2 | (x3-lo)&^x3
		if m&hi != 0 {
			break
		}
	}
	for ; i < len(buf); i++ {
		if bs.in[buf[i]] {
			return i
		}
	}
	return i
}

package exec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
)

// The LOAD DATA input splitter: it cuts a byte stream into rows and fields
// the way MySQL's READ_INFO does (sql_load.cc), but streaming from an
// io.Reader through a fixed buffer, so a file of any size is read with
// memory bounded by the buffer plus the longest row.
//
// MySQL's rules, which this follows to the byte:
//   - A field starting with the ENCLOSED BY character is enclosed: inside
//     it field and line terminators are data, a doubled enclosure character
//     is one, and it ends at an enclosure character followed by the field
//     terminator, the line terminator or the end of the input. An enclosure
//     character followed by anything else is data.
//   - The ESCAPED BY character takes the next byte literally, except
//     0 b n r t Z, which stand for NUL, backspace, newline, carriage return,
//     tab and Ctrl-Z. A field that is exactly ESCAPE+N is NULL, and so is an
//     unenclosed NULL when ENCLOSED BY is set. When the escape and enclosure
//     characters are the same, the escape character only doubles itself.
//   - LINES STARTING BY: before each row the input is skipped up to and
//     including the first occurrence of the prefix (across line ends, so a
//     line without the prefix is skipped).
//   - After the fields a row needs, the rest of the line is skipped
//     (honouring escapes but not enclosures); "lineCut" reports that there
//     was something to skip.
//   - A field terminator equal to the line terminator means "no lines":
//     rows are just consecutive groups of fields.

// loadFormat is the FIELDS / LINES description of a LOAD DATA input.
type loadFormat struct {
	fieldTerm []byte
	lineTerm  []byte // empty: no lines
	lineStart []byte
	enclosed  int // enclosure byte, or -1
	escape    int // escape byte, or -1
}

// defaultLoadFormat is MySQL's default: fields terminated by a tab, not
// enclosed, escaped by a backslash; lines terminated by a newline, with no
// starting prefix.
func defaultLoadFormat() loadFormat {
	return loadFormat{fieldTerm: []byte{'\t'}, lineTerm: []byte{'\n'}, enclosed: -1, escape: '\\'}
}

// loadField is one field of the current row: data[start:end] of its reader.
type loadField struct {
	start, end int
	enclosed   bool
	null       bool
}

// errLoadRowTooLong ends a load whose row exceeds the reader's limit.
var errLoadRowTooLong = errors.New("LOAD DATA row too long")

const loadReadBuffer = 64 << 10

// fieldReader splits LOAD DATA input into rows of fields.
type fieldReader struct {
	f      loadFormat
	r      io.Reader
	buf    []byte
	pos    int
	end    int
	err    error // sticky: io.EOF at the end of input, or the read error
	maxRow int   // longest row data accepted (0: no limit)

	// The bytes that need a look: outside an enclosed field (plain),
	// inside one (encl), when skipping the rest of a line (inLine).
	plain, encl, inLine byteSet

	foundEOL    bool // the last field ended its line
	atEOF       bool
	startOfLine bool // the next field first skips to LINES STARTING BY
	foundNull   bool // the current field had ESCAPE+N
	lineCut     bool // nextLine skipped data

	// The current row: its fields' bytes one after another, and where each is.
	data   []byte
	fields []loadField
}

func newFieldReader(r io.Reader, f loadFormat) *fieldReader {
	fr := &fieldReader{f: f, r: r, buf: make([]byte, loadReadBuffer)}
	if bytes.Equal(f.fieldTerm, f.lineTerm) {
		fr.f.lineTerm = nil // as MySQL: the terminator separates fields only
	}
	fr.startOfLine = len(f.lineStart) > 0
	if fr.f.escape >= 0 {
		fr.plain.add(byte(fr.f.escape))
		fr.encl.add(byte(fr.f.escape))
		fr.inLine.add(byte(fr.f.escape))
	}
	if len(fr.f.lineTerm) > 0 {
		fr.plain.add(fr.f.lineTerm[0])
		fr.inLine.add(fr.f.lineTerm[0])
	}
	if len(fr.f.fieldTerm) > 0 {
		fr.plain.add(fr.f.fieldTerm[0])
	}
	if fr.f.enclosed >= 0 {
		fr.encl.add(byte(fr.f.enclosed))
	}
	return fr
}

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

// readErr is the error that stopped reading, nil at a clean end of input.
func (fr *fieldReader) readErr() error {
	if fr.err == io.EOF {
		return nil
	}
	return fr.err
}

// fill reads more input after what is buffered; false at the end of input
// or on an error (kept in fr.err).
func (fr *fieldReader) fill() bool {
	if fr.err != nil {
		return false
	}
	switch {
	case fr.pos == fr.end:
		fr.pos, fr.end = 0, 0
	case fr.end < len(fr.buf):
	case fr.pos > 0:
		fr.end = copy(fr.buf, fr.buf[fr.pos:fr.end])
		fr.pos = 0
	default: // full of unread bytes (callers avoid this)
		nb := make([]byte, 2*len(fr.buf))
		copy(nb, fr.buf)
		fr.buf = nb
	}
	for empty := 0; empty < 100; empty++ {
		n, err := fr.r.Read(fr.buf[fr.end:])
		if n < 0 || n > len(fr.buf)-fr.end {
			fr.err = errors.New("LOAD DATA: invalid read count")
			return false
		}
		fr.end += n
		if err != nil {
			fr.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	fr.err = io.ErrNoProgress
	return false
}

// ensure buffers at least n bytes past pos; false if the input ends first.
func (fr *fieldReader) ensure(n int) bool {
	for fr.end-fr.pos < n {
		if fr.pos > 0 && len(fr.buf)-fr.pos < n {
			fr.end = copy(fr.buf, fr.buf[fr.pos:fr.end])
			fr.pos = 0
		}
		if len(fr.buf) < n {
			nb := make([]byte, n)
			fr.end = copy(nb, fr.buf[fr.pos:fr.end])
			fr.buf, fr.pos = nb, 0
		}
		if !fr.fill() {
			return fr.end-fr.pos >= n
		}
	}
	return true
}

// consumeIf skips s if the input continues with it.
func (fr *fieldReader) consumeIf(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	if !fr.ensure(len(s)) || !bytes.Equal(fr.buf[fr.pos:fr.pos+len(s)], s) {
		return false
	}
	fr.pos += len(s)
	return true
}

func (fr *fieldReader) unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case 'b':
		return '\b'
	case '0':
		return 0
	case 'Z':
		return 032
	case 'N':
		fr.foundNull = true
	}
	return c
}

// findStartOfFields skips past the next LINES STARTING BY prefix; false
// at the end of input.
func (fr *fieldReader) findStartOfFields() bool {
	ls := fr.f.lineStart
	for {
		if fr.pos == fr.end && !fr.fill() {
			fr.foundEOL, fr.atEOF = true, true
			return false
		}
		i := bytes.IndexByte(fr.buf[fr.pos:fr.end], ls[0])
		if i < 0 {
			fr.pos = fr.end
			continue
		}
		fr.pos += i + 1
		if fr.consumeIf(ls[1:]) {
			return true
		}
	}
}

// tooLong reports a row past the size limit; the read stops there.
func (fr *fieldReader) tooLong() bool {
	if fr.maxRow > 0 && len(fr.data) > fr.maxRow {
		fr.err = errLoadRowTooLong
		return true
	}
	return false
}

// readField reads the next field of the current line into data and
// fields; false when the line (or the input) has no more fields.
func (fr *fieldReader) readField() bool {
	fr.foundNull = false
	if fr.foundEOL {
		return false
	}
	if fr.startOfLine {
		fr.startOfLine = false
		if !fr.findStartOfFields() {
			return false
		}
	}
	if fr.pos >= fr.end && !fr.ensure(1) {
		fr.foundEOL, fr.atEOF = true, true
		return false
	}
	start := len(fr.data)
	encl := fr.f.enclosed
	inEncl := encl >= 0 && int(fr.buf[fr.pos]) == encl
	special := &fr.plain
	if inEncl {
		// Kept in data: an enclosed field cut by the end of input keeps
		// its opening quote, as in MySQL.
		fr.data = append(fr.data, fr.buf[fr.pos])
		fr.pos++
		special = &fr.encl
	}
	lt, ft := fr.f.lineTerm, fr.f.fieldTerm
	for {
		// Copy the run of bytes that need no look.
		i := special.scan(fr.buf[:fr.end], fr.pos)
		fr.data = append(fr.data, fr.buf[fr.pos:i]...)
		fr.pos = i
		if fr.tooLong() {
			return fr.fieldAtEOF(start)
		}
		if fr.pos == fr.end {
			if !fr.fill() {
				return fr.fieldAtEOF(start)
			}
			continue
		}
		c := fr.buf[fr.pos]
		fr.pos++
		if int(c) == fr.f.escape {
			if fr.pos >= fr.end && !fr.ensure(1) {
				fr.data = append(fr.data, c)
				return fr.fieldAtEOF(start)
			}
			n := fr.buf[fr.pos]
			if fr.f.escape != encl || int(n) == fr.f.escape {
				fr.pos++
				fr.data = append(fr.data, fr.unescape(n))
				continue
			}
			// Escape and enclosure are one character, not doubled here:
			// it is an enclosure character.
		}
		if !inEncl && len(lt) > 0 && c == lt[0] && fr.consumeIf(lt[1:]) {
			fr.foundEOL = true
			fr.endField(start, false)
			return true
		}
		if inEncl && int(c) == encl {
			if fr.pos >= fr.end && !fr.ensure(1) {
				fr.foundEOL = true
				fr.endField(start, true)
				return true
			}
			n := fr.buf[fr.pos]
			if int(n) == encl {
				fr.pos++
				fr.data = append(fr.data, c)
				continue
			}
			if len(lt) > 0 && n == lt[0] && fr.consumeIf(lt) {
				fr.foundEOL = true
				fr.endField(start, true)
				return true
			}
			if len(ft) > 0 && n == ft[0] && fr.consumeIf(ft) {
				fr.endField(start, true)
				return true
			}
		} else if !inEncl && len(ft) > 0 && c == ft[0] && fr.consumeIf(ft[1:]) {
			fr.endField(start, false)
			return true
		}
		fr.data = append(fr.data, c)
	}
}

// fieldAtEOF ends a field cut by the end of input (or an error).
func (fr *fieldReader) fieldAtEOF(start int) bool {
	fr.foundEOL, fr.atEOF = true, true
	fr.endField(start, false)
	return true
}

func (fr *fieldReader) endField(start int, enclosed bool) {
	f := loadField{start: start, end: len(fr.data), enclosed: enclosed}
	if enclosed {
		f.start++
	}
	text := fr.data[f.start:f.end]
	f.null = (len(text) == 1 && fr.foundNull) ||
		(!enclosed && fr.f.enclosed >= 0 && len(text) == 4 && string(text) == "NULL")
	fr.fields = append(fr.fields, f)
}

// readRow reads up to n fields of the next row (fewer if its line ends
// first). It returns how many it read; 0 means the input is exhausted.
// The caller then calls nextLine to skip the rest of the line.
func (fr *fieldReader) readRow(n int) int {
	fr.data = fr.data[:0]
	fr.fields = fr.fields[:0]
	for len(fr.fields) < n && fr.readField() {
	}
	return len(fr.fields)
}

// field returns the bytes of field i of the current row.
func (fr *fieldReader) field(i int) []byte {
	f := fr.fields[i]
	return fr.data[f.start:f.end]
}

// nextLine skips to the start of the next line, setting lineCut if it
// skipped any data; true at the end of input.
func (fr *fieldReader) nextLine() bool {
	fr.lineCut = false
	fr.startOfLine = len(fr.f.lineStart) > 0
	if fr.foundEOL || fr.atEOF {
		fr.foundEOL = false
		return fr.atEOF
	}
	lt := fr.f.lineTerm
	if len(lt) == 0 {
		return false
	}
	for {
		if fr.pos == fr.end && !fr.fill() {
			fr.atEOF = true
			return true
		}
		if i := fr.inLine.scan(fr.buf[:fr.end], fr.pos); i > fr.pos {
			fr.lineCut = true
			fr.pos = i
			continue
		}
		c := fr.buf[fr.pos]
		fr.pos++
		if int(c) == fr.f.escape {
			fr.lineCut = true
			if fr.pos >= fr.end && !fr.ensure(1) {
				fr.atEOF = true
				return true
			}
			fr.pos++
			continue
		}
		if fr.consumeIf(lt[1:]) {
			return false
		}
		fr.lineCut = true
	}
}

// skipLines implements IGNORE n LINES: it skips n lines (by the line
// terminator alone, as MySQL does) and returns how many rows the caller
// must still skip (all n when there are no lines).
func (fr *fieldReader) skipLines(n uint64) uint64 {
	if len(fr.f.lineTerm) == 0 {
		return n
	}
	for n > 0 {
		n--
		if fr.nextLine() {
			break
		}
	}
	return n
}

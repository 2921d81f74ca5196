package loaddata

import (
	"bytes"
	"errors"
	"io"
)

// Format is the FIELDS / LINES description of a LOAD DATA input.
type Format struct {
	FieldTerm []byte // FIELDS TERMINATED BY
	LineTerm  []byte // LINES TERMINATED BY; empty: no lines
	LineStart []byte // LINES STARTING BY
	Enclosed  int    // FIELDS ENCLOSED BY: the enclosure byte, or -1
	Escape    int    // FIELDS ESCAPED BY: the escape byte, or -1
}

// DefaultFormat is MySQL's default: fields terminated by a tab, not
// enclosed, escaped by a backslash; lines terminated by a newline, with no
// starting prefix.
func DefaultFormat() Format {
	return Format{FieldTerm: []byte{'\t'}, LineTerm: []byte{'\n'}, Enclosed: -1, Escape: '\\'}
}

// Field is one field of the current row: its bytes are Row()[Start:End],
// unescaped and without enclosing characters.
type Field struct {
	Start, End int
	Enclosed   bool // the field was enclosed (ENCLOSED BY)
	Null       bool // the field is NULL: ESCAPE+N, or an unenclosed NULL when ENCLOSED BY is set
}

// ErrRowTooLong ends a read whose row exceeds the reader's limit (SetMaxRow).
var ErrRowTooLong = errors.New("LOAD DATA row too long")

const readBufferSize = 64 << 10

// Reader splits LOAD DATA input into rows of fields. A row is read with
// ReadRow and its line finished with NextLine; Row and Fields show the
// current row until the next ReadRow.
type Reader struct {
	f      Format
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
	lineCut     bool // NextLine skipped data

	// The current row: its fields' bytes one after another, and where each is.
	data   []byte
	fields []Field
}

// NewReader splits r as f describes. A format with neither a field
// terminator nor an enclosure (fixed-size rows) is not supported: callers
// reject it.
func NewReader(r io.Reader, f Format) *Reader {
	fr := &Reader{f: f, r: r, buf: make([]byte, readBufferSize)}
	if bytes.Equal(f.FieldTerm, f.LineTerm) {
		fr.f.LineTerm = nil // as MySQL: the terminator separates fields only
	}
	fr.startOfLine = len(f.LineStart) > 0
	if fr.f.Escape >= 0 {
		fr.plain.add(byte(fr.f.Escape))
		fr.encl.add(byte(fr.f.Escape))
		fr.inLine.add(byte(fr.f.Escape))
	}
	if len(fr.f.LineTerm) > 0 {
		fr.plain.add(fr.f.LineTerm[0])
		fr.inLine.add(fr.f.LineTerm[0])
	}
	if len(fr.f.FieldTerm) > 0 {
		fr.plain.add(fr.f.FieldTerm[0])
	}
	if fr.f.Enclosed >= 0 {
		fr.encl.add(byte(fr.f.Enclosed))
	}
	return fr
}

// SetMaxRow limits a row's data to n bytes (0: no limit); a longer row
// stops the read with ErrRowTooLong.
func (fr *Reader) SetMaxRow(n int) { fr.maxRow = n }

// Err is the error that stopped reading, nil at a clean end of input.
func (fr *Reader) Err() error {
	if fr.err == io.EOF {
		return nil
	}
	return fr.err
}

// fill reads more input after what is buffered; false at the end of input
// or on an error (kept in fr.err).
func (fr *Reader) fill() bool {
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
func (fr *Reader) ensure(n int) bool {
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
func (fr *Reader) consumeIf(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	if !fr.ensure(len(s)) || !bytes.Equal(fr.buf[fr.pos:fr.pos+len(s)], s) {
		return false
	}
	fr.pos += len(s)
	return true
}

func (fr *Reader) unescape(c byte) byte {
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
func (fr *Reader) findStartOfFields() bool {
	ls := fr.f.LineStart
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
func (fr *Reader) tooLong() bool {
	if fr.maxRow > 0 && len(fr.data) > fr.maxRow {
		fr.err = ErrRowTooLong
		return true
	}
	return false
}

// readField reads the next field of the current line into data and
// fields; false when the line (or the input) has no more fields.
func (fr *Reader) readField() bool {
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
	encl := fr.f.Enclosed
	inEncl := encl >= 0 && int(fr.buf[fr.pos]) == encl
	special := &fr.plain
	if inEncl {
		// Kept in data: an enclosed field cut by the end of input keeps
		// its opening quote, as in MySQL.
		fr.data = append(fr.data, fr.buf[fr.pos])
		fr.pos++
		special = &fr.encl
	}
	lt, ft := fr.f.LineTerm, fr.f.FieldTerm
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
		if int(c) == fr.f.Escape {
			if fr.pos >= fr.end && !fr.ensure(1) {
				fr.data = append(fr.data, c)
				return fr.fieldAtEOF(start)
			}
			n := fr.buf[fr.pos]
			if fr.f.Escape != encl || int(n) == fr.f.Escape {
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
func (fr *Reader) fieldAtEOF(start int) bool {
	fr.foundEOL, fr.atEOF = true, true
	fr.endField(start, false)
	return true
}

func (fr *Reader) endField(start int, enclosed bool) {
	f := Field{Start: start, End: len(fr.data), Enclosed: enclosed}
	if enclosed {
		f.Start++
	}
	text := fr.data[f.Start:f.End]
	f.Null = (len(text) == 1 && fr.foundNull) ||
		(!enclosed && fr.f.Enclosed >= 0 && len(text) == 4 && string(text) == "NULL")
	fr.fields = append(fr.fields, f)
}

// ReadRow reads up to n fields of the next row (fewer if its line ends
// first). It returns how many it read; 0 means the input is exhausted.
// The caller then calls NextLine to skip the rest of the line.
func (fr *Reader) ReadRow(n int) int {
	fr.data = fr.data[:0]
	fr.fields = fr.fields[:0]
	for len(fr.fields) < n && fr.readField() {
	}
	return len(fr.fields)
}

// Row is the current row's field bytes, one field after another; it is
// overwritten by the next ReadRow.
func (fr *Reader) Row() []byte { return fr.data }

// Fields is where each field of the current row lies in Row; it is
// overwritten by the next ReadRow.
func (fr *Reader) Fields() []Field { return fr.fields }

// Field returns the bytes of field i of the current row.
func (fr *Reader) Field(i int) []byte {
	f := fr.fields[i]
	return fr.data[f.Start:f.End]
}

// LineCut reports whether the last NextLine skipped data: the line had
// more fields than the row asked for.
func (fr *Reader) LineCut() bool { return fr.lineCut }

// NextLine skips to the start of the next line, setting lineCut if it
// skipped any data; true at the end of input.
func (fr *Reader) NextLine() bool {
	fr.lineCut = false
	fr.startOfLine = len(fr.f.LineStart) > 0
	if fr.foundEOL || fr.atEOF {
		fr.foundEOL = false
		return fr.atEOF
	}
	lt := fr.f.LineTerm
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
		if int(c) == fr.f.Escape {
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

// SkipLines implements IGNORE n LINES: it skips n lines (by the line
// terminator alone, as MySQL does) and returns how many rows the caller
// must still skip (all n when there are no lines).
func (fr *Reader) SkipLines(n uint64) uint64 {
	if len(fr.f.LineTerm) == 0 {
		return n
	}
	for n > 0 {
		n--
		if fr.NextLine() {
			break
		}
	}
	return n
}

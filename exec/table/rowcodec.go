package table

import (
	"encoding/binary"
	"errors"
	"math"
	"unsafe"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/exec/expr"
)

// Row encoding: a format byte, then for every column its id, a kind tag
// and the value (NULL is the tag alone). Tagged values keep rows readable
// across ADD and DROP COLUMN without rewriting them: a dropped column's id
// is skipped, and a column added later is absent and reads as its default.
//
//	byte     rowFormatV1
//	uvarint  column id, byte kind, payload   (repeated)
//
// payload: int zigzag varint; uint, date, datetime uvarint + fsp byte for
// temporal kinds; float 8 bytes; time zigzag varint + fsp; decimal, string,
// bytes uvarint length + bytes (decimals as their text).
const rowFormatV1 byte = 1

var errBadRow = errors.New("exec: corrupt row encoding")

// EncodeRow appends the row's encoding.
func (t *Table) EncodeRow(dst []byte, row []expr.Value) []byte {
	dst = append(dst, rowFormatV1)
	for i, v := range row {
		dst = binary.AppendUvarint(dst, uint64(t.Columns[i].ID))
		dst = append(dst, byte(v.Kind()))
		switch v.Kind() {
		case expr.KindNull:
		case expr.KindInt:
			dst = binary.AppendVarint(dst, int64(v.Bits()))
		case expr.KindUint:
			dst = binary.AppendUvarint(dst, v.Bits())
		case expr.KindDate, expr.KindDatetime:
			dst = binary.AppendUvarint(dst, v.Bits())
			dst = append(dst, v.RawFsp())
		case expr.KindTime:
			dst = binary.AppendVarint(dst, int64(v.Bits()))
			dst = append(dst, v.RawFsp())
		case expr.KindFloat:
			dst = binary.LittleEndian.AppendUint64(dst, v.Bits())
			dst = append(dst, v.RawFsp())
		case expr.KindDecimal:
			s := v.Decimal().String()
			dst = binary.AppendUvarint(dst, uint64(len(s)))
			dst = append(dst, s...)
		default:
			dst = binary.AppendUvarint(dst, uint64(len(v.Str())))
			dst = append(dst, v.Str()...)
		}
	}
	return dst
}

// DecodeRow decodes b into row (len(row) == len(t.Columns)). Columns the
// encoding lacks (added after the row was written) get their default.
func (t *Table) DecodeRow(b []byte, row []expr.Value) error {
	return t.DecodeRowColumns(b, row, nil)
}

// DecodeRowColumns is DecodeRow for a reader that needs only some columns:
// need[i] false leaves row[i] at the column's default instead of copying
// its value out (a string column costs an allocation, a decimal a parse).
// nil needs every column. The encoding's framing is checked whole either
// way; a skipped decimal's text is not parsed.
func (t *Table) DecodeRowColumns(b []byte, row []expr.Value, need []bool) error {
	return t.decodeRow(b, row, need, false, nil)
}

// DecodeRowColumnsIn is DecodeRowColumns copying the row's text and byte
// values into a (see StringArena for when that is right).
func (t *Table) DecodeRowColumnsIn(b []byte, row []expr.Value, need []bool, a *StringArena) error {
	return t.decodeRow(b, row, need, false, a)
}

// DecodeOwnedRowColumns is DecodeRowColumns for a value the caller owns
// and never writes again (storage.Reader.Get returns a copy): the row's
// text and byte values point into b instead of being copied out of it.
func (t *Table) DecodeOwnedRowColumns(b []byte, row []expr.Value, need []bool) error {
	return t.decodeRow(b, row, need, true, nil)
}

func (t *Table) decodeRow(b []byte, row []expr.Value, need []bool, owned bool, arena *StringArena) error {
	if len(b) == 0 || b[0] != rowFormatV1 {
		return errBadRow
	}
	for i, c := range t.Columns {
		row[i] = c.addedDefault
	}
	b = b[1:]
	// Text and byte values are gathered first and copied out together at
	// the end, into one allocation for the whole row or into the arena
	// (see copyInto).
	var strs stringsOut
	var seen uint64     // column offsets below 64 already decoded
	var seenWide []bool // the rest, for tables wider than 64 columns
	for len(b) > 0 {
		id, n := binary.Uvarint(b)
		if n <= 0 || len(b) < n+1 {
			return errBadRow
		}
		kind := expr.Kind(b[n])
		b = b[n+1:]
		// want: the column still exists (a dropped one's id is skipped) and
		// the reader asked for it.
		off, want := t.OffsetOfID(uint32(id))
		if want {
			// A column twice is a corrupt row (EncodeRow writes each once);
			// refused, so that no reader depends on which copy wins.
			if off < 64 {
				if seen&(1<<off) != 0 {
					return errBadRow
				}
				seen |= 1 << off
			} else {
				if seenWide == nil {
					seenWide = make([]bool, len(t.Columns))
				}
				if seenWide[off] {
					return errBadRow
				}
				seenWide[off] = true
			}
		}
		want = want && (need == nil || need[off])
		var (
			bits uint64
			fsp  uint8
			dec  *apd.Decimal
		)
		switch kind {
		case expr.KindNull:
		case expr.KindInt:
			x, n := binary.Varint(b)
			if n <= 0 {
				return errBadRow
			}
			bits, b = uint64(x), b[n:]
		case expr.KindUint:
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return errBadRow
			}
			bits, b = x, b[n:]
		case expr.KindDate, expr.KindDatetime:
			x, n := binary.Uvarint(b)
			if n <= 0 || len(b) < n+1 {
				return errBadRow
			}
			bits, fsp, b = x, b[n], b[n+1:]
		case expr.KindTime:
			x, n := binary.Varint(b)
			if n <= 0 || len(b) < n+1 {
				return errBadRow
			}
			bits, fsp, b = uint64(x), b[n], b[n+1:]
		case expr.KindFloat:
			if len(b) < 9 {
				return errBadRow
			}
			bits, fsp, b = binary.LittleEndian.Uint64(b), b[8], b[9:]
			if f := math.Float64frombits(bits); math.IsNaN(f) {
				return errBadRow
			}
		case expr.KindDecimal, expr.KindString, expr.KindBytes:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return errBadRow
			}
			payload := b[n : n+int(l)]
			b = b[n+int(l):]
			if !want {
				continue
			}
			if kind != expr.KindDecimal {
				if owned {
					row[off] = expr.RawValue(kind, 0, 0, unsafeString(payload), nil)
				} else {
					strs.add(off, kind, payload)
				}
				continue
			}
			d, _, err := apd.NewFromString(string(payload))
			if err != nil {
				return errBadRow
			}
			dec = d
		default:
			return errBadRow
		}
		if want {
			row[off] = expr.RawValue(kind, bits, fsp, "", dec)
		}
	}
	strs.copyInto(row, arena)
	return nil
}

// stringsOut collects a row's wanted text and byte values while it is
// decoded. They point into the encoded row, which belongs to the storage
// iterator and changes on its next step, so they must be copied; copying
// them into one buffer costs one allocation per row instead of one per
// column (the strings share the buffer and keep it alive together, which
// is fine: they were read together).
type stringsOut struct {
	n     int
	total int
	items [8]stringItem
	more  []stringItem // past len(items); rare (wide rows)
}

type stringItem struct {
	off     int
	kind    expr.Kind
	payload []byte
}

func (s *stringsOut) add(off int, kind expr.Kind, payload []byte) {
	it := stringItem{off: off, kind: kind, payload: payload}
	if s.n < len(s.items) {
		s.items[s.n] = it
	} else {
		s.more = append(s.more, it)
	}
	s.n++
	s.total += len(payload)
}

func (s *stringsOut) copyInto(row []expr.Value, arena *StringArena) {
	if s.n == 0 {
		return
	}
	var buf []byte
	if arena != nil {
		buf = arena.alloc(s.total)
	} else {
		buf = make([]byte, s.total)
	}
	pos := 0
	for i := range s.n {
		var it *stringItem
		if i < len(s.items) {
			it = &s.items[i]
		} else {
			it = &s.more[i-len(s.items)]
		}
		l := copy(buf[pos:], it.payload)
		var str string
		if l > 0 {
			// buf is never written again after this loop, so a string
			// over it is as immutable as one made by string(bytes).
			str = unsafe.String(&buf[pos], l)
		}
		pos += l
		row[it.off] = expr.RawValue(it.kind, 0, 0, str, nil)
	}
}

// unsafeString is a string over b, for bytes that are never written again.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

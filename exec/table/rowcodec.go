package table

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
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
// need[i] false leaves row[i] as it is instead of copying the value out (a
// string column costs an allocation, a decimal a parse); a reader that
// reuses row for many rows fills it with FillDefaults once, so that a
// column it does not read holds its default, and pays nothing per row for
// it. nil needs every column. The encoding's framing is checked whole
// either way; a skipped decimal's text is not parsed.
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

// FillDefaults sets every value of row to its column's default for rows
// written before the column existed (see DecodeRowColumns).
func (t *Table) FillDefaults(row []expr.Value) {
	for i, c := range t.Columns {
		row[i] = c.addedDefault
	}
}

// decodeRow is the decoder behind the Decode* methods. After an error,
// row's contents are unspecified (some values may point into b).
func (t *Table) decodeRow(b []byte, row []expr.Value, need []bool, owned bool, arena *StringArena) error {
	if len(b) == 0 || b[0] != rowFormatV1 {
		return errBadRow
	}
	narrow := len(t.Columns) <= 64
	if !narrow {
		for i, c := range t.Columns {
			if need == nil || need[i] {
				row[i] = c.addedDefault
			}
		}
	}
	b = b[1:]
	// Bookkeeping in bit masks for tables of up to 64 columns (offsets of
	// wider ones go to the slices): which columns were decoded already (a
	// column twice is a corrupt row), which were written into row (the
	// rest get their default at the end, so a full row costs no pass over
	// the columns first), and which text values still point into b.
	var (
		seen, set, inB uint64
		seenWide       []bool
		inBWide        []int
		strBytes       int // total length of the values inB
	)
	for len(b) > 0 {
		id, n := uvarint(b)
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
			word uint64 // the value's bits (expr.RawValue)
			fsp  uint8
			dec  *apd.Decimal
		)
		switch kind {
		case expr.KindNull:
		case expr.KindInt:
			x, n := uvarint(b)
			if n <= 0 {
				return errBadRow
			}
			word, b = uint64(unzigzag(x)), b[n:]
		case expr.KindUint:
			x, n := uvarint(b)
			if n <= 0 {
				return errBadRow
			}
			word, b = x, b[n:]
		case expr.KindDate, expr.KindDatetime:
			x, n := uvarint(b)
			if n <= 0 || len(b) < n+1 {
				return errBadRow
			}
			word, fsp, b = x, b[n], b[n+1:]
		case expr.KindTime:
			x, n := uvarint(b)
			if n <= 0 || len(b) < n+1 {
				return errBadRow
			}
			word, fsp, b = uint64(unzigzag(x)), b[n], b[n+1:]
		case expr.KindFloat:
			if len(b) < 9 {
				return errBadRow
			}
			word, fsp, b = binary.LittleEndian.Uint64(b), b[8], b[9:]
			if f := math.Float64frombits(word); math.IsNaN(f) {
				return errBadRow
			}
		case expr.KindDecimal, expr.KindString, expr.KindBytes:
			l, n := uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return errBadRow
			}
			payload := b[n : n+int(l)]
			b = b[n+int(l):]
			if !want {
				continue
			}
			if kind != expr.KindDecimal {
				// Points into b; copied out below unless the caller owns b.
				row[off] = expr.RawValue(kind, 0, 0, unsafeString(payload), nil)
				if off < 64 {
					set |= 1 << off
					if !owned && l > 0 {
						inB |= 1 << off
					}
				} else if !owned && l > 0 {
					inBWide = append(inBWide, off)
				}
				strBytes += int(l)
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
			row[off] = expr.RawValue(kind, word, fsp, "", dec)
			if off < 64 {
				set |= 1 << off
			}
		}
	}
	if narrow {
		// Columns the encoding lacks (added later); a column the reader
		// skipped is left alone.
		for missing := (^uint64(0) >> (64 - len(t.Columns))) &^ set; missing != 0; missing &= missing - 1 {
			if i := bits.TrailingZeros64(missing); need == nil || need[i] {
				row[i] = t.Columns[i].addedDefault
			}
		}
	}
	if inB != 0 || len(inBWide) > 0 {
		copyStrings(row, inB, inBWide, strBytes, arena)
	}
	return nil
}

// copyStrings copies the text and byte values at the offsets in mask and
// wide, which point into the encoded row (it belongs to the storage
// iterator and changes on its next step), into one buffer of total bytes:
// one allocation per row instead of one per column (the strings share the
// buffer and keep it alive together, which is fine: they were read
// together), or none when arena has room.
func copyStrings(row []expr.Value, mask uint64, wide []int, total int, arena *StringArena) {
	var buf []byte
	if arena != nil {
		buf = arena.alloc(total)
	} else {
		buf = make([]byte, total)
	}
	pos := 0
	one := func(off int) {
		v := row[off]
		l := copy(buf[pos:], v.Str())
		// buf is never written again after this, so a string over it is
		// as immutable as one made by string(bytes).
		row[off] = expr.RawValue(v.Kind(), 0, 0, unsafe.String(&buf[pos], l), nil)
		pos += l
	}
	for ; mask != 0; mask &= mask - 1 {
		one(bits.TrailingZeros64(mask))
	}
	for _, off := range wide {
		one(off)
	}
}

// uvarint is binary.Uvarint with the one-byte case first: column ids,
// kinds' lengths and small integers, most of what a row holds.
func uvarint(b []byte) (uint64, int) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	return binary.Uvarint(b)
}

// unzigzag undoes binary.AppendVarint's zigzag mapping.
func unzigzag(u uint64) int64 {
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

// unsafeString is a string over b, for bytes that are never written again.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

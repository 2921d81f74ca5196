package protocol

import (
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/charset"
	"github.com/loopdb/loopdb/mysqldef"
)

// Connection character sets on the wire. What a client sends (statement
// text, string parameters) is converted from character_set_client to UTF-8
// before exec sees it; result text goes out converted from UTF-8 to
// character_set_results, and text columns' definitions carry that charset.
// utf8mb4 and utf8mb3 clients (nearly all) take the fast path: no
// conversion and no allocation beyond what was already done.

// text is client bytes as exec's UTF-8 text.
func (c *Conn) text(b []byte) string {
	if cs := c.sql.ClientCharset(); cs.NeedsConversion() {
		return charset.ToUTF8(cs, b)
	}
	return string(b)
}

// converter is what a binary row needs to convert its text columns.
type converter struct {
	out      charset.ID
	textCols []bool
}

func (cv *converter) text(i int) bool { return i < len(cv.textCols) && cv.textCols[i] }

// setConversion readies the conversion of a result's rows to
// character_set_results: only text columns are converted (binary strings,
// collation 63, go as stored).
func (w *resultWriter) setConversion(cols []exec.Column) {
	w.out = w.sql.ResultsCharset()
	w.conv = w.out.NeedsConversion()
	if !w.conv {
		return
	}
	w.textCols = w.textCols[:0]
	for i := range cols {
		w.textCols = append(w.textCols, cols[i].Type.Collation != charset.Binary.CollationID())
	}
}

// convCols is the binary row converter, nil when nothing is converted.
func (w *resultWriter) convCols() *converter {
	if !w.conv {
		return nil
	}
	w.cv = converter{out: w.out, textCols: w.textCols}
	return &w.cv
}

// resultMetadata makes a text column's definition carry
// character_set_results, as MySQL does: its default collation id, and a
// length of the column's characters times that charset's longest
// character. NULL results (binary here) keep the column's own; so does a
// utf8mb4 column sent to a utf8mb4 client (loopdb has always sent its own
// utf8mb4 collation), which is the fast path.
func resultMetadata(d *codec.ColumnDef, out charset.ID) {
	if out == charset.Binary || d.Collation == charset.Binary.CollationID() {
		return
	}
	if out == charset.UTF8MB4 {
		switch d.Collation {
		case mysqldef.CollationUTF8MB40900, mysqldef.CollationUTF8MB4General, mysqldef.CollationUTF8MB4Bin:
			return // the common case, without looking the collation up
		}
	}
	from := charset.CharsetOfCollationID(d.Collation)
	if from == out && out == charset.UTF8MB4 {
		return
	}
	d.Collation = out.CollationID()
	if from.MaxLen() != out.MaxLen() {
		d.Length = d.Length / uint32(from.MaxLen()) * uint32(out.MaxLen())
	}
}

// convertNames converts a column definition's names (aliases and
// identifiers are UTF-8 inside, like values) to a latin1 or ascii client's
// charset; ASCII names, nearly all, are kept without copying.
func convertNames(d *codec.ColumnDef, out charset.ID) {
	if !out.NeedsConversion() {
		return
	}
	for _, p := range []*string{&d.Schema, &d.Table, &d.OrgTable, &d.Name, &d.OrgName} {
		if !isASCII(*p) {
			*p = string(charset.AppendFromUTF8(nil, out, *p))
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

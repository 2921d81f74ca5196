// Package charset is loopdb's set of character sets: their names, MySQL's
// collation ids for them, and the conversions between them and UTF-8.
//
// Values inside loopdb are always UTF-8 (expr's KindString); a charset
// matters only at the edges: the bytes a client sends
// (character_set_client), the bytes it is sent back (character_set_results)
// and what a column can hold (a latin1 column cannot store '中'). utf8mb4,
// utf8mb3 and binary need no conversion, and callers test NeedsConversion
// first so that UTF-8 clients pay nothing.
//
// latin1 is MySQL's: Windows-1252 (golang.org/x/text's charmap), with the
// five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) mapped
// to the C1 controls of the same number, so every byte round-trips. ascii
// holds 0x00-0x7F; other bytes read as '?'.
package charset

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// ID names one character set.
type ID uint8

// The character sets loopdb knows. The zero value is utf8mb4, the server's.
const (
	UTF8MB4 ID = iota
	UTF8MB3
	Latin1
	ASCII
	Binary
)

type info struct {
	name      string
	collation string // default collation
	collID    uint16 // MySQL's id of the default collation
	maxLen    int    // bytes per character at most
}

var infos = [...]info{
	UTF8MB4: {"utf8mb4", "utf8mb4_0900_ai_ci", 255, 4},
	UTF8MB3: {"utf8mb3", "utf8mb3_general_ci", 33, 3},
	Latin1:  {"latin1", "latin1_swedish_ci", 8, 1},
	ASCII:   {"ascii", "ascii_general_ci", 11, 1},
	Binary:  {"binary", "binary", 63, 1},
}

// Name is the charset's name as MySQL 8 shows it (utf8mb3, not utf8).
func (c ID) Name() string { return infos[c].name }

// DefaultCollation is the charset's default collation name.
func (c ID) DefaultCollation() string { return infos[c].collation }

// CollationID is the id of the charset's default collation, as column
// definitions carry it.
func (c ID) CollationID() uint16 { return infos[c].collID }

// MaxLen is the most bytes one character takes.
func (c ID) MaxLen() int { return infos[c].maxLen }

// NeedsConversion reports whether text in c differs from UTF-8 bytes:
// false for utf8mb4, utf8mb3 and binary (whose bytes pass as they are).
func (c ID) NeedsConversion() bool { return c == Latin1 || c == ASCII }

// ByName finds a charset by name, case-insensitively; utf8 is utf8mb3.
func ByName(name string) (ID, bool) {
	switch strings.ToLower(name) {
	case "utf8mb4":
		return UTF8MB4, true
	case "utf8mb3", "utf8":
		return UTF8MB3, true
	case "latin1":
		return Latin1, true
	case "ascii":
		return ASCII, true
	case "binary":
		return Binary, true
	}
	return UTF8MB4, false
}

// Collation is one collation MySQL numbers.
type Collation struct {
	Name    string
	Charset ID
	ID      uint16
}

// Collations are the collations loopdb knows, by MySQL's ids (those
// clients send in handshakes and column definitions carry).
var Collations = []Collation{
	{"latin1_swedish_ci", Latin1, 8},
	{"ascii_general_ci", ASCII, 11},
	{"utf8mb3_general_ci", UTF8MB3, 33},
	{"utf8mb4_general_ci", UTF8MB4, 45},
	{"utf8mb4_bin", UTF8MB4, 46},
	{"latin1_bin", Latin1, 47},
	{"latin1_general_ci", Latin1, 48},
	{"latin1_general_cs", Latin1, 49},
	{"ascii_bin", ASCII, 65},
	{"binary", Binary, 63},
	{"utf8mb3_bin", UTF8MB3, 83},
	{"utf8mb3_unicode_ci", UTF8MB3, 192},
	{"utf8mb4_unicode_ci", UTF8MB4, 224},
	{"utf8mb4_0900_ai_ci", UTF8MB4, 255},
	{"utf8mb4_0900_bin", UTF8MB4, 309},
}

// ByCollationID finds the collation with MySQL's id.
func ByCollationID(id uint16) (Collation, bool) {
	for _, c := range Collations {
		if c.ID == id {
			return c, true
		}
	}
	return Collation{}, false
}

// ByCollationName finds a collation by name, case-insensitively (utf8_*
// names are utf8mb3_*).
func ByCollationName(name string) (Collation, bool) {
	name = strings.ToLower(name)
	if strings.HasPrefix(name, "utf8_") {
		name = "utf8mb3_" + name[len("utf8_"):]
	}
	for _, c := range Collations {
		if c.Name == name {
			return c, true
		}
	}
	return Collation{}, false
}

// CharsetOfCollationID is the charset of a column definition's collation
// id; unknown ids are taken as utf8mb4.
func CharsetOfCollationID(id uint16) ID {
	c, ok := ByCollationID(id)
	if !ok {
		return UTF8MB4
	}
	return c.Charset
}

// latin1Decode maps each latin1 byte to its character; latin1Encode is the
// reverse for the characters above 0x7F.
var (
	latin1Decode [256]rune
	latin1Encode map[rune]byte
)

func init() {
	latin1Encode = make(map[rune]byte, 128)
	for i := 0; i < 256; i++ {
		r := charmap.Windows1252.DecodeByte(byte(i))
		if r == utf8.RuneError {
			r = rune(i) // undefined in cp1252: MySQL keeps the C1 control
		}
		latin1Decode[i] = r
		if i >= 0x80 {
			latin1Encode[r] = byte(i)
		}
	}
}

// ToUTF8 converts text in c to UTF-8. Text that needs no conversion is
// returned as it is, without copying.
func ToUTF8(c ID, b []byte) string {
	if !c.NeedsConversion() || isASCII(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+len(b)/2)
	for _, x := range b {
		switch {
		case x < 0x80:
			out = append(out, x)
		case c == Latin1:
			out = utf8.AppendRune(out, latin1Decode[x])
		default:
			out = append(out, '?')
		}
	}
	return string(out)
}

// AppendFromUTF8 appends UTF-8 text s converted to c; a character c cannot
// hold becomes '?', as MySQL sends it (invalid UTF-8 bytes too).
func AppendFromUTF8(dst []byte, c ID, s string) []byte {
	if !c.NeedsConversion() {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			dst = append(dst, s[i])
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if b, ok := encodeRune(c, r, n); ok {
			dst = append(dst, b)
		} else {
			dst = append(dst, '?')
		}
	}
	return dst
}

// encodeRune is r's byte in c (n: its UTF-8 length, 1 for a bad byte).
func encodeRune(c ID, r rune, n int) (byte, bool) {
	if c != Latin1 || (r == utf8.RuneError && n == 1) {
		return 0, false
	}
	b, ok := latin1Encode[r]
	return b, ok
}

// FirstUnrepresentable finds the first character of UTF-8 text s that c
// cannot hold: its byte offset and UTF-8 length, or -1. Charsets that need
// no conversion hold everything.
func FirstUnrepresentable(c ID, s string) (at, n int) {
	if !c.NeedsConversion() {
		return -1, 0
	}
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := encodeRune(c, r, size); !ok {
			return i, size
		}
		i += size
	}
	return -1, 0
}

func isASCII(b []byte) bool {
	for _, x := range b {
		if x >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

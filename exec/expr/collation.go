package expr

import (
	"cmp"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// The text collation: utf8mb4_0900_ai_ci, and every other non-binary
// collation a column may name (they are accepted and shown, and compare
// like this one).
//
// MySQL's utf8mb4_0900_ai_ci is the Unicode Collation Algorithm compared at
// the primary level only: case, accents and width are ignored (a = A = á =
// Ａ), expansions hold (ß = ss, Æ = ae, ﬁ = fi), control characters and
// other completely ignorable code points weigh nothing ('a\x01b' = 'ab'),
// punctuation and symbols are not ignorable and order before digits, which
// order before letters, and trailing spaces count (NO PAD: 'a ' > 'a').
//
// The weights come from golang.org/x/text/collate with the root locale
// and the options that leave only the primary level (collate.Loose). Its
// tables are the CLDR root collation of Unicode 6.2, where MySQL uses
// DUCET of UCA 9.0.0: the two agree on everything in Unicode 6.2 except a
// few symbol orderings; characters added after 6.2 (many emoji) get
// implicit weights in code point order.
//
// A collation key is the string's primary weights, each as two bytes
// big-endian (three, high bit set, above 0x7FFF): bytewise order of keys
// is the collation's order, equal keys are equal strings, and the key of
// a string is a prefix of the key of every string that extends it. Keys
// are stored in index and primary keys (keycodec.go): changing them
// changes the on-disk format, see table.UpgradeTextKeys.
//
// Pure ASCII, the common case, never reaches the collator: each ASCII
// byte has exactly one primary weight or none (asciiWeight), checked when
// the table is built, so keys and comparisons run from a table.

// asciiWeight is each ASCII byte's primary weight; 0 for the ignorable
// control characters.
var asciiWeight [utf8.RuneSelf]uint16

// asciiFast is false if the collator gave some ASCII byte more than one
// weight, or a weight that does not fit in two bytes; then every string
// goes through the collator (never seen; a test checks it).
var asciiFast bool

var collators = sync.Pool{New: func() any {
	return &textCollator{c: collate.New(language.Und, collate.Loose)}
}}

// textCollator is a collator with its key buffer; neither is safe for
// concurrent use, hence the pool.
type textCollator struct {
	c   *collate.Collator
	buf collate.Buffer
}

func init() {
	tc := collators.Get().(*textCollator)
	defer collators.Put(tc)
	asciiFast = true
	for b := 0; b < utf8.RuneSelf; b++ {
		k := tc.c.KeyFromString(&tc.buf, string(rune(b)))
		switch {
		case len(k) == 0:
		case len(k) == 2 && k[0] < 0x80 && (k[0] != 0 || k[1] != 0):
			asciiWeight[b] = uint16(k[0])<<8 | uint16(k[1])
		default:
			asciiFast = false
		}
		tc.buf.Reset()
	}
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// CollateCompare compares two texts under the collation: -1, 0 or 1.
func CollateCompare(a, b string) int {
	if asciiFast {
		// A common ASCII prefix weighs the same on both sides.
		n := 0
		for n < len(a) && n < len(b) && a[n] == b[n] && a[n] < utf8.RuneSelf {
			n++
		}
		i, j := n, n
		for {
			wa, ia, okA := nextASCIIWeight(a, i)
			wb, jb, okB := nextASCIIWeight(b, j)
			if !okA || !okB {
				return collatorCompare(a, b)
			}
			if wa != wb {
				// A string that ran out (weight 0) sorts first.
				return cmp.Compare(wa, wb)
			}
			if wa == 0 {
				return 0
			}
			i, j = ia, jb
		}
	}
	return collatorCompare(a, b)
}

// nextASCIIWeight returns the weight of the first non-ignorable byte of
// s from i (0 at the end) and the position after it; ok is false at a
// non-ASCII byte.
func nextASCIIWeight(s string, i int) (w uint16, next int, ok bool) {
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return 0, i, false
		}
		if w = asciiWeight[c]; w != 0 {
			return w, i + 1, true
		}
	}
	return 0, i, true
}

func collatorCompare(a, b string) int {
	tc := collators.Get().(*textCollator)
	r := tc.c.CompareString(a, b)
	collators.Put(tc)
	return r
}

// CollationKey is s's collation key (see the top of this file).
func CollationKey(s string) []byte {
	return AppendCollationKey(make([]byte, 0, 2*len(s)), s)
}

// CollationKeyString is CollationKey as a string.
func CollationKeyString(s string) string {
	if s == "" {
		return ""
	}
	return string(AppendCollationKey(make([]byte, 0, 2*len(s)), s))
}

// AppendCollationKey appends s's collation key to dst.
func AppendCollationKey(dst []byte, s string) []byte {
	if asciiFast {
		// Room for every byte's two weight bytes up front, then plain
		// stores: no capacity check per character. A non-ASCII byte
		// abandons what was written and takes the collator.
		dst = slices.Grow(dst, 2*len(s))
		n := len(dst)
		out := dst[n : n+2*len(s)]
		j := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= utf8.RuneSelf {
				j = -1
				break
			}
			if w := asciiWeight[c]; w != 0 {
				out[j], out[j+1] = byte(w>>8), byte(w)
				j += 2
			}
		}
		if j >= 0 {
			return dst[:n+j]
		}
	}
	tc := collators.Get().(*textCollator)
	dst = append(dst, tc.c.KeyFromString(&tc.buf, s)...)
	tc.buf.Reset()
	collators.Put(tc)
	return dst
}

// foldRune is the character-by-character approximation of the collation
// that LIKE and LOCATE/INSTR use, as MySQL matches those one character at
// a time: lower case, and Latin letters without their accents. It has no
// expansions (LIKE 'ss' does not match 'ß', as in MySQL).
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	if f, ok := foldTable[r]; ok {
		return f
	}
	return unicode.ToLower(r)
}

func decodeRune(s string) (rune, int) {
	if s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

// foldTable maps Latin letters with diacritics to their base lower-case
// letter; built once from Unicode decompositions.
var foldTable = buildFoldTable()

func buildFoldTable() map[rune]rune {
	m := make(map[rune]rune, 512)
	for r := rune(0xC0); r <= 0x24F; r++ {
		d := norm.NFD.String(string(r))
		base, _ := utf8.DecodeRuneInString(d)
		if base != r && base < 0x80 {
			m[r] = unicode.ToLower(base)
		}
	}
	return m
}

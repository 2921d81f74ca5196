package expr

import (
	"bytes"
	"math/rand"
	"sort"
	"testing"
	"unicode/utf8"
)

// Every ASCII byte has one weight or none, so the table path runs.
func TestCollationASCIITable(t *testing.T) {
	if !asciiFast {
		t.Fatal("the collator gave an ASCII byte more than one primary weight; the ASCII table is off")
	}
	for b := 0; b < 0x80; b++ {
		ignorable := b <= 8 || (b >= 0x0e && b <= 0x1f) || b == 0x7f
		if (asciiWeight[b] == 0) != ignorable {
			t.Errorf("byte %#x: weight %#x, ignorable %v", b, asciiWeight[b], ignorable)
		}
	}
}

// The table path must give the collator's own keys and order, wherever
// a non-ASCII byte falls.
func TestCollationASCIIAgreesWithCollator(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	tc := collators.Get().(*textCollator)
	defer collators.Put(tc)
	gen := func() string {
		b := make([]byte, rng.Intn(12))
		for i := range b {
			b[i] = byte(rng.Intn(0x80))
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		a, b := gen(), gen()
		want := append([]byte(nil), tc.c.KeyFromString(&tc.buf, a)...)
		tc.buf.Reset()
		if got := CollationKey(a); !bytes.Equal(got, want) {
			t.Fatalf("CollationKey(%q) = % x, collator % x", a, got, want)
		}
		if got, want := CollateCompare(a, b), tc.c.CompareString(a, b); got != want {
			t.Fatalf("CollateCompare(%q, %q) = %d, collator %d", a, b, got, want)
		}
	}
	for _, s := range []string{"", "abc", "ABC xyz-09", "Ärger", "straße", "aÉb", "ZZ\xff\xfeinvalid", "mixed Ωmega END"} {
		want := append([]byte(nil), tc.c.KeyFromString(&tc.buf, s)...)
		tc.buf.Reset()
		if got := AppendCollationKey([]byte("pre"), s); !bytes.Equal(got, append([]byte("pre"), want...)) {
			t.Errorf("AppendCollationKey(pre, %q) = % x, want pre + % x", s, got, want)
		}
	}
}

// utf8mb4_0900_ai_ci as MySQL 8 documents it (MariaDB has no 0900
// collations): primary level only, expansions, NO PAD, ignorables.
func TestCollationMySQL0900(t *testing.T) {
	equal := [][2]string{
		{"a", "A"}, {"a", "á"}, {"a", "À"}, {"e", "É"}, {"resume", "Résumé"},
		{"ß", "ss"}, {"Straße", "STRASSE"}, {"Æ", "ae"}, {"ﬁ", "fi"},
		{"Ａ", "a"}, {"a\u0308", "ä"}, {"a\x01b", "ab"}, {"a\u00adb", "ab"},
		{"", ""}, {"", "\x00\x07"},
	}
	for _, p := range equal {
		if c := CollateCompare(p[0], p[1]); c != 0 {
			t.Errorf("%q vs %q = %d, want equal", p[0], p[1], c)
		}
		if !bytes.Equal(CollationKey(p[0]), CollationKey(p[1])) {
			t.Errorf("keys of %q and %q differ", p[0], p[1])
		}
	}
	less := [][2]string{
		{"a", "a "},   // NO PAD: trailing spaces count
		{"a", "b"},    //
		{"A", "b"},    // case does not order
		{"-", "0"},    // punctuation before digits
		{"9", "a"},    // digits before letters
		{"~", "0"},    // symbols before digits (ASCII would say otherwise)
		{"_x", "ax"},  //
		{"a b", "ab"}, // space is a weight, and a low one
		{"i", "ı"},    // dotless i is not i: it follows it
		{"co", "cote"},
	}
	for _, p := range less {
		if c := CollateCompare(p[0], p[1]); c != -1 {
			t.Errorf("%q vs %q = %d, want -1", p[0], p[1], c)
		}
		if c := CollateCompare(p[1], p[0]); c != 1 {
			t.Errorf("%q vs %q = %d, want 1", p[1], p[0], c)
		}
		if bytes.Compare(CollationKey(p[0]), CollationKey(p[1])) != -1 {
			t.Errorf("key(%q) does not sort before key(%q)", p[0], p[1])
		}
	}
}

// Keys order exactly as CollateCompare does, and a string's key is a
// prefix of the key of every extension (what index range scans rely on).
func TestCollationKeysOrderLikeCompare(t *testing.T) {
	words := []string{"", " ", "a", "A", "á", "ab", "a b", "a-b", "Ab", "abc", "abç", "ä", "b", "ß", "ss", "st",
		"z", "Z", "ž", "ω", "Ω", "中", "中文", "😀", "0", "09", "9", "-", "_", "~", "a\x01", "\xff", "e\u0301", "é"}
	for _, a := range words {
		for _, b := range words {
			want := CollateCompare(a, b)
			if got := bytes.Compare(CollationKey(a), CollationKey(b)); got != want {
				t.Errorf("key order of %q, %q = %d, compare = %d", a, b, got, want)
			}
			if ka, kab := CollationKey(a), CollationKey(a+b); !bytes.HasPrefix(kab, ka) {
				t.Errorf("key(%q) is not a prefix of key(%q)", a, a+b)
			}
		}
	}
	sorted := append([]string(nil), words...)
	sort.SliceStable(sorted, func(i, j int) bool { return CollateCompare(sorted[i], sorted[j]) < 0 })
	for i := 1; i < len(sorted); i++ {
		if CollateCompare(sorted[i-1], sorted[i]) > 0 {
			t.Fatalf("not a total order at %q, %q", sorted[i-1], sorted[i])
		}
	}
}

func FuzzCollation(f *testing.F) {
	for _, s := range []string{"a", "ß", "a\x01", "\xff\xfe", "中文", "e\u0301"} {
		f.Add(s, "ss")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		c := CollateCompare(a, b)
		if k := bytes.Compare(CollationKey(a), CollationKey(b)); k != c {
			t.Fatalf("%q vs %q: compare %d, keys %d", a, b, c, k)
		}
		if CollateCompare(b, a) != -c {
			t.Fatalf("%q vs %q not antisymmetric", a, b)
		}
		// (Only for valid UTF-8: an invalid tail of a may pair with b's
		// first bytes into a character.)
		if utf8.ValidString(a) && !bytes.HasPrefix(CollationKey(a+b), CollationKey(a)) {
			t.Fatalf("key(%q) is not a prefix of key(%q)", a, a+b)
		}
	})
}

func BenchmarkCollationKeyASCII(b *testing.B) {
	s := "68487932199-96439406143-93774651418-41631865787-96406072701-20604855487"
	buf := make([]byte, 0, 256)
	for i := 0; i < b.N; i++ {
		buf = AppendCollationKey(buf[:0], s)
	}
}

func BenchmarkCollateCompareASCII(b *testing.B) {
	x := "68487932199-96439406143-93774651418-41631865787-96406072701-20604855487"
	y := "68487932199-96439406143-93774651418-41631865787-96406072701-20604855488"
	for i := 0; i < b.N; i++ {
		CollateCompare(x, y)
	}
}

func BenchmarkCollateCompareLatin(b *testing.B) {
	x := "Größenwahn und Übermut vor dem Fall"
	y := "Grössenwahn und Ubermut vor dem fall!"
	for i := 0; i < b.N; i++ {
		CollateCompare(x, y)
	}
}

package expr

import (
	"testing"
	"unicode/utf8"
)

// FuzzLikeLiteral: wherever the byte search of a one-literal pattern
// decides, it agrees with LikeMatch, folded and binary.
func FuzzLikeLiteral(f *testing.F) {
	for _, seed := range [][2]string{
		{"%99999%", "12399999-000"}, {"abc%", "ABCdef"}, {"%Abc", "xxaBC"}, {"abc", "ABC"},
		{"%k%", "\u212a"}, {"%i%", "\u0130x"}, {"%-%", "é-"}, {"%%", ""}, {"", ""}, {"a_c", "abc"},
		{"%\\%%", "50%"}, {"%é%", "e"}, {"%z%", "\xff z"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pat, s string) {
		if !utf8.ValidString(pat) {
			return
		}
		toks := CompileLikePattern(pat, '\\')
		l, ok := likeLiteralOf(toks)
		if !ok {
			return
		}
		for _, fold := range []bool{true, false} {
			if m, decided := l.match(s, fold); decided && m != LikeMatch(s, toks, fold) {
				t.Fatalf("%q LIKE %q (fold %v): byte search %v, LikeMatch %v", s, pat, fold, m, !m)
			}
		}
	})
}

// TestLikeLiteralShapes: the shapes recognised, and the ones left alone.
func TestLikeLiteralShapes(t *testing.T) {
	for _, c := range []struct {
		pat         string
		ok          bool
		lead, trail bool
		lit         string
	}{
		{"%abc%", true, true, true, "abc"}, {"abc%", true, false, true, "abc"}, {"%abc", true, true, false, "abc"},
		{"abc", true, false, false, "abc"}, {"%%", true, true, false, ""}, {"a_c", false, false, false, ""},
		{"a%c", false, false, false, ""}, {"%é%", false, false, false, ""}, {"%50\\%%", true, true, true, "50%"},
	} {
		l, ok := likeLiteralOf(CompileLikePattern(c.pat, '\\'))
		if ok != c.ok || (ok && (l.lead != c.lead || l.trail != c.trail || l.lit != c.lit)) {
			t.Errorf("%q: got %+v %v", c.pat, l, ok)
		}
	}
	// The cases the byte search must hand back: a folded letter over a
	// non-ASCII subject (the Kelvin sign folds to k).
	l, _ := likeLiteralOf(CompileLikePattern("%k%", '\\'))
	if _, decided := l.match("\u212a", true); decided {
		t.Error("decided a folded letter over a non-ASCII subject")
	}
	if m, _ := l.match("\u212a", false); m {
		t.Error("binary LIKE matched the Kelvin sign to k")
	}
}

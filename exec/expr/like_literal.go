package expr

import "strings"

// likeLiteral is a constant LIKE pattern that is one ASCII literal between
// optional %s ('%abc%', 'abc%', '%abc', 'abc'): the common shapes, which a
// byte search matches without decoding and folding the subject rune by
// rune (LikeMatch), whenever the collation cannot make other bytes equal
// to the literal's:
//
//   - a binary comparison (fold false) compares bytes;
//   - folding maps only letters onto other characters (foldRune: case,
//     Latin diacritics, and a few non-ASCII letters such as the Kelvin
//     sign onto ASCII ones), so a literal without ASCII letters still
//     matches bytes exactly, and one with letters does over an ASCII
//     subject, case-insensitively.
//
// Anything else (a non-ASCII subject under a literal with letters) is left
// to LikeMatch, which decides the same way by construction.
type likeLiteral struct {
	lit         string
	lead, trail bool // a % before, after the literal
	letters     bool // the literal has ASCII letters
}

// likeLiteralOf recognises the shape in compiled tokens.
func likeLiteralOf(toks []likeToken) (likeLiteral, bool) {
	var l likeLiteral
	if len(toks) > 0 && toks[0].kind == '%' {
		l.lead, toks = true, toks[1:]
	}
	if len(toks) > 0 && toks[len(toks)-1].kind == '%' {
		l.trail, toks = true, toks[:len(toks)-1]
	}
	b := make([]byte, 0, len(toks))
	for _, t := range toks {
		if t.kind != 'c' || t.r >= 0x80 {
			return likeLiteral{}, false
		}
		c := byte(t.r)
		if c|0x20 >= 'a' && c|0x20 <= 'z' {
			l.letters = true
		}
		b = append(b, c)
	}
	l.lit = string(b)
	return l, true
}

// match reports whether s matches; decided is false when the byte search
// cannot tell (see likeLiteral) and LikeMatch must.
func (l *likeLiteral) match(s string, fold bool) (matched, decided bool) {
	if !fold || !l.letters {
		return l.search(s, strings.HasPrefix, strings.Contains), true
	}
	if !isASCII(s) {
		return false, false
	}
	return l.search(s, hasPrefixFold, containsFold), true
}

func (l *likeLiteral) search(s string, prefix, contains func(s, sub string) bool) bool {
	n := len(l.lit)
	switch {
	case l.lead && l.trail:
		return contains(s, l.lit)
	case l.lead:
		return len(s) >= n && prefix(s[len(s)-n:], l.lit)
	case l.trail:
		return prefix(s, l.lit)
	default:
		return len(s) == n && prefix(s, l.lit)
	}
}

// hasPrefixFold and containsFold compare ASCII strings case-insensitively
// (strings.EqualFold, whose Unicode folds cannot apply to ASCII bytes).
func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

package expr

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
)

// JSON paths ($.a[1].*, $**.b, [last-1 to last]): parsing, and evaluation
// over the DOM of json_text.go (seeking the values a path selects and
// modifying a document at a path).

type jsonLegKind uint8

const (
	legMember     jsonLegKind = iota // .key
	legMemberWild                    // .*
	legIndex                         // [n], [last-n]
	legRange                         // [m to n]
	legIndexWild                     // [*]
	legEllipsis                      // **
)

// jsonIdx is an array position: n from the start, or last-n.
type jsonIdx struct {
	n    int
	last bool
}

// resolve returns the 0-based position in an array of length l; negative
// when last-n falls before the start.
func (x jsonIdx) resolve(l int) int {
	if x.last {
		return l - 1 - x.n
	}
	return x.n
}

type jsonLeg struct {
	kind     jsonLegKind
	key      string
	from, to jsonIdx
}

type jsonPath struct {
	legs []jsonLeg
	wild bool // contains *, ** or a range: may match several values
}

func badPath(pos int) error {
	return sqlErr(mysqldef.ErrInvalidJSONPath, "42000", "Invalid JSON path expression. The error is around character position %d.", pos)
}

func isPathSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseJSONPath parses MySQL's path language: $, .key, ."key", .*, [n],
// [last], [last-n], [m to n], [*] and **.
func parseJSONPath(s string) (*jsonPath, error) {
	i := 0
	skip := func() {
		for i < len(s) && isPathSpace(s[i]) {
			i++
		}
	}
	skip()
	if i >= len(s) {
		return nil, badPath(i)
	}
	if s[i] != '$' {
		return nil, badPath(i + 1)
	}
	i++
	p := &jsonPath{}
	for {
		skip()
		if i >= len(s) {
			break
		}
		switch s[i] {
		case '.':
			i++
			skip()
			if i >= len(s) {
				return nil, badPath(i)
			}
			switch {
			case s[i] == '*':
				i++
				p.legs = append(p.legs, jsonLeg{kind: legMemberWild})
				p.wild = true
			case s[i] == '"':
				jp := &jsonParser{s: s, i: i}
				key, ok := jp.str()
				if !ok {
					return nil, badPath(i)
				}
				i = jp.i
				p.legs = append(p.legs, jsonLeg{kind: legMember, key: key})
			default:
				j := i
				for j < len(s) {
					r, n := utf8.DecodeRuneInString(s[j:])
					if r == '_' || r == '$' || unicode.IsLetter(r) || (j > i && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r))) {
						j += n
						continue
					}
					break
				}
				if j == i {
					return nil, badPath(i)
				}
				p.legs = append(p.legs, jsonLeg{kind: legMember, key: s[i:j]})
				i = j
			}
		case '[':
			i++
			skip()
			if i < len(s) && s[i] == '*' {
				i++
				skip()
				if i >= len(s) || s[i] != ']' {
					return nil, badPath(i)
				}
				i++
				p.legs = append(p.legs, jsonLeg{kind: legIndexWild})
				p.wild = true
				continue
			}
			from, ok := parsePathIdx(s, &i)
			if !ok {
				return nil, badPath(i)
			}
			skip()
			leg := jsonLeg{kind: legIndex, from: from}
			if i+2 <= len(s) && s[i:i+2] == "to" && (i+2 == len(s) || isPathSpace(s[i+2])) {
				i += 2
				skip()
				to, ok := parsePathIdx(s, &i)
				if !ok {
					return nil, badPath(i)
				}
				if from.last == to.last && ((!from.last && from.n > to.n) || (from.last && from.n < to.n)) {
					return nil, badPath(i)
				}
				leg.kind, leg.to = legRange, to
				p.wild = true
				skip()
			}
			if i >= len(s) || s[i] != ']' {
				return nil, badPath(i)
			}
			i++
			p.legs = append(p.legs, leg)
		case '*':
			if i+1 >= len(s) || s[i+1] != '*' {
				return nil, badPath(i + 1)
			}
			i += 2
			p.legs = append(p.legs, jsonLeg{kind: legEllipsis})
			p.wild = true
		default:
			return nil, badPath(i)
		}
	}
	if n := len(p.legs); n > 0 && p.legs[n-1].kind == legEllipsis {
		return nil, badPath(len(s))
	}
	return p, nil
}

// parsePathIdx reads n, last or last-n inside brackets.
func parsePathIdx(s string, i *int) (jsonIdx, bool) {
	readNum := func() (int, bool) {
		j := *i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == *i || j-*i > 9 {
			return 0, false
		}
		n, _ := strconv.Atoi(s[*i:j])
		*i = j
		return n, true
	}
	if strings.HasPrefix(s[*i:], "last") {
		*i += 4
		j := *i
		for j < len(s) && isPathSpace(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '-' {
			j++
			for j < len(s) && isPathSpace(s[j]) {
				j++
			}
			*i = j
			n, ok := readNum()
			return jsonIdx{n: n, last: true}, ok
		}
		return jsonIdx{last: true}, true
	}
	n, ok := readNum()
	return jsonIdx{n: n}, ok
}

// jsonSeek appends to out every value legs select from v. Arrays are
// auto-wrapped: [0] (and ranges covering it) of a non-array is the value.
func jsonSeek(v any, legs []jsonLeg, out []any) []any {
	if len(legs) == 0 {
		return append(out, v)
	}
	leg, rest := legs[0], legs[1:]
	switch leg.kind {
	case legMember:
		if m, ok := v.(map[string]any); ok {
			if c, ok := m[leg.key]; ok {
				out = jsonSeek(c, rest, out)
			}
		}
	case legMemberWild:
		if m, ok := v.(map[string]any); ok {
			for _, k := range jsonKeys(m) {
				out = jsonSeek(m[k], rest, out)
			}
		}
	case legIndexWild:
		if a, ok := v.([]any); ok {
			for _, c := range a {
				out = jsonSeek(c, rest, out)
			}
		}
	case legIndex:
		a, isArr := v.([]any)
		if !isArr {
			if leg.from.resolve(1) == 0 {
				out = jsonSeek(v, rest, out)
			}
			break
		}
		if i := leg.from.resolve(len(a)); i >= 0 && i < len(a) {
			out = jsonSeek(a[i], rest, out)
		}
	case legRange:
		a, isArr := v.([]any)
		if !isArr {
			a = []any{v}
		}
		lo, hi := max(leg.from.resolve(len(a)), 0), min(leg.to.resolve(len(a)), len(a)-1)
		for i := lo; i <= hi; i++ {
			out = jsonSeek(a[i], rest, out)
		}
	case legEllipsis:
		var walk func(x any)
		walk = func(x any) {
			out = jsonSeek(x, rest, out)
			switch c := x.(type) {
			case []any:
				for _, e := range c {
					walk(e)
				}
			case map[string]any:
				for _, k := range jsonKeys(c) {
					walk(c[k])
				}
			}
		}
		walk(v)
	}
	return out
}

// jsonModify modes.
const (
	jsonSetMode = iota
	jsonInsertMode
	jsonReplaceMode
	jsonRemoveMode
)

// jsonModify applies one JSON_SET/INSERT/REPLACE/REMOVE step at legs
// (which hold no wildcards) and returns the new node.
func jsonModify(v any, legs []jsonLeg, val any, mode int) any {
	if len(legs) == 0 {
		if mode == jsonSetMode || mode == jsonReplaceMode {
			return val
		}
		return v
	}
	leg, rest := legs[0], legs[1:]
	last := len(rest) == 0
	switch leg.kind {
	case legMember:
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		c, exists := m[leg.key]
		switch {
		case exists && last && mode == jsonRemoveMode:
			delete(m, leg.key)
		case exists:
			m[leg.key] = jsonModify(c, rest, val, mode)
		case last && (mode == jsonSetMode || mode == jsonInsertMode):
			m[leg.key] = val
		}
		return m
	case legIndex:
		a, isArr := v.([]any)
		if !isArr {
			if last && mode == jsonRemoveMode {
				return v
			}
			if leg.from.resolve(1) == 0 {
				return jsonModify(v, rest, val, mode)
			}
			if last && (mode == jsonSetMode || mode == jsonInsertMode) {
				if leg.from.last {
					return []any{val, v}
				}
				return []any{v, val}
			}
			return v
		}
		i := leg.from.resolve(len(a))
		if i >= 0 && i < len(a) {
			if last && mode == jsonRemoveMode {
				return append(a[:i:i], a[i+1:]...)
			}
			a[i] = jsonModify(a[i], rest, val, mode)
			return a
		}
		if last && (mode == jsonSetMode || mode == jsonInsertMode) {
			if i < 0 {
				return append([]any{val}, a...)
			}
			return append(a, val)
		}
		return a
	}
	return v
}

package expr

import (
	"reflect"
	"strconv"
	"testing"
)

// FuzzJSONText: the parser never panics, and what it accepts prints as
// text that parses back to a document printing the same (parse -> print ->
// parse is stable).
func FuzzJSONText(f *testing.F) {
	for _, s := range []string{
		`null`, `true`, `false`, `0`, `-0`, `1.5`, `-1e308`, `1E+2`, `18446744073709551615`,
		`-9223372036854775808`, `123456789012345678901234567890`, `"a\"b\\c\u0000\ud83d\ude00"`,
		`[]`, `{}`, `[1, [2, [3]]]`, `{"b": 1, "a": {"c": [true, null]}, "b": 2}`,
		` { "k" : "v" } `, `[1,]`, `{"a"}`, `"\ud800"`, `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseJSONText(s)
		if err != nil {
			return
		}
		printed := jsonText(v)
		v2, err := parseJSONText(printed)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %s at %d", s, printed, err.msg, err.pos)
		}
		if again := jsonText(v2); again != printed {
			t.Fatalf("%q printed as %q, then as %q", s, printed, again)
		}
	})
}

// FuzzJSONPath: the path parser never panics, and a parsed path printed
// back in the path language (pathText, below) parses to the same path.
func FuzzJSONPath(f *testing.F) {
	for _, s := range []string{
		`$`, `$.a`, `$."a b"`, `$.*`, `$[0]`, `$[last]`, `$[last - 2]`, `$[1 to 3]`,
		`$[last-3 to last]`, `$[*]`, `$**.b`, `$.a[2].b**.c`, ` $ . a `, `$.`, `$[`, `$**`,
		`$[3 to 1]`, `$."\u00e9"`, `$.é`, `$[999999999]`, `$[1000000000]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseJSONPath(s)
		if err != nil {
			return
		}
		printed := pathText(p)
		p2, err := parseJSONPath(printed)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, printed, err)
		}
		if !reflect.DeepEqual(p, p2) {
			t.Fatalf("%q printed as %q, which parses to %+v, not %+v", s, printed, p2, p)
		}
	})
}

// pathText prints p in MySQL's path language, member names always quoted.
func pathText(p *jsonPath) string {
	b := []byte{'$'}
	idx := func(x jsonIdx) {
		if x.last {
			b = append(b, "last-"...)
		}
		b = strconv.AppendInt(b, int64(x.n), 10)
	}
	for _, l := range p.legs {
		switch l.kind {
		case legMember:
			b = append(b, '.')
			b = appendJSONString(b, l.key)
		case legMemberWild:
			b = append(b, ".*"...)
		case legIndex:
			b = append(b, '[')
			idx(l.from)
			b = append(b, ']')
		case legRange:
			b = append(b, '[')
			idx(l.from)
			b = append(b, " to "...)
			idx(l.to)
			b = append(b, ']')
		case legIndexWild:
			b = append(b, "[*]"...)
		case legEllipsis:
			b = append(b, "**"...)
		}
	}
	return string(b)
}

package expr

import (
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON text: the DOM the JSON functions work on, the parser from text
// (with rapidjson's error messages and offsets, as MySQL shows them) and
// the printer back to MySQL's canonical form.
//
// A JSON value travels between expressions as its text in
// MySQL's canonical form (a KindString Value whose column type is
// mysqldef.TypeJSON); the functions parse it into a small DOM:
//
//	nil, bool, string, int64, uint64, float64, jsonDecimal,
//	[]any (array), map[string]any (object)
//
// and print results back the way MySQL prints JSON (keys ordered by length
// then bytes, ", " and ": " separators, doubles always with a point or an
// exponent).

// jsonMaxDepth is MySQL's nesting limit for JSON documents.
const jsonMaxDepth = 100

// jsonDecimal is a DECIMAL stored in a JSON document, kept as its text.
type jsonDecimal string

// ---------------------------------------------------------------------------
// Parsing JSON text (rapidjson's error messages and offsets, as MySQL shows).

type jsonSyntaxError struct {
	msg  string
	pos  int
	deep bool // nesting deeper than jsonMaxDepth
}

type jsonParser struct {
	s     string
	i     int
	depth int
	err   *jsonSyntaxError
}

func parseJSONText(s string) (any, *jsonSyntaxError) {
	p := &jsonParser{s: s}
	p.ws()
	if p.i == len(s) {
		return nil, &jsonSyntaxError{msg: "The document is empty.", pos: p.i}
	}
	v := p.value()
	if p.err != nil {
		return nil, p.err
	}
	p.ws()
	if p.i != len(s) {
		return nil, &jsonSyntaxError{msg: "The document root must not be followed by other values.", pos: p.i}
	}
	return v, nil
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) fail(msg string, pos int) any {
	if p.err == nil {
		p.err = &jsonSyntaxError{msg: msg, pos: pos}
	}
	return nil
}

func (p *jsonParser) value() any {
	if p.i >= len(p.s) {
		return p.fail("Invalid value.", p.i)
	}
	switch c := p.s[p.i]; c {
	case 'n':
		return p.literal("null", nil)
	case 't':
		return p.literal("true", true)
	case 'f':
		return p.literal("false", false)
	case '"':
		s, ok := p.str()
		if !ok {
			return nil
		}
		return s
	case '[':
		return p.array()
	case '{':
		return p.object()
	default:
		return p.number()
	}
}

func (p *jsonParser) literal(word string, v any) any {
	if strings.HasPrefix(p.s[p.i:], word) {
		p.i += len(word)
		return v
	}
	return p.fail("Invalid value.", p.i)
}

func (p *jsonParser) enter() bool {
	p.depth++
	if p.depth > jsonMaxDepth {
		if p.err == nil {
			p.err = &jsonSyntaxError{deep: true, pos: p.i}
		}
		return false
	}
	return true
}

// eat consumes c if it is next.
func (p *jsonParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *jsonParser) array() any {
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.i++ // [
	p.ws()
	arr := []any{}
	if p.eat(']') {
		return arr
	}
	for {
		v := p.value()
		if p.err != nil {
			return nil
		}
		arr = append(arr, v)
		p.ws()
		if p.eat(',') {
			p.ws()
			continue
		}
		if p.eat(']') {
			return arr
		}
		return p.fail("Missing a comma or ']' after an array element.", p.i)
	}
}

func (p *jsonParser) object() any {
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.i++ // {
	p.ws()
	obj := map[string]any{}
	if p.eat('}') {
		return obj
	}
	for {
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return p.fail("Missing a name for object member.", p.i)
		}
		k, ok := p.str()
		if !ok {
			return nil
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return p.fail("Missing a colon after a name of object member.", p.i)
		}
		p.i++
		p.ws()
		v := p.value()
		if p.err != nil {
			return nil
		}
		obj[k] = v // the last duplicate key wins, as in MySQL 8.0.3+
		p.ws()
		if p.eat(',') {
			p.ws()
			continue
		}
		if p.eat('}') {
			return obj
		}
		return p.fail("Missing a comma or '}' after an object member.", p.i)
	}
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.s) {
		return 0, false
	}
	r := 0
	for j := 0; j < 4; j++ {
		h := hexVal(p.s[at+j])
		if h < 0 {
			return 0, false
		}
		r = r<<4 | h
	}
	return rune(r), true
}

// str reads a JSON string starting at the opening quote.
func (p *jsonParser) str() (string, bool) {
	p.i++ // "
	var b []byte
	start := p.i
	for {
		if p.i >= len(p.s) {
			p.fail("Missing a closing quotation mark in string.", p.i)
			return "", false
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			var out string
			if b == nil {
				out = p.s[start:p.i]
			} else {
				out = string(append(b, p.s[start:p.i]...))
			}
			p.i++
			return out, true
		case c == '\\':
			b = append(b, p.s[start:p.i]...)
			esc := p.i
			if p.i+1 >= len(p.s) {
				p.fail("Invalid escape character in string.", esc)
				return "", false
			}
			p.i += 2
			switch p.s[p.i-1] {
			case '"':
				b = append(b, '"')
			case '\\':
				b = append(b, '\\')
			case '/':
				b = append(b, '/')
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := p.hex4(p.i)
				if !ok {
					p.fail("Incorrect hex digit after \\u escape in string.", esc)
					return "", false
				}
				p.i += 4
				if r >= 0xD800 && r <= 0xDBFF {
					if p.i+1 >= len(p.s) || p.s[p.i] != '\\' || p.s[p.i+1] != 'u' {
						p.fail("The surrogate pair in string is invalid.", esc)
						return "", false
					}
					r2, ok := p.hex4(p.i + 2)
					if !ok {
						p.fail("Incorrect hex digit after \\u escape in string.", esc)
						return "", false
					}
					if r2 < 0xDC00 || r2 > 0xDFFF {
						p.fail("The surrogate pair in string is invalid.", esc)
						return "", false
					}
					p.i += 6
					r = utf16.DecodeRune(r, r2)
				}
				b = utf8.AppendRune(b, r)
			default:
				p.fail("Invalid escape character in string.", esc)
				return "", false
			}
			start = p.i
		case c < 0x20:
			if c == 0 {
				p.fail("Missing a closing quotation mark in string.", p.i)
			} else {
				p.fail("Invalid encoding in string.", p.i)
			}
			return "", false
		case c < utf8.RuneSelf:
			p.i++
		default:
			r, n := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && n <= 1 {
				p.fail("Invalid encoding in string.", p.i)
				return "", false
			}
			p.i += n
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *jsonParser) number() any {
	start := p.i
	i := p.i
	if i < len(p.s) && p.s[i] == '-' {
		i++
	}
	if i >= len(p.s) || !isDigit(p.s[i]) {
		return p.fail("Invalid value.", start)
	}
	if p.s[i] == '0' {
		i++
	} else {
		for i < len(p.s) && isDigit(p.s[i]) {
			i++
		}
	}
	isFloat := false
	if i < len(p.s) && p.s[i] == '.' {
		i++
		if i >= len(p.s) || !isDigit(p.s[i]) {
			return p.fail("Miss fraction part in number.", i)
		}
		for i < len(p.s) && isDigit(p.s[i]) {
			i++
		}
		isFloat = true
	}
	if i < len(p.s) && (p.s[i] == 'e' || p.s[i] == 'E') {
		i++
		if i < len(p.s) && (p.s[i] == '+' || p.s[i] == '-') {
			i++
		}
		if i >= len(p.s) || !isDigit(p.s[i]) {
			return p.fail("Miss exponent in number.", i)
		}
		for i < len(p.s) && isDigit(p.s[i]) {
			i++
		}
		isFloat = true
	}
	text := p.s[start:i]
	p.i = i
	if !isFloat {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n
		}
		if text[0] != '-' {
			if u, err := strconv.ParseUint(text, 10, 64); err == nil {
				return u
			}
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return p.fail("Number too big to be stored in double.", start)
	}
	return f
}

// ---------------------------------------------------------------------------
// Printing.

func jsonText(v any) string { return string(appendJSONValue(nil, v)) }

func appendJSONValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case uint64:
		return strconv.AppendUint(b, x, 10)
	case float64:
		return appendJSONDouble(b, x)
	case jsonDecimal:
		return append(b, x...)
	case string:
		return appendJSONString(b, x)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONValue(b, e)
		}
		return append(b, ']')
	case map[string]any:
		b = append(b, '{')
		for i, k := range jsonKeys(x) {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONString(b, k)
			b = append(b, ": "...)
			b = appendJSONValue(b, x[k])
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

// appendJSONDouble prints a double like MySQL's JSON: the SQL form, with
// ".0" added when that would read back as an integer.
func appendJSONDouble(b []byte, f float64) []byte {
	start := len(b)
	b = appendFloat(b, f)
	if !strings.ContainsAny(string(b[start:]), ".eE") {
		b = append(b, ".0"...)
	}
	return b
}

// appendJSONString quotes s as MySQL does: only '"', '\\' and control
// characters are escaped.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if c < 0x20 {
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			} else {
				b = append(b, c)
			}
		}
	}
	return append(b, '"')
}

// jsonKeys lists an object's keys in MySQL's storage order: by length,
// then bytewise.
func jsonKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) < len(keys[j])
		}
		return keys[i] < keys[j]
	})
	return keys
}

// CanonicalJSON renders JSON text the way MySQL prints a JSON value
// (object keys by length then bytes, duplicate keys keeping the last value,
// ", " and ": " separators, MySQL's number forms), using the same parser and
// printer as the JSON functions so a stored value and a computed one print
// alike.
func CanonicalJSON(s string) (string, error) {
	v, perr := parseJSONText(s)
	if perr != nil {
		return "", errInvalidJSON
	}
	return jsonText(v), nil
}

var errInvalidJSON = errors.New("exec: invalid JSON text")

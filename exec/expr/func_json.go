package expr

import (
	"encoding/base64"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// JSON functions. A JSON value travels between expressions as its text in
// MySQL's canonical form (a KindString Value whose column type is
// mysqldef.TypeJSON); the functions parse it into a small DOM:
//
//	nil, bool, string, int64, uint64, float64, jsonDecimal,
//	[]any (array), map[string]any (object)
//
// and print results back the way MySQL prints JSON (keys ordered by length
// then bytes, ", " and ": " separators, doubles always with a point or an
// exponent).

// MySQL's JSON error numbers (mysqld_error.h).

// jsonMaxDepth is MySQL's nesting limit for JSON documents.
const jsonMaxDepth = 100

// jsonDecimal is a DECIMAL stored in a JSON document, kept as its text.
type jsonDecimal string

// sqlErr builds an error with an explicit SQLSTATE (codec's table does not
// know every JSON error).
func sqlErr(code uint16, state, format string, args ...any) error {
	e := mysqldef.NewError(code, format, args...)
	e.State = state
	return e
}

func jsonTypeOf(nullable bool) ColumnType {
	t := ColumnType{Type: mysqldef.TypeJSON, Flags: mysqldef.FlagBlob | mysqldef.FlagBinary, Length: longBlobLen, Collation: mysqldef.CollationBinary}
	return t.withNull(nullable)
}

func isJSONType(t ColumnType) bool { return t.Type == mysqldef.TypeJSON }

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

// ---------------------------------------------------------------------------
// Paths.

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

// ---------------------------------------------------------------------------
// Converting SQL values.

// jsonArg reads argument n (1-based) of fn as a JSON document.
func jsonArg(v Value, t ColumnType, n int, fn string) (any, error) {
	if v.IsNumeric() || v.IsTemporal() {
		return nil, sqlErr(mysqldef.ErrInvalidTypeForJSON, "22032", "Invalid data type for JSON data in argument %d to function %s; a JSON string or JSON type is required.", n, fn)
	}
	doc, e := parseJSONText(TextOf(v))
	if e != nil {
		return nil, jsonTextError(e, n, fn)
	}
	return doc, nil
}

func jsonTextError(e *jsonSyntaxError, n int, fn string) error {
	if e.deep {
		return sqlErr(mysqldef.ErrJSONDocumentTooDeep, "22032", "The JSON document exceeds the maximum depth of %d.", jsonMaxDepth)
	}
	return sqlErr(mysqldef.ErrInvalidJSONTextInParam, "22032", "Invalid JSON text in argument %d to function %s: \"%s\" at position %d.", n, fn, e.msg, e.pos)
}

// jsonOfValue converts a SQL value to a JSON value as JSON_ARRAY,
// JSON_OBJECT and JSON_SET do: strings become JSON strings, JSON-typed
// arguments are embedded, boolean expressions become true/false.
func jsonOfValue(v Value, t ColumnType, boolean bool, n int, fn string) (any, error) {
	if v.k == KindNull {
		return nil, nil
	}
	if isJSONType(t) {
		return jsonArg(v, t, n, fn)
	}
	if boolean {
		return v.k != KindInt || v.n != 0, nil
	}
	switch v.k {
	case KindInt:
		return int64(v.n), nil
	case KindUint:
		return v.n, nil
	case KindFloat:
		return v.Float(), nil
	case KindDecimal:
		return jsonDecimal(appendDecimal(nil, v.d)), nil
	case KindBytes:
		typ := 15
		switch t.Type {
		case mysqldef.TypeString:
			typ = 254
		case mysqldef.TypeBlob, mysqldef.TypeTinyBlob, mysqldef.TypeMediumBlob, mysqldef.TypeLongBlob:
			typ = 252
		}
		return "base64:type" + strconv.Itoa(typ) + ":" + base64.StdEncoding.EncodeToString([]byte(v.s)), nil
	case KindDate:
		return TextOf(v), nil
	case KindDatetime:
		t := UnpackDateTime(v.n)
		b := appendDate(nil, t)
		b = append(b, ' ')
		return string(appendClock(b, int64(t.Hour), t.Minute, t.Second, t.Micro, 6)), nil
	case KindTime:
		return string(appendTimeValue(nil, int64(v.n), 6)), nil
	}
	return TextOf(v), nil
}

// isBoolNode reports whether MySQL treats an argument as a boolean when
// converting it to JSON (TRUE, FALSE, comparisons, logic operators...).
func isBoolNode(n ast.ExprNode) bool {
	switch x := n.(type) {
	case *ast.ParenthesesExpr:
		return isBoolNode(x.Expr)
	case *test_driver.ValueExpr:
		return x.Kind() == test_driver.KindInt64 && mysql.HasIsBooleanFlag(x.Type.GetFlag())
	case *ast.BinaryOperationExpr:
		switch x.Op {
		case opcode.LT, opcode.LE, opcode.EQ, opcode.NE, opcode.GT, opcode.GE, opcode.NullEQ,
			opcode.LogicAnd, opcode.LogicOr, opcode.LogicXor:
			return true
		}
	case *ast.UnaryOperationExpr:
		return x.Op == opcode.Not || x.Op == opcode.Not2
	case *ast.IsNullExpr, *ast.IsTruthExpr, *ast.PatternLikeOrIlikeExpr, *ast.PatternInExpr,
		*ast.BetweenExpr, *ast.PatternRegexpExpr, *ast.ExistsSubqueryExpr:
		return true
	case *ast.FuncCallExpr:
		switch x.FnName.L {
		case "isnull", "regexp_like", "json_contains", "json_contains_path", "json_valid", "json_memberof":
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Path arguments.

// pathArg is a compiled path argument: parsed once when constant.
type pathArg struct {
	path *jsonPath
	err  error
}

func constPaths(args []Expr) []pathArg {
	out := make([]pathArg, len(args))
	for i, a := range args {
		if k, ok := a.(*constExpr); ok && k.v.k != KindNull {
			p, err := parseJSONPath(TextOf(k.v))
			out[i] = pathArg{path: p, err: err}
		}
	}
	return out
}

// pathAt returns the path in argument value v, using the cached parse
// when the argument was constant.
func (p pathArg) get(v Value) (*jsonPath, error) {
	if p.path != nil || p.err != nil {
		return p.path, p.err
	}
	return parseJSONPath(TextOf(v))
}

func wildPathError() error {
	return sqlErr(mysqldef.ErrInvalidJSONPathWild, "42000", "In this situation, path expressions may not contain the * and ** tokens or an array range.")
}

// jsonResult wraps a DOM value as a JSON-typed SQL value.
func jsonResult(v any) Value { return StringValue(jsonText(v)) }

// ---------------------------------------------------------------------------
// Registration.

func jsonBuilder(fn string, nullIn bool, typ func(args []Expr) ColumnType, mk func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error)) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		f, err := mk(x, args)
		if err != nil {
			return nil, err
		}
		return &funcExpr{args: args, nullIn: nullIn, typ: typ(args), fn: f}, nil
	}
}

func jsonNullable(args []Expr) ColumnType { return jsonTypeOf(true) }

func init() {
	register("json_extract", funcSpec{min: 2, max: -1, build: jsonBuilder("json_extract", true, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args[1:])
		docType := args[0].Type()
		return func(ctx *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], docType, 1, "json_extract")
			if err != nil {
				return Value{}, err
			}
			var hits []any
			wrap := len(a) > 2
			for i, pv := range a[1:] {
				p, err := paths[i].get(pv)
				if err != nil {
					return Value{}, err
				}
				wrap = wrap || p.wild
				hits = jsonSeek(doc, p.legs, hits)
			}
			switch {
			case len(hits) == 0:
				return Value{}, nil
			case !wrap:
				return jsonResult(hits[0]), nil
			}
			return jsonResult(hits), nil
		}, nil
	})})
	register("json_unquote", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &funcExpr{args: args, nullIn: true, typ: longTextType(true), fn: func(_ *EvalCtx, a []Value) (Value, error) {
			s := TextOf(a[0])
			if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
				return StringValue(s), nil
			}
			v, e := parseJSONText(s)
			if e != nil {
				return Value{}, jsonTextError(e, 1, "json_unquote")
			}
			if str, ok := v.(string); ok {
				return StringValue(str), nil
			}
			return StringValue(s), nil
		}}, nil
	}})
	register("json_quote", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		n := castLength(args[0].Type())*6 + 2
		return &funcExpr{args: args, nullIn: true, typ: stringType(n, args[0].Type().Nullable()), fn: func(_ *EvalCtx, a []Value) (Value, error) {
			return StringValue(string(appendJSONString(nil, TextOf(a[0])))), nil
		}}, nil
	}})
	register("json_array", funcSpec{min: 0, max: -1, build: jsonBuilder("json_array", false, func([]Expr) ColumnType { return jsonTypeOf(false) }, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		bools := make([]bool, len(args))
		for i, n := range x.Args {
			bools[i] = isBoolNode(n)
		}
		return func(_ *EvalCtx, a []Value) (Value, error) {
			arr := make([]any, len(a))
			for i, v := range a {
				j, err := jsonOfValue(v, args[i].Type(), bools[i], i+1, "json_array")
				if err != nil {
					return Value{}, err
				}
				arr[i] = j
			}
			return jsonResult(arr), nil
		}, nil
	})})
	register("json_object", funcSpec{min: 0, max: -1, build: jsonBuilder("json_object", false, func([]Expr) ColumnType { return jsonTypeOf(false) }, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		if len(args)%2 != 0 {
			return nil, wrongArgCount(x.FnName.O)
		}
		bools := make([]bool, len(args))
		for i, n := range x.Args {
			bools[i] = isBoolNode(n)
		}
		return func(_ *EvalCtx, a []Value) (Value, error) {
			obj := make(map[string]any, len(a)/2)
			for i := 0; i < len(a); i += 2 {
				if a[i].k == KindNull {
					return Value{}, sqlErr(mysqldef.ErrJSONDocumentNullKey, "22032", "JSON documents may not contain NULL member names.")
				}
				j, err := jsonOfValue(a[i+1], args[i+1].Type(), bools[i+1], i+2, "json_object")
				if err != nil {
					return Value{}, err
				}
				obj[TextOf(a[i])] = j
			}
			return jsonResult(obj), nil
		}, nil
	})})
	register("json_length", funcSpec{min: 1, max: 2, build: jsonBuilder("json_length", true, intNull(10), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_length")
			if err != nil {
				return Value{}, err
			}
			if len(a) == 2 {
				if doc, err = seekOne(doc, paths[1], a[1]); err != nil || doc == jsonMissing {
					return Value{}, err
				}
			}
			switch x := doc.(type) {
			case []any:
				return IntValue(int64(len(x))), nil
			case map[string]any:
				return IntValue(int64(len(x))), nil
			}
			return IntValue(1), nil
		}, nil
	})})
	register("json_depth", funcSpec{min: 1, max: 1, build: jsonBuilder("json_depth", true, intNull(10), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_depth")
			if err != nil {
				return Value{}, err
			}
			return IntValue(int64(jsonDepth(doc))), nil
		}, nil
	})})
	register("json_type", funcSpec{min: 1, max: 1, build: jsonBuilder("json_type", true, func([]Expr) ColumnType { return stringType(51, true) }, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_type")
			if err != nil {
				return Value{}, err
			}
			return StringValue(jsonTypeName(doc)), nil
		}, nil
	})})
	register("json_valid", funcSpec{min: 1, max: 1, build: jsonBuilder("json_valid", true, func(args []Expr) ColumnType { return BoolType(anyNullable(args)) }, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		jsonTyped := isJSONType(args[0].Type())
		return func(_ *EvalCtx, a []Value) (Value, error) {
			if jsonTyped {
				return IntValue(1), nil
			}
			if !a[0].IsStringKind() {
				return IntValue(0), nil
			}
			_, e := parseJSONText(a[0].s)
			return BoolValue(e == nil), nil
		}, nil
	})})
	register("json_contains", funcSpec{min: 2, max: 3, build: jsonBuilder("json_contains", true, intNull(1), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_contains")
			if err != nil {
				return Value{}, err
			}
			cand, err := jsonArg(a[1], args[1].Type(), 2, "json_contains")
			if err != nil {
				return Value{}, err
			}
			if len(a) == 3 {
				if doc, err = seekOne(doc, paths[2], a[2]); err != nil || doc == jsonMissing {
					return Value{}, err
				}
			}
			return BoolValue(jsonContains(doc, cand)), nil
		}, nil
	})})
	register("json_contains_path", funcSpec{min: 3, max: -1, build: jsonBuilder("json_contains_path", true, intNull(1), func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_contains_path")
			if err != nil {
				return Value{}, err
			}
			one := strings.ToLower(TextOf(a[1]))
			if one != "one" && one != "all" {
				return Value{}, sqlErr(mysqldef.ErrJSONBadOneOrAll, "42000", "The oneOrAll argument to json_contains_path may take these values: 'one' or 'all'.")
			}
			found := 0
			for i := 2; i < len(a); i++ {
				p, err := paths[i].get(a[i])
				if err != nil {
					return Value{}, err
				}
				if len(jsonSeek(doc, p.legs, nil)) > 0 {
					found++
				}
			}
			if one == "one" {
				return BoolValue(found > 0), nil
			}
			return BoolValue(found == len(a)-2), nil
		}, nil
	})})
	register("json_memberof", funcSpec{min: 2, max: 2, build: jsonBuilder("json_memberof", true, intNull(1), func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		boolean := isBoolNode(x.Args[0])
		return func(_ *EvalCtx, a []Value) (Value, error) {
			v, err := jsonOfValue(a[0], args[0].Type(), boolean, 1, "member of")
			if err != nil {
				return Value{}, err
			}
			doc, err := jsonArg(a[1], args[1].Type(), 2, "member of")
			if err != nil {
				return Value{}, err
			}
			arr, ok := doc.([]any)
			if !ok {
				return BoolValue(jsonEqual(doc, v)), nil
			}
			for _, e := range arr {
				if jsonEqual(e, v) {
					return IntValue(1), nil
				}
			}
			return IntValue(0), nil
		}, nil
	})})
	register("json_keys", funcSpec{min: 1, max: 2, build: jsonBuilder("json_keys", true, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		paths := constPaths(args)
		return func(_ *EvalCtx, a []Value) (Value, error) {
			doc, err := jsonArg(a[0], args[0].Type(), 1, "json_keys")
			if err != nil {
				return Value{}, err
			}
			if len(a) == 2 {
				if doc, err = seekOne(doc, paths[1], a[1]); err != nil || doc == jsonMissing {
					return Value{}, err
				}
			}
			m, ok := doc.(map[string]any)
			if !ok {
				return Value{}, nil
			}
			keys := jsonKeys(m)
			out := make([]any, len(keys))
			for i, k := range keys {
				out[i] = k
			}
			return jsonResult(out), nil
		}, nil
	})})
	modify := func(name string, mode int) {
		register(name, funcSpec{min: 3, max: -1, build: jsonBuilder(name, false, jsonNullable, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
			if len(args)%2 != 1 {
				return nil, wrongArgCount(x.FnName.O)
			}
			return modifyFn(name, mode, x, args), nil
		})})
	}
	modify("json_set", jsonSetMode)
	modify("json_insert", jsonInsertMode)
	modify("json_replace", jsonReplaceMode)
	register("json_remove", funcSpec{min: 2, max: -1, build: jsonBuilder("json_remove", false, jsonNullable, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return modifyFn("json_remove", jsonRemoveMode, x, args), nil
	})})
	register("json_array_append", funcSpec{min: 3, max: -1, build: jsonBuilder("json_array_append", false, jsonNullable, func(x *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		if len(args)%2 != 1 {
			return nil, wrongArgCount(x.FnName.O)
		}
		return arrayAppendFn(x, args), nil
	})})
	register("json_merge_preserve", funcSpec{min: 2, max: -1, build: jsonBuilder("json_merge_preserve", true, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return mergeFn("json_merge_preserve", args, jsonMergePreserve), nil
	})})
	alias("json_merge", "json_merge_preserve")
	register("json_merge_patch", funcSpec{min: 2, max: -1, build: jsonBuilder("json_merge_patch", false, jsonNullable, func(_ *ast.FuncCallExpr, args []Expr) (scalarFn, error) {
		return mergePatchFn(args), nil
	})})
}

// jsonMissingT marks "the path selects nothing".
type jsonMissingT struct{}

var jsonMissing any = jsonMissingT{}

// seekOne evaluates a path that must not contain wildcards and returns
// the single value it selects, or jsonMissing.
func seekOne(doc any, pa pathArg, pv Value) (any, error) {
	p, err := pa.get(pv)
	if err != nil {
		return nil, err
	}
	if p.wild {
		return nil, wildPathError()
	}
	hits := jsonSeek(doc, p.legs, nil)
	if len(hits) == 0 {
		return jsonMissing, nil
	}
	return hits[0], nil
}

func modifyFn(name string, mode int, x *ast.FuncCallExpr, args []Expr) scalarFn {
	paths := constPaths(args)
	bools := make([]bool, len(args))
	for i, n := range x.Args {
		bools[i] = isBoolNode(n)
	}
	step := 2
	if mode == jsonRemoveMode {
		step = 1
	}
	return func(_ *EvalCtx, a []Value) (Value, error) {
		if a[0].k == KindNull {
			return Value{}, nil
		}
		doc, err := jsonArg(a[0], args[0].Type(), 1, name)
		if err != nil {
			return Value{}, err
		}
		for i := 1; i < len(a); i += step {
			if a[i].k == KindNull {
				return Value{}, nil
			}
			p, err := paths[i].get(a[i])
			if err != nil {
				return Value{}, err
			}
			if p.wild {
				return Value{}, wildPathError()
			}
			if mode == jsonRemoveMode {
				if len(p.legs) == 0 {
					return Value{}, sqlErr(mysqldef.ErrJSONVacuousPath, "42000", "The path expression '$' is not allowed in this context.")
				}
				doc = jsonModify(doc, p.legs, nil, mode)
				continue
			}
			val, err := jsonOfValue(a[i+1], args[i+1].Type(), bools[i+1], i+2, name)
			if err != nil {
				return Value{}, err
			}
			doc = jsonModify(doc, p.legs, val, mode)
		}
		return jsonResult(doc), nil
	}
}

// arrayAppendFn is JSON_ARRAY_APPEND(doc, path, val...): the value at path
// becomes an array (auto-wrapped) with val appended.
func arrayAppendFn(x *ast.FuncCallExpr, args []Expr) scalarFn {
	paths := constPaths(args)
	bools := make([]bool, len(args))
	for i, n := range x.Args {
		bools[i] = isBoolNode(n)
	}
	return func(_ *EvalCtx, a []Value) (Value, error) {
		if a[0].k == KindNull {
			return Value{}, nil
		}
		doc, err := jsonArg(a[0], args[0].Type(), 1, "json_array_append")
		if err != nil {
			return Value{}, err
		}
		for i := 1; i < len(a); i += 2 {
			if a[i].k == KindNull {
				return Value{}, nil
			}
			p, err := paths[i].get(a[i])
			if err != nil {
				return Value{}, err
			}
			if p.wild {
				return Value{}, wildPathError()
			}
			val, err := jsonOfValue(a[i+1], args[i+1].Type(), bools[i+1], i+2, "json_array_append")
			if err != nil {
				return Value{}, err
			}
			hits := jsonSeek(doc, p.legs, nil)
			if len(hits) == 0 {
				continue
			}
			var arr []any
			if cur, ok := hits[0].([]any); ok {
				arr = append(cur, val)
			} else {
				arr = []any{hits[0], val}
			}
			doc = jsonModify(doc, p.legs, arr, jsonReplaceMode)
		}
		return jsonResult(doc), nil
	}
}

func mergeFn(name string, args []Expr, merge func(a, b any) any) scalarFn {
	return func(_ *EvalCtx, a []Value) (Value, error) {
		var out any
		for i, v := range a {
			doc, err := jsonArg(v, args[i].Type(), i+1, name)
			if err != nil {
				return Value{}, err
			}
			if i == 0 {
				out = doc
			} else {
				out = merge(out, doc)
			}
		}
		return jsonResult(out), nil
	}
}

// jsonMergePreserve: arrays concatenate, objects merge recursively,
// anything else is wrapped into an array first.
func jsonMergePreserve(a, b any) any {
	ma, okA := a.(map[string]any)
	mb, okB := b.(map[string]any)
	if okA && okB {
		for k, v := range mb {
			if old, ok := ma[k]; ok {
				ma[k] = jsonMergePreserve(old, v)
			} else {
				ma[k] = v
			}
		}
		return ma
	}
	aa, ok := a.([]any)
	if !ok {
		aa = []any{a}
	}
	if ab, ok := b.([]any); ok {
		return append(aa, ab...)
	}
	return append(aa, b)
}

// mergePatchFn is JSON_MERGE_PATCH (RFC 7396); a NULL argument makes the
// result NULL unless a later argument is an object-free patch.
func mergePatchFn(args []Expr) scalarFn {
	return func(_ *EvalCtx, a []Value) (Value, error) {
		var out any
		null := false
		for i, v := range a {
			if v.k == KindNull {
				null = true
				continue
			}
			doc, err := jsonArg(v, args[i].Type(), i+1, "json_merge_patch")
			if err != nil {
				return Value{}, err
			}
			if i == 0 {
				out = doc
				continue
			}
			if _, isObj := doc.(map[string]any); !isObj {
				out, null = doc, false
				continue
			}
			if null {
				continue
			}
			out = jsonMergePatch(out, doc)
		}
		if null {
			return Value{}, nil
		}
		return jsonResult(out), nil
	}
}

func jsonMergePatch(target, patch any) any {
	mp, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	mt, ok := target.(map[string]any)
	if !ok {
		mt = map[string]any{}
	}
	for k, v := range mp {
		if v == nil {
			delete(mt, k)
			continue
		}
		if old, ok := mt[k]; ok {
			mt[k] = jsonMergePatch(old, v)
		} else {
			mt[k] = jsonMergePatch(nil, v)
		}
	}
	return mt
}

func jsonDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			d = max(d, jsonDepth(e))
		}
	case map[string]any:
		for _, e := range x {
			d = max(d, jsonDepth(e))
		}
	}
	return d + 1
}

func jsonTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case bool:
		return "BOOLEAN"
	case int64:
		return "INTEGER"
	case uint64:
		return "UNSIGNED INTEGER"
	case float64:
		return "DOUBLE"
	case jsonDecimal:
		return "DECIMAL"
	case string:
		return "STRING"
	case []any:
		return "ARRAY"
	case map[string]any:
		return "OBJECT"
	}
	return "NULL"
}

// jsonNumber returns a number as a float plus an exact form for integers.
func jsonNumber(v any) (f float64, i int64, u uint64, kind int) {
	switch x := v.(type) {
	case int64:
		return float64(x), x, 0, 1
	case uint64:
		return float64(x), 0, x, 2
	case float64:
		return x, 0, 0, 3
	case jsonDecimal:
		f, _ := strconv.ParseFloat(string(x), 64)
		return f, 0, 0, 3
	}
	return 0, 0, 0, 0
}

// jsonEqual compares two scalars (or containers, deeply) as MySQL's JSON
// comparison does: numbers by value whatever their storage type.
func jsonEqual(a, b any) bool {
	fa, ia, ua, ka := jsonNumber(a)
	fb, ib, ub, kb := jsonNumber(b)
	if ka != 0 || kb != 0 {
		if ka == 0 || kb == 0 {
			return false
		}
		switch {
		case ka == 1 && kb == 1:
			return ia == ib
		case ka == 2 && kb == 2:
			return ua == ub
		case ka == 1 && kb == 2:
			return ia >= 0 && uint64(ia) == ub
		case ka == 2 && kb == 1:
			return ib >= 0 && uint64(ib) == ua
		}
		return fa == fb
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

// jsonContains is JSON_CONTAINS's rule: objects contain objects whose
// members they contain; arrays contain values (or every element of an
// array) found among their elements; scalars contain equal scalars.
func jsonContains(doc, cand any) bool {
	switch d := doc.(type) {
	case map[string]any:
		c, ok := cand.(map[string]any)
		if !ok {
			return false
		}
		for k, cv := range c {
			dv, ok := d[k]
			if !ok || !jsonContains(dv, cv) {
				return false
			}
		}
		return true
	case []any:
		cs, ok := cand.([]any)
		if !ok {
			cs = []any{cand}
		}
		for _, c := range cs {
			found := false
			for _, e := range d {
				switch c.(type) {
				case []any, map[string]any:
					found = jsonContains(e, c)
				default:
					switch e.(type) {
					case []any, map[string]any:
					default:
						found = jsonEqual(e, c)
					}
				}
				if found {
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	return jsonEqual(doc, cand)
}

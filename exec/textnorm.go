package exec

import (
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/exec/expr"
)

// Literal normalization for the text-protocol statement cache
// (textcache.go). Clients that do not prepare statements send the same
// statement over and over with different constants ("... WHERE id=5023",
// "... WHERE id=17"). normalizeLiterals turns such a text into a key in
// which those constants are ? markers, and the constants into the values
// to bind to them, so one parse and one plan serve every variant.
//
// A constant becomes a marker only where a marker means exactly what the
// constant meant. That is true of an operand standing alone on one side of
// a comparison (=, <, >, <=, >=, <>, !=, <=>), of BETWEEN x AND y, of an
// IN (...) list, and of a VALUES row: the value is compared or stored, and
// nothing else reads its text. Everywhere else (the select list, whose
// column names are the expression's text; ORDER BY 1, which is a position;
// LIMIT; INTERVAL 1 DAY; function arguments; type lengths; COLLATE and
// charset introducers) the constant stays in the key as written. Only
// plain literals qualify: decimal numbers without a sign, and
// single-quoted strings without escapes ('' or backslashes); hex, bit,
// national and introduced strings stay in the key.
//
// Candidates are SELECT, INSERT, REPLACE, UPDATE and DELETE, and the
// transaction statements BEGIN, START ..., COMMIT and ROLLBACK (no
// constants to replace: they are cached to skip their parse; a START that
// is not START TRANSACTION parses to something the cache refuses).
// Statements this cannot vouch for are not candidates at all: comments
// (they may be optimizer hints or version-conditional code), ? markers of
// their own, more than one statement, a nested SELECT (subqueries are
// planned per run), SELECT ... INTO, unbalanced quotes, and texts over
// maxNormalizedText bytes.

const (
	maxNormalizedText = 4096
	maxNormalizedArgs = 256
)

type textTokKind uint8

const (
	tokWord   textTokKind = iota // identifier or keyword, `quoted` identifier, @var
	tokNumber                    // unsigned decimal literal
	tokString                    // single-quoted literal without escapes
	tokOther                     // a literal that is never a marker (escaped string, "..."), kept as is
	tokPunct                     // operator or punctuation, 1-3 bytes
)

type textTok struct {
	kind       textTokKind
	start, end int
}

// parenKind says what a ( opened: only IN lists and VALUES rows hold
// literals that may become markers after ( or ,.
type parenKind uint8

const (
	parenOther parenKind = iota
	parenIn
	parenValues
)

// textNormalizer holds a session's scratch buffers, reused across
// statements so the fast path does not allocate per token.
type textNormalizer struct {
	toks   []textTok
	parens []parenKind
	key    []byte
	args   []expr.Value
}

// normalize fills n.key with db, a NUL and sql's text with its replaceable
// literals written as ?, and n.args with their values in order. It reports
// false when sql is not a candidate (see above).
func (n *textNormalizer) normalize(db, sql string) bool {
	if len(sql) > maxNormalizedText || !n.tokenize(sql) || len(n.toks) == 0 {
		return false
	}
	first := n.toks[0]
	if first.kind != tokWord {
		return false
	}
	isSelect := false
	switch {
	case wordIs(sql, first, "SELECT"):
		isSelect = true
	case wordIs(sql, first, "INSERT"), wordIs(sql, first, "REPLACE"),
		wordIs(sql, first, "UPDATE"), wordIs(sql, first, "DELETE"),
		wordIs(sql, first, "BEGIN"), wordIs(sql, first, "START"),
		wordIs(sql, first, "COMMIT"), wordIs(sql, first, "ROLLBACK"):
	default:
		return false
	}
	n.key = append(append(n.key[:0], db...), 0)
	n.args = n.args[:0]
	n.parens = n.parens[:0]
	inSelectList := isSelect
	betweenOpen := false // a BETWEEN waits for its AND
	lastClosedValues := false
	written := 0
	for i, t := range n.toks {
		switch t.kind {
		case tokWord:
			switch {
			case i > 0 && wordIs(sql, t, "SELECT"), isSelect && wordIs(sql, t, "INTO"):
				return false
			case wordIs(sql, t, "FROM") && len(n.parens) == 0:
				inSelectList = false
			case wordIs(sql, t, "BETWEEN"):
				betweenOpen = true
			}
		case tokPunct:
			switch sql[t.start] {
			case '(':
				kind := parenOther
				if i > 0 {
					p := n.toks[i-1]
					switch {
					case p.kind == tokWord && wordIs(sql, p, "IN"):
						kind = parenIn
					case p.kind == tokWord && (wordIs(sql, p, "VALUES") || wordIs(sql, p, "VALUE")):
						kind = parenValues
					case p.kind == tokPunct && sql[p.start] == ',' && lastClosedValues && len(n.parens) == 0:
						kind = parenValues
					}
				}
				n.parens = append(n.parens, kind)
			case ')':
				if len(n.parens) == 0 {
					return false
				}
				lastClosedValues = n.parens[len(n.parens)-1] == parenValues
				n.parens = n.parens[:len(n.parens)-1]
				continue
			case ';':
				if i != len(n.toks)-1 {
					return false // a second statement
				}
			}
		case tokNumber, tokString:
			if inSelectList || len(n.args) == maxNormalizedArgs || !n.standsAlone(sql, i, &betweenOpen) {
				break
			}
			v, ok := literalValue(sql, t)
			if !ok {
				break
			}
			n.key = append(n.key, sql[written:t.start]...)
			n.key = append(n.key, '?')
			written = t.end
			n.args = append(n.args, v)
		}
		if t.kind != tokPunct || sql[t.start] != ',' {
			lastClosedValues = false
		}
	}
	if len(n.parens) != 0 {
		return false
	}
	n.key = append(n.key, sql[written:]...)
	return true
}

// standsAlone reports whether token i is a whole operand whose value is
// all that matters: after a comparison operator or BETWEEN/its AND, or
// first or after a comma in an IN list or VALUES row; and followed by
// something that ends the operand.
func (n *textNormalizer) standsAlone(sql string, i int, betweenOpen *bool) bool {
	if i == 0 {
		return false
	}
	prev := n.toks[i-1]
	before := false
	switch prev.kind {
	case tokPunct:
		switch sql[prev.start:prev.end] {
		case "=", "<", ">", "<=", ">=", "<>", "!=", "<=>":
			before = true
		case "(", ",":
			before = len(n.parens) > 0 && n.parens[len(n.parens)-1] != parenOther
		}
	case tokWord:
		switch {
		case wordIs(sql, prev, "BETWEEN"):
			before = true
		case wordIs(sql, prev, "AND") && *betweenOpen:
			*betweenOpen = false
			before = true
		}
	}
	if !before {
		return false
	}
	if i+1 == len(n.toks) {
		return true
	}
	next := n.toks[i+1]
	switch next.kind {
	case tokPunct:
		switch sql[next.start] {
		case ')', ',', ';':
			return next.end-next.start == 1
		}
	case tokWord:
		for _, w := range [...]string{"AND", "OR", "XOR", "WHERE", "ORDER", "GROUP", "HAVING", "LIMIT", "ON", "FOR", "LOCK"} {
			if wordIs(sql, next, w) {
				return true
			}
		}
	}
	return false
}

// literalValue is the value a literal token has as a constant: what the
// expression compiler makes of the same literal (compileLiteral).
func literalValue(sql string, t textTok) (expr.Value, bool) {
	s := sql[t.start:t.end]
	if t.kind == tokString {
		return expr.StringValue(s[1 : len(s)-1]), true
	}
	isInt := true
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			isInt = false
			break
		}
	}
	if isInt {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return expr.IntValue(i), true
		}
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			return expr.UintValue(u), true
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] == 'e' || s[i] == 'E' {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return expr.Value{}, false
			}
			return expr.FloatValue(f), true
		}
	}
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return expr.Value{}, false
	}
	return expr.DecimalValue(d), true
}

// tokenize splits sql into n.toks. It reports false for what normalize
// refuses outright: comments, ? markers, unterminated quotes.
func (n *textNormalizer) tokenize(sql string) bool {
	n.toks = n.toks[:0]
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '#' || c == '?':
			return false
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			return false
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			return false // "-- " starts a comment; "--5" is rare enough to skip
		case c == '\'' || c == '"':
			end, escaped, ok := quotedEnd(sql, i)
			if !ok {
				return false
			}
			kind := tokString
			if escaped || c == '"' {
				kind = tokOther
			}
			n.toks = append(n.toks, textTok{kind: kind, start: i, end: end})
			i = end
		case c == '`':
			j := i + 1
			for {
				if j >= len(sql) {
					return false
				}
				if sql[j] == '`' {
					if j+1 < len(sql) && sql[j+1] == '`' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			n.toks = append(n.toks, textTok{kind: tokWord, start: i, end: j + 1})
			i = j + 1
		case c >= '0' && c <= '9':
			end, isNum := numberEnd(sql, i)
			kind := tokNumber
			if !isNum {
				kind = tokWord // 1abc is an identifier; 0x41, 0b1 literals stay as written
			}
			n.toks = append(n.toks, textTok{kind: kind, start: i, end: end})
			i = end
		case isWordByte(c) || c == '@':
			j := i + 1
			for j < len(sql) && (isWordByte(sql[j]) || sql[j] == '@' || sql[j] == '.' && j+1 < len(sql) && sql[j+1] == '@') {
				j++
			}
			if j < len(sql) && (sql[j] == '\'' || sql[j] == '"') {
				return false // N'..', X'..', B'..', _charset'..': introduced literals
			}
			n.toks = append(n.toks, textTok{kind: tokWord, start: i, end: j})
			i = j
		default:
			j := i + 1
			if (c == '<' && j+1 < len(sql) && sql[j] == '=' && sql[j+1] == '>') ||
				(c == '-' && j+1 < len(sql) && sql[j] == '>' && sql[j+1] == '>') {
				j += 2 // <=>, ->>
			} else if j < len(sql) && isOperatorPair(c, sql[j]) {
				j++
			}
			n.toks = append(n.toks, textTok{kind: tokPunct, start: i, end: j})
			i = j
		}
	}
	return true
}

// quotedEnd finds the end of the quoted literal starting at sql[i]. A
// backslash escape or a doubled quote marks it escaped: its text is not
// its value, so it is kept in the key rather than bound.
func quotedEnd(sql string, i int) (end int, escaped, ok bool) {
	q := sql[i]
	for j := i + 1; j < len(sql); j++ {
		switch sql[j] {
		case '\\':
			escaped = true
			j++
		case q:
			if j+1 < len(sql) && sql[j+1] == q {
				escaped = true
				j++
				continue
			}
			return j + 1, escaped, true
		}
	}
	return 0, false, false
}

// numberEnd scans digits[.digits][e[+-]digits] from i. isNum is false when
// identifier bytes follow (MySQL identifiers may start with a digit) or the
// text is a 0x/0b literal.
func numberEnd(sql string, i int) (end int, isNum bool) {
	j := i
	for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
		j++
	}
	if j < len(sql) && sql[j] == '.' {
		j++
		for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
			j++
		}
	}
	if j < len(sql) && (sql[j] == 'e' || sql[j] == 'E') {
		k := j + 1
		if k < len(sql) && (sql[k] == '+' || sql[k] == '-') {
			k++
		}
		if k < len(sql) && sql[k] >= '0' && sql[k] <= '9' {
			for k < len(sql) && sql[k] >= '0' && sql[k] <= '9' {
				k++
			}
			j = k
		}
	}
	if j < len(sql) && (isWordByte(sql[j]) || sql[j] == '.') {
		for j < len(sql) && (isWordByte(sql[j]) || sql[j] == '.') {
			j++
		}
		return j, false
	}
	return j, true
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

func isOperatorPair(a, b byte) bool {
	switch a {
	case '<':
		return b == '=' || b == '>' || b == '<'
	case '>':
		return b == '=' || b == '>'
	case '!':
		return b == '='
	case ':':
		return b == '='
	case '-':
		return b == '>' // JSON's ->: its right side is a path, never a comparison operand
	case '|':
		return b == '|'
	case '&':
		return b == '&'
	}
	return false
}

// wordIs reports whether word token t is kw, ignoring ASCII case.
func wordIs(sql string, t textTok, kw string) bool {
	if t.end-t.start != len(kw) {
		return false
	}
	for i := 0; i < len(kw); i++ {
		c := sql[t.start+i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != kw[i] {
			return false
		}
	}
	return true
}

package exec

import (
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
)

// Stored procedure text. The TiDB parser's procedure grammar lacks much
// of what MySQL accepts (DEFINER, characteristics, LOOP, SELECT ... INTO a
// local variable, CALL inside a body), so loopdb reads a procedure's
// structure itself: a small tokenizer that knows quotes and comments, a
// header reader (CREATE [DEFINER=...] PROCEDURE [IF NOT EXISTS] name
// (params) characteristics), and a body reader that builds the compound
// statements (BEGIN...END, DECLARE, IF, CASE, WHILE, REPEAT, LOOP, LEAVE,
// ITERATE, labels) and keeps every other statement and every expression
// as text. Those pieces are parsed by the TiDB parser when they run, as
// statements of a query are.

// spTok is one token of procedure text: text[start:end].
type spTok struct {
	start, end int
	kind       byte // 'w' word, 'q' quoted identifier, 's' string, 'n' number, 'p' punctuation
	word       string
}

// spTokenize splits text into tokens. Comments are skipped; a versioned
// comment's "/*!NNNNN" and its closing "*/" are skipped too, so what is
// inside reads as code (mariadb-dump writes such comments).
func spTokenize(text string) ([]spTok, error) {
	var toks []spTok
	inVersion := false
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case isSQLSpace(c):
			i++
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			if i+2 < len(text) && text[i+2] == '!' && !inVersion {
				i += 3
				for i < len(text) && text[i] >= '0' && text[i] <= '9' {
					i++
				}
				inVersion = true
				continue
			}
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return nil, spSyntax(text, i)
			}
			i += 2 + end + 2
		case c == '*' && inVersion && i+1 < len(text) && text[i+1] == '/':
			inVersion = false
			i += 2
		case c == '#' || c == '-' && i+2 <= len(text) && strings.HasPrefix(text[i:], "--") && (i+2 == len(text) || text[i+2] <= ' '):
			i = skipLine(text, i)
		case c == '\'' || c == '"' || c == '`':
			end := skipQuoted(text, i, c)
			if end >= len(text) {
				return nil, spSyntax(text, i)
			}
			kind := byte('s')
			if c == '`' {
				kind = 'q'
			}
			toks = append(toks, spTok{start: i, end: end + 1, kind: kind})
			i = end + 1
		case isIdentByte(c) || c == '$':
			j := i
			for j < len(text) && (isIdentByte(text[j]) || text[j] == '$') {
				j++
			}
			kind := byte('w')
			if c >= '0' && c <= '9' {
				kind = 'n'
			}
			toks = append(toks, spTok{start: i, end: j, kind: kind, word: strings.ToUpper(text[i:j])})
			i = j
		default:
			toks = append(toks, spTok{start: i, end: i + 1, kind: 'p', word: string(c)})
			i++
		}
	}
	return toks, nil
}

// spSyntax is the 1064 for procedure text that cannot be read at pos.
func spSyntax(text string, pos int) error {
	if pos > len(text) {
		pos = len(text)
	}
	return syntaxError(text[pos:], 1+strings.Count(text[:pos], "\n"))
}

// spProcHeader is what CREATE PROCEDURE says besides the body.
type spProcHeader struct {
	definer       string // as written after DEFINER= ("" for none)
	ifNotExists   bool
	db, name      string
	params        string
	comment       string
	deterministic bool
	dataAccess    string
	security      string
	body          string
	rest          string // text after the statement (a following statement of a multi-statement query)
}

// spReader walks tokens of text.
type spReader struct {
	text string
	toks []spTok
	i    int
}

func (r *spReader) peek(k int) *spTok {
	if r.i+k < len(r.toks) {
		return &r.toks[r.i+k]
	}
	return nil
}

// is reports whether the next tokens are the given words (or punctuation).
func (r *spReader) is(words ...string) bool {
	for k, w := range words {
		t := r.peek(k)
		if t == nil || t.word != w || t.kind != 'w' && t.kind != 'p' {
			return false
		}
	}
	return true
}

func (r *spReader) accept(words ...string) bool {
	if r.is(words...) {
		r.i += len(words)
		return true
	}
	return false
}

func (r *spReader) errHere() error {
	if t := r.peek(0); t != nil {
		return spSyntax(r.text, t.start)
	}
	return spSyntax(r.text, len(r.text))
}

func (r *spReader) expect(words ...string) error {
	if !r.accept(words...) {
		return r.errHere()
	}
	return nil
}

// ident reads an identifier (a word or a backquoted name) or a string
// where MySQL allows one (user names).
func (r *spReader) ident(allowString bool) (string, bool) {
	t := r.peek(0)
	if t == nil {
		return "", false
	}
	switch {
	case t.kind == 'w' || t.kind == 'n':
		r.i++
		return r.text[t.start:t.end], true
	case t.kind == 'q' || t.kind == 's' && allowString:
		r.i++
		q := r.text[t.start : t.start+1]
		return strings.ReplaceAll(r.text[t.start+1:t.end-1], q+q, q), true
	}
	return "", false
}

// isCreateProcedure reports a statement that starts CREATE [DEFINER=...]
// PROCEDURE, which loopdb reads itself (parseCreateProcedure).
func isCreateProcedure(sql string) bool {
	toks, err := spTokenize(sql)
	if err != nil || len(toks) < 2 || toks[0].word != "CREATE" {
		return false
	}
	for _, t := range toks[1:min(len(toks), 12)] {
		if t.word == "PROCEDURE" && t.kind == 'w' {
			return true
		}
		if t.word == "TABLE" || t.word == "VIEW" || t.word == "FUNCTION" || t.word == "TRIGGER" || t.word == "EVENT" {
			return false
		}
	}
	return false
}

// parseCreateProcedure reads CREATE PROCEDURE's header and finds where its
// body ends; the body's structure is checked by spParseBody.
func parseCreateProcedure(sql string) (*spProcHeader, *spBlock, error) {
	toks, err := spTokenize(sql)
	if err != nil {
		return nil, nil, err
	}
	r := &spReader{text: sql, toks: toks}
	h := &spProcHeader{}
	if err := r.expect("CREATE"); err != nil {
		return nil, nil, err
	}
	if r.accept("DEFINER") {
		if err := r.expect("="); err != nil {
			return nil, nil, err
		}
		start := r.peek(0)
		if r.accept("CURRENT_USER") {
			if r.accept("(") {
				if err := r.expect(")"); err != nil {
					return nil, nil, err
				}
			}
		} else {
			user, ok := r.ident(true)
			if !ok {
				return nil, nil, r.errHere()
			}
			host := "%"
			if r.accept("@") {
				if host, ok = r.ident(true); !ok {
					return nil, nil, r.errHere()
				}
			}
			h.definer = quoteIdent(user) + "@" + quoteIdent(host)
		}
		_ = start
	}
	if err := r.expect("PROCEDURE"); err != nil {
		return nil, nil, err
	}
	if r.accept("IF", "NOT", "EXISTS") {
		h.ifNotExists = true
	}
	name, ok := r.ident(false)
	if !ok {
		return nil, nil, r.errHere()
	}
	if r.accept(".") {
		h.db = name
		if name, ok = r.ident(false); !ok {
			return nil, nil, r.errHere()
		}
	}
	h.name = name
	open := r.peek(0)
	if err := r.expect("("); err != nil {
		return nil, nil, err
	}
	depth := 1
	for depth > 0 {
		t := r.peek(0)
		if t == nil {
			return nil, nil, r.errHere()
		}
		switch t.word {
		case "(":
			depth++
		case ")":
			depth--
		}
		if depth == 0 {
			h.params = strings.TrimSpace(sql[open.end:t.start])
		}
		r.i++
	}
	if err := r.characteristics(h); err != nil {
		return nil, nil, err
	}
	first := r.peek(0)
	if first == nil {
		return nil, nil, r.errHere()
	}
	b := &spBodyReader{spReader: r}
	node, err := b.stmt()
	if err != nil {
		return nil, nil, err
	}
	last := r.toks[r.i-1]
	h.body = sql[first.start:last.end]
	if r.accept(";") || r.i < len(r.toks) {
		if r.i < len(r.toks) {
			h.rest = sql[r.toks[r.i].start:]
		}
	}
	if _, isSQL := node.(*spSQL); isSQL {
		// A body of one statement ends at its ';' (or the text's end).
		h.body = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(h.body), ";"))
	}
	blk, ok := node.(*spBlock)
	if !ok {
		blk = &spBlock{stmts: []spNode{node}}
	}
	return h, blk, nil
}

// characteristics reads CREATE PROCEDURE's options before the body.
func (r *spReader) characteristics(h *spProcHeader) error {
	for {
		switch {
		case r.accept("COMMENT"):
			t := r.peek(0)
			if t == nil || t.kind != 's' {
				return r.errHere()
			}
			s, _ := r.ident(true)
			h.comment = s
		case r.accept("LANGUAGE", "SQL"):
		case r.accept("NOT", "DETERMINISTIC"):
			h.deterministic = false
		case r.accept("DETERMINISTIC"):
			h.deterministic = true
		case r.accept("CONTAINS", "SQL"):
			h.dataAccess = "CONTAINS SQL"
		case r.accept("NO", "SQL"):
			h.dataAccess = "NO SQL"
		case r.accept("READS", "SQL", "DATA"):
			h.dataAccess = "READS SQL DATA"
		case r.accept("MODIFIES", "SQL", "DATA"):
			h.dataAccess = "MODIFIES SQL DATA"
		case r.accept("SQL", "SECURITY", "DEFINER"):
			h.security = "DEFINER"
		case r.accept("SQL", "SECURITY", "INVOKER"):
			h.security = "INVOKER"
		default:
			return nil
		}
	}
}

// The body's statements.
type spNode interface{}

type (
	spBlock struct {
		label string
		decls []*spDecl
		stmts []spNode
	}
	spDecl struct {
		kind  byte     // 0 variable, 'c' cursor, 'h' handler, 'n' condition (sp_handler_parse.go)
		names []string // a variable's names; a cursor's or condition's one name
		typ   string   // the type as written
		def   string   // DEFAULT expression text, "" for none
		query string   // a cursor's SELECT
		exit  bool     // an EXIT handler (else CONTINUE)
		conds []spCondValue
		body  spNode // a handler's statement
	}
	spIf struct {
		conds  []string // one per IF / ELSEIF / WHEN
		bodies [][]spNode
		els    []spNode
		hasEls bool
		isCase bool // CASE without ELSE and no match is 1339
	}
	spLoop struct {
		kind  string // WHILE, REPEAT or LOOP
		label string
		cond  string // WHILE's condition, REPEAT's UNTIL
		body  []spNode
	}
	spJump struct {
		leave bool
		label string
	}
	// spSQL is any other statement, kept as text.
	spSQL struct {
		text string
		kw   string // its first word
	}
)

// spBodyReader builds the body's statements.
type spBodyReader struct {
	*spReader
	labels []string        // enclosing labels, innermost last
	scopes []*spParseScope // enclosing blocks' cursors and conditions, innermost last
}

// stmt reads one statement of the body (without its ';').
func (b *spBodyReader) stmt() (spNode, error) {
	t := b.peek(0)
	if t == nil {
		return nil, b.errHere()
	}
	label := ""
	if n := b.peek(1); (t.kind == 'w' || t.kind == 'q') && n != nil && n.word == ":" && n.kind == 'p' {
		label, _ = b.ident(false)
		b.i++
		t = b.peek(0)
		if t == nil {
			return nil, b.errHere()
		}
		for _, l := range b.labels {
			if strings.EqualFold(l, label) {
				return nil, mysqldef.NewError(mysqldef.ErrSPLabelRedefine, "Redefining label %s", label)
			}
		}
		if t.kind != 'w' || (t.word != "BEGIN" && t.word != "WHILE" && t.word != "REPEAT" && t.word != "LOOP") {
			return nil, b.errHere()
		}
	}
	if t.kind == 'w' {
		switch t.word {
		case "BEGIN":
			if b.is("BEGIN", "WORK") || b.is("BEGIN", ";") && label == "" && len(b.labels) == 0 && b.i == 0 {
				break // BEGIN [WORK] as a transaction statement
			}
			return b.block(label)
		case "WHILE", "REPEAT", "LOOP":
			return b.loop(label)
		case "IF":
			return b.ifStmt()
		case "CASE":
			return b.caseStmt()
		case "LEAVE", "ITERATE":
			b.i++
			name, ok := b.ident(false)
			if !ok {
				return nil, b.errHere()
			}
			found := false
			for _, l := range b.labels {
				found = found || strings.EqualFold(l, name)
			}
			if !found {
				return nil, mysqldef.NewError(mysqldef.ErrSPLabelMismatch, "%s with no matching label: %s", t.word, name)
			}
			return &spJump{leave: t.word == "LEAVE", label: name}, nil
		case "OPEN", "FETCH", "CLOSE":
			return b.cursorOp()
		case "SIGNAL":
			return b.signal()
		case "DECLARE":
			return nil, mysqldef.NewError(mysqldef.ErrParse,
				"You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s' at line %d",
				cut80(b.text[t.start:]), 1+strings.Count(b.text[:t.start], "\n"))
		case "RETURN":
			return nil, mysqldef.NewError(1313, "RETURN is only allowed in a FUNCTION")
		}
	}
	// Any other statement: its text up to the ';' that ends it.
	start := t.start
	end := start
	for {
		u := b.peek(0)
		if u == nil || u.kind == 'p' && u.word == ";" {
			break
		}
		end = u.end
		b.i++
	}
	if end == start {
		return nil, b.errHere() // an empty statement
	}
	return &spSQL{text: b.text[start:end], kw: t.word}, nil
}

func cut80(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80])
	}
	return s
}

// stmts reads statements, each ended by ';', until one of the stop words.
func (b *spBodyReader) stmts(stop ...string) ([]spNode, error) {
	var out []spNode
	for {
		for _, w := range stop {
			if b.is(w) {
				return out, nil
			}
		}
		if b.peek(0) == nil {
			return nil, b.errHere()
		}
		n, err := b.stmt()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if err := b.expect(";"); err != nil {
			return nil, err
		}
	}
}

// expr reads an expression's text up to one of the stop words at its top
// level (a CASE expression's own WHEN/THEN/ELSE/END are inside it).
func (b *spBodyReader) expr(stop ...string) (string, error) {
	start := b.peek(0)
	if start == nil {
		return "", b.errHere()
	}
	depth, cases := 0, 0
	end := start.start
	for {
		t := b.peek(0)
		if t == nil || t.word == ";" && t.kind == 'p' {
			return "", b.errHere()
		}
		if depth == 0 && cases == 0 && t.kind == 'w' {
			for _, w := range stop {
				if t.word == w {
					if end == start.start {
						return "", b.errHere()
					}
					return b.text[start.start:end], nil
				}
			}
		}
		switch {
		case t.kind == 'p' && t.word == "(":
			depth++
		case t.kind == 'p' && t.word == ")":
			depth--
		case t.kind == 'w' && t.word == "CASE":
			cases++
		case t.kind == 'w' && t.word == "END" && cases > 0:
			cases--
		}
		end = t.end
		b.i++
	}
}

// endLabel reads an optional label after END ...; it must match.
func (b *spBodyReader) endLabel(label string) error {
	t := b.peek(0)
	if t == nil || t.kind != 'w' && t.kind != 'q' {
		return nil
	}
	name, _ := b.ident(false)
	if label == "" || !strings.EqualFold(name, label) {
		return mysqldef.NewError(1310, "End-label %s without match", name)
	}
	return nil
}

func (b *spBodyReader) block(label string) (spNode, error) {
	b.i++ // BEGIN
	b.labels = append(b.labels, label)
	defer func() { b.labels = b.labels[:len(b.labels)-1] }()
	blk := &spBlock{label: label}
	b.scopes = append(b.scopes, &spParseScope{})
	defer func() { b.scopes = b.scopes[:len(b.scopes)-1] }()
	for b.is("DECLARE") {
		d, err := b.decl()
		if err != nil {
			return nil, err
		}
		if err := b.declOrder(blk.decls, d); err != nil {
			return nil, err
		}
		blk.decls = append(blk.decls, d)
		if err := b.expect(";"); err != nil {
			return nil, err
		}
	}
	list, err := b.stmts("END")
	if err != nil {
		return nil, err
	}
	blk.stmts = list
	b.i++ // END
	return blk, b.endLabel(label)
}

// decl reads DECLARE name[, name] type [DEFAULT expr], or a cursor,
// handler or condition (declSpecial).
func (b *spBodyReader) decl() (*spDecl, error) {
	b.i++ // DECLARE
	if d, ok, err := b.declSpecial(); ok || err != nil {
		return d, err
	}
	d := &spDecl{}
	for {
		name, ok := b.ident(false)
		if !ok {
			return nil, b.errHere()
		}
		d.names = append(d.names, name)
		if !b.accept(",") {
			break
		}
	}
	start := b.peek(0)
	if start == nil || start.word == ";" {
		return nil, b.errHere()
	}
	end := start.end
	for {
		t := b.peek(0)
		if t == nil {
			return nil, b.errHere()
		}
		if t.kind == 'p' && t.word == ";" || t.kind == 'w' && t.word == "DEFAULT" {
			break
		}
		end = t.end
		b.i++
	}
	d.typ = b.text[start.start:end]
	if b.accept("DEFAULT") {
		t := b.peek(0)
		if t == nil || t.word == ";" {
			return nil, b.errHere()
		}
		s := t.start
		e := s
		for u := b.peek(0); u != nil && !(u.kind == 'p' && u.word == ";"); u = b.peek(0) {
			e = u.end
			b.i++
		}
		d.def = b.text[s:e]
	}
	return d, nil
}

func (b *spBodyReader) loop(label string) (spNode, error) {
	kind := b.peek(0).word
	b.i++
	b.labels = append(b.labels, label)
	defer func() { b.labels = b.labels[:len(b.labels)-1] }()
	l := &spLoop{kind: kind, label: label}
	var err error
	switch kind {
	case "WHILE":
		if l.cond, err = b.expr("DO"); err != nil {
			return nil, err
		}
		b.i++
		if l.body, err = b.stmts("END"); err != nil {
			return nil, err
		}
	case "REPEAT":
		if l.body, err = b.stmts("UNTIL"); err != nil {
			return nil, err
		}
		b.i++
		if l.cond, err = b.expr("END"); err != nil {
			return nil, err
		}
	case "LOOP":
		if l.body, err = b.stmts("END"); err != nil {
			return nil, err
		}
	}
	if len(l.body) == 0 {
		return nil, b.errHere()
	}
	if err := b.expect("END", kind); err != nil {
		return nil, err
	}
	return l, b.endLabel(label)
}

func (b *spBodyReader) ifStmt() (spNode, error) {
	b.i++ // IF
	n := &spIf{}
	for {
		cond, err := b.expr("THEN")
		if err != nil {
			return nil, err
		}
		b.i++
		body, err := b.stmts("ELSEIF", "ELSE", "END")
		if err != nil {
			return nil, err
		}
		if len(body) == 0 {
			return nil, b.errHere()
		}
		n.conds, n.bodies = append(n.conds, cond), append(n.bodies, body)
		if !b.accept("ELSEIF") {
			break
		}
	}
	if b.accept("ELSE") {
		els, err := b.stmts("END")
		if err != nil {
			return nil, err
		}
		n.els, n.hasEls = els, true
	}
	return n, b.expect("END", "IF")
}

// caseStmt reads CASE [value] WHEN ... THEN ... [ELSE ...] END CASE as an
// IF chain; a simple CASE compares its value with each WHEN's by "=".
func (b *spBodyReader) caseStmt() (spNode, error) {
	b.i++ // CASE
	value := ""
	if !b.is("WHEN") {
		v, err := b.expr("WHEN")
		if err != nil {
			return nil, err
		}
		value = v
	}
	n := &spIf{isCase: true}
	for b.accept("WHEN") {
		cond, err := b.expr("THEN")
		if err != nil {
			return nil, err
		}
		if value != "" {
			cond = "(" + value + ") = (" + cond + ")"
		}
		b.i++
		body, err := b.stmts("WHEN", "ELSE", "END")
		if err != nil {
			return nil, err
		}
		n.conds, n.bodies = append(n.conds, cond), append(n.bodies, body)
	}
	if len(n.conds) == 0 {
		return nil, b.errHere()
	}
	if b.accept("ELSE") {
		els, err := b.stmts("END")
		if err != nil {
			return nil, err
		}
		n.els, n.hasEls = els, true
	}
	return n, b.expect("END", "CASE")
}

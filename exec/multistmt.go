package exec

import (
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// A multi-statement COM_QUERY is parsed whole first (Query): one parser
// call, and the common case. When that fails, MySQL's behaviour still
// differs from "nothing runs": MySQL parses and runs the statements one at
// a time, so every statement before the bad one runs and sends its result,
// and the bad one gets 1064 and ends the batch. runPiecewise does that on
// the error path only, so a query that parses costs nothing extra.

// stmtSpan is one statement's text in a multi-statement query: sql[start:end],
// leading whitespace skipped, the terminating ';' excluded.
type stmtSpan struct{ start, end int }

// splitStatements cuts sql at the ';' that end statements: not those inside
// quoted strings ('..', "..", with backslash escapes and doubled quotes),
// backquoted identifiers or comments (/* */, -- , #). Spans that hold only
// whitespace are dropped. DELIMITER is a client-side command and never
// reaches a server, so ';' is the only terminator.
func splitStatements(sql string) []stmtSpan {
	var spans []stmtSpan
	start := 0
	add := func(end int) {
		s := start
		for s < end && isSQLSpace(sql[s]) {
			s++
		}
		if strings.TrimSpace(sql[s:end]) != "" {
			spans = append(spans, stmtSpan{s, end})
		}
	}
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; c {
		case '\'', '"', '`':
			i = skipQuoted(sql, i, c)
		case '/':
			if i+1 < len(sql) && sql[i+1] == '*' {
				end := strings.Index(sql[i+2:], "*/")
				if end < 0 {
					i = len(sql)
				} else {
					i += 2 + end + 1
				}
			}
		case '-':
			// "--" starts a comment only when followed by a space or control
			// character (or the end), as in MySQL: "1--1" is arithmetic.
			if i+1 < len(sql) && sql[i+1] == '-' && (i+2 == len(sql) || sql[i+2] <= ' ') {
				i = skipLine(sql, i)
			}
		case '#':
			i = skipLine(sql, i)
		case ';':
			add(i)
			start = i + 1
		}
	}
	add(len(sql))
	return spans
}

// skipQuoted returns the index of the quote that closes the string or
// identifier opened at sql[i] (len(sql) if it is never closed). Inside '..'
// and "..", a backslash escapes the next byte; a doubled quote is one quote
// in all three forms.
func skipQuoted(sql string, i int, q byte) int {
	for j := i + 1; j < len(sql); j++ {
		switch sql[j] {
		case '\\':
			if q != '`' {
				j++
			}
		case q:
			if j+1 < len(sql) && sql[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return len(sql)
}

// skipLine returns the index of the newline ending the comment at sql[i].
func skipLine(sql string, i int) int {
	if nl := strings.IndexByte(sql[i:], '\n'); nl >= 0 {
		return i + nl
	}
	return len(sql)
}

func isSQLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// runPiecewise runs a query whose whole-text parse failed one statement
// at a time, as MySQL does: with CLIENT_MULTI_STATEMENTS, the statements
// before a bad one run. Statements the TiDB parser cannot read whole
// (SELECT ... INTO @var) are handled here too. It reports false, having
// done nothing, when the caller should report its parse error as usual.
func (s *Session) runPiecewise(sql string, w ResultWriter) bool {
	spans := splitStatements(sql)
	if len(spans) == 0 || len(spans) > 1 && !s.multiStatements {
		return false
	}
	if len(spans) == 1 {
		if _, err := s.parseStatements(sql[spans[0].start:spans[0].end]); err != nil {
			if _, ours := err.(*mysqldef.SQLError); !ours {
				return false
			}
		}
	}
	for i, sp := range spans {
		stmts, err := s.parseStatements(sql[sp.start:sp.end])
		if err != nil {
			s.clearDiagnostics()
			if e, ours := err.(*mysqldef.SQLError); ours {
				s.fail(w, e)
				return true
			}
			// Report the error as MySQL does, over the rest of the query
			// (its "near '...'" runs to the end of the text).
			if _, restErr := s.parseStatements(sql[sp.start:]); restErr != nil {
				if _, ours := restErr.(*mysqldef.SQLError); !ours {
					err = restErr
				}
			}
			s.fail(w, parseError(err))
			return true
		}
		for j, stmt := range stmts {
			more := i < len(spans)-1 || j < len(stmts)-1
			var err error
			if into, ok := stmt.(*selectIntoStmt); ok {
				err = s.execSelectInto(into, w, more)
			} else {
				err = s.execStmt(stmt, w, more)
			}
			if err != nil {
				s.fail(w, err)
				return true
			}
		}
	}
	return true
}

// parseStatements parses one statement's text with a pooled parser (and
// LOAD DATA's ROWS spelling, as Query does, and SELECT ... INTO @var); the
// result is a copy the caller owns. An error that is a *mysqldef.SQLError
// is the statement's own (not a syntax error).
func (s *Session) parseStatements(text string) ([]ast.StmtNode, error) {
	stmts, err := s.eng.parse(text)
	if err != nil {
		if reset, ok := parseResetPersist(text); ok {
			return []ast.StmtNode{reset}, nil
		}
		if pw, ok := s.eng.parsePasswordClauses(text); ok {
			return []ast.StmtNode{pw}, nil
		}
		if ga, ok := s.eng.parseAdminOption(text); ok {
			return []ast.StmtNode{ga}, nil
		}
		if flush, ok := parseFlushUserResources(text); ok {
			return []ast.StmtNode{flush}, nil
		}
		if check, ok := s.eng.parseCheckTable(text); ok {
			return []ast.StmtNode{check}, nil
		}
		if alt, ok := rewriteInsertRowAlias(text); ok {
			if alts, altErr := s.eng.parse(alt); altErr == nil {
				return alts, nil
			}
		}
		if alt, ok := rewritePersist(text); ok {
			if alts, altErr := s.eng.parse(alt); altErr == nil {
				return alts, nil
			}
		}
		if alt, ok := rewriteLoadDataRows(text); ok {
			if alts, altErr := s.eng.parse(alt); altErr == nil {
				stmts, err = alts, nil
			}
		}
	}
	if err != nil {
		rest, vars, found, cutErr := cutSelectInto(text)
		if cutErr != nil {
			return nil, cutErr
		}
		if found {
			if alts, altErr := s.eng.parse(rest); altErr == nil && len(alts) == 1 {
				return []ast.StmtNode{&selectIntoStmt{StmtNode: alts[0], vars: vars}}, nil
			}
		}
		return nil, err
	}
	return stmts, nil
}

// onlyComments reports whether a query that parsed to no statement held a
// comment (anything but whitespace and ';' must be one then).
func onlyComments(sql string) bool {
	return strings.Trim(sql, " \t\n\r\f\v;") != ""
}

package exec

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// MySQL 8's dual passwords add two clauses the TiDB parser refuses:
//
//	ALTER USER u IDENTIFIED BY 'new' RETAIN CURRENT PASSWORD [, v ...]
//	ALTER USER u DISCARD OLD PASSWORD
//	SET PASSWORD [FOR u] = 'new' RETAIN CURRENT PASSWORD
//
// cutPasswordClauses finds them with a token scan (so the words inside a
// string literal, a quoted name or a comment are never taken for the
// clause), cuts them out, and remembers which user spec each belonged to;
// the parser then reads the rest as an ordinary ALTER USER or SET
// PASSWORD, and passwordClauseStmt carries the clauses to the statement's
// execution. It is asked only about text the parser refused.

// passwordClause is what one user spec of the statement asked for.
type passwordClause uint8

const (
	retainCurrentPassword passwordClause = iota + 1
	discardOldPassword
)

// passwordClauseStmt is an ALTER USER or SET PASSWORD whose dual-password
// clauses were cut from its text; clauses maps a user spec's position
// (0-based, in the order written) to its clause.
type passwordClauseStmt struct {
	ast.StmtNode
	clauses map[int]passwordClause
}

// sqlToken is one token of a statement: a word (keyword or unquoted
// name), a quoted string or name, or one punctuation byte. Comments and
// whitespace produce none.
type sqlToken struct {
	kind       byte // 'w' word, 's' '..' or ".." string, 'q' `name`, 'p' punctuation
	start, end int
}

// tokenizeSQL splits sql into tokens. Quoting follows splitStatements:
// backslash escapes and doubled quotes in strings, doubled backquotes in
// names; an unterminated string or comment runs to the end.
func tokenizeSQL(sql string) []sqlToken {
	var out []sqlToken
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case isSQLSpace(c):
			i++
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += 2 + end + 2
		case c == '#', c == '-' && i+1 < len(sql) && sql[i+1] == '-' && (i+2 == len(sql) || sql[i+2] <= ' '):
			i = skipLine(sql, i) + 1
		case c == '\'', c == '"', c == '`':
			end := min(skipQuoted(sql, i, c)+1, len(sql))
			kind := byte('s')
			if c == '`' {
				kind = 'q'
			}
			out = append(out, sqlToken{kind, i, end})
			i = end
		case isWordByte(c):
			j := i
			for j < len(sql) && isWordByte(sql[j]) {
				j++
			}
			out = append(out, sqlToken{'w', i, j})
			i = j
		default:
			out = append(out, sqlToken{'p', i, i + 1})
			i++
		}
	}
	return out
}

// cutPasswordClauses returns sql without its RETAIN CURRENT PASSWORD and
// DISCARD OLD PASSWORD clauses, and the clause of each user spec that had
// one. ok is false when sql is not an ALTER USER or SET PASSWORD, holds
// no such clause, or holds one where MySQL's grammar has none (two for one
// user, RETAIN not after the password string): the parser's error stands.
func cutPasswordClauses(sql string) (rest string, clauses map[int]passwordClause, ok bool) {
	toks := tokenizeSQL(sql)
	word := func(i int, w string) bool {
		return i < len(toks) && toks[i].kind == 'w' && strings.EqualFold(sql[toks[i].start:toks[i].end], w)
	}
	alterUser := word(0, "ALTER") && word(1, "USER")
	if !alterUser && !(word(0, "SET") && word(1, "PASSWORD")) {
		return "", nil, false
	}
	var b strings.Builder
	copied, spec, depth := 0, 0, 0
	for i := 2; i < len(toks); i++ {
		t := toks[i]
		if t.kind == 'p' {
			switch sql[t.start] {
			case '(':
				depth++
			case ')':
				depth--
			case ',':
				// Only ALTER USER lists users; a comma there at the top
				// level starts the next user spec.
				if depth == 0 && alterUser {
					spec++
				}
			}
			continue
		}
		var clause passwordClause
		switch {
		case word(i, "RETAIN") && word(i+1, "CURRENT") && word(i+2, "PASSWORD"):
			// Only after IDENTIFIED ... BY 'x' [REPLACE 'y'] or SET
			// PASSWORD ... = 'x': the token before is a string.
			if toks[i-1].kind != 's' {
				return "", nil, false
			}
			clause = retainCurrentPassword
		case alterUser && word(i, "DISCARD") && word(i+1, "OLD") && word(i+2, "PASSWORD"):
			clause = discardOldPassword
		default:
			continue
		}
		if depth != 0 || clauses[spec] != 0 {
			return "", nil, false
		}
		if clauses == nil {
			clauses = make(map[int]passwordClause)
		}
		clauses[spec] = clause
		b.WriteString(sql[copied:t.start])
		b.WriteByte(' ')
		copied = toks[i+2].end
		i += 2
	}
	if clauses == nil {
		return "", nil, false
	}
	b.WriteString(sql[copied:])
	return b.String(), clauses, true
}

// parsePasswordClauses parses sql with its dual-password clauses cut out
// (cutPasswordClauses); ok is false when sql has none or the rest is not
// one ALTER USER or SET PASSWORD.
func (e *Engine) parsePasswordClauses(sql string) (ast.StmtNode, bool) {
	rest, clauses, ok := cutPasswordClauses(sql)
	if !ok {
		return nil, false
	}
	stmts, err := e.parse(rest)
	if err != nil || len(stmts) != 1 {
		return nil, false
	}
	switch stmts[0].(type) {
	case *ast.AlterUserStmt, *ast.SetPwdStmt:
	default:
		return nil, false
	}
	return &passwordClauseStmt{StmtNode: stmts[0], clauses: clauses}, true
}

// maskPasswords returns the text of a statement that can hold passwords
// (CREATE/ALTER USER, SET PASSWORD, GRANT ... IDENTIFIED BY) with every
// string after BY, AS, REPLACE or '=' replaced by <secret>, as MySQL
// rewrites such statements for its logs and PROCESSLIST; the rest of the
// text, RETAIN CURRENT PASSWORD included, stays as written.
func maskPasswords(sql string) string {
	var b strings.Builder
	copied := 0
	toks := tokenizeSQL(sql)
	for i := 1; i < len(toks); i++ {
		if toks[i].kind != 's' {
			continue
		}
		prev := sql[toks[i-1].start:toks[i-1].end]
		if prev != "=" && !strings.EqualFold(prev, "BY") && !strings.EqualFold(prev, "AS") && !strings.EqualFold(prev, "REPLACE") {
			continue
		}
		b.WriteString(sql[copied:toks[i].start])
		b.WriteString("<secret>")
		copied = toks[i].end
	}
	if copied == 0 {
		return sql
	}
	b.WriteString(sql[copied:])
	return b.String()
}

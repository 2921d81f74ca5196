package exec

import (
	"strings"
)

// INSERT ... VALUES (...) AS alias [(col, ...)] ON DUPLICATE KEY UPDATE
// c = alias.c: MySQL 8.0.19's row alias, which replaces the deprecated
// VALUES(c) and which frameworks use against MySQL 8 (Django's
// bulk_create with update_conflicts, for one). The parser does not know
// it, so a statement that failed to parse gets a second chance with the
// alias cut and each alias.c in the update list written VALUES(c), which
// means the same: the value the row would have inserted into c. With
// column aliases (AS new(a, b)) alias.a names the insert list's column in
// a's position.

// rewriteInsertRowAlias returns sql with its row alias spelled as VALUES();
// ok is false when sql is not an INSERT ... VALUES/SET with a row alias
// before ON DUPLICATE KEY UPDATE (INSERT ... SELECT's derived-table
// aliases are the parser's business), or when the alias has column
// aliases but the INSERT has no column list to map them to.
func rewriteInsertRowAlias(sql string) (string, bool) {
	toks := tokenizeSQL(sql)
	text := func(i int) string { return sql[toks[i].start:toks[i].end] }
	word := func(i int, w string) bool {
		return i >= 0 && i < len(toks) && toks[i].kind == 'w' && strings.EqualFold(text(i), w)
	}
	punct := func(i int, c byte) bool {
		return i >= 0 && i < len(toks) && toks[i].kind == 'p' && sql[toks[i].start] == c
	}
	name := func(i int) (string, bool) {
		switch {
		case i < 0 || i >= len(toks):
			return "", false
		case toks[i].kind == 'w':
			return text(i), true
		case toks[i].kind == 'q':
			t := text(i)
			return strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(t, "`"), "`"), "``", "`"), true
		}
		return "", false
	}
	if !word(0, "INSERT") {
		return "", false
	}
	// The top level: the insert column list, VALUES or SET, and ON
	// DUPLICATE KEY UPDATE.
	depth, on, values := 0, -1, -1
	var insertCols []string
	for i := 1; i < len(toks) && on < 0; i++ {
		switch {
		case punct(i, '('):
			if depth == 0 && values < 0 && insertCols == nil {
				// The first parenthesised list before VALUES: the columns.
				for j := i + 1; j < len(toks) && !punct(j, ')'); j++ {
					if n, ok := name(j); ok {
						insertCols = append(insertCols, n)
					}
				}
			}
			depth++
		case punct(i, ')'):
			depth--
		case depth != 0:
		case word(i, "SELECT") || word(i, "TABLE"):
			return "", false
		case values < 0 && (word(i, "VALUES") || word(i, "VALUE") || word(i, "SET")):
			values = i
		case word(i, "ON") && word(i+1, "DUPLICATE") && word(i+2, "KEY") && word(i+3, "UPDATE"):
			on = i
		}
	}
	if on < 0 || values < 0 {
		return "", false
	}
	// AS alias or AS alias (col, ...) just before ON.
	as := on - 2
	var colAliases []string
	if punct(on-1, ')') {
		open := on - 1
		for open > values && !punct(open, '(') {
			open--
		}
		for j := open + 1; j < on-1; j++ {
			if n, ok := name(j); ok {
				colAliases = append(colAliases, n)
			}
		}
		as = open - 2
		if len(colAliases) == 0 || len(colAliases) != len(insertCols) {
			return "", false
		}
	}
	if !word(as, "AS") || as <= values {
		return "", false
	}
	alias, ok := name(as + 1)
	if !ok {
		return "", false
	}
	column := func(ref string) string {
		for k, a := range colAliases {
			if strings.EqualFold(a, ref) {
				return insertCols[k]
			}
		}
		return ref
	}
	var b strings.Builder
	b.WriteString(sql[:toks[as].start])
	copied := toks[on].start
	for i := on + 4; i+2 < len(toks); i++ {
		a, isName := name(i)
		col, isCol := name(i + 2)
		if !isName || !isCol || !strings.EqualFold(a, alias) || !punct(i+1, '.') || punct(i-1, '.') {
			continue
		}
		b.WriteString(sql[copied:toks[i].start])
		b.WriteString("VALUES(`" + strings.ReplaceAll(column(col), "`", "``") + "`)")
		copied = toks[i+2].end
		i += 2
	}
	b.WriteString(sql[copied:])
	return b.String(), true
}

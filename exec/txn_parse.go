package exec

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// parseTxnControl reads the transaction statements MySQL accepts and the
// TiDB parser does not: BEGIN WORK, START TRANSACTION with a list of
// characteristics (READ ONLY | READ WRITE, WITH CONSISTENT SNAPSHOT), and
// ROLLBACK WORK TO [SAVEPOINT] name. It is only asked about SQL the parser
// refused, so anything else is reported as not ours (ok false) and the
// parser's error stands.
func parseTxnControl(sql string) (ast.StmtNode, bool) {
	text := strings.TrimSpace(sql)
	text = strings.TrimSpace(strings.TrimSuffix(text, ";"))
	words := strings.Fields(strings.ReplaceAll(text, ",", " , "))
	upper := make([]string, len(words))
	for i, w := range words {
		upper[i] = strings.ToUpper(w)
	}
	switch {
	case len(upper) == 2 && upper[0] == "BEGIN" && upper[1] == "WORK":
		st := &ast.BeginStmt{}
		st.SetText(nil, text)
		return st, true
	case len(upper) == 2 && upper[0] == "COMMIT" && upper[1] == "WORK":
		st := &ast.CommitStmt{}
		st.SetText(nil, text)
		return st, true
	case len(upper) == 2 && upper[0] == "ROLLBACK" && upper[1] == "WORK":
		st := &ast.RollbackStmt{}
		st.SetText(nil, text)
		return st, true
	case len(upper) >= 2 && upper[0] == "START" && upper[1] == "TRANSACTION":
		return parseStartTransaction(text, upper[2:])
	case len(upper) >= 4 && upper[0] == "ROLLBACK" && upper[1] == "WORK" && upper[2] == "TO":
		rest := words[3:]
		if len(rest) == 2 && strings.EqualFold(rest[0], "SAVEPOINT") {
			rest = rest[1:]
		}
		if len(rest) != 1 {
			return nil, false
		}
		name := strings.Trim(rest[0], "`")
		if name == "" {
			return nil, false
		}
		st := &ast.RollbackStmt{SavepointName: name}
		st.SetText(nil, text)
		return st, true
	}
	return nil, false
}

// parseStartTransaction reads START TRANSACTION's characteristics, each
// once, separated by commas; READ ONLY and READ WRITE exclude each other.
func parseStartTransaction(text string, words []string) (ast.StmtNode, bool) {
	st := &ast.BeginStmt{}
	var access, consistent bool
	for len(words) > 0 {
		switch {
		case len(words) >= 3 && words[0] == "WITH" && words[1] == "CONSISTENT" && words[2] == "SNAPSHOT" && !consistent:
			consistent = true
			words = words[3:]
		case len(words) >= 2 && words[0] == "READ" && (words[1] == "ONLY" || words[1] == "WRITE") && !access:
			access = true
			st.ReadOnly = words[1] == "ONLY"
			words = words[2:]
		default:
			return nil, false
		}
		if len(words) > 0 {
			if words[0] != "," || len(words) == 1 {
				return nil, false
			}
			words = words[1:]
		}
	}
	st.SetText(nil, text)
	return st, true
}

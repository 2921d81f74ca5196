package exec

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// carrySetScope applies MySQL's rule that a scope keyword in SET covers
// the assignments after it that name no scope of their own: SET GLOBAL
// a = 1, b = 2 sets both globally, SET GLOBAL a = 1, SESSION b = 2, c = 3
// sets c in the session. (An @@global.x or @@session.x form scopes its
// own variable only.) The parser marks only the assignment the keyword
// precedes, and the AST cannot tell "b = 2" from "SESSION b = 2", so the
// statement's text decides which assignments carry no keyword. Called
// before privileges are checked, so a carried GLOBAL needs what a written
// one does.
func carrySetScope(st *ast.SetStmt) {
	if len(st.Variables) < 2 {
		return
	}
	anyGlobal := false
	for _, v := range st.Variables {
		anyGlobal = anyGlobal || v.IsGlobal
	}
	if !anyGlobal {
		return
	}
	segs, ok := setAssignments(st.Text())
	if !ok || len(segs) != len(st.Variables) {
		return // a shape this reading does not follow: keep the parser's scopes
	}
	global := false
	for i, seg := range segs {
		word, _ := leadingWord(seg)
		switch strings.ToUpper(word) {
		case "GLOBAL":
			global = true
		case "SESSION", "LOCAL", "PERSIST", "PERSIST_ONLY":
			global = false
		default:
			if v := st.Variables[i]; global && v.IsSystem && !strings.HasPrefix(seg, "@") {
				v.IsGlobal = true
			}
		}
	}
}

// setAssignments splits a SET statement's text into its assignments,
// each with leading blanks removed; ok is false when the text does not
// start with SET.
func setAssignments(text string) ([]string, bool) {
	t := strings.TrimLeft(text, " \t\r\n")
	if len(t) < 4 || !strings.EqualFold(t[:3], "SET") || !strings.ContainsRune(" \t\r\n", rune(t[3])) {
		return nil, false
	}
	segs := splitTopLevel(t[4:], ',')
	for i, s := range segs {
		segs[i] = strings.TrimLeft(s, " \t\r\n")
	}
	return segs, true
}

package exec

import "strings"

// cutSelectIntoTargets is cutSelectInto for a procedure's statements,
// whose INTO list may name local variables as well as @user variables:
// "SELECT a, b INTO x, @y FROM t". Targets come back as written, user
// variables with their '@'; found is false when there is no INTO list.
func cutSelectIntoTargets(text string) (rest string, targets []string, found bool, err error) {
	first := strings.ToUpper(firstWord(text))
	if first != "SELECT" && first != "WITH" && !strings.HasPrefix(strings.TrimSpace(text), "(") {
		return text, nil, false, nil
	}
	toks, terr := spTokenize(text)
	if terr != nil {
		return text, nil, false, nil // the parser reports it
	}
	depth := 0
	for i, t := range toks {
		switch {
		case t.kind == 'p' && t.word == "(":
			depth++
		case t.kind == 'p' && t.word == ")":
			depth--
		case t.kind == 'w' && t.word == "INTO" && depth == 0:
			if i+1 < len(toks) && (toks[i+1].word == "OUTFILE" || toks[i+1].word == "DUMPFILE") {
				return text, nil, true, errServerFileWrite()
			}
			end := t.end
			j := i + 1
			for j < len(toks) {
				name := ""
				if toks[j].kind == 'p' && toks[j].word == "@" && j+1 < len(toks) && toks[j+1].start == toks[j].end {
					name = "@" + unquoteTok(text, toks[j+1])
					end = toks[j+1].end
					j += 2
				} else if toks[j].kind == 'w' || toks[j].kind == 'q' {
					name = unquoteTok(text, toks[j])
					end = toks[j].end
					j++
				} else {
					break
				}
				targets = append(targets, name)
				if j < len(toks) && toks[j].kind == 'p' && toks[j].word == "," {
					j++
					continue
				}
				break
			}
			if len(targets) == 0 {
				return text, nil, false, nil
			}
			return text[:t.start] + strings.Repeat(" ", end-t.start) + text[end:], targets, true, nil
		}
	}
	return text, nil, false, nil
}

// unquoteTok is a token's name: a quoted one without its quotes.
func unquoteTok(text string, t spTok) string {
	s := text[t.start:t.end]
	if t.kind == 'q' || t.kind == 's' {
		q := s[:1]
		return strings.ReplaceAll(s[1:len(s)-1], q+q, q)
	}
	return s
}

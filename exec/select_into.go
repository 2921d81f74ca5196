package exec

import (
	"io"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SELECT ... INTO @var [, @var ...] stores the one row of a query in user
// variables. The TiDB parser has no grammar for it, so the INTO clause is
// cut out of the text before parsing (on the parse-error path only: a
// query that parses is never scanned) and the SELECT runs into a writer
// that keeps its row. MySQL's rules: more than one row is 1172; no row is
// warning 1329 and leaves the variables as they were; a variable count
// unlike the column count is 1222, whatever the rows. INTO OUTFILE and
// INTO DUMPFILE write files on the server, which loopdb refuses as MySQL
// does with secure_file_priv set to NULL (1290).

// selectIntoStmt is a SELECT (or UNION) whose row goes into user
// variables instead of to the client.
type selectIntoStmt struct {
	ast.StmtNode
	vars []string // lower-case user variable names, in order
}

func errServerFileWrite() *mysqldef.SQLError {
	return mysqldef.NewError(mysqldef.ErrOptionPreventsStmt,
		"The MySQL server is running with the --secure-file-priv option so it cannot execute this statement")
}

// cutSelectInto finds a top-level "INTO @a, @b" (or INTO DUMPFILE/OUTFILE)
// in a statement that starts with SELECT, WITH or '('. It returns the text
// with the clause blanked out (positions kept, so error offsets still
// match), the variable names, and found=false when there is no such clause.
func cutSelectInto(text string) (rest string, vars []string, found bool, err error) {
	first := strings.ToUpper(firstWord(text))
	if first != "SELECT" && first != "WITH" && !strings.HasPrefix(strings.TrimSpace(text), "(") {
		return text, nil, false, nil
	}
	depth := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '\'', '"', '`':
			i = skipQuoted(text, i, c)
		case '/':
			if i+1 < len(text) && text[i+1] == '*' {
				if end := strings.Index(text[i+2:], "*/"); end >= 0 {
					i += 2 + end + 1
				} else {
					i = len(text)
				}
			}
		case '-':
			if i+1 < len(text) && text[i+1] == '-' && (i+2 == len(text) || text[i+2] <= ' ') {
				i = skipLine(text, i)
			}
		case '#':
			i = skipLine(text, i)
		case '(':
			depth++
		case ')':
			depth--
		case 'i', 'I':
			if depth != 0 || !strings.EqualFold(text[i:min(i+4, len(text))], "into") ||
				(i > 0 && isIdentByte(text[i-1])) || (i+4 < len(text) && isIdentByte(text[i+4])) {
				continue
			}
			j := skipSpace(text, i+4)
			next := strings.ToUpper(firstWord(text[j:]))
			if next == "DUMPFILE" || next == "OUTFILE" {
				return text, nil, true, errServerFileWrite()
			}
			if j >= len(text) || text[j] != '@' {
				continue
			}
			vars, end, ok := parseVarList(text, j)
			if !ok {
				return text, nil, false, nil
			}
			return text[:i] + strings.Repeat(" ", end-i) + text[end:], vars, true, nil
		}
	}
	return text, nil, false, nil
}

// parseVarList reads "@a, @`b`, @'c'" from text[i:] (text[i] is '@'),
// returning the names and where the list ends.
func parseVarList(text string, i int) (vars []string, end int, ok bool) {
	for {
		if i >= len(text) || text[i] != '@' || (i+1 < len(text) && text[i+1] == '@') {
			return nil, 0, false
		}
		i++
		var name string
		if i < len(text) && (text[i] == '`' || text[i] == '\'' || text[i] == '"') {
			close := skipQuoted(text, i, text[i])
			if close >= len(text) {
				return nil, 0, false
			}
			q := string(text[i])
			name = strings.ReplaceAll(text[i+1:close], q+q, q)
			i = close + 1
		} else {
			start := i
			for i < len(text) && (isIdentByte(text[i]) || text[i] == '.' || text[i] == '$') {
				i++
			}
			if i == start {
				return nil, 0, false
			}
			name = text[start:i]
		}
		vars = append(vars, strings.ToLower(name))
		j := skipSpace(text, i)
		if j < len(text) && text[j] == ',' {
			i = skipSpace(text, j+1)
			continue
		}
		return vars, i, true
	}
}

func firstWord(text string) string {
	i := skipSpace(text, 0)
	j := i
	for j < len(text) && isIdentByte(text[j]) {
		j++
	}
	return text[i:j]
}

func skipSpace(text string, i int) int {
	for i < len(text) && isSQLSpace(text[i]) {
		i++
	}
	return i
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// execSelectInto runs the SELECT and assigns its row to the variables.
func (s *Session) execSelectInto(st *selectIntoStmt, w ResultWriter, more bool) error {
	kw := &keepRowWriter{}
	if err := s.execStmt(st.StmtNode, kw, false); err != nil {
		return err
	}
	if kw.err != nil {
		return kw.err
	}
	if kw.cols != len(st.vars) {
		return mysqldef.NewError(mysqldef.ErrWrongNumberOfColumnsInSelect,
			"The used SELECT statements have a different number of columns")
	}
	if kw.rows == 0 {
		s.AddWarning(mysqldef.ErrSpFetchNoData, "No data - zero rows fetched, selected, or processed")
		return s.writeOK(w, 0, 0, "", more)
	}
	for i, name := range st.vars {
		s.SetUserVar(name, kw.row[i])
	}
	return s.writeOK(w, 1, 0, "", more)
}

// keepRowWriter takes a SELECT's result in place of the client: its
// column count and first row; a second row stops the SELECT with 1172.
type keepRowWriter struct {
	cols int
	rows int
	row  []expr.Value
	err  *mysqldef.SQLError
}

func (k *keepRowWriter) BeginResult(cols []Column) error {
	k.cols = len(cols)
	return nil
}

func (k *keepRowWriter) Row(vals []expr.Value) error {
	k.rows++
	if k.rows > 1 {
		return mysqldef.NewError(mysqldef.ErrTooManyRows, "Result consisted of more than one row")
	}
	k.row = append(k.row[:0], vals...)
	return nil
}

func (k *keepRowWriter) EndResult(Completion) error { return nil }
func (k *keepRowWriter) OK(Completion) error        { return nil }

func (k *keepRowWriter) Error(e *mysqldef.SQLError) error {
	k.err = e
	return nil
}

func (k *keepRowWriter) RequestLocalFile(string) (io.ReadCloser, error) {
	return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "LOAD DATA inside SELECT ... INTO")
}

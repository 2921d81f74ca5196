package exec

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	parsertypes "github.com/pingcap/tidb/pkg/parser/types"
)

// The TiDB parser's value driver (test_driver) holds a decimal literal in
// 9 words of 9 digits and panics, rather than failing, when a literal
// needs more: `SELECT 1111…` with 82 or more integer digits dropped the
// session. MySQL keeps such a literal as the largest DECIMAL(65) with
// warning 1292, and the parser's lexer does exactly that when the driver
// reports ErrDataOutOfRange; a fraction that does not fit is cut to the
// digits that do (MySQL rounds it away too). decimalLiteralGuard sits in
// front of the driver so the lexer gets that report instead of a panic.

// decimalLiteralWords is the driver's capacity: 9 words of 9 digits.
const (
	decimalLiteralWords  = 9
	decimalDigitsPerWord = 9
)

func init() {
	driverDecimal := ast.NewDecimal
	ast.NewDecimal = func(str string) (any, error) {
		fitted, ok := fitDecimalLiteral(str)
		if !ok {
			return nil, parsertypes.ErrDataOutOfRange
		}
		return driverDecimal(fitted)
	}
}

// fitDecimalLiteral returns str cut to what the driver holds: ok is false
// when the integer part alone does not fit (the caller reports the value
// out of range), and a fraction too long for the words left is truncated.
func fitDecimalLiteral(str string) (string, bool) {
	body := strings.TrimLeft(str, "+-")
	intPart, frac, _ := strings.Cut(body, ".")
	if strings.ContainsAny(frac, "eE") { // not a plain decimal: leave it to the driver
		return str, true
	}
	intDigits := len(strings.TrimLeft(intPart, "0"))
	intWords := (intDigits + decimalDigitsPerWord - 1) / decimalDigitsPerWord
	if intWords > decimalLiteralWords {
		return "", false
	}
	intWords = max(intWords, 1) // the driver gives even a zero integer part its word
	room := (decimalLiteralWords - intWords) * decimalDigitsPerWord
	if len(frac) <= room {
		return str, true
	}
	return str[:len(str)-len(body)] + intPart + "." + frac[:room], true
}

// parse parses text with a pooled parser and returns statements the caller
// owns (the parser's own slice is overwritten by its next user). A panic
// inside the parser becomes a syntax error: the parser is a dependency, and
// no statement text may take the session down. A parser that panicked is
// dropped rather than pooled, as its internal state is unknown.
func (e *Engine) parse(text string) (stmts []ast.StmtNode, err error) {
	p := e.parsers.Get().(*parser.Parser)
	defer func() {
		if r := recover(); r != nil {
			stmts, err = nil, fmt.Errorf("[parser:1064]the parser could not read this statement: %v", r)
			return
		}
		e.parsers.Put(p)
	}()
	stmts, _, err = p.ParseSQL(text)
	stmts = append([]ast.StmtNode(nil), stmts...)
	if err == nil {
		rewriteDualAggregates(stmts)
	}
	return stmts, err
}

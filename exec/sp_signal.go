package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// SIGNAL in a procedure body: it raises a condition as a failing statement
// would, so the handlers see it. Class '01' (warning) and '02' (not found)
// conditions a handler does not take are left as warnings and the body
// goes on; any other class ends the body unless a handler takes it.
// Without MYSQL_ERRNO / MESSAGE_TEXT the error is MySQL's 1642, 1643 or
// 1644 with its text.

type spSignal struct {
	state string
	items map[string]string // item name (upper case) -> value expression text
}

var signalItems = map[string]bool{
	"CLASS_ORIGIN": true, "SUBCLASS_ORIGIN": true, "MESSAGE_TEXT": true, "MYSQL_ERRNO": true,
	"CONSTRAINT_CATALOG": true, "CONSTRAINT_SCHEMA": true, "CONSTRAINT_NAME": true, "CATALOG_NAME": true,
	"SCHEMA_NAME": true, "TABLE_NAME": true, "COLUMN_NAME": true, "CURSOR_NAME": true,
}

// signal reads SIGNAL {SQLSTATE [VALUE] 'x' | condition} [SET item = value, ...].
func (b *spBodyReader) signal() (spNode, error) {
	b.i++ // SIGNAL
	var cv spCondValue
	var err error
	if b.is("SQLSTATE") {
		cv, err = b.condValue(false)
	} else {
		cv, err = b.condValue(true)
		if err == nil && cv.state == "" {
			if cv.class != "" {
				return nil, b.errHere()
			}
			return nil, mysqldef.NewError(mysqldef.ErrSignalBadConditionType, "SIGNAL/RESIGNAL can only use a CONDITION defined with SQLSTATE")
		}
	}
	if err != nil {
		return nil, err
	}
	n := &spSignal{state: cv.state, items: map[string]string{}}
	if !b.accept("SET") {
		return n, nil
	}
	for {
		t := b.peek(0)
		if t == nil || t.kind != 'w' || !signalItems[t.word] {
			return nil, b.errHere()
		}
		b.i++
		if _, dup := n.items[t.word]; dup {
			return nil, mysqldef.NewError(mysqldef.ErrDupSignalSet, "Duplicate condition information item '%s'", t.word)
		}
		if err := b.expect("="); err != nil {
			return nil, err
		}
		start := b.peek(0)
		end, depth := 0, 0
		for u := b.peek(0); u != nil && !(u.kind == 'p' && (u.word == ";" || u.word == "," && depth == 0)); u = b.peek(0) {
			if u.kind == 'p' && u.word == "(" {
				depth++
			} else if u.kind == 'p' && u.word == ")" {
				depth--
			}
			end = u.end
			b.i++
		}
		if start == nil || end == 0 {
			return nil, b.errHere()
		}
		n.items[t.word] = b.text[start.start:end]
		if !b.accept(",") {
			return n, nil
		}
	}
}

// signal raises x's condition: an error for the caller to offer to the
// handlers, or a warning added to the diagnostics area.
func (run *spRun) signal(x *spSignal) error {
	code, msg := mysqldef.ErrSignalException, "Unhandled user-defined exception condition"
	switch {
	case strings.HasPrefix(x.state, "01"):
		code, msg = mysqldef.ErrSignalWarn, "Unhandled user-defined warning condition"
	case strings.HasPrefix(x.state, "02"):
		code, msg = mysqldef.ErrSignalNotFound, "Unhandled user-defined not found condition"
	}
	if text, ok := x.items["MYSQL_ERRNO"]; ok {
		v, err := run.eval(text)
		if err != nil {
			return err
		}
		n := expr.ToInt(run.s.evalCtx, v)
		if v.IsNull() || n < 1 || n > 65534 {
			return mysqldef.NewError(mysqldef.ErrWrongValueForVar, "Variable 'MYSQL_ERRNO' can't be set to the value of '%s'", signalValueText(v))
		}
		code = uint16(n)
	}
	if text, ok := x.items["MESSAGE_TEXT"]; ok {
		v, err := run.eval(text)
		if err != nil {
			return err
		}
		if v.IsNull() {
			return mysqldef.NewError(mysqldef.ErrWrongValueForVar, "Variable 'MESSAGE_TEXT' can't be set to the value of 'NULL'")
		}
		msg = expr.TextOf(v)
	}
	if strings.HasPrefix(x.state, "01") || strings.HasPrefix(x.state, "02") {
		run.s.AddWarning(code, msg)
		return nil
	}
	return &mysqldef.SQLError{Code: code, State: x.state, Message: msg}
}

func signalValueText(v expr.Value) string {
	if v.IsNull() {
		return "NULL"
	}
	return v.String()
}

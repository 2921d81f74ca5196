package exec

import (
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
)

// The declarations and statements of a procedure body that deal with
// conditions: DECLARE ... CURSOR / HANDLER / CONDITION, OPEN, FETCH and
// CLOSE. Names are resolved while reading, as MySQL does at CREATE
// PROCEDURE: a handler's condition name becomes the SQLSTATE or error code
// it stands for, and OPEN/FETCH/CLOSE of a cursor no enclosing block
// declares is 1324 then.

// spCondValue is one condition a handler is for: a class ("SQLEXCEPTION",
// "SQLWARNING", "NOT FOUND"), an SQLSTATE or an error code.
type spCondValue struct {
	class string
	state string
	code  uint16
}

// spParseScope is what one block declares, for name resolution.
type spParseScope struct {
	conds   map[string]spCondValue
	cursors map[string]bool
}

// spCursorOp is OPEN, FETCH or CLOSE of a cursor.
type spCursorOp struct {
	op   string
	name string
	into []string // FETCH's variables
}

// declSpecial reads a cursor, handler or condition declaration after
// DECLARE; ok is false for a variable declaration.
func (b *spBodyReader) declSpecial() (d *spDecl, ok bool, err error) {
	sc := b.scopes[len(b.scopes)-1]
	if t := b.peek(1); t != nil && t.kind == 'w' && (t.word == "CURSOR" || t.word == "CONDITION") {
		name, ok := b.ident(false)
		if !ok {
			return nil, true, b.errHere()
		}
		key := strings.ToLower(name)
		b.i++
		if t.word == "CURSOR" {
			if err := b.expect("FOR"); err != nil {
				return nil, true, err
			}
			start := b.peek(0)
			end := 0
			for u := b.peek(0); u != nil && !(u.kind == 'p' && u.word == ";"); u = b.peek(0) {
				end = u.end
				b.i++
			}
			if start == nil || end == 0 {
				return nil, true, b.errHere()
			}
			if start.word != "SELECT" && start.word != "WITH" && start.word != "(" {
				return nil, true, spSyntax(b.text, start.start)
			}
			if sc.cursors[key] {
				return nil, true, mysqldef.NewError(mysqldef.ErrSPDupCurs, "Duplicate cursor: %s", name)
			}
			if sc.cursors == nil {
				sc.cursors = map[string]bool{}
			}
			sc.cursors[key] = true
			return &spDecl{kind: 'c', names: []string{name}, query: b.text[start.start:end]}, true, nil
		}
		if err := b.expect("FOR"); err != nil {
			return nil, true, err
		}
		cv, err := b.condValue(false)
		if err != nil {
			return nil, true, err
		}
		if _, dup := sc.conds[key]; dup {
			return nil, true, mysqldef.NewError(mysqldef.ErrSPDupCond, "Duplicate condition: %s", name)
		}
		if sc.conds == nil {
			sc.conds = map[string]spCondValue{}
		}
		sc.conds[key] = cv
		return &spDecl{kind: 'n', names: []string{name}}, true, nil
	}
	if b.is("UNDO", "HANDLER") {
		return nil, true, mysqldef.NewError(mysqldef.ErrNotSupportedYet,
			"This version of loopdb doesn't yet support 'UNDO handlers'")
	}
	if !b.is("CONTINUE", "HANDLER") && !b.is("EXIT", "HANDLER") {
		return nil, false, nil
	}
	d = &spDecl{kind: 'h', exit: b.peek(0).word == "EXIT"}
	b.i += 2
	if err := b.expect("FOR"); err != nil {
		return nil, true, err
	}
	for {
		cv, err := b.condValue(true)
		if err != nil {
			return nil, true, err
		}
		for _, c := range d.conds {
			if c == cv {
				return nil, true, mysqldef.NewError(mysqldef.ErrSPDupHandler, "Duplicate handler declared in the same block")
			}
		}
		d.conds = append(d.conds, cv)
		if !b.accept(",") {
			break
		}
	}
	// A handler's statement cannot LEAVE or ITERATE the blocks around it.
	saved := b.labels
	b.labels = nil
	d.body, err = b.stmt()
	b.labels = saved
	if err != nil {
		return nil, true, err
	}
	return d, true, nil
}

// condValue reads SQLSTATE [VALUE] 'xxxxx' or an error code, and for a
// handler also SQLEXCEPTION, SQLWARNING, NOT FOUND or a condition's name.
func (b *spBodyReader) condValue(handler bool) (spCondValue, error) {
	t := b.peek(0)
	if t == nil {
		return spCondValue{}, b.errHere()
	}
	switch {
	case b.accept("SQLSTATE"):
		b.accept("VALUE")
		s := b.peek(0)
		if s == nil || s.kind != 's' {
			return spCondValue{}, b.errHere()
		}
		state, _ := b.ident(true)
		if len(state) != 5 || strings.HasPrefix(state, "00") || strings.Trim(strings.ToUpper(state), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return spCondValue{}, mysqldef.NewError(mysqldef.ErrSPBadSQLState, "Bad SQLSTATE: '%s'", state)
		}
		return spCondValue{state: strings.ToUpper(state)}, nil
	case t.kind == 'n':
		b.i++
		n, err := strconv.ParseUint(b.text[t.start:t.end], 10, 16)
		if err != nil || n == 0 {
			return spCondValue{}, mysqldef.NewError(mysqldef.ErrWrongValue, "Incorrect CONDITION value: '%s'", b.text[t.start:t.end])
		}
		return spCondValue{code: uint16(n)}, nil
	case !handler:
		return spCondValue{}, b.errHere()
	case b.accept("SQLEXCEPTION"):
		return spCondValue{class: "SQLEXCEPTION"}, nil
	case b.accept("SQLWARNING"):
		return spCondValue{class: "SQLWARNING"}, nil
	case b.accept("NOT", "FOUND"):
		return spCondValue{class: "NOT FOUND"}, nil
	}
	name, ok := b.ident(false)
	if !ok {
		return spCondValue{}, b.errHere()
	}
	for i := len(b.scopes) - 1; i >= 0; i-- {
		if cv, ok := b.scopes[i].conds[strings.ToLower(name)]; ok {
			return cv, nil
		}
	}
	return spCondValue{}, mysqldef.NewError(mysqldef.ErrSPCondMismatch, "Undefined CONDITION: %s", name)
}

// declOrder keeps MySQL's order inside a block: variables and conditions,
// then cursors, then handlers.
func (b *spBodyReader) declOrder(prev []*spDecl, d *spDecl) error {
	rank := func(k byte) int {
		switch k {
		case 'c':
			return 1
		case 'h':
			return 2
		}
		return 0
	}
	for _, p := range prev {
		if rank(p.kind) > rank(d.kind) {
			if d.kind == 'c' {
				return mysqldef.NewError(mysqldef.ErrSPCursorAfterHandler, "Cursor declaration after handler declaration")
			}
			return mysqldef.NewError(mysqldef.ErrSPVarCondAfterCursHndlr, "Variable or condition declaration after cursor or handler declaration")
		}
	}
	return nil
}

// cursorOp reads OPEN c, FETCH [[NEXT] FROM] c INTO v[, v], CLOSE c.
func (b *spBodyReader) cursorOp() (spNode, error) {
	op := b.peek(0).word
	b.i++
	if op == "FETCH" {
		if b.accept("NEXT") {
			if err := b.expect("FROM"); err != nil {
				return nil, err
			}
		} else {
			b.accept("FROM")
		}
	}
	name, ok := b.ident(false)
	if !ok {
		return nil, b.errHere()
	}
	found := false
	for _, sc := range b.scopes {
		found = found || sc.cursors[strings.ToLower(name)]
	}
	if !found {
		return nil, mysqldef.NewError(mysqldef.ErrSPCursorMismatch, "Undefined CURSOR: %s", name)
	}
	n := &spCursorOp{op: op, name: name}
	if op == "FETCH" {
		if err := b.expect("INTO"); err != nil {
			return nil, err
		}
		for {
			v, ok := b.ident(false)
			if !ok {
				return nil, b.errHere()
			}
			n.into = append(n.into, v)
			if !b.accept(",") {
				break
			}
		}
	}
	return n, nil
}

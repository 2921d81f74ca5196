package exec

import (
	"errors"
	"io"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Cursors and handlers while a procedure runs. Each block that runs has a
// scope with its cursors and handlers. A cursor's rows are computed in full
// at OPEN (the SELECT sees the variables' values of that moment, as in
// MySQL), within tmp_table_size. When a simple statement of the body
// raises an error, or completes with warnings, the scopes are searched
// innermost first for a handler; within a scope the most specific one wins
// (error code, then SQLSTATE, then SQLEXCEPTION / SQLWARNING / NOT FOUND).
// A CONTINUE handler resumes after the statement; an EXIT handler leaves
// the block that declared it (spExit travels up to that block).

type spScope struct {
	cursors  map[string]*spCursor
	handlers []*spDecl
	disabled bool // its handlers are running: they cannot catch their own conditions
}

type spCursor struct {
	query string
	open  bool
	rows  [][]expr.Value
	cols  int
	pos   int
}

// spExit unwinds the blocks inside the one whose EXIT handler ran.
type spExit struct{ scope *spScope }

func (*spExit) Error() string { return "EXIT handler" }

// declare runs a block's cursor and handler declarations.
func (sc *spScope) declare(d *spDecl) {
	switch d.kind {
	case 'c':
		if sc.cursors == nil {
			sc.cursors = map[string]*spCursor{}
		}
		sc.cursors[strings.ToLower(d.names[0])] = &spCursor{query: d.query}
	case 'h':
		sc.handlers = append(sc.handlers, d)
	}
}

// close releases what a block's cursors hold when the block ends.
func (sc *spScope) close() {
	for _, c := range sc.cursors {
		c.open, c.rows = false, nil
	}
}

func (run *spRun) cursor(name string) *spCursor {
	name = strings.ToLower(name)
	for i := len(run.scopes) - 1; i >= 0; i-- {
		if c := run.scopes[i].cursors[name]; c != nil {
			return c
		}
	}
	return nil
}

// cursorOp runs OPEN, FETCH or CLOSE.
func (run *spRun) cursorOp(x *spCursorOp) error {
	c := run.cursor(x.name)
	if c == nil {
		return mysqldef.NewError(mysqldef.ErrSPCursorMismatch, "Undefined CURSOR: %s", x.name)
	}
	switch x.op {
	case "OPEN":
		if c.open {
			return mysqldef.NewError(mysqldef.ErrSPCursorAlreadyOpen, "Cursor is already open")
		}
		stmts, err := run.s.eng.parse(c.query)
		if err != nil {
			return parseError(err)
		}
		if len(stmts) != 1 {
			return syntaxError(cut80(c.query), 1)
		}
		rw := &spRowsWriter{limit: expr.MaxResultMemory}
		if v, err := run.s.SystemVar("tmp_table_size", false); err == nil {
			rw.limit = int(v.Int())
		}
		if err := run.stmt(stmts[0], rw); err != nil {
			return err
		}
		if rw.err != nil {
			return rw.err
		}
		c.open, c.rows, c.cols, c.pos = true, rw.rows, rw.cols, 0
	case "FETCH":
		if !c.open {
			return mysqldef.NewError(mysqldef.ErrSPCursorNotOpen, "Cursor is not open")
		}
		if len(x.into) != c.cols {
			return mysqldef.NewError(mysqldef.ErrSPWrongNoOfFetchArgs, "Incorrect number of FETCH variables")
		}
		if c.pos >= len(c.rows) {
			return mysqldef.NewError(mysqldef.ErrSpFetchNoData, "No data - zero rows fetched, selected, or processed")
		}
		row := c.rows[c.pos]
		c.rows[c.pos] = nil // fetched rows are not kept
		c.pos++
		for i, name := range x.into {
			v := run.lookup(name)
			if v == nil {
				return mysqldef.NewError(mysqldef.ErrSPUndeclaredVar, "Undeclared variable: %s", name)
			}
			cv, err := run.coerce(v.col, row[i])
			if err != nil {
				return err
			}
			v.val = cv
		}
	case "CLOSE":
		if !c.open {
			return mysqldef.NewError(mysqldef.ErrSPCursorNotOpen, "Cursor is not open")
		}
		c.open, c.rows = false, nil
	}
	return nil
}

// handlerRank is how specifically h's conditions match a condition (0:
// not at all). A warning-level condition is a SQLWARNING whatever its
// SQLSTATE, as in MySQL.
func handlerRank(h *spDecl, code uint16, state string, isErr bool) int {
	best := 0
	for _, c := range h.conds {
		r := 0
		switch {
		case c.code != 0:
			if c.code == code {
				r = 3
			}
		case c.state != "":
			if c.state == state {
				r = 2
			}
		case c.class == "NOT FOUND":
			if strings.HasPrefix(state, "02") {
				r = 1
			}
		case c.class == "SQLWARNING":
			if strings.HasPrefix(state, "01") || !isErr {
				r = 1
			}
		case c.class == "SQLEXCEPTION":
			if isErr && !strings.HasPrefix(state, "00") && !strings.HasPrefix(state, "01") && !strings.HasPrefix(state, "02") {
				r = 1
			}
		}
		best = max(best, r)
	}
	return best
}

// findHandler is the handler for a condition: the innermost scope with
// one that matches, and its most specific one.
func (run *spRun) findHandler(code uint16, state string, isErr bool) (int, *spDecl) {
	for i := len(run.scopes) - 1; i >= 0; i-- {
		sc := run.scopes[i]
		if sc.disabled {
			continue
		}
		var best *spDecl
		rank := 0
		for _, h := range sc.handlers {
			if r := handlerRank(h, code, state, isErr); r > rank {
				best, rank = h, r
			}
		}
		if best != nil {
			return i, best
		}
	}
	return -1, nil
}

// runHandler runs h, declared in scope k, with the handlers of k and the
// scopes inside it out of reach (a condition the handler raises goes to
// the blocks around k). It returns what the statement that raised the
// condition returns now: nil to continue, spExit to leave scope k.
func (run *spRun) runHandler(k int, h *spDecl) error {
	saved := make([]bool, len(run.scopes)-k)
	for i, sc := range run.scopes[k:] {
		saved[i], sc.disabled = sc.disabled, true
	}
	_, err := run.exec(h.body) // a LEAVE cannot leave the handler (the reader allows none)
	for i, sc := range run.scopes[k : k+len(saved)] {
		sc.disabled = saved[i]
	}
	if err != nil {
		return err
	}
	if h.exit {
		return &spExit{scope: run.scopes[k]}
	}
	return nil
}

// handleError offers a statement's error to the handlers. KILL's 1317 is
// never handled, so a killed procedure stops.
func (run *spRun) handleError(err error) error {
	var se *mysqldef.SQLError
	if !errors.As(err, &se) || se.Code == mysqldef.ErrQueryInterrupted {
		return err
	}
	k, h := run.findHandler(se.Code, se.State, true)
	if h == nil {
		return err
	}
	return run.runHandler(k, h)
}

// handleWarnings offers the warnings a statement added (after the first
// `from` of the session's list) to the handlers; the first one a handler
// takes is removed with those after it, as a handled condition leaves
// the diagnostics area in MySQL.
func (run *spRun) handleWarnings(from int) error {
	s := run.s
	for i := from; i < len(s.warnings); i++ {
		w := s.warnings[i]
		if w.Level != "Warning" {
			continue
		}
		k, h := run.findHandler(w.Code, mysqldef.SQLState(w.Code), false)
		if h == nil {
			continue
		}
		s.conds -= uint32(len(s.warnings) - i)
		s.warnings = s.warnings[:i]
		return run.runHandler(k, h)
	}
	return nil
}

// spRowsWriter keeps a cursor's rows, within limit bytes.
type spRowsWriter struct {
	cols  int
	rows  [][]expr.Value
	bytes int
	limit int
	err   *mysqldef.SQLError
}

func (k *spRowsWriter) BeginResult(cols []Column) error {
	k.cols = len(cols)
	return nil
}

func (k *spRowsWriter) Row(vals []expr.Value) error {
	for _, v := range vals {
		k.bytes += 48 + len(v.Str())
	}
	if k.bytes > k.limit {
		return mysqldef.NewError(mysqldef.ErrOutOfSortMemory, "Out of sort memory: a procedure's cursor may buffer tmp_table_size (%d) bytes; raise it or narrow the query", k.limit)
	}
	k.rows = append(k.rows, append([]expr.Value(nil), vals...))
	return nil
}

func (k *spRowsWriter) EndResult(Completion) error { return nil }
func (k *spRowsWriter) OK(Completion) error        { return nil }

func (k *spRowsWriter) Error(e *mysqldef.SQLError) error {
	k.err = e
	return nil
}

func (k *spRowsWriter) RequestLocalFile(string) (io.ReadCloser, error) {
	return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "LOAD DATA in a cursor")
}

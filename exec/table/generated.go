package table

import (
	"github.com/loopdb/loopdb/exec/expr"
)

// Generated columns. A generated column's value is computed from the
// other columns of the row each time the row is written (INSERT, REPLACE,
// UPDATE, ON DUPLICATE KEY UPDATE, LOAD DATA, foreign key cascades: all go
// through Writer) and stored with the row, VIRTUAL and STORED alike, so
// readers, indexes and the planner treat it as any other column. The
// expression is SQL text in the descriptor; exec compiles it per statement.

// IsGenerated reports whether c is a generated column.
func (c *TableColumn) IsGenerated() bool { return c.Generated != "" }

// HasGenerated reports whether t has a generated column.
func (t *Table) HasGenerated() bool { return t.hasGen }

// RowGenerated is one generated column compiled for a statement.
type RowGenerated struct {
	Off  int // the column's offset in the row
	Col  *TableColumn
	Expr expr.Expr
	Err  error // the expression did not compile: every write fails with it
}

// GeneratedCompiler compiles t's generated columns, in column order, for
// the running statement (exec parses the stored text).
type GeneratedCompiler func(t *Table) []RowGenerated

// genState is what a Writer needs to compute generated columns. The
// expressions are compiled on the first row written, so a DELETE or a
// writer that never writes pays nothing.
type genState struct {
	compile GeneratedCompiler
	wc      *WriteCtx
	cols    []RowGenerated
	ready   bool
}

// SetGenerated lets the writer compute generated columns: compile gives
// the expressions, wc converts each value to its column's type (strict or
// lenient, the row number for messages). Writers of cascaded child rows
// inherit both.
func (tw *Writer) SetGenerated(compile GeneratedCompiler, wc *WriteCtx) {
	tw.gen = genState{compile: compile, wc: wc}
}

// UseWriteCtx makes generated values convert under the statement's own
// context (INSERT IGNORE is lenient; its row counter numbers messages).
func (tw *Writer) UseWriteCtx(wc *WriteCtx) {
	tw.gen.wc = wc
}

func (tw *Writer) computeGenerated(row []expr.Value) error {
	if !tw.t.hasGen || tw.gen.compile == nil {
		return nil
	}
	if !tw.gen.ready {
		tw.gen.cols, tw.gen.ready = tw.gen.compile(tw.t), true
	}
	return ComputeGenerated(tw.gen.wc, tw.gen.cols, row)
}

// ComputeGenerated evaluates the generated columns over row in order,
// each converted to its column's type and stored into row before the next
// one reads it.
func ComputeGenerated(wc *WriteCtx, cols []RowGenerated, row []expr.Value) error {
	for _, g := range cols {
		if g.Err != nil {
			return g.Err
		}
		v, err := g.Expr.Eval(wc.Eval, row)
		if err != nil {
			return err
		}
		cv, err := wc.Coerce(g.Col, v)
		if err != nil {
			return err
		}
		row[g.Off] = cv
	}
	return nil
}

package table

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// CheckConstraint is a CHECK constraint: its expression is stored as SQL
// text (exec parses and compiles it for each writing statement, against
// the table's columns), so the descriptor stays plain data.
type CheckConstraint struct {
	Name     string `json:"name"`
	Expr     string `json:"expr"`
	Enforced bool   `json:"enforced"`
}

// Check finds a CHECK constraint by name (case-insensitive); nil if
// absent.
func (t *Table) Check(name string) *CheckConstraint {
	for _, c := range t.Checks {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

func cloneChecks(cs []*CheckConstraint) []*CheckConstraint {
	if cs == nil {
		return nil
	}
	out := make([]*CheckConstraint, len(cs))
	for i, c := range cs {
		cc := *c
		out[i] = &cc
	}
	return out
}

// RowCheck is an enforced CHECK constraint compiled for one statement.
type RowCheck struct {
	Name string
	Expr expr.Expr
	Err  error // the expression did not compile: every write fails with it
}

// SetChecks gives the writer the table's enforced CHECK constraints; every
// row it inserts or updates must not make one FALSE (NULL passes).
func (tw *Writer) SetChecks(checks []RowCheck) { tw.checks = checks }

// checkRow evaluates the CHECK constraints over a row about to be written.
func (tw *Writer) checkRow(row []expr.Value) error {
	return EvalChecks(tw.eval, tw.checks, row)
}

// EvalChecks fails with 3819 on the first constraint row makes FALSE.
func EvalChecks(eval *expr.EvalCtx, checks []RowCheck, row []expr.Value) error {
	for _, c := range checks {
		if c.Err != nil {
			return c.Err
		}
		v, err := c.Expr.Eval(eval, row)
		if err != nil {
			return err
		}
		if ok, null := expr.TruthValue(eval, v); !ok && !null {
			return mysqldef.NewError(mysqldef.ErrCheckConstraintViolated, "Check constraint '%s' is violated.", c.Name)
		}
	}
	return nil
}

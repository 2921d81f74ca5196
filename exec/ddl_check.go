package exec

import (
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// CHECK constraints: CREATE TABLE (column and table level), ALTER TABLE
// ADD/DROP CHECK and ALTER CHECK [NOT] ENFORCED. The expression is stored
// as SQL text and compiled for each statement that writes the table.

// checkDef is a CHECK clause found in CREATE TABLE or ALTER TABLE.
type checkDef struct {
	name     string
	expr     ast.ExprNode
	enforced bool
	column   string // set for a column-level constraint
}

// addCheck validates a CHECK clause against t (its Name set) and appends
// the constraint.
func (s *Session) addCheck(t *table.Table, d checkDef) (*table.CheckConstraint, error) {
	name := d.name
	if name == "" {
		name = nextCheckName(t)
	} else if t.Check(name) != nil {
		return nil, mysqldef.NewError(mysqldef.ErrCheckConstraintDupName, "Duplicate check constraint name '%s'.", name)
	}
	if d.column != "" {
		if other := otherColumn(d.expr, d.column); other {
			return nil, mysqldef.NewError(mysqldef.ErrColumnCheckRefersOther, "Column check constraint '%s' references other column.", name)
		}
	}
	var b strings.Builder
	flags := format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes | format.RestoreKeyWordLowercase | format.RestoreSpacesAroundBinaryOperation
	if err := d.expr.Restore(format.NewRestoreCtx(flags, &b)); err != nil {
		return nil, err
	}
	c := &table.CheckConstraint{Name: name, Expr: b.String(), Enforced: d.enforced}
	// It must compile against the table's columns (unknown columns, ...);
	// t may not be published yet, so a published copy stands in.
	probe := t.Clone()
	probe.Publish(nil)
	if _, err := s.compileCheck(probe, c); err != nil {
		return nil, err
	}
	t.Checks = append(t.Checks, c)
	return c, nil
}

// nextCheckName is MySQL's generated name: table_chk_N, N one above the
// highest in use.
func nextCheckName(t *table.Table) string {
	prefix := strings.ToLower(t.Name) + "_chk_"
	n := 0
	for _, c := range t.Checks {
		if k, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(c.Name), prefix)); err == nil && strings.HasPrefix(strings.ToLower(c.Name), prefix) && k > n {
			n = k
		}
	}
	return t.Name + "_chk_" + strconv.Itoa(n+1)
}

// otherColumn reports whether e names a column other than col.
func otherColumn(e ast.ExprNode, col string) bool {
	v := &columnNames{}
	e.Accept(v)
	for _, n := range v.names {
		if !strings.EqualFold(n, col) {
			return true
		}
	}
	return false
}

type columnNames struct{ names []string }

func (v *columnNames) Enter(n ast.Node) (ast.Node, bool) {
	if c, ok := n.(*ast.ColumnNameExpr); ok {
		v.names = append(v.names, c.Name.Name.O)
	}
	return n, false
}

func (v *columnNames) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// compileCheck parses and compiles a stored CHECK expression over t's rows.
func (s *Session) compileCheck(t *table.Table, c *table.CheckConstraint) (expr.Expr, error) {
	stmts, err := s.parseStatements("SELECT " + c.Expr)
	if err != nil {
		return nil, err
	}
	sel, ok := stmts[0].(*ast.SelectStmt)
	if !ok || len(stmts) != 1 || sel.Fields == nil || len(sel.Fields.Fields) != 1 {
		return nil, mysqldef.NewError(mysqldef.ErrUnknownError, "bad CHECK expression %q", c.Expr)
	}
	return expr.Compile(sel.Fields.Fields[0].Expr, s.tableScope(t, t.Name))
}

// rowChecks compiles t's enforced constraints for one statement (one
// that does not compile, which DDL prevents, fails every write).
func (s *Session) rowChecks(t *table.Table) []table.RowCheck {
	var out []table.RowCheck
	for _, c := range t.Checks {
		if !c.Enforced {
			continue
		}
		e, err := s.compileCheck(t, c)
		out = append(out, table.RowCheck{Name: c.Name, Expr: e, Err: err})
	}
	return out
}

// checkClauseText is the constraint as SHOW CREATE TABLE prints it.
func checkClauseText(c *table.CheckConstraint) string {
	out := "CONSTRAINT " + quoteIdent(c.Name) + " CHECK ((" + c.Expr + "))"
	if !c.Enforced {
		out += " /*!80016 NOT ENFORCED */"
	}
	return out
}

// addCheck, dropCheck and setCheckEnforced are ALTER TABLE ... ADD CHECK,
// DROP CHECK and ALTER CHECK [NOT] ENFORCED; existing rows must pass a
// constraint that becomes enforced.
func (p *alterPlan) addCheck(k *ast.Constraint) error {
	c, err := p.s.addCheck(p.next, checkDef{name: k.Name, expr: k.Expr, enforced: k.Enforced})
	if err != nil {
		return err
	}
	if c.Enforced {
		p.newChecks = append(p.newChecks, c)
	}
	return nil
}

func (p *alterPlan) dropCheck(name string) error {
	for i, c := range p.next.Checks {
		if strings.EqualFold(c.Name, name) {
			p.next.Checks = append(p.next.Checks[:i:i], p.next.Checks[i+1:]...)
			return nil
		}
	}
	return mysqldef.NewError(mysqldef.ErrCheckConstraintNotFound, "Check constraint '%s' is not found in the table.", name)
}

func (p *alterPlan) setCheckEnforced(name string, enforced bool) error {
	c := p.next.Check(name)
	if c == nil {
		return mysqldef.NewError(mysqldef.ErrCheckConstraintNotFound, "Check constraint '%s' is not found in the table.", name)
	}
	if enforced && !c.Enforced {
		p.newChecks = append(p.newChecks, c)
	}
	c.Enforced = enforced
	return nil
}

// compileNewChecks compiles the constraints existing rows must now pass
// (against the new descriptor, before the catalog is locked).
func (p *alterPlan) compileNewChecks() error {
	for _, c := range p.newChecks {
		e, err := p.s.compileCheck(p.next, c)
		if err != nil {
			return err
		}
		p.rowChecks = append(p.rowChecks, table.RowCheck{Name: c.Name, Expr: e})
	}
	return nil
}

// columnCheck turns a column's CHECK option into a constraint that
// remembers its column (Keys), for the 3813 rule.
func columnCheck(cd *ast.ColumnDef, o *ast.ColumnOption) *ast.Constraint {
	return &ast.Constraint{Tp: ast.ConstraintCheck, Name: o.ConstraintName, Expr: o.Expr, Enforced: o.Enforced,
		Keys: []*ast.IndexPartSpecification{{Column: cd.Name}}}
}

// addChecks adds CREATE TABLE's CHECK constraints, column-level ones first.
func (s *Session) addChecks(t *table.Table, keys []*ast.Constraint) error {
	for _, k := range keys {
		if k.Tp != ast.ConstraintCheck {
			continue
		}
		d := checkDef{name: k.Name, expr: k.Expr, enforced: k.Enforced}
		if len(k.Keys) == 1 && k.Keys[0].Column != nil {
			d.column = k.Keys[0].Column.Name.O
		}
		if _, err := s.addCheck(t, d); err != nil {
			return err
		}
	}
	return nil
}

package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// Generated columns on the DDL side: the column option, the rules MySQL 8
// checks when a table is created or altered (what an expression may refer
// to, which functions it may call), and compiling the stored expressions
// for a statement that writes rows. The values themselves are computed by
// table.Writer (exec/table/generated.go).

// generatedClause records `[GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED]`
// on col, the expression kept as SQL text like a CHECK constraint's.
func generatedClause(col *table.TableColumn, o *ast.ColumnOption) error {
	var b strings.Builder
	flags := format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes | format.RestoreKeyWordLowercase | format.RestoreSpacesAroundBinaryOperation
	if err := o.Expr.Restore(format.NewRestoreCtx(flags, &b)); err != nil {
		return err
	}
	col.Generated, col.Stored = b.String(), o.Stored
	return nil
}

// generatedOptionConflict is MySQL's parser rule: a generated column takes
// no DEFAULT, ON UPDATE or AUTO_INCREMENT (1221).
func generatedOptionConflict(cd *ast.ColumnDef) error {
	generated := false
	for _, o := range cd.Options {
		generated = generated || o.Tp == ast.ColumnOptionGenerated
	}
	if !generated {
		return nil
	}
	for _, o := range cd.Options {
		what := ""
		switch o.Tp {
		case ast.ColumnOptionDefaultValue:
			what = "DEFAULT"
		case ast.ColumnOptionOnUpdate:
			what = "ON UPDATE"
		case ast.ColumnOptionAutoIncrement:
			what = "AUTO_INCREMENT"
		}
		if what != "" {
			return mysqldef.NewError(mysqldef.ErrWrongUsage, "Incorrect usage of %s and generated column", what)
		}
	}
	return nil
}

// parseGenerated parses a stored generation expression.
func (s *Session) parseGenerated(text string) (ast.ExprNode, error) {
	stmts, err := s.parseStatements("SELECT " + text)
	if err != nil {
		return nil, err
	}
	sel, ok := stmts[0].(*ast.SelectStmt)
	if !ok || len(stmts) != 1 || sel.Fields == nil || len(sel.Fields.Fields) != 1 {
		return nil, mysqldef.NewError(mysqldef.ErrUnknownError, "bad generation expression %q", text)
	}
	return sel.Fields.Fields[0].Expr, nil
}

// validateGenerated checks every generated column of t (not yet
// published) as MySQL 8 does at CREATE/ALTER TABLE: the expression names
// only existing columns, earlier generated columns (3107: itself or a
// later one), no AUTO_INCREMENT column (3109); it calls no
// non-deterministic function (3763), subquery (3102) or variable (3765);
// a VIRTUAL column is not part of the primary key (3106). Then it must
// compile against the table.
func (s *Session) validateGenerated(t *table.Table) error {
	any := false
	for _, c := range t.Columns {
		any = any || c.IsGenerated()
	}
	if !any {
		return nil
	}
	for i, c := range t.Columns {
		if !c.IsGenerated() {
			continue
		}
		e, err := s.parseGenerated(c.Generated)
		if err != nil {
			return err
		}
		v := &generatedRules{t: t, at: i, col: c}
		e.Accept(v)
		if v.err != nil {
			return v.err
		}
		if _, ok := e.(*ast.RowExpr); ok {
			return mysqldef.NewError(mysqldef.ErrGeneratedColumnRowValue, "Expression of generated column '%s' cannot refer to a row value.", c.Name)
		}
	}
	for _, id := range t.PrimaryKey {
		if c := t.Columns[t.FindColumnID(id)]; c.IsGenerated() && !c.Stored {
			return mysqldef.NewError(mysqldef.ErrUnsupportedActionOnGenerated, "'Defining a virtual generated column as primary key' is not supported for generated columns.")
		}
	}
	probe := t.Clone()
	probe.Publish(nil)
	for _, g := range s.compileGenerated(probe) {
		if g.Err != nil {
			return g.Err
		}
	}
	return nil
}

// generatedRules walks one generation expression, keeping the first
// broken rule.
type generatedRules struct {
	t   *table.Table
	at  int // offset of the generated column
	col *table.TableColumn
	err error
}

func (v *generatedRules) Enter(n ast.Node) (ast.Node, bool) {
	if v.err != nil {
		return n, true
	}
	switch x := n.(type) {
	case *ast.ColumnNameExpr:
		j := v.t.FindColumn(x.Name.Name.O)
		switch {
		case j < 0:
			v.err = mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'generated column function'", x.Name.Name.O)
		case v.t.Columns[j].IsGenerated() && j >= v.at:
			v.err = mysqldef.NewError(mysqldef.ErrGeneratedColumnNonPrior, "Generated column can refer only to generated columns defined prior to it.")
		case v.t.Columns[j].AutoInc:
			v.err = mysqldef.NewError(mysqldef.ErrGeneratedColumnRefAutoInc, "Generated column '%s' cannot refer to auto-increment column.", v.col.Name)
		}
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr, *ast.CompareSubqueryExpr:
		v.err = mysqldef.NewError(mysqldef.ErrGeneratedColumnFunctionNotAllowed, "Expression of generated column '%s' contains a disallowed function.", v.col.Name)
	case *ast.VariableExpr:
		v.err = mysqldef.NewError(mysqldef.ErrGeneratedColumnVariables, "Expression of generated column '%s' cannot refer user or system variables.", v.col.Name)
	case *ast.DefaultExpr, *ast.ValuesExpr:
		v.err = mysqldef.NewError(mysqldef.ErrGeneratedColumnFunctionNotAllowed, "Expression of generated column '%s' contains a disallowed function.", v.col.Name)
	case *ast.FuncCallExpr:
		if name, banned := nonDeterministic(x); banned {
			v.err = mysqldef.NewError(mysqldef.ErrGeneratedColumnNamedFunction, "Expression of generated column '%s' contains a disallowed function: %s.", v.col.Name, name)
		}
	case *ast.AggregateFuncExpr, *ast.WindowFuncExpr:
		v.err = mysqldef.NewError(mysqldef.ErrGeneratedColumnFunctionNotAllowed, "Expression of generated column '%s' contains a disallowed function.", v.col.Name)
	}
	return n, v.err != nil
}

func (v *generatedRules) Leave(n ast.Node) (ast.Node, bool) { return n, v.err == nil }

// nonDeterministic reports a function whose result does not follow from
// the row (time, randomness, session state, locks), with the name MySQL
// puts in 3763.
func nonDeterministic(f *ast.FuncCallExpr) (string, bool) {
	switch name := f.FnName.L; name {
	case "now", "current_timestamp", "localtime", "localtimestamp":
		return "now", true
	case "curdate", "current_date":
		return "curdate", true
	case "curtime", "current_time":
		return "curtime", true
	case "unix_timestamp":
		return name, len(f.Args) == 0
	case "sysdate", "utc_date", "utc_time", "utc_timestamp", "rand", "uuid", "uuid_short",
		"connection_id", "current_user", "user", "session_user", "system_user", "database", "schema",
		"last_insert_id", "found_rows", "row_count", "get_lock", "release_lock", "release_all_locks",
		"is_free_lock", "is_used_lock", "sleep", "benchmark", "load_file", "master_pos_wait",
		"source_pos_wait", "current_role", "roles_graphml", "version", "random_bytes":
		return name, true
	}
	return "", false
}

// compileGenerated compiles t's generated columns, in column order, for
// one statement (one that does not compile, which DDL prevents, fails
// every write).
func (s *Session) compileGenerated(t *table.Table) []table.RowGenerated {
	var out []table.RowGenerated
	for off, c := range t.Columns {
		if !c.IsGenerated() {
			continue
		}
		g := table.RowGenerated{Off: off, Col: c}
		e, err := s.parseGenerated(c.Generated)
		if err == nil {
			g.Expr, err = expr.Compile(e, s.tableScope(t, t.Name))
		}
		g.Err = err
		out = append(out, g)
	}
	return out
}

// generatedValueGiven is 3105: a statement gave a generated column a
// value other than DEFAULT.
func generatedValueGiven(t *table.Table, c *table.TableColumn) *mysqldef.SQLError {
	return mysqldef.NewError(mysqldef.ErrNonDefaultValueForGenerated, "The value specified for generated column '%s' in table '%s' is not allowed.", c.Name, t.Name)
}

// generatedDependents is 3108 when a generation expression of t names
// column (being dropped or renamed), except the generated columns in skip
// (dropped by the same statement).
func (s *Session) generatedDependents(t *table.Table, column string, skip func(*table.TableColumn) bool) error {
	for _, c := range t.Columns {
		if !c.IsGenerated() || strings.EqualFold(c.Name, column) || (skip != nil && skip(c)) {
			continue
		}
		e, err := s.parseGenerated(c.Generated)
		if err != nil {
			return err
		}
		v := &columnNames{}
		e.Accept(v)
		for _, n := range v.names {
			if strings.EqualFold(n, column) {
				return mysqldef.NewError(mysqldef.ErrDependentByGeneratedColumn, "Column '%s' has a generated column dependency.", column)
			}
		}
	}
	return nil
}

// generatedKind is VIRTUAL or STORED, as DESCRIBE's Extra and SHOW CREATE
// TABLE name it.
func generatedKind(c *table.TableColumn) string {
	if c.Stored {
		return "STORED"
	}
	return "VIRTUAL"
}

// generatedClauseText is the clause SHOW CREATE TABLE prints after the
// type (it parses back to the same column for mysqldump restores).
func generatedClauseText(c *table.TableColumn) string {
	return " GENERATED ALWAYS AS (" + c.Generated + ") " + generatedKind(c)
}

// changeGenerated is the generated-column half of MODIFY/CHANGE COLUMN: a
// renamed column must not be named by a generation expression (3108); a
// generated column may get a new expression (existing rows are
// recomputed) unless it is indexed (its entries would need rebuilding).
// Turning a base column into a generated one or back is not built.
func (p *alterPlan) changeGenerated(cur, col *table.TableColumn) error {
	if !strings.EqualFold(cur.Name, col.Name) {
		if err := p.s.generatedDependents(p.next, cur.Name, nil); err != nil {
			return err
		}
	}
	if cur.Generated == col.Generated && cur.Stored == col.Stored {
		return nil
	}
	if !cur.IsGenerated() || !col.IsGenerated() || p.indexed(col.ID) || p.inPrimaryKey(col.ID) {
		return expr.Unsupported("changing whether a column is generated, or the expression of an indexed generated column")
	}
	p.recompute = true
	return nil
}

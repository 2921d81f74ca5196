package exec

import (
	"sort"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SELECT without tables: constant expressions, system and user variables,
// functions. Tables arrive with the storage engine.

// evalConst compiles and evaluates an expression that references no columns.
func (s *Session) evalConst(e ast.ExprNode) (expr.Value, error) {
	x, err := expr.Compile(e, &expr.Scope{Env: s})
	if err != nil {
		return expr.Value{}, err
	}
	return x.Eval(s.evalCtx, nil)
}

// constRow evaluates a table-less SELECT to its columns and its single row
// (nil when WHERE, HAVING or LIMIT filter it out).
func (s *Session) constRow(sel *ast.SelectStmt) ([]Column, []expr.Value, error) {
	if sel.From != nil {
		return nil, nil, s.noSuchTable(sel.From)
	}
	var cols []Column
	var row []expr.Value
	scope := &expr.Scope{Env: s}
	for _, f := range sel.Fields.Fields {
		if f.Expr != nil && expr.HasWindowCall(f.Expr) {
			// Windows are planned over a FROM clause's rows; MySQL 8 also
			// takes them over the one row of a SELECT without FROM.
			return nil, nil, expr.Unsupported("window functions without FROM")
		}
	}
	for _, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			return nil, nil, mysqldef.NewError(mysqldef.ErrNoTablesUsed, "No tables used")
		}
		x, err := expr.Compile(f.Expr, &expr.Scope{Env: s})
		if err != nil {
			return nil, nil, err
		}
		v, err := x.Eval(s.evalCtx, nil)
		if err != nil {
			return nil, nil, err
		}
		name := f.AsName.O
		if name == "" {
			name = expr.ColumnName(f)
		}
		cols = append(cols, Column{Name: name, Type: x.Type()})
		row = append(row, v)
		scope.Columns = append(scope.Columns, expr.ScopeColumn{Name: name, Type: x.Type()})
	}
	keep := true
	if sel.Where != nil {
		ok, err := s.truthy(sel.Where, nil, nil)
		if err != nil {
			return nil, nil, err
		}
		keep = keep && ok
	}
	if sel.Having != nil {
		ok, err := s.truthy(sel.Having.Expr, scope, row)
		if err != nil {
			return nil, nil, err
		}
		keep = keep && ok
	}
	if sel.Limit != nil {
		count, offset, err := s.limitOf(sel.Limit)
		if err != nil {
			return nil, nil, err
		}
		keep = keep && count > 0 && offset == 0
	}
	if !keep {
		row = nil
	}
	return cols, row, nil
}

func (s *Session) execSelect(sel *ast.SelectStmt, w ResultWriter, more bool) error {
	leave, err := s.planner.EnterWith(sel.With)
	if err != nil {
		return err
	}
	defer leave()
	resolved, err := s.planner.ResolveSubqueries(sel)
	if err != nil {
		return err
	}
	cols, row, err := s.constRow(resolved.(*ast.SelectStmt))
	if err != nil {
		return err
	}
	var rows [][]expr.Value
	if row != nil {
		rows = [][]expr.Value{row}
	}
	return s.writeRows(w, cols, rows, more)
}

// execUnion runs UNION [ALL|DISTINCT].
func (s *Session) execUnion(st *ast.SetOprStmt, w ResultWriter, more bool) error {
	cols, rows, err := s.unionRows(st)
	if err != nil {
		return err
	}
	return s.writeRows(w, cols, rows, more)
}

// unionRows evaluates a UNION: each branch's rows, DISTINCT where asked,
// then the union's ORDER BY and LIMIT.
func (s *Session) unionRows(st *ast.SetOprStmt) ([]Column, [][]expr.Value, error) {
	if st.SelectList == nil {
		return nil, nil, expr.Unsupported("this UNION")
	}
	leave, err := s.planner.EnterWith(st.With)
	if err != nil {
		return nil, nil, err
	}
	defer leave()
	var cols []Column
	var rows [][]expr.Value
	seen := map[string]bool{}
	for i, node := range st.SelectList.Selects {
		sel, ok := node.(*ast.SelectStmt)
		if !ok {
			return nil, nil, expr.Unsupported("nested UNION")
		}
		if sel.AfterSetOperator != nil && *sel.AfterSetOperator != ast.Union && *sel.AfterSetOperator != ast.UnionAll {
			return nil, nil, expr.Unsupported("INTERSECT and EXCEPT")
		}
		c, branch, err := s.branchRows(sel)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 {
			cols = c
		} else if len(c) != len(cols) {
			return nil, nil, mysqldef.NewError(mysqldef.ErrWrongNumberOfColumnsInSelect, "The used SELECT statements have a different number of columns")
		} else {
			widenBitColumns(cols, c)
		}
		distinct := sel.AfterSetOperator == nil || *sel.AfterSetOperator != ast.UnionAll
		if distinct && i > 0 {
			// UNION DISTINCT removes duplicates from everything so far.
			kept := rows[:0]
			seen = map[string]bool{}
			for _, r := range rows {
				k := string(expr.GroupKey(r))
				if !seen[k] {
					seen[k] = true
					kept = append(kept, r)
				}
			}
			rows = kept
		}
		for _, r := range branch {
			k := string(expr.GroupKey(r))
			if distinct && i > 0 && seen[k] {
				continue
			}
			seen[k] = true
			rows = append(rows, r)
		}
	}
	if st.OrderBy != nil {
		if err := s.sortOutput(st.OrderBy, cols, rows); err != nil {
			return nil, nil, err
		}
	}
	rows, err = s.applyLimit(st.Limit, rows)
	return cols, rows, err
}

// widenBitColumns merges a later UNION branch's column types into a BIT
// column of the first branch: BIT(M) with BIT(N) is BIT(max(M, N)), so no
// value is cut to the narrower width on the wire; BIT with anything else
// becomes BIGINT UNSIGNED, whose values (numbers) go out as text.
func widenBitColumns(cols, next []Column) {
	for j := range cols {
		if cols[j].Type.Type != mysqldef.TypeBit {
			continue
		}
		if next[j].Type.Type == mysqldef.TypeBit {
			cols[j].Type.Length = max(cols[j].Type.Length, next[j].Type.Length)
			continue
		}
		cols[j].Type.Type, cols[j].Type.Length = mysqldef.TypeLongLong, 20
		cols[j].Type.Flags |= mysqldef.FlagNum | mysqldef.FlagBinary
	}
}

// branchRows runs one SELECT of a UNION.
func (s *Session) branchRows(sel *ast.SelectStmt) ([]Column, [][]expr.Value, error) {
	if sel.From == nil {
		leave, err := s.planner.EnterWith(sel.With)
		if err != nil {
			return nil, nil, err
		}
		defer leave()
		resolved, err := s.planner.ResolveSubqueries(sel)
		if err != nil {
			return nil, nil, err
		}
		cols, row, err := s.constRow(resolved.(*ast.SelectStmt))
		if err != nil || row == nil {
			return cols, nil, err
		}
		return cols, [][]expr.Value{row}, nil
	}
	rc := &plan.RowCollector{}
	if err := s.runSelect(sel, rc); err != nil {
		return nil, nil, err
	}
	return rc.Cols, rc.Rows, nil
}

// sortOutput sorts result rows by ORDER BY items naming output columns
// (by position or name), as a UNION's ORDER BY does.
func (s *Session) sortOutput(ob *ast.OrderByClause, cols []Column, rows [][]expr.Value) error {
	type key struct {
		idx  int
		desc bool
	}
	var keys []key
	for _, it := range ob.Items {
		idx := -1
		switch x := it.Expr.(type) {
		case *ast.PositionExpr:
			idx = x.N - 1
		case *ast.ColumnNameExpr:
			for i, c := range cols {
				if strings.EqualFold(c.Name, x.Name.Name.O) {
					idx = i
					break
				}
			}
		}
		if idx < 0 || idx >= len(cols) {
			return mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'order clause'", it.Expr.Text())
		}
		keys = append(keys, key{idx, it.Desc})
	}
	sort.SliceStable(rows, func(a, b int) bool {
		for _, k := range keys {
			c := expr.CompareForSort(s.evalCtx, rows[a][k.idx], rows[b][k.idx])
			if c != 0 {
				return (c < 0) != k.desc
			}
		}
		return false
	})
	return nil
}

// truthy evaluates a condition: true only for a non-NULL, non-zero value.
func (s *Session) truthy(e ast.ExprNode, scope *expr.Scope, row []expr.Value) (bool, error) {
	x, err := expr.Compile(e, scope)
	if err != nil {
		return false, err
	}
	v, err := x.Eval(s.evalCtx, row)
	if err != nil {
		return false, err
	}
	return isTrue(s.evalCtx, v), nil
}

func (s *Session) limitOf(l *ast.Limit) (count, offset uint64, err error) {
	count = ^uint64(0)
	if l.Count != nil {
		v, err := s.evalConst(l.Count)
		if err != nil {
			return 0, 0, err
		}
		count = expr.ToUint(s.evalCtx, v)
	}
	if l.Offset != nil {
		v, err := s.evalConst(l.Offset)
		if err != nil {
			return 0, 0, err
		}
		offset = expr.ToUint(s.evalCtx, v)
	}
	return count, offset, nil
}

// noSuchTable reports the first table of a FROM clause as missing: no
// tables exist until the storage engine's catalog lands.
func (s *Session) noSuchTable(from *ast.TableRefsClause) error {
	var name *ast.TableName
	ast.Node(from).Accept(&firstTable{found: &name})
	if name == nil {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'this FROM clause'")
	}
	db := name.Schema.O
	if db == "" {
		db = s.db
	}
	if db == "" {
		return mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
	}
	if !s.eng.catalog.HasDatabase(db) {
		return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", db)
	}
	return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name.Name.O)
}

type firstTable struct{ found **ast.TableName }

func (v *firstTable) Enter(n ast.Node) (ast.Node, bool) {
	if t, ok := n.(*ast.TableName); ok && *v.found == nil {
		*v.found = t
		return n, true
	}
	return n, *v.found != nil
}

func (v *firstTable) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// isTrue is SQL truth: non-NULL and non-zero.
func isTrue(ctx *expr.EvalCtx, v expr.Value) bool {
	t, null := expr.TruthValue(ctx, v)
	return t && !null
}

// applyLimit keeps the rows LIMIT [offset,] count selects (all if l is nil).
func (s *Session) applyLimit(l *ast.Limit, rows [][]expr.Value) ([][]expr.Value, error) {
	if l == nil {
		return rows, nil
	}
	count, offset, err := s.limitOf(l)
	if err != nil {
		return nil, err
	}
	if offset >= uint64(len(rows)) {
		return nil, nil
	}
	rows = rows[offset:]
	if count < uint64(len(rows)) {
		rows = rows[:count]
	}
	return rows, nil
}

// queryRows runs a SELECT or UNION and returns its column count and rows.
func (s *Session) queryRows(node ast.ResultSetNode) (int, [][]expr.Value, error) {
	cols, rows, err := s.queryRowsCols(node)
	return len(cols), rows, err
}

// queryRowsCols runs a SELECT or UNION and returns its columns and rows.
func (s *Session) queryRowsCols(node ast.ResultSetNode) ([]Column, [][]expr.Value, error) {
	if ne, ok := s.evalCtx.Env.(*nestedEnv); ok {
		// Inside a correlated subquery's run (its derived tables and
		// uncorrelated subqueries): read in its transaction, without the
		// statement boundary runSelect would set.
		switch q := node.(type) {
		case *ast.SelectStmt:
			return s.planner.SelectIn(ne.tx, q)
		case *ast.SetOprStmt:
			if s.txn != nil {
				// unionRows would start a statement in the session's
				// transaction, dropping the outer statement's undo log.
				return nil, nil, expr.Unsupported("UNION inside a correlated subquery in a transaction")
			}
		}
	}
	switch q := node.(type) {
	case *ast.SelectStmt:
		return s.branchRows(q)
	case *ast.SetOprStmt:
		return s.unionRows(q)
	}
	return nil, nil, expr.Unsupported("this subquery form")
}

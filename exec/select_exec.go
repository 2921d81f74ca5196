package exec

import (
	"strconv"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// runSelect runs a SELECT with a FROM clause into out.
func (s *Session) runSelect(sel *ast.SelectStmt, out plan.RowSink) error {
	leave, err := s.planner.EnterWith(sel.With)
	if err != nil {
		return err
	}
	defer leave()
	resolved, err := s.planner.ResolveSubqueries(sel)
	if err != nil {
		return err
	}
	sel = resolved.(*ast.SelectStmt)
	isStats := plan.NeedsColumns(sel, "TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH", "INDEX_LENGTH", "CARDINALITY")
	rels, release, err := s.planner.RelationsOf(sel.From, isStats)
	if err != nil {
		return err
	}
	defer release()
	p, err := s.planner.PlanSelectRels(sel, rels)
	if err != nil {
		return err
	}
	return s.inTxn(func(tx storage.Txn) error { return p.Run(tx, out) })
}

func (s *Session) execTableSelect(sel *ast.SelectStmt, w ResultWriter, more bool) error {
	rs := resultSink{w: w}
	if sel.SelectStmtOpts != nil && sel.SelectStmtOpts.CalcFoundRows && sel.Limit != nil {
		// FOUND_ROWS() is to count the rows without the LIMIT: run the
		// statement without it and let the sink apply it (MySQL also
		// computes the whole result).
		count, offset, err := s.limitOf(sel.Limit)
		if err != nil {
			return err
		}
		unlimited := *sel
		unlimited.Limit = nil
		sel = &unlimited
		rs.window, rs.skip, rs.keep = true, offset, count
	}
	if err := s.runSelect(sel, &rs); err != nil {
		return err
	}
	s.foundRows = rs.foundRows()
	s.rowCount = -1
	return s.endResult(w, more)
}

// selectRows runs a SELECT (or UNION) and returns its rows.
func (s *Session) selectRows(node ast.ResultSetNode) ([][]expr.Value, error) {
	_, rows, err := s.queryRows(node)
	return rows, err
}

// execUpdate runs a single-table UPDATE: find rows, lock each, re-read and
// re-check it, then write the new values.
func (s *Session) execUpdate(st *ast.UpdateStmt, w ResultWriter, more bool) error {
	if st.MultipleTable || (st.TableRefs != nil && st.TableRefs.TableRefs != nil && st.TableRefs.TableRefs.Right != nil) {
		return s.execMultiUpdate(st, w, more)
	}
	t, alias, release, err := s.openTable(st.TableRefs, "UPDATE")
	if err != nil {
		return err
	}
	defer release()
	scope := s.tableScope(t, alias)
	type assign struct {
		off  int
		expr expr.Expr
	}
	var sets []assign
	for _, a := range st.List {
		if q := a.Column.Table.O; q != "" && q != alias {
			return mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s.%s' in 'field list'", q, a.Column.Name.O)
		}
		off := t.Column(a.Column.Name.O)
		if off < 0 {
			return mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'field list'", a.Column.Name.O)
		}
		_, isDefault := a.Expr.(*ast.DefaultExpr)
		if c := t.Columns[off]; c.IsGenerated() {
			if isDefault {
				continue // the writer computes it
			}
			return generatedValueGiven(t, c)
		}
		var x expr.Expr
		if isDefault {
			d := t.Columns[off].AddedDefault()
			if storedDefault(t, t.Columns[off]) {
				d = expr.TimestampFromUTC(d, s.location()) // SET converts it back
			}
			x = expr.Constant(d, t.Columns[off].ResultType())
		} else if x, err = expr.Compile(a.Expr, scope); err != nil {
			return err
		}
		sets = append(sets, assign{off: off, expr: x})
	}
	rows, err := s.dmlRows(t, alias, st.Where, st.Order, st.Limit)
	if err != nil {
		return err
	}
	var matched, changed uint64
	err = s.inTxn(func(tx storage.Txn) error {
		tw := s.newTableWriter(t, tx)
		wc := &table.WriteCtx{Eval: s.evalCtx, Strict: s.strictMode() && !st.IgnoreErr}
		s.evalCtx.DivZeroIsError = s.divZeroIsError(st.IgnoreErr)
		tw.UseWriteCtx(wc)
		where, err := compileOpt(st.Where, scope)
		if err != nil {
			return err
		}
		old := make([]expr.Value, len(t.Columns))
		keys, err := rows.collect(tx)
		if err != nil {
			return err
		}
		for _, key := range keys {
			if ok, err := tw.LockCurrent(key, old, where); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			matched++
			wc.Row = int(matched)
			row := append([]expr.Value(nil), old...)
			for _, a := range sets {
				v, err := a.expr.Eval(s.evalCtx, row)
				if err != nil {
					return err
				}
				cv, err := wc.Coerce(t.Columns[a.off], v)
				if err != nil {
					return err
				}
				row[a.off] = cv // later assignments see earlier ones
			}
			if rowsEqual(old, row) {
				continue
			}
			s.applyOnUpdate(t, old, row)
			if _, err := tw.Update(key, old, row); err != nil {
				if dup, ok := err.(*table.DupKeyError); ok {
					if st.IgnoreErr {
						s.AddWarning(mysqldef.ErrDupEntry, dup.SQLError().Message)
						continue
					}
					return dup.SQLError()
				}
				if st.IgnoreErr && ignorableRowError(err) {
					e := err.(*mysqldef.SQLError)
					s.AddWarning(e.Code, e.Message)
					continue
				}
				return err
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.writeUpdateOK(w, matched, changed, more)
}

// writeUpdateOK ends an UPDATE: affected rows are the changed ones, or the
// matched ones when the client asked for CLIENT_FOUND_ROWS.
func (s *Session) writeUpdateOK(w ResultWriter, matched, changed uint64, more bool) error {
	affected := changed
	if s.opts.FoundRows {
		affected = matched
	}
	s.rowCount = int64(affected)
	info := "Rows matched: " + strconv.Itoa(int(matched)) + "  Changed: " + strconv.Itoa(int(changed)) + "  Warnings: " + strconv.Itoa(s.warningCount())
	return s.writeOK(w, affected, 0, info, more)
}

// compileOpt compiles an optional WHERE as a condition (its constant parts
// evaluated once per statement); nil stays nil.
func compileOpt(e ast.ExprNode, scope *expr.Scope) (expr.Expr, error) {
	if e == nil {
		return nil, nil
	}
	return expr.CompileCondition(e, scope)
}

// execDelete runs a single-table DELETE.
func (s *Session) execDelete(st *ast.DeleteStmt, w ResultWriter, more bool) error {
	if st.IsMultiTable {
		return s.execMultiDelete(st, w, more)
	}
	t, alias, release, err := s.openTable(st.TableRefs, "DELETE")
	if err != nil {
		return err
	}
	defer release()
	scope := s.tableScope(t, alias)
	rows, err := s.dmlRows(t, alias, st.Where, st.Order, st.Limit)
	if err != nil {
		return err
	}
	var deleted uint64
	err = s.inTxn(func(tx storage.Txn) error {
		tw := s.newTableWriter(t, tx)
		where, err := compileOpt(st.Where, scope)
		if err != nil {
			return err
		}
		row := make([]expr.Value, len(t.Columns))
		keys, err := rows.collect(tx)
		if err != nil {
			return err
		}
		for _, key := range keys {
			removed, err := tw.RemoveCurrent(key, row, where)
			if err != nil {
				return err
			}
			if removed {
				deleted++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.rowCount = int64(deleted)
	return s.writeOK(w, deleted, 0, "", more)
}

// dmlTargets finds the keys of the rows an UPDATE or DELETE may touch,
// honouring ORDER BY and LIMIT. The keys are collected before any row is
// changed, so an UPDATE that moves rows cannot see them twice.
type dmlTargets struct {
	s     *Session
	t     *table.Table
	alias string
	where ast.ExprNode
	order *ast.OrderByClause
	limit *ast.Limit
}

func (s *Session) dmlRows(t *table.Table, alias string, where ast.ExprNode, order *ast.OrderByClause, limit *ast.Limit) (*dmlTargets, error) {
	return &dmlTargets{s: s, t: t, alias: alias, where: where, order: order, limit: limit}, nil
}

// collect reads the keys of the candidate rows inside tx.
func (d *dmlTargets) collect(tx storage.Txn) ([][]byte, error) {
	s, t := d.s, d.t
	if d.order == nil && d.limit == nil {
		// The access path alone tells a primary-key point statement's keys
		// (UPDATE ... WHERE id = ?): no SELECT plan is built for it.
		path := s.planner.PlanAccess(t, d.alias, d.where)
		if path.Empty {
			return nil, nil
		}
		if keys, ok := path.PrimaryPoints(t); ok {
			if h := s.evalCtx.Handler; h != nil {
				h.ReadKey += uint64(len(keys)) // as the point reads counted them
			}
			return keys, nil
		}
	}
	// SELECT <row keys> with the statement's WHERE / ORDER BY / LIMIT.
	sel := &ast.SelectStmt{
		SelectStmtOpts: &ast.SelectStmtOpts{},
		Fields:         &ast.FieldList{Fields: []*ast.SelectField{{WildCard: &ast.WildCardField{}}}},
		Where:          d.where, OrderBy: d.order, Limit: d.limit,
	}
	p, err := s.planner.PlanSelect(sel, t, d.alias)
	if err != nil {
		return nil, err
	}
	if ok, err := p.ConstantsHold(s.evalCtx); err != nil || !ok {
		return nil, err
	}
	kc := &keyCollector{}
	// A primary-key point plan (id = ?, id IN (...)) names its keys: no
	// read is needed here, since the caller locks each key and reads its
	// row once, under the lock, checking the whole WHERE there (a missing
	// row is skipped there). Reading them here too cost a Get per row.
	// LIMIT among several points needs the read to tell which exist.
	if keys, ok := p.Path.PrimaryPoints(t); ok && len(p.Order) == 0 && (len(keys) <= 1 || p.Limit >= uint64(len(keys))) {
		if p.Limit == 0 {
			return nil, nil
		}
		if h := s.evalCtx.Handler; h != nil {
			h.ReadKey += uint64(len(keys)) // as the point reads counted them
		}
		return keys, nil
	}
	if len(p.Order) == 0 {
		// Without ORDER BY, collect keys straight from the scan.
		scan := plan.NewTableScan(t, tx, p.Path).Interruptible(s.evalCtx)
		defer scan.Close()
		for scan.Next() {
			if ok, err := p.Matches(s.evalCtx, scan.Row); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			kc.keys = append(kc.keys, append([]byte(nil), scan.Key...))
			if uint64(len(kc.keys)) >= p.Limit {
				break
			}
		}
		return kc.keys, scan.Err
	}
	// With ORDER BY: sort full rows, then key each chosen row.
	rc := &plan.RowCollector{}
	if err := p.Run(tx, rc); err != nil {
		return nil, err
	}
	for _, r := range rc.Rows {
		if t.HasPrimaryKey() {
			kc.keys = append(kc.keys, t.RowKey(r))
		} else {
			return nil, expr.Unsupported("ORDER BY in UPDATE/DELETE of a table without a primary key")
		}
	}
	return kc.keys, nil
}

type keyCollector struct{ keys [][]byte }

package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Multi-table UPDATE and DELETE: the joined rows that satisfy WHERE are
// found first; then each target row (identified by its key, touched at
// most once) is locked, re-read, and updated or deleted. SET expressions
// see the joined row with the target's freshly read values.

// dmlJoin is the joined rows of a multi-table statement.
type dmlJoin struct {
	rels []*plan.Relation
	rows [][]expr.Value
}

func (s *Session) joinedRows(tx storage.Txn, refs *ast.TableRefsClause, where ast.ExprNode) (*dmlJoin, func(), error) {
	rels, release, err := s.planner.RelationsOf(refs, false)
	if err != nil {
		return nil, nil, err
	}
	sel := &ast.SelectStmt{
		SelectStmtOpts: &ast.SelectStmtOpts{},
		Fields:         &ast.FieldList{Fields: []*ast.SelectField{{WildCard: &ast.WildCardField{}}}},
		Where:          where,
	}
	p, err := s.planner.PlanSelectRels(sel, rels)
	if err != nil {
		release()
		return nil, nil, err
	}
	j := &dmlJoin{rels: rels}
	err = p.EachRow(tx, s.evalCtx, func(_ []byte, row []expr.Value) (bool, error) {
		ok, err := p.Matches(s.evalCtx, row)
		if ok {
			j.rows = append(j.rows, append([]expr.Value(nil), row...))
		}
		return false, err
	})
	if err != nil {
		release()
		return nil, nil, err
	}
	return j, release, nil
}

// targetRelation finds the relation a qualified or unique column (or a
// DELETE target name) refers to.
func targetRelation(rels []*plan.Relation, qualifier, column string) (*plan.Relation, error) {
	var found *plan.Relation
	for _, r := range rels {
		if qualifier != "" && !strings.EqualFold(qualifier, r.Alias) {
			continue
		}
		if column != "" && r.Table.Column(column) < 0 {
			continue
		}
		if found != nil {
			return nil, mysqldef.NewError(mysqldef.ErrNonUniq, "Column '%s' in field list is ambiguous", column)
		}
		found = r
	}
	if found == nil {
		if column == "" {
			return nil, mysqldef.NewError(mysqldef.ErrUnknownTable, "Unknown table '%s' in MULTI DELETE", qualifier)
		}
		return nil, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'field list'", column)
	}
	if found.Src != nil || !found.Table.HasPrimaryKey() {
		return nil, expr.Unsupported("multi-table UPDATE/DELETE of a derived table or a table without a primary key")
	}
	return found, nil
}

func (s *Session) execMultiUpdate(st *ast.UpdateStmt, w ResultWriter, more bool) error {
	if st.Order != nil || st.Limit != nil {
		return mysqldef.NewError(mysqldef.ErrWrongUsage, "Incorrect usage of UPDATE and ORDER BY")
	}
	var matched, changed uint64
	err := s.inTxn(func(tx storage.Txn) error {
		j, release, err := s.joinedRows(tx, st.TableRefs, st.Where)
		if err != nil {
			return err
		}
		defer release()
		scope := s.planner.JoinedScope(j.rels, len(j.rels))
		type assign struct {
			rel  *plan.Relation
			off  int
			expr expr.Expr
		}
		var sets []assign
		for _, a := range st.List {
			r, err := targetRelation(j.rels, a.Column.Table.O, a.Column.Name.O)
			if err != nil {
				return err
			}
			if err := s.enterTable(r.Table, lockForWrite); err != nil {
				return err
			}
			off := r.Table.Column(a.Column.Name.O)
			if c := r.Table.Columns[off]; c.IsGenerated() {
				if _, isDefault := a.Expr.(*ast.DefaultExpr); isDefault {
					continue // the writer computes it
				}
				return generatedValueGiven(r.Table, c)
			}
			x, err := expr.Compile(a.Expr, scope)
			if err != nil {
				return err
			}
			sets = append(sets, assign{rel: r, off: off, expr: x})
		}
		wc := &table.WriteCtx{Eval: s.evalCtx, Strict: s.strictMode() && !st.IgnoreErr}
		s.evalCtx.DivZeroIsError = s.divZeroIsError(st.IgnoreErr)
		seen := map[string]bool{}
		for _, row := range j.rows {
			for _, r := range j.rels {
				var mine []assign
				for _, a := range sets {
					if a.rel == r {
						mine = append(mine, a)
					}
				}
				if len(mine) == 0 {
					continue
				}
				width := len(r.Table.Columns)
				key := r.Table.RowKey(row[r.Offset : r.Offset+width])
				if seen[string(key)] {
					continue // each target row is updated once
				}
				seen[string(key)] = true
				tw := s.newTableWriter(r.Table, tx)
				tw.UseWriteCtx(wc)
				old := make([]expr.Value, width)
				if ok, err := tw.LockCurrent(key, old, nil); err != nil || !ok {
					if err != nil {
						return err
					}
					continue
				}
				copy(row[r.Offset:], old)
				matched++
				wc.Row = int(matched)
				upd := append([]expr.Value(nil), old...)
				for _, a := range mine {
					v, err := a.expr.Eval(s.evalCtx, row)
					if err != nil {
						return err
					}
					cv, err := wc.Coerce(r.Table.Columns[a.off], v)
					if err != nil {
						return err
					}
					upd[a.off] = cv
				}
				if rowsEqual(old, upd) {
					continue
				}
				s.applyOnUpdate(r.Table, old, upd)
				if _, err := tw.Update(key, old, upd); err != nil {
					if dup, ok := err.(*table.DupKeyError); ok {
						return dup.SQLError()
					}
					return err
				}
				changed++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.writeUpdateOK(w, matched, changed, more)
}

func (s *Session) execMultiDelete(st *ast.DeleteStmt, w ResultWriter, more bool) error {
	if st.Order != nil || st.Limit != nil {
		return mysqldef.NewError(mysqldef.ErrWrongUsage, "Incorrect usage of DELETE and ORDER BY")
	}
	var deleted uint64
	err := s.inTxn(func(tx storage.Txn) error {
		j, release, err := s.joinedRows(tx, st.TableRefs, st.Where)
		if err != nil {
			return err
		}
		defer release()
		// One writer and one row buffer per target table, not per row.
		type target struct {
			r   *plan.Relation
			tw  *table.Writer
			cur []expr.Value
		}
		var targets []target
		for _, tn := range st.Tables.Tables {
			r, err := targetRelation(j.rels, tn.Name.O, "")
			if err != nil {
				return err
			}
			if err := s.enterTable(r.Table, lockForWrite); err != nil {
				return err
			}
			targets = append(targets, target{r: r, tw: s.newTableWriter(r.Table, tx), cur: make([]expr.Value, len(r.Table.Columns))})
		}
		seen := map[string]bool{}
		for _, row := range j.rows {
			for _, tg := range targets {
				key := tg.r.Table.RowKey(row[tg.r.Offset : tg.r.Offset+len(tg.cur)])
				if seen[string(key)] {
					continue
				}
				seen[string(key)] = true
				removed, err := tg.tw.RemoveCurrent(key, tg.cur, nil)
				if err != nil {
					return err
				}
				if removed {
					deleted++
				}
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

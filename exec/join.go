package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// rowFunc receives each source row (the joined row for several
// relations) and the row key when there is one relation; returning true
// stops the iteration (LIMIT reached).
type rowFunc func(key []byte, row []expr.Value) (stop bool, err error)

// eachRow produces the plan's source rows; ctx is the running statement's
// (fetched once per run, not per row).
func (p *selectPlan) eachRow(tx storage.Txn, ctx *expr.EvalCtx, fn rowFunc) error {
	if len(p.rels) == 1 {
		r := p.rels[0]
		var reader storage.Reader = tx
		if r.src != nil {
			reader = r.src
		} else if p.src != nil {
			reader = p.src
		}
		scan := newTableScan(r.t, reader, p.path)
		defer scan.close()
		for scan.next() {
			stop, err := fn(scan.key, scan.row)
			if err != nil || stop {
				return err
			}
		}
		return scan.err
	}
	row := make([]expr.Value, p.width)
	_, err := p.joinLevel(tx, ctx, 0, row, fn)
	return err
}

// joinLevel loops over relation level's rows that match the row built so
// far (nested-loop join), recursing into the next relation.
func (p *selectPlan) joinLevel(tx storage.Txn, ctx *expr.EvalCtx, level int, row []expr.Value, fn rowFunc) (bool, error) {
	if level == len(p.rels) {
		return fn(nil, row)
	}
	r := p.rels[level]
	width := len(r.t.Columns)
	path, ok := r.path, true
	if r.lookup != nil {
		var err error
		if path, ok, err = p.pl.lookupPath(ctx, r, row); err != nil {
			return false, err
		}
	}
	matched := false
	if ok && !path.empty {
		var reader storage.Reader = tx
		if r.src != nil {
			reader = r.src
		}
		scan := newTableScan(r.t, reader, path)
		for scan.next() {
			copy(row[r.offset:r.offset+width], scan.row)
			if r.on != nil {
				v, err := r.on.Eval(ctx, row)
				if err != nil {
					scan.close()
					return false, err
				}
				if !isTrue(ctx, v) {
					continue
				}
			}
			matched = true
			stop, err := p.joinLevel(tx, ctx, level+1, row, fn)
			if err != nil || stop {
				scan.close()
				return stop, err
			}
		}
		scan.close()
		if scan.err != nil {
			return false, scan.err
		}
	}
	if !matched && r.left {
		for i := r.offset; i < r.offset+width; i++ {
			row[i] = expr.Value{}
		}
		return p.joinLevel(tx, ctx, level+1, row, fn)
	}
	return false, nil
}

// sourceColumn returns the joined-row offset a plain column reference
// names, or -1.
func (p *selectPlan) sourceColumn(e ast.ExprNode) int {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok {
		return -1
	}
	found := -1
	for _, r := range p.rels {
		if q := c.Name.Table.O; q != "" && !strings.EqualFold(q, r.alias) {
			continue
		}
		if off := r.t.Column(c.Name.Name.O); off >= 0 {
			if found >= 0 {
				return -1 // ambiguous: Compile reports it
			}
			found = r.offset + off
		}
	}
	return found
}

// columnAt maps a joined-row offset to its relation and column.
func (p *selectPlan) columnAt(off int) (*relation, *table.TableColumn) {
	for _, r := range p.rels {
		if off < r.offset+len(r.t.Columns) {
			return r, r.t.Columns[off-r.offset]
		}
	}
	return nil, nil
}

// hasColumn reports whether any relation has a column called name.
func (p *selectPlan) hasColumn(name string) bool {
	for _, r := range p.rels {
		if r.t.Column(name) >= 0 {
			return true
		}
	}
	return false
}

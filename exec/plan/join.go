package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// RowFunc receives each source row (the joined row for several
// relations) and the row key when there is one relation; returning true
// stops the iteration (LIMIT reached).
type RowFunc func(key []byte, row []expr.Value) (stop bool, err error)

// EachRow produces the plan's source rows; ctx is the running statement's
// (fetched once per run, not per row).
func (p *SelectPlan) EachRow(tx storage.Txn, ctx *expr.EvalCtx, fn RowFunc) error {
	return p.eachRow(tx, ctx, fn, rowMemory{})
}

// rowMemory is where a single-table scan's rows keep their strings when
// not in an allocation of their own (see TableScan.InArena, InPlace).
type rowMemory struct {
	arena   *table.StringArena
	inPlace bool
}

// eachRow is EachRow with a choice of where the rows' strings live.
func (p *SelectPlan) eachRow(tx storage.Txn, ctx *expr.EvalCtx, fn RowFunc, mem rowMemory) error {
	if ok, err := p.ConstantsHold(ctx); err != nil || !ok {
		return err
	}
	if len(p.Rels) == 1 {
		r := p.Rels[0]
		var reader storage.Reader = tx
		if r.Src != nil {
			reader = r.Src
		} else if p.src != nil {
			reader = p.src
		}
		scan := NewTableScan(r.Table, reader, p.Path).Interruptible(ctx).Reading(p.reads[0]).InArena(mem.arena)
		if mem.inPlace {
			scan.InPlace()
		}
		defer scan.Close()
		for scan.Next() {
			stop, err := fn(scan.Key, scan.Row)
			if err != nil || stop {
				return err
			}
		}
		return scan.Err
	}
	for _, r := range p.Rels {
		if r.path.Empty && !r.inLeftNest {
			// An inner relation no row of which can match (its own
			// conditions contradict, or a constant one is false): the
			// join is empty, and nothing before it needs reading.
			return nil
		}
	}
	j := &joinRun{p: p, tx: tx, ctx: ctx, fn: fn, row: make([]expr.Value, p.width), scans: make([]*TableScan, len(p.Rels))}
	defer j.close()
	_, err := j.joinLevel(0)
	return err
}

// joinRun is one run of a nested-loop join: the row being built and one
// scan per relation, restarted for every combination of the rows before
// it (TableScan.Restart keeps its iterator open from one to the next).
type joinRun struct {
	p     *SelectPlan
	tx    storage.Txn
	ctx   *expr.EvalCtx
	fn    RowFunc
	row   []expr.Value
	scans []*TableScan
}

func (j *joinRun) close() {
	for _, sc := range j.scans {
		if sc != nil {
			sc.Close()
		}
	}
}

// scan returns relation level's scan, restarted on path.
func (j *joinRun) scan(level int, path AccessPath) *TableScan {
	if sc := j.scans[level]; sc != nil {
		sc.Restart(path)
		return sc
	}
	r := j.p.Rels[level]
	var reader storage.Reader = j.tx
	if r.Src != nil {
		reader = r.Src
	}
	sc := NewTableScan(r.Table, reader, path).Interruptible(j.ctx).Reading(j.p.reads[level])
	j.scans[level] = sc
	return sc
}

// joinLevel loops over relation level's rows that match the row built so
// far (nested-loop join), recursing into the next relation.
func (j *joinRun) joinLevel(level int) (bool, error) {
	p, ctx, row := j.p, j.ctx, j.row
	if level == len(p.Rels) {
		return j.fn(nil, row)
	}
	r := p.Rels[level]
	width := len(r.Table.Columns)
	path, ok := r.path, true
	if r.Lookup != nil {
		var err error
		if path, ok, err = p.pl.lookupPath(ctx, r, row); err != nil {
			return false, err
		}
	}
	nest := r.left && r.nestEnd > level+1
	if nest {
		r.nestHit = false
	}
	matched := false
	if ok && !path.Empty {
		scan := j.scan(level, path)
		for scan.Next() {
			copy(row[r.Offset:r.Offset+width], scan.Row)
			if r.on != nil {
				v, err := r.on.Eval(ctx, row)
				if err != nil {
					return false, err
				}
				if !isTrue(ctx, v) {
					continue
				}
			}
			matched = true
			stop, err := j.descend(level)
			if err != nil || stop {
				return stop, err
			}
		}
		if scan.Err != nil {
			return false, scan.Err
		}
	}
	if nest {
		matched = r.nestHit
	}
	if !matched && r.left {
		// The nest's relations are NULLs, and so are the nests inside it:
		// none of their ONs is checked.
		within := p.Rels[level:r.nestEnd]
		for _, n := range within {
			for i := n.Offset; i < n.Offset+len(n.Table.Columns); i++ {
				row[i] = expr.Value{}
			}
			n.nestNull = true
		}
		stop, err := j.descend(r.nestEnd - 1)
		for _, n := range within {
			n.nestNull = false
		}
		return stop, err
	}
	return false, nil
}

// descend goes on from relation level, whose row (or NULLs) is in place:
// the nests of several relations that end there check their ON and note
// the match, then the next relation is joined.
func (j *joinRun) descend(level int) (bool, error) {
	for _, n := range j.p.Rels[level].closes {
		if n.nestNull {
			continue // being NULL-extended: no ON to pass
		}
		if n.nestOn != nil {
			v, err := n.nestOn.Eval(j.ctx, j.row)
			if err != nil {
				return false, err
			}
			if !isTrue(j.ctx, v) {
				return false, nil
			}
		}
		n.nestHit = true
	}
	return j.joinLevel(level + 1)
}

// sourceColumn returns the joined-row offset a plain column reference
// names, or -1.
func (p *SelectPlan) sourceColumn(e ast.ExprNode) int {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok {
		return -1
	}
	found := -1
	for _, r := range p.Rels {
		if q := c.Name.Table.O; q != "" && !strings.EqualFold(q, r.Alias) {
			continue
		}
		if off := r.Table.Column(c.Name.Name.O); off >= 0 {
			if found >= 0 {
				return -1 // ambiguous: Compile reports it
			}
			found = r.Offset + off
		}
	}
	return found
}

// columnAt maps a joined-row offset to its relation and column.
func (p *SelectPlan) columnAt(off int) (*Relation, *table.TableColumn) {
	for _, r := range p.Rels {
		if off < r.Offset+len(r.Table.Columns) {
			return r, r.Table.Columns[off-r.Offset]
		}
	}
	return nil, nil
}

// hasColumn reports whether any relation has a column called name.
func (p *SelectPlan) hasColumn(name string) bool {
	for _, r := range p.Rels {
		if r.Table.Column(name) >= 0 {
			return true
		}
	}
	return false
}

// isTrue is SQL truth: non-NULL and non-zero (exec has the same two lines).
func isTrue(ctx *expr.EvalCtx, v expr.Value) bool {
	t, null := expr.TruthValue(ctx, v)
	return t && !null
}

package plan

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// Relation is one item of a FROM clause: a table, an information_schema
// table or a derived table (a subquery in FROM, materialised), joined to
// the relations before it.
type Relation struct {
	Table  *table.Table
	Alias  string
	Offset int            // first column's position in the joined row
	Src    storage.Reader // rows held in memory; nil: read through the transaction
	left   bool           // starts a LEFT JOIN's inner side: NULL-extended when nothing matches
	on     expr.Expr      // join condition, over the joined row
	onAST  ast.ExprNode
	path   AccessPath // how to read it from constants alone
	Lookup *JoinLookup
	// lookupCovers: Lookup's index holds every column the statement reads
	// of this relation, so its entries are the rows (AccessPath.IndexOnly).
	lookupCovers bool
	// lookupKey, lookupEnd and lookupRange hold the bounds of the current
	// lookup (lookupPath), reused for every outer row: the scan that reads
	// them is done before the next lookup is built, and storage copies
	// bounds when it opens or moves an iterator.
	lookupKey, lookupEnd []byte
	lookupRange          [1]keyRange

	// A LEFT JOIN's inner side may be several relations, `a LEFT JOIN (b
	// JOIN c ON ...) ON ...`: a nest. Its relations are joined like any
	// others, and when no combination of theirs passes the nest's ON the
	// whole nest is NULL-extended at once. A nest of one relation is the
	// plain LEFT JOIN (its ON is the relation's own `on`).
	nestEnd    int          // first of a nest: the level after the nest's last relation
	nestOnAST  ast.ExprNode // first of a nest of several: the ON it is joined by, over the whole nest
	nestOn     expr.Expr
	outerOn    ast.ExprNode // the ONs of the nests around this relation that may narrow its reads
	closes     []*Relation  // nests of several relations that end with this one, innermost first
	inLeftNest bool         // on some LEFT JOIN's inner side: WHERE cannot narrow it
	nestHit    bool         // per run, with left: a combination of the nest passed its ON
	nestNull   bool         // per run: the relation is being NULL-extended with a nest around it
}

// isNest reports a FROM item that joins several relations (parentheses
// around a single one do not count).
func isNest(n ast.ResultSetNode) bool {
	for {
		j, ok := n.(*ast.Join)
		if !ok {
			return false
		}
		if j.Right != nil {
			return true
		}
		n = j.Left
	}
}

// JoinLookup reads an inner relation by key, with key values computed
// from the outer relations' current row.
type JoinLookup struct {
	Index  *table.Index // nil: the primary key
	offs   []int        // key columns (offsets in the relation's table)
	exprs  []expr.Expr  // their values, over the joined row
	unique bool         // the whole key is covered: at most one row
	prefix []byte       // the key's table and index prefix (RowPrefix, IndexPrefix)
	// For EXPLAIN: what each key value comes from (db.table.column, or
	// func), and every key the equalities could have looked up.
	refs     []string
	possible []*table.Index
}

// RelationsOf resolves a FROM clause into relations, left to right.
// Locks taken on tables are released by the returned func.
func (pl *Planner) RelationsOf(from *ast.TableRefsClause, isStats bool) ([]*Relation, func(), error) {
	var rels []*Relation
	var releases []func()
	release := func() {
		for _, r := range releases {
			r()
		}
	}
	var add, addNest func(node ast.ResultSetNode, left bool, on ast.ExprNode) error
	add = func(node ast.ResultSetNode, left bool, on ast.ExprNode) error {
		switch x := node.(type) {
		case *ast.Join:
			if x.Right == nil {
				return add(x.Left, left, on)
			}
			if x.NaturalJoin {
				return expr.Unsupported("NATURAL JOIN")
			}
			leftNode, rightNode, tp := x.Left, x.Right, x.Tp
			if tp == ast.RightJoin {
				if _, single := leftNode.(*ast.TableSource); !single {
					return expr.Unsupported("this RIGHT JOIN")
				}
				leftNode, rightNode, tp = rightNode, leftNode, ast.LeftJoin
			}
			if err := add(leftNode, left, on); err != nil {
				return err
			}
			var cond ast.ExprNode
			if x.On != nil {
				cond = x.On.Expr
			}
			if len(x.Using) > 0 {
				u, err := usingCondition(rels, rightNode, x.Using)
				if err != nil {
					return err
				}
				cond = u
			}
			if isNest(rightNode) {
				return addNest(rightNode, tp == ast.LeftJoin, cond)
			}
			return add(rightNode, tp == ast.LeftJoin, cond)
		case *ast.TableSource:
			rel, relRelease, err := pl.relationFor(x, isStats)
			if err != nil {
				return err
			}
			if relRelease != nil {
				releases = append(releases, relRelease)
			}
			rel.left, rel.onAST = left, on
			if left {
				rel.nestEnd, rel.inLeftNest = len(rels)+1, true
			}
			if len(rels) > 0 {
				last := rels[len(rels)-1]
				rel.Offset = last.Offset + len(last.Table.Columns)
			}
			for _, r := range rels {
				if strings.EqualFold(r.Alias, rel.Alias) {
					return mysqldef.NewError(mysqldef.ErrNonUniqTable, "Not unique table/alias: '%s'", rel.Alias)
				}
			}
			rels = append(rels, rel)
			return nil
		}
		return expr.Unsupported("this FROM clause")
	}
	// addNest adds the relations of a join that is the right side of
	// another, `a [LEFT] JOIN (b JOIN c ON ...) ON cond`: cond is checked
	// once the nest's last relation is in place (it may name any of them),
	// and for a LEFT JOIN the nest is NULL-extended as a whole.
	addNest = func(node ast.ResultSetNode, left bool, cond ast.ExprNode) error {
		start := len(rels)
		if err := add(node, false, nil); err != nil {
			return err
		}
		nest := rels[start:]
		first, last := nest[0], nest[len(nest)-1]
		first.nestEnd, first.nestOnAST = len(rels), cond
		last.closes = append(last.closes, first)
		for _, r := range nest {
			// No combination failing cond counts, so cond may narrow the
			// reads of a relation, unless a LEFT JOIN inside the nest
			// NULL-extends it (narrowing would change when it does).
			if !r.inLeftNest && cond != nil {
				r.outerOn = andAll([]ast.ExprNode{r.outerOn, cond})
			}
		}
		if left {
			first.left = true
			for _, r := range nest {
				r.inLeftNest = true
			}
		}
		return nil
	}
	if err := add(from.TableRefs, false, nil); err != nil {
		release()
		return nil, nil, err
	}
	return rels, release, nil
}

// relationFor resolves one table source.
func (pl *Planner) relationFor(ts *ast.TableSource, isStats bool) (*Relation, func(), error) {
	switch src := ts.Source.(type) {
	case *ast.TableName:
		alias := ts.AsName.O
		if alias == "" {
			alias = src.Name.O
		}
		if d := pl.findCTE(src); d != nil {
			t, mem, err := pl.cteRows(d)
			if err != nil {
				return nil, nil, err
			}
			return &Relation{Table: t, Alias: alias, Src: mem}, nil, nil
		}
		if pl.Env.VirtualTable(src) {
			t, mem, err := pl.Env.InfoSchemaRows(src, isStats)
			if err != nil {
				return nil, nil, err
			}
			return &Relation{Table: t, Alias: alias, Src: mem}, nil, nil
		}
		t, release, err := pl.Env.LockTable(src)
		if err != nil {
			return nil, nil, err
		}
		if err := pl.Env.EnterTableForRead(t); err != nil {
			release()
			return nil, nil, err
		}
		if t.IsView() {
			// A view is read like a derived table: its rows are
			// materialised for the statement.
			cols, rows, err := pl.Env.ViewRows(t)
			if err != nil {
				release()
				return nil, nil, err
			}
			vt, mem := materialize(t.Name, cols, rows)
			return &Relation{Table: vt, Alias: alias, Src: mem}, release, nil
		}
		return &Relation{Table: t, Alias: alias}, release, nil
	case *ast.SelectStmt, *ast.SetOprStmt:
		if ts.AsName.O == "" {
			return nil, nil, mysqldef.NewError(mysqldef.ErrDerivedMustHaveAlias, "Every derived table must have its own alias")
		}
		cols, rows, err := pl.Env.QueryRowsCols(src)
		if err != nil {
			return nil, nil, err
		}
		t, mem := materialize(ts.AsName.O, cols, rows)
		return &Relation{Table: t, Alias: ts.AsName.O, Src: mem}, nil, nil
	}
	return nil, nil, expr.Unsupported("this FROM clause")
}

// materialize turns a derived table's rows into a synthetic table with
// in-memory rows, so the single-table machinery reads it like any table.
func materialize(name string, cols []expr.Column, rows [][]expr.Value) (*table.Table, *MemRows) {
	t := &table.Table{Name: name, Version: 1}
	for i, c := range cols {
		ct := c.Type
		t.Columns = append(t.Columns, &table.TableColumn{ID: uint32(i + 1), Name: c.Name, DerivedType: &ct})
	}
	t.NextColumn = uint32(len(cols))
	t.Publish(nil)
	mem := &MemRows{}
	for i, r := range rows {
		mem.Add(t.HiddenRowKey(uint64(i+1)), t.EncodeRow(nil, r))
	}
	return t, mem
}

// usingCondition turns JOIN ... USING (c, ...) into left.c = right.c AND ...
func usingCondition(rels []*Relation, right ast.ResultSetNode, cols []*ast.ColumnName) (ast.ExprNode, error) {
	ts, ok := right.(*ast.TableSource)
	if !ok || len(rels) == 0 {
		return nil, expr.Unsupported("this USING clause")
	}
	rightAlias := ts.AsName.O
	if tn, ok := ts.Source.(*ast.TableName); ok && rightAlias == "" {
		rightAlias = tn.Name.O
	}
	var cond ast.ExprNode
	for _, c := range cols {
		leftAlias := ""
		for _, r := range rels {
			if r.Table.Column(c.Name.O) >= 0 {
				leftAlias = r.Alias
				break
			}
		}
		if leftAlias == "" {
			return nil, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'from clause'", c.Name.O)
		}
		eq := &ast.BinaryOperationExpr{Op: opcode.EQ,
			L: &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(leftAlias), Name: c.Name}},
			R: &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(rightAlias), Name: c.Name}}}
		if cond == nil {
			cond = eq
		} else {
			cond = &ast.BinaryOperationExpr{Op: opcode.LogicAnd, L: cond, R: eq}
		}
	}
	return cond, nil
}

// JoinedScope is the scope of rels[:n] joined.
func (pl *Planner) JoinedScope(rels []*Relation, n int) *expr.Scope {
	sc := &expr.Scope{Env: pl.Env}
	for _, r := range rels[:n] {
		sc.Columns = append(sc.Columns, pl.Env.TableScope(r.Table, r.Alias).Columns...)
	}
	return sc
}

// planJoins compiles ON conditions and picks each inner relation's access:
// a key lookup from equalities with earlier relations when they cover a
// key prefix, else a path from its constant conditions. reads[i] are the
// columns read of rels[i] (nil: all): an index that holds them all is
// read without looking rows up.
func (pl *Planner) planJoins(rels []*Relation, where ast.ExprNode, reads [][]bool) error {
	full := pl.JoinedScope(rels, len(rels))
	for i, r := range rels {
		if r.onAST != nil {
			x, err := expr.CompileCondition(r.onAST, pl.JoinedScope(rels, i+1))
			if err != nil {
				return err
			}
			r.on = x
		}
		if r.nestOnAST != nil {
			x, err := expr.CompileCondition(r.nestOnAST, pl.JoinedScope(rels, r.nestEnd))
			if err != nil {
				return err
			}
			r.nestOn = x
		}
		// Conditions that may narrow this relation: its ON (and its inner
		// nest's), and outside a LEFT JOIN's inner side also WHERE (WHERE
		// cannot narrow that side: it filters after NULL extension).
		conds := append(conjuncts(r.onAST), conjuncts(r.outerOn)...)
		if !r.inLeftNest {
			conds = append(conds, conjuncts(where)...)
		}
		r.path = pl.PlanAccess(r.Table, r.Alias, andAll(conds))
		if r.path.Index != nil {
			r.path.IndexOnly = r.Table.IndexCovers(r.path.Index, reads[i])
		}
		r.Lookup, r.lookupCovers = nil, false
		if i > 0 && !r.path.Empty {
			r.Lookup = pl.planLookup(rels, i, conds)
			if l := r.Lookup; l != nil && l.Index != nil {
				r.lookupCovers = r.Table.IndexCovers(l.Index, reads[i])
			}
		}
	}
	_ = full
	return nil
}

func andAll(conds []ast.ExprNode) ast.ExprNode {
	var out ast.ExprNode
	for _, c := range conds {
		if out == nil {
			out = c
		} else {
			out = &ast.BinaryOperationExpr{Op: opcode.LogicAnd, L: out, R: c}
		}
	}
	return out
}

// planLookup finds `rel.col = expr(earlier relations)` equalities covering
// a prefix of the primary key or an index of rels[i].
func (pl *Planner) planLookup(rels []*Relation, i int, conds []ast.ExprNode) *JoinLookup {
	r := rels[i]
	outer := pl.JoinedScope(rels, i)
	// Pad the outer scope to the joined row's width: the expressions are
	// evaluated over the full joined row.
	eqs := map[int]expr.Expr{}
	refs := map[int]string{}
	for _, c := range conds {
		b, ok := c.(*ast.BinaryOperationExpr)
		if !ok || b.Op != opcode.EQ {
			continue
		}
		for _, side := range [2][2]ast.ExprNode{{b.L, b.R}, {b.R, b.L}} {
			off := columnOf(r.Table, r.Alias, side[0])
			if off < 0 || eqs[off] != nil {
				continue
			}
			x, err := expr.Compile(side[1], outer)
			if err != nil {
				continue // names this relation or a later one
			}
			eqs[off] = x
			refs[off] = refText(rels[:i], side[1])
		}
	}
	if len(eqs) == 0 {
		return nil
	}
	best := (*JoinLookup)(nil)
	var possible []*table.Index
	consider := func(ix *table.Index, offs []int, unique bool) {
		n := 0
		for n < len(offs) && eqs[offs[n]] != nil {
			n++
		}
		if n == 0 {
			return
		}
		possible = append(possible, ix)
		l := &JoinLookup{Index: ix, offs: offs[:n], unique: unique && n == len(offs)}
		for _, off := range l.offs {
			l.exprs = append(l.exprs, eqs[off])
			l.refs = append(l.refs, refs[off])
		}
		if best == nil || (l.unique && !best.unique) || (l.unique == best.unique && len(l.offs) > len(best.offs)) {
			best = l
		}
	}
	if r.Table.HasPrimaryKey() {
		consider(nil, r.Table.PKOffsets(), true)
	}
	for _, ix := range r.Table.Indexes {
		consider(ix, ix.Offsets(), ix.Unique)
	}
	if best != nil {
		best.possible = possible
		if best.Index == nil {
			best.prefix = r.Table.RowPrefix()
		} else {
			best.prefix = r.Table.IndexPrefix(best.Index)
		}
	}
	return best
}

// refText is EXPLAIN's ref for a lookup value: db.table.column for a
// column of an earlier relation, func for anything computed.
func refText(outer []*Relation, e ast.ExprNode) string {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok {
		return "func"
	}
	for _, r := range outer {
		if c.Name.Table.O != "" && !strings.EqualFold(c.Name.Table.O, r.Alias) {
			continue
		}
		if off := r.Table.Column(c.Name.Name.O); off >= 0 {
			prefix := r.Alias
			if r.Table.DB != "" {
				prefix = r.Table.DB + "." + prefix
			}
			return prefix + "." + r.Table.Columns[off].Name
		}
	}
	return "func"
}

// lookupPath builds the access path of a lookup for the current joined
// row; ok=false means no row can match (a NULL key value).
func (pl *Planner) lookupPath(ctx *expr.EvalCtx, r *Relation, row []expr.Value) (AccessPath, bool, error) {
	l := r.Lookup
	prefix := append(r.lookupKey[:0], l.prefix...)
	plens := r.Table.KeyPrefixes(l.Index)
	for i, off := range l.offs {
		v, err := l.exprs[i].Eval(ctx, row)
		if err != nil {
			return AccessPath{}, false, err
		}
		if v.IsNull() {
			return AccessPath{}, false, nil
		}
		cv, ok := pl.keyValueFor(ctx, r.Table, off, v)
		if !ok {
			return r.path, true, nil // not exactly a key value: scan and filter
		}
		// A prefix part's key holds only the prefix: the rows found are
		// candidates, the join condition decides.
		prefix = table.AppendKeyPart(prefix, cv, r.Table.Columns[off].Type, partPrefix(plens, i))
	}
	r.lookupKey = prefix
	if l.unique {
		r.lookupRange[0] = keyRange{lo: prefix}
		return AccessPath{Index: l.Index, Points: true, Ranges: r.lookupRange[:], EqCols: len(l.offs), IndexOnly: r.lookupCovers}, true, nil
	}
	r.lookupEnd = storage.AppendPrefixEnd(r.lookupEnd[:0], prefix)
	r.lookupRange[0] = keyRange{lo: prefix, hi: r.lookupEnd}
	return AccessPath{Index: l.Index, Ranges: r.lookupRange[:], EqCols: len(l.offs), IndexOnly: r.lookupCovers, seekIn: l.prefix}, true, nil
}

// keyValueFor coerces a value to column off's type when that is exact.
func (pl *Planner) keyValueFor(ctx *expr.EvalCtx, t *table.Table, off int, v expr.Value) (expr.Value, bool) {
	col := t.Columns[off]
	if !kindsComparableByKey(col.Type, v) {
		return expr.Value{}, false
	}
	if k := v.Kind(); (k == expr.KindInt || k == expr.KindUint) && col.Type.Tp != mysqldef.TypeYear {
		// The usual join key, an integer into an integer column: exact
		// when it fits, which needs none of the general path's contexts.
		if fv, ok := table.FitInt(col.Type, v); ok {
			return fv, true
		}
	}
	quiet := &expr.EvalCtx{Now: ctx.Now, Loc: ctx.Loc}
	wc := &table.WriteCtx{Eval: quiet, Strict: true, Row: 1}
	plain := *col
	plain.NotNull = false
	isTS := plain.Type.Tp == mysqldef.TypeTimestamp
	if isTS {
		// Compare in the session zone, then key by the UTC value rows
		// hold. A wall clock the zone repeats (a DST overlap) becomes one
		// of its two instants (expr.LocalInstant's choice), so the key
		// finds the rows stored at that one only.
		plain.Type.Tp = mysqldef.TypeDatetime
	}
	cv, err := wc.Coerce(&plain, v)
	if err != nil || expr.CompareValues(quiet, cv, v) != 0 {
		return expr.Value{}, false
	}
	if isTS {
		utc, ok := expr.TimestampToUTC(cv, quiet.Location())
		if !ok {
			return expr.Value{}, false // outside TIMESTAMP's range: scan and filter
		}
		cv = utc
	}
	return cv, true
}

// NeedsColumns reports whether sel mentions any of names (or *).
func NeedsColumns(sel *ast.SelectStmt, names ...string) bool {
	v := &columnFinder{names: names}
	sel.Accept(v)
	return v.found
}

type columnFinder struct {
	names []string
	found bool
}

func (v *columnFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.ColumnName:
		for _, name := range v.names {
			if strings.EqualFold(x.Name.O, name) {
				v.found = true
			}
		}
	case *ast.SelectField:
		// The field's Accept does not visit its WildCard.
		if x.WildCard != nil {
			v.found = true
		}
	}
	return n, v.found
}

func (v *columnFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

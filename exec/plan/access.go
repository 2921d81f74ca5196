package plan

import (
	"bytes"
	"slices"
	"sort"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// Access paths. The WHERE clause's conjuncts of the form `col op constant`
// pick how a table is read: primary-key points or range, a secondary index's
// points or range, or a full scan. The whole WHERE is still applied to every
// row read, so key ranges only need to contain the matching rows: a
// condition that cannot be turned into exact key bounds is left to the
// filter. That is also what makes prefix key parts (`KEY (c(10))`) safe:
// their key holds only the value's first characters, so bounds on such a
// part are cut to the prefix and made inclusive, and the rows found are
// candidates the filter decides on.

// colConstraint is what the conjuncts say about one column.
type colConstraint struct {
	eq      []expr.Value // col = v / col IN (...): allowed values (coerced)
	eqSet   bool
	lo, hi  *expr.Value // range bounds (coerced); nil: open
	loIncl  bool
	hiIncl  bool
	isNull  bool           // col IS NULL
	invalid bool           // contradictory or unusable constants: read nothing
	conds   []ast.ExprNode // the WHERE conjuncts merged into it
}

// keyRange is [lo, hi) in the key space of rows or of one index.
type keyRange struct{ lo, hi []byte }

// AccessPath is the chosen way to read a table.
type AccessPath struct {
	Index  *table.Index // nil: the primary key / row keys
	Ranges []keyRange
	Points bool // each range is exactly one key (a Get, not a scan)
	Full   bool
	Empty  bool // the WHERE cannot match any row
	// ordered: rows come in primary-key order (full or PK range scans).
	ordered bool
	// What EXPLAIN reports: the key parts fixed by equalities, whether a
	// range follows them (or the ranges are an OR's union), and the keys
	// some condition could narrow.
	EqCols   int
	Range    bool
	Possible []*table.Index // nil entry: PRIMARY
	// Exact are the WHERE conjuncts every row the ranges yield meets, so
	// the filter need not check them (exactConjuncts).
	Exact []ast.ExprNode
	// Reverse: the ranges are read last to first, each from its greatest
	// key down (ORDER BY ... DESC along a key). InOrder: the rows come in
	// the order the plan asked for (orderWant), so it needs no sort.
	Reverse, InOrder bool
	// IndexOnly: the index entries give every column the reader needs
	// (table.IndexCovers); no row is looked up.
	IndexOnly bool
	// seekIn, when set, is the key prefix all the ranges lie in (a join
	// lookup's index or rows): the scan keeps one iterator over the whole
	// prefix and seeks to each range, checking the range's end itself, so
	// that ascending lookups let the engine continue from where the last
	// one stopped (see TableScan.openRange).
	seekIn []byte
}

// wholeIndex reports a scan of a secondary index from its first entry to
// its last (MySQL's "index" access type).
func (a AccessPath) wholeIndex() bool {
	return a.Index != nil && a.EqCols == 0 && !a.Range && !a.Points && len(a.Ranges) == 1 && (a.InOrder || a.IndexOnly)
}

// PrimaryPoints returns the row keys of a point path on the primary key
// (each range one full row key), or false for any other path.
func (a AccessPath) PrimaryPoints(t *table.Table) ([][]byte, bool) {
	if !a.Points || a.Index != nil || a.Empty || a.Full || t.HasPKPrefix() {
		return nil, false
	}
	keys := make([][]byte, len(a.Ranges))
	for i, rg := range a.Ranges {
		keys[i] = rg.lo
	}
	return keys, true
}

// maxPoints caps the points an IN list may expand into before the plan
// falls back to a range scan.
const maxPoints = 4096

// PlanAccess chooses the access path for table t (named alias in where).
func (pl *Planner) PlanAccess(t *table.Table, alias string, where ast.ExprNode) AccessPath {
	return pl.planAccess(t, alias, where, nil, nil)
}

// planAccess is PlanAccess for a reader that would like its rows in the
// order want describes (nil: any order; see orderedPath) and needs only
// the columns reads marks (nil: all), which an index may give alone
// (IndexOnly).
func (pl *Planner) planAccess(t *table.Table, alias string, where ast.ExprNode, want *orderWant, reads []bool) AccessPath {
	ctx := pl.Env.EvalCtx()
	cons := make(map[int]*colConstraint)
	for _, c := range conjuncts(where) {
		if pl.neverTrue(ctx, c) {
			return AccessPath{Empty: true}
		}
		if off := pl.addConstraint(ctx, t, alias, c, cons); off >= 0 {
			cons[off].conds = append(cons[off].conds, c)
		}
	}
	for _, cc := range cons {
		if cc.invalid {
			return AccessPath{Empty: true}
		}
	}
	// A full scan reads rows in primary-key order; with a prefix part
	// that is not the order of the values (b(3), n: ('abcz', 0) before
	// ('abca', 1)).
	best := AccessPath{Full: true, ordered: !t.HasPKPrefix()}
	bestScore := 0
	try := func(ix *table.Index, offs []int, unique bool) {
		p, score := pl.pathFor(t, ix, offs, unique, cons)
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	if t.HasPrimaryKey() {
		try(nil, t.PKOffsets(), true)
	}
	for _, ix := range t.Indexes {
		try(ix, ix.Offsets(), ix.Unique)
	}
	if best.Full {
		// A disjunction on one key (k BETWEEN a AND b OR k BETWEEN c AND d)
		// reads the union of its ranges.
		for _, c := range conjuncts(where) {
			if p, ok := pl.orPath(ctx, t, alias, c); ok {
				if p.Index != nil && pl.rangeTooWide(t, p) {
					break // the full scan below
				}
				p.Possible = []*table.Index{p.Index}
				return p
			}
		}
	}
	if want != nil {
		if p, ok := orderedPath(t, best, where, want, reads); ok {
			p.Possible = possibleKeys(t, cons)
			if !p.Full {
				p.Exact = exactConjuncts(t, p, cons)
			}
			p.IndexOnly = t.IndexCovers(p.Index, reads)
			return p
		}
	}
	best.IndexOnly = t.IndexCovers(best.Index, reads)
	if best.Full && reads != nil {
		if ix := narrowestCovering(t, reads); ix != nil {
			// Every column read is in an index: its entries are smaller
			// than the rows (SELECT COUNT(*), SELECT k ... WHERE k + 1 > 5).
			prefix := t.IndexPrefix(ix)
			return AccessPath{Index: ix, Ranges: []keyRange{{lo: prefix, hi: storage.PrefixEnd(prefix)}},
				IndexOnly: true, Possible: possibleKeys(t, cons)}
		}
	}
	if best.Index != nil && best.Range && !best.IndexOnly && pl.rangeTooWide(t, best) {
		best = AccessPath{Full: true, ordered: !t.HasPKPrefix()}
	}
	best.Possible = possibleKeys(t, cons)
	if best.Full {
		best.Ranges = []keyRange{{lo: t.RowPrefix(), hi: storage.PrefixEnd(t.RowPrefix())}}
	} else {
		best.Exact = exactConjuncts(t, best, cons)
	}
	return best
}

// narrowestCovering returns the index with the fewest columns whose entries
// give every column reads marks (table.IndexCovers), or nil.
func narrowestCovering(t *table.Table, reads []bool) *table.Index {
	var best *table.Index
	for _, ix := range t.Indexes {
		if (best == nil || len(ix.Columns) < len(best.Columns)) && t.IndexCovers(ix, reads) {
			best = ix
		}
	}
	return best
}

// exactConjuncts lists the conjuncts a key path enforces exactly: those
// merged into the constraint of a key column the ranges are built from (the
// equality prefix, then the range column), when the column is an integer
// (its key bounds were coerced without loss: keyValueFor refuses anything
// else, and integers compare as they encode) stored whole in the key. A
// range column counts only for its bounds, not an IN list it also has.
func exactConjuncts(t *table.Table, path AccessPath, cons map[int]*colConstraint) []ast.ExprNode {
	offs := t.PKOffsets()
	if path.Index != nil {
		offs = path.Index.Offsets()
	}
	plens := t.KeyPrefixes(path.Index)
	used := path.EqCols
	if path.Range {
		used++
	}
	var out []ast.ExprNode
	for k := 0; k < used && k < len(offs); k++ {
		cc := cons[offs[k]]
		if cc == nil || cc.isNull || cc.invalid || partPrefix(plens, k) > 0 || !t.Columns[offs[k]].Type.IsInteger() {
			continue
		}
		if k == path.EqCols && cc.eqSet {
			continue // the range column: its equality values were not used
		}
		if out == nil {
			out = slices.Clip(cc.conds) // the usual one column: no copy
		} else {
			out = append(out, cc.conds...)
		}
	}
	return out
}

// orPath plans `d1 OR d2 OR ...` when every disjunct narrows the same key;
// the ranges are merged so no row is read twice.
func (pl *Planner) orPath(ctx *expr.EvalCtx, t *table.Table, alias string, e ast.ExprNode) (AccessPath, bool) {
	ds := disjuncts(e)
	if len(ds) < 2 {
		return AccessPath{}, false
	}
	keys := []struct {
		ix     *table.Index
		offs   []int
		unique bool
	}{}
	if t.HasPrimaryKey() {
		keys = append(keys, struct {
			ix     *table.Index
			offs   []int
			unique bool
		}{nil, t.PKOffsets(), true})
	}
	for _, ix := range t.Indexes {
		keys = append(keys, struct {
			ix     *table.Index
			offs   []int
			unique bool
		}{ix, ix.Offsets(), ix.Unique})
	}
next:
	for _, k := range keys {
		var ranges []keyRange
		for _, d := range ds {
			cons := make(map[int]*colConstraint)
			for _, c := range conjuncts(d) {
				pl.addConstraint(ctx, t, alias, c, cons)
			}
			if cc := cons[k.offs[0]]; cc != nil && cc.invalid {
				continue // this disjunct matches nothing
			}
			p, score := pl.pathFor(t, k.ix, k.offs, k.unique, cons)
			if score == 0 {
				continue next
			}
			for _, r := range p.Ranges {
				if p.Points {
					r.hi = storage.PrefixEnd(r.lo)
				}
				ranges = append(ranges, r)
			}
		}
		return AccessPath{Index: k.ix, Ranges: mergeRanges(ranges), Range: true}, true
	}
	return AccessPath{}, false
}

// disjuncts splits an expression at its top-level ORs.
func disjuncts(e ast.ExprNode) []ast.ExprNode {
	switch x := e.(type) {
	case *ast.BinaryOperationExpr:
		if x.Op == opcode.LogicOr {
			return append(disjuncts(x.L), disjuncts(x.R)...)
		}
	case *ast.ParenthesesExpr:
		return disjuncts(x.Expr)
	}
	return []ast.ExprNode{e}
}

// mergeRanges sorts ranges and merges overlapping or touching ones.
func mergeRanges(rs []keyRange) []keyRange {
	sort.Slice(rs, func(i, j int) bool { return bytes.Compare(rs[i].lo, rs[j].lo) < 0 })
	var out []keyRange
	for _, r := range rs {
		if n := len(out); n > 0 && bytes.Compare(r.lo, out[n-1].hi) <= 0 {
			if bytes.Compare(r.hi, out[n-1].hi) > 0 {
				out[n-1].hi = r.hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// pathFor builds the ranges one key (primary or index) gives, and a score:
// full equality on a unique key beats everything, then longer equality
// prefixes, then a range on the next column.
func (pl *Planner) pathFor(t *table.Table, ix *table.Index, offs []int, unique bool, cons map[int]*colConstraint) (AccessPath, int) {
	if len(offs) == 0 || cons[offs[0]] == nil {
		return AccessPath{}, 0 // nothing narrows the key's first column
	}
	prefixes := [][]byte{t.RowPrefix()}
	if ix != nil {
		prefixes = [][]byte{t.IndexPrefix(ix)}
	}
	plens := t.KeyPrefixes(ix)
	eqCols := 0
	for k, off := range offs {
		plen := partPrefix(plens, k)
		cc := cons[off]
		if cc == nil || !(cc.eqSet || cc.isNull) {
			break
		}
		vals := cc.eq
		if cc.isNull {
			vals = []expr.Value{{}}
		}
		if len(prefixes)*len(vals) > maxPoints {
			break
		}
		var next [][]byte
		for _, p := range prefixes {
			for _, v := range vals {
				next = append(next, table.AppendKeyPart(append([]byte(nil), p...), v, t.Columns[off].Type, plen))
			}
		}
		if plen > 0 {
			next = dedupKeys(next) // values sharing a prefix share the key
		}
		prefixes = next
		eqCols++
	}
	score := eqCols * 10
	// Rows come in key order only when the key holds whole values.
	path := AccessPath{Index: ix, ordered: ix == nil && len(prefixes) == 1 && !t.HasPKPrefix(), EqCols: eqCols}
	if eqCols == len(offs) && unique && !anyNullEq(cons, offs) {
		path.Points = true
		for _, p := range prefixes {
			path.Ranges = append(path.Ranges, keyRange{lo: p})
		}
		return path, 1000 + score
	}
	var rng *colConstraint
	if eqCols < len(offs) {
		if cc := cons[offs[eqCols]]; cc != nil && (cc.lo != nil || cc.hi != nil) {
			rng = cc
			score += 5
			path.Range = true
		}
	}
	if score == 0 {
		return path, 0
	}
	var typ expr.SQLType
	var rplen uint32
	if eqCols < len(offs) {
		typ = t.Columns[offs[eqCols]].Type
		rplen = partPrefix(plens, eqCols)
	}
	for _, p := range prefixes {
		path.Ranges = append(path.Ranges, rangeFor(p, rng, typ, rplen))
	}
	if ix == nil {
		score++ // the row itself: no second lookup
	}
	return path, score
}

// possibleKeys lists the keys whose first column some conjunct narrows
// (EXPLAIN's possible_keys); a nil entry is the primary key.
func possibleKeys(t *table.Table, cons map[int]*colConstraint) []*table.Index {
	var out []*table.Index
	usable := func(offs []int) bool {
		if len(offs) == 0 {
			return false
		}
		cc := cons[offs[0]]
		return cc != nil && (cc.eqSet || cc.isNull || cc.lo != nil || cc.hi != nil)
	}
	if t.HasPrimaryKey() && usable(t.PKOffsets()) {
		out = append(out, nil)
	}
	for _, ix := range t.Indexes {
		if usable(ix.Offsets()) {
			out = append(out, ix)
		}
	}
	return out
}

func anyNullEq(cons map[int]*colConstraint, offs []int) bool {
	for _, off := range offs {
		if cons[off].isNull {
			return true
		}
	}
	return false
}

// rangeFor turns a prefix and an optional range on the next column into
// key bounds. A range excludes NULLs (which encode lowest). On a part
// with prefix length plen the bounds are cut to the prefix and inclusive:
// 'abcd' < c holds for c = 'abcz', whose key is 'abc' under c(3).
func rangeFor(prefix []byte, cc *colConstraint, t expr.SQLType, plen uint32) keyRange {
	r := keyRange{lo: prefix, hi: storage.PrefixEnd(prefix)}
	if cc == nil {
		return r
	}
	r.lo = append(append([]byte(nil), prefix...), expr.KeyValueTag)
	if cc.lo != nil {
		k := table.AppendKeyPart(append([]byte(nil), prefix...), *cc.lo, t, plen)
		if cc.loIncl || plen > 0 {
			r.lo = k
		} else {
			r.lo = storage.PrefixEnd(k)
		}
	}
	if cc.hi != nil {
		k := table.AppendKeyPart(append([]byte(nil), prefix...), *cc.hi, t, plen)
		if cc.hiIncl || plen > 0 {
			r.hi = storage.PrefixEnd(k)
		} else {
			r.hi = k
		}
	}
	return r
}

// partPrefix is key part i's prefix length (0: the whole column).
func partPrefix(plens []uint32, i int) uint32 {
	if i < len(plens) {
		return plens[i]
	}
	return 0
}

// dedupKeys drops repeated keys, keeping the first of each.
func dedupKeys(keys [][]byte) [][]byte {
	seen := make(map[string]bool, len(keys))
	out := keys[:0]
	for _, k := range keys {
		if !seen[string(k)] {
			seen[string(k)] = true
			out = append(out, k)
		}
	}
	return out
}

// conjuncts splits a WHERE clause at its top-level ANDs.
func conjuncts(e ast.ExprNode) []ast.ExprNode {
	if e == nil {
		return nil
	}
	switch x := e.(type) {
	case *ast.BinaryOperationExpr:
		if x.Op == opcode.LogicAnd {
			return append(conjuncts(x.L), conjuncts(x.R)...)
		}
	case *ast.ParenthesesExpr:
		return conjuncts(x.Expr)
	}
	return []ast.ExprNode{e}
}

// columnOf returns the offset of a column reference to t (or -1).
func columnOf(t *table.Table, alias string, e ast.ExprNode) int {
	for {
		p, ok := e.(*ast.ParenthesesExpr)
		if !ok {
			break
		}
		e = p.Expr
	}
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok {
		return -1
	}
	if q := c.Name.Table.O; q != "" && q != alias {
		return -1
	}
	return t.Column(c.Name.Name.O)
}

// keyConstant evaluates e if it is a constant and coerces it to column
// off's type exactly; ok is false when it cannot serve as a key bound.
func (pl *Planner) keyConstant(ctx *expr.EvalCtx, t *table.Table, off int, e ast.ExprNode) (v expr.Value, ok bool) {
	if pm, isParam := e.(*test_driver.ParamMarkerExpr); isParam {
		// A prepared or cached statement's `col = ?`, planned on every
		// execution: the bound value, without compiling the marker.
		if pm.Order < 0 || pm.Order >= len(ctx.Params) {
			return expr.Value{}, false
		}
		raw := ctx.Params[pm.Order]
		if raw.IsNull() {
			return raw, true
		}
		if t.Columns[off].Type.Tp == mysqldef.TypeYear {
			raw = expr.YearConstant(raw) // as the comparison reads it
		}
		return pl.keyValueFor(ctx, t, off, raw)
	}
	if !isConstExpr(e) {
		return expr.Value{}, false
	}
	raw, err := pl.Env.EvalConst(e)
	if err != nil || raw.IsNull() {
		return raw, err == nil && raw.IsNull()
	}
	if lit, ok := e.(*test_driver.ValueExpr); ok && lit.Kind() == test_driver.KindBinaryLiteral && t.Columns[off].Type.Tp == mysqldef.TypeBit {
		// b'101' or 0x05 against a BIT column compares as its number
		// (expr's hex-literal rule), so it is a key bound as that number.
		raw = expr.UintValue(expr.HexLiteralUint(raw.Str()))
	}
	if t.Columns[off].Type.Tp == mysqldef.TypeYear {
		raw = expr.YearConstant(raw) // as the comparison reads it
	}
	return pl.keyValueFor(ctx, t, off, raw)
}

// kindsComparableByKey reports whether comparing a column of type t with
// v uses the column's own ordering (so key bounds are valid): numbers with
// numbers, text with text, temporals with temporals or text.
func kindsComparableByKey(t expr.SQLType, v expr.Value) bool {
	switch {
	case t.IsInteger() || t.Tp == mysqldef.TypeBit || t.Tp == mysqldef.TypeNewDecimal || t.Tp == mysqldef.TypeFloat || t.Tp == mysqldef.TypeDouble:
		return v.IsNumeric()
	case t.Tp == mysqldef.TypeEnum:
		return false // ENUM compares by string but orders by index
	case t.IsString():
		return v.IsStringKind()
	case t.Tp == mysqldef.TypeDate || t.Tp == mysqldef.TypeDatetime || t.Tp == mysqldef.TypeTimestamp || t.Tp == mysqldef.TypeTime:
		return v.IsTemporal() || v.IsStringKind()
	}
	return false
}

// addConstraint records what conjunct e says about one column, if anything,
// and returns that column's offset (-1: nothing recorded, or not all of e).
func (pl *Planner) addConstraint(ctx *expr.EvalCtx, t *table.Table, alias string, e ast.ExprNode, cons map[int]*colConstraint) int {
	get := func(off int) *colConstraint {
		cc := cons[off]
		if cc == nil {
			cc = &colConstraint{}
			cons[off] = cc
		}
		return cc
	}
	switch x := e.(type) {
	case *ast.ParenthesesExpr:
		return pl.addConstraint(ctx, t, alias, x.Expr, cons)
	case *ast.BinaryOperationExpr:
		op := x.Op
		off := columnOf(t, alias, x.L)
		other := x.R
		if off < 0 {
			off, other = columnOf(t, alias, x.R), x.L
			op = flipCompare(op)
		}
		if off < 0 {
			return -1
		}
		switch op {
		case opcode.EQ, opcode.LT, opcode.LE, opcode.GT, opcode.GE:
		default:
			return -1
		}
		v, ok := pl.keyConstant(ctx, t, off, other)
		if !ok {
			return -1
		}
		cc := get(off)
		if v.IsNull() {
			cc.invalid = true // col op NULL is never true
			return -1
		}
		switch op {
		case opcode.EQ:
			cc.intersectEq(ctx, []expr.Value{v})
		case opcode.LT:
			cc.tightenHi(ctx, v, false)
		case opcode.LE:
			cc.tightenHi(ctx, v, true)
		case opcode.GT:
			cc.tightenLo(ctx, v, false)
		case opcode.GE:
			cc.tightenLo(ctx, v, true)
		}
		return off
	case *ast.BetweenExpr:
		off := columnOf(t, alias, x.Expr)
		if off < 0 || x.Not {
			return -1
		}
		lo, ok1 := pl.keyConstant(ctx, t, off, x.Left)
		hi, ok2 := pl.keyConstant(ctx, t, off, x.Right)
		if !ok1 || !ok2 {
			return -1
		}
		cc := get(off)
		if lo.IsNull() || hi.IsNull() {
			cc.invalid = true
			return -1
		}
		cc.tightenLo(ctx, lo, true)
		cc.tightenHi(ctx, hi, true)
		return off
	case *ast.PatternInExpr:
		off := columnOf(t, alias, x.Expr)
		if off < 0 || x.Not || x.Sel != nil || len(x.List) > maxPoints {
			return -1
		}
		var vals []expr.Value
		for _, item := range x.List {
			v, ok := pl.keyConstant(ctx, t, off, item)
			if !ok {
				return -1
			}
			if !v.IsNull() {
				vals = append(vals, v)
			}
		}
		get(off).intersectEq(ctx, vals)
		return off
	case *ast.IsNullExpr:
		off := columnOf(t, alias, x.Expr)
		if off < 0 || x.Not {
			return -1
		}
		cc := get(off)
		if t.Columns[off].NotNull {
			cc.invalid = true
			return -1
		}
		cc.isNull = true
	}
	return -1
}

func flipCompare(op opcode.Op) opcode.Op {
	switch op {
	case opcode.LT:
		return opcode.GT
	case opcode.LE:
		return opcode.GE
	case opcode.GT:
		return opcode.LT
	case opcode.GE:
		return opcode.LE
	}
	return op
}

func (cc *colConstraint) intersectEq(ctx *expr.EvalCtx, vals []expr.Value) {
	if !cc.eqSet {
		cc.eq, cc.eqSet = dedupValues(ctx, vals), true
	} else {
		var keep []expr.Value
		for _, a := range cc.eq {
			for _, b := range vals {
				if expr.CompareValues(ctx, a, b) == 0 {
					keep = append(keep, a)
					break
				}
			}
		}
		cc.eq = keep
	}
	cc.applyRangeToEq(ctx)
}

func dedupValues(ctx *expr.EvalCtx, vals []expr.Value) []expr.Value {
	var out []expr.Value
outer:
	for _, v := range vals {
		for _, o := range out {
			if expr.CompareValues(ctx, v, o) == 0 {
				continue outer
			}
		}
		out = append(out, v)
	}
	return out
}

func (cc *colConstraint) tightenLo(ctx *expr.EvalCtx, v expr.Value, incl bool) {
	if cc.lo == nil || expr.CompareValues(ctx, v, *cc.lo) > 0 || (expr.CompareValues(ctx, v, *cc.lo) == 0 && !incl) {
		cc.lo, cc.loIncl = &v, incl
	}
	cc.applyRangeToEq(ctx)
}

func (cc *colConstraint) tightenHi(ctx *expr.EvalCtx, v expr.Value, incl bool) {
	if cc.hi == nil || expr.CompareValues(ctx, v, *cc.hi) < 0 || (expr.CompareValues(ctx, v, *cc.hi) == 0 && !incl) {
		cc.hi, cc.hiIncl = &v, incl
	}
	cc.applyRangeToEq(ctx)
}

// applyRangeToEq drops equality values outside the range; an empty result
// means nothing matches.
func (cc *colConstraint) applyRangeToEq(ctx *expr.EvalCtx) {
	if cc.lo != nil && cc.hi != nil {
		c := expr.CompareValues(ctx, *cc.lo, *cc.hi)
		if c > 0 || (c == 0 && !(cc.loIncl && cc.hiIncl)) {
			cc.invalid = true
		}
	}
	if !cc.eqSet {
		return
	}
	var keep []expr.Value
	for _, v := range cc.eq {
		if cc.lo != nil {
			c := expr.CompareValues(ctx, v, *cc.lo)
			if c < 0 || (c == 0 && !cc.loIncl) {
				continue
			}
		}
		if cc.hi != nil {
			c := expr.CompareValues(ctx, v, *cc.hi)
			if c > 0 || (c == 0 && !cc.hiIncl) {
				continue
			}
		}
		keep = append(keep, v)
	}
	cc.eq = keep
	if len(keep) == 0 {
		cc.invalid = true
	}
}

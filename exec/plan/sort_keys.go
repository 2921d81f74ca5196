package plan

import (
	"strings"
	"unsafe"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// ORDER BY: resolving its items, and the sort keys computed per row.

// orderKeyFor resolves one ORDER BY item: a position, a select alias, or
// an expression over the source rows.
func (pl *Planner) orderKeyFor(it *ast.ByItem, scope *expr.Scope, cols []expr.Column, p *SelectPlan, aggregated map[string]bool) (orderKey, error) {
	k := orderKey{out: -1, desc: it.Desc}
	switch x := it.Expr.(type) {
	case *ast.PositionExpr:
		if x.N < 1 || x.N > len(cols) {
			return k, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%d' in 'order clause'", x.N)
		}
		k.out = x.N - 1
		return k, nil
	case *ast.ColumnNameExpr:
		if x.Name.Table.O == "" {
			for i, c := range cols {
				if strings.EqualFold(c.Name, x.Name.Name.O) && (c.OrgName == "" || strings.EqualFold(c.OrgName, c.Name) || !p.hasColumn(c.Name)) {
					k.out = i
					return k, nil
				}
			}
		}
	}
	e, err := expr.Compile(it.Expr, scope)
	if err != nil {
		if alt, ok, aerr := pl.orderKeyOverAliases(it, scope, cols, p, k, aggregated); ok || aerr != nil {
			return alt, aerr
		}
		return k, err
	}
	k.expr = e
	return k, nil
}

// orderKeyOverAliases compiles an ORDER BY expression that names
// select-list aliases inside it (ORDER BY LENGTH(l) for ... AS l), which
// MySQL allows: the aliases become columns after the row's own, so the
// key is evaluated over the row followed by its output values. Only
// aliases no source column is named like take part, so a name that
// resolved before still means the same column. ok is false when the
// expression does not compile that way either (the caller reports the
// first error). An alias of an aggregate is refused with 1247, as MySQL and
// MariaDB do (a bare one is fine: it names the output column).
func (pl *Planner) orderKeyOverAliases(it *ast.ByItem, scope *expr.Scope, cols []expr.Column, p *SelectPlan, k orderKey, aggregated map[string]bool) (orderKey, bool, error) {
	wide := &expr.Scope{Env: scope.Env, Windows: scope.Windows, Columns: append([]expr.ScopeColumn(nil), scope.Columns...)}
	added := false
	for _, c := range cols {
		if p.hasColumn(c.Name) {
			// Not an alias of its own (or shadowing a column): a
			// placeholder keeps the output positions.
			wide.Columns = append(wide.Columns, expr.ScopeColumn{Table: expr.AggTable, Name: expr.SyntheticName("out"), Type: c.Type})
			continue
		}
		wide.Columns = append(wide.Columns, expr.ScopeColumn{Name: c.Name, Type: c.Type})
		added = true
	}
	if !added {
		return k, false, nil
	}
	e, err := expr.Compile(it.Expr, wide)
	if err != nil {
		return k, false, nil
	}
	for _, ref := range columnRefs(it.Expr) {
		if n := ref.Name.Name.O; ref.Name.Table.O == "" && aggregated[strings.ToLower(n)] && !p.hasColumn(n) {
			return k, false, mysqldef.NewError(mysqldef.ErrIllegalReference, "Reference '%s' not supported (reference to group function)", n)
		}
	}
	k.expr, k.withOutputs = e, len(scope.Columns)
	return k, true, nil
}

// pkOrdered reports whether ORDER BY asks for exactly the order the scan
// produces (ascending primary key), so no sort is needed.
func (p *SelectPlan) pkOrdered() bool {
	if p.Table == nil || len(p.Order) == 0 || p.Grouped || p.Distinct || p.win != nil || !p.Path.ordered || p.Path.Index != nil || !p.Table.HasPrimaryKey() {
		return false
	}
	if len(p.Order) > len(p.Table.PKOffsets()) {
		return false
	}
	for i, k := range p.Order {
		if k.desc {
			return false
		}
		x := k.expr
		if k.out >= 0 {
			x = p.Fields[k.out]
		}
		if idx, ok := expr.ColumnIndex(x); !ok || idx != p.Table.PKOffsets()[i] {
			return false
		}
	}
	return true
}

func (p *SelectPlan) orderValues(ctx *expr.EvalCtx, row, vals []expr.Value) ([]expr.Value, error) {
	if len(p.Order) == 0 {
		return nil, nil
	}
	return p.orderValuesInto(ctx, row, vals, make([]expr.Value, len(p.Order)), nil)
}

// orderValuesInto computes the sort keys into keys (len(p.Order) long; nil
// without ORDER BY). Text keys' collation weights go into arena when there
// is one (nil: each its own allocation).
func (p *SelectPlan) orderValuesInto(ctx *expr.EvalCtx, row, vals, keys []expr.Value, arena *keyArena) ([]expr.Value, error) {
	if len(p.Order) == 0 {
		return nil, nil
	}
	for i, k := range p.Order {
		if k.out >= 0 {
			keys[i] = vals[k.out]
		} else {
			src := row
			if k.withOutputs > 0 {
				// Rare (an alias inside an ORDER BY expression): one
				// slice per row.
				src = append(append(make([]expr.Value, 0, k.withOutputs+len(vals)), row[:k.withOutputs]...), vals...)
			}
			v, err := k.expr.Eval(ctx, src)
			if err != nil {
				return nil, err
			}
			keys[i] = v
		}
		switch {
		case k.enum != nil && !keys[i].IsNull():
			keys[i] = expr.IntValue(int64(enumPosition(k.enum, keys[i].Str())))
		case keys[i].Kind() == expr.KindString:
			// Sort by the collation's weights, computed once per row rather
			// than per comparison.
			keys[i] = expr.BinaryStringValue(arena.collationKey(keys[i].Str()))
		}
	}
	return keys, nil
}

// enumMembers returns the members of the ENUM column an ORDER BY key
// names directly, or nil.
func (p *SelectPlan) enumMembers(k orderKey) []string {
	x := k.expr
	if k.out >= 0 {
		x = p.Fields[k.out]
	}
	idx, ok := expr.ColumnIndex(x)
	if !ok || idx >= p.width {
		return nil
	}
	if _, c := p.columnAt(idx); c != nil && c.Type.Tp == mysqldef.TypeEnum {
		return c.Type.Elems
	}
	return nil
}

// enumPosition is a member's 1-based position (” sorts first, as 0).
func enumPosition(members []string, v string) int {
	for i, m := range members {
		if m == v {
			return i + 1
		}
	}
	return 0
}

// keyArena holds the collation keys of one statement's text sort keys in a
// few shared chunks instead of one allocation per row: an ORDER BY over a
// hundred rows of 120 characters made 24 KB of garbage per execution. A key
// is a string over its chunk's bytes; a chunk is only ever appended to, so
// a full one left behind stays valid for the keys in it. The keys must not
// outlive the statement: the collector resets the last chunk for reuse.
type keyArena struct{ buf []byte }

// keyChunk is the size of a first chunk (a key longer than that gets a
// chunk of its own size).
const keyChunk = 16 << 10

// collationKey returns s's collation key (expr.CollationKeyString) held in
// the arena; a nil arena allocates it.
func (a *keyArena) collationKey(s string) string {
	if a == nil {
		return expr.CollationKeyString(s)
	}
	if s == "" {
		return ""
	}
	if cap(a.buf)-len(a.buf) < 2*len(s) {
		// Each new chunk twice the last (to a bound), so that a statement
		// that outgrew one finds a large enough chunk in the pool next time.
		a.buf = make([]byte, 0, max(keyChunk, min(2*cap(a.buf), maxPooledKeyBytes), 2*len(s)))
	}
	start := len(a.buf)
	// Non-ASCII text may need more than two bytes per byte; append then
	// moves to a new array and the old one stays as the earlier keys had it.
	a.buf = expr.AppendCollationKey(a.buf, s)
	if len(a.buf) == start {
		return ""
	}
	return unsafe.String(&a.buf[start], len(a.buf)-start)
}

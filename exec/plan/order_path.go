package plan

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// ORDER BY along a key.
//
// Keys encode values so that they compare bytewise as SQL compares them
// (expr.AppendKeyValue: NULL first, text by collation weight), so a scan
// along a key yields its columns in ORDER BY's order, and backwards in
// DESC order. A single-table SELECT whose ORDER BY names a prefix of a
// key's columns, all ascending or all descending, then needs no sort:
//
//   - along the primary key, a full scan or a primary-key range, read
//     backwards for DESC (`ORDER BY id DESC LIMIT 10`: the last ten rows);
//   - along a secondary index, the range WHERE already chose on it
//     (`WHERE k > ? ORDER BY k LIMIT 5`: five index entries, even when the
//     range is too wide to be worth reading whole), or, with no WHERE at
//     all and a LIMIT of at most maxOrderedLimit rows, the whole index
//     (`ORDER BY k LIMIT 10`). Each entry costs a row lookup, so without a
//     LIMIT a full scan and a sort stay cheaper; with a WHERE the index
//     does not narrow, how many entries the LIMIT would take is unknown.
//     An index that holds every column the statement reads costs no
//     lookups (IndexOnly): it is read in order whatever the LIMIT and the
//     WHERE (`SELECT id, k FROM t ORDER BY k`).
//
// Rows then stream and LIMIT stops the scan. Key parts with a prefix
// length, ENUM and SET columns (which sort by member number, not by the
// text the key holds), and several ranges (an IN list's points) are not
// used for order.

// maxOrderedLimit bounds the LIMIT (offset included) for which a whole
// secondary index is read in order instead of scanning and sorting.
const maxOrderedLimit = 10000

// orderWant is the order a plan would like its rows in: the table's
// columns cols, all descending or all ascending, and how many rows it
// needs at most (limit; ^0 when unlimited).
type orderWant struct {
	cols  []int
	desc  bool
	limit uint64
}

// orderWanted describes the plan's ORDER BY as an orderWant, or nil when
// it is not a list of plain columns of one table in one direction.
func (p *SelectPlan) orderWanted() *orderWant {
	if p.Table == nil || len(p.Rels) != 1 || p.Rels[0].Src != nil || p.src != nil ||
		len(p.fullOrder) == 0 || p.Grouped || (p.Distinct && !p.distinctAdjacent) || p.win != nil {
		return nil
	}
	w := &orderWant{desc: p.fullOrder[0].desc, limit: ^uint64(0)}
	if p.Limit != ^uint64(0) {
		w.limit = p.Limit + p.Offset
	}
	for _, k := range p.fullOrder {
		x := k.expr
		if k.out >= 0 {
			x = p.Fields[k.out]
		}
		idx, ok := p.keyOrderedColumn(x)
		if !ok || k.desc != w.desc || k.enum != nil || k.withOutputs > 0 {
			return nil
		}
		w.cols = append(w.cols, idx)
	}
	return w
}

// orderedPath returns the path that yields want's order, built from best
// (the path WHERE chose), or false.
func orderedPath(t *table.Table, best AccessPath, where ast.ExprNode, want *orderWant, reads []bool) (AccessPath, bool) {
	if best.Empty || best.Points {
		return best, false
	}
	if t.HasPrimaryKey() && best.Index == nil && best.ordered && len(best.Ranges) <= 1 && keyLeads(t, nil, want.cols) {
		if best.Full {
			best.Ranges = []keyRange{{lo: t.RowPrefix(), hi: storage.PrefixEnd(t.RowPrefix())}}
		}
		best.Reverse, best.InOrder = want.desc, true
		return best, true
	}
	for _, ix := range t.Indexes {
		if !keyLeads(t, ix, want.cols) {
			continue
		}
		if best.Index == ix && len(best.Ranges) == 1 && best.EqCols == 0 {
			best.Reverse, best.InOrder = want.desc, true
			return best, true
		}
		covers := t.IndexCovers(ix, reads)
		if best.Full && ((where == nil && want.limit <= maxOrderedLimit) || covers) {
			prefix := t.IndexPrefix(ix)
			return AccessPath{Index: ix, Ranges: []keyRange{{lo: prefix, hi: storage.PrefixEnd(prefix)}},
				Reverse: want.desc, InOrder: true, IndexOnly: covers}, true
		}
	}
	return best, false
}

// keyLeads reports whether cols are the first columns of key ix (nil: the
// primary key), each stored whole (no prefix length). A secondary index's
// entries end with the primary key (or are unique without it), so its
// order continues with the primary key's columns.
func keyLeads(t *table.Table, ix *table.Index, cols []int) bool {
	offs := t.PKOffsets()
	if ix != nil {
		offs = ix.Offsets()
		if !t.HasPKPrefix() {
			offs = append(offs[:len(offs):len(offs)], t.PKOffsets()...)
		}
	}
	if len(cols) > len(offs) {
		return false
	}
	plens := t.KeyPrefixes(ix)
	for i, c := range cols {
		if offs[i] != c || partPrefix(plens, i) != 0 {
			return false
		}
	}
	return true
}

// groupWanted describes the plan's GROUP BY as an orderWant (ascending,
// no limit) when it is a list of plain columns of one table: rows in that
// order let each group finish as the next begins (accumulateInOrder).
// Only a path that costs no more than the scan it replaces qualifies
// (orderedPath: the primary key, an index range already chosen, or an
// index holding every column read).
func (p *SelectPlan) groupWanted() *orderWant {
	if p.Table == nil || len(p.Rels) != 1 || p.Rels[0].Src != nil || p.src != nil ||
		!p.Grouped || p.rowGroups || len(p.group) == 0 || p.win != nil {
		return nil
	}
	w := &orderWant{limit: ^uint64(0)}
	for _, g := range p.group {
		idx, ok := p.keyOrderedColumn(g)
		if !ok {
			return nil
		}
		w.cols = append(w.cols, idx)
	}
	return w
}

// keyOrderedColumn returns the table column x reads, when x is a plain
// column whose key order is its SQL order (not ENUM or SET, which sort by
// member number while their keys hold the text).
func (p *SelectPlan) keyOrderedColumn(x expr.Expr) (int, bool) {
	idx, ok := expr.ColumnIndex(x)
	if !ok {
		return 0, false
	}
	switch p.Table.Columns[idx].Type.Tp {
	case mysqldef.TypeEnum, mysqldef.TypeSet:
		return 0, false
	}
	return idx, true
}

// orderCoversOutputs reports an ORDER BY whose keys are select-list
// columns (ascending or descending, no ENUM member order) naming every
// column of the select list: rows in that order have equal select lists
// next to each other.
func (p *SelectPlan) orderCoversOutputs() bool {
	if len(p.fullOrder) == 0 || p.Grouped || p.win != nil {
		return false
	}
	named := make([]bool, len(p.Fields))
	for _, k := range p.fullOrder {
		if k.out < 0 || k.enum != nil || k.withOutputs > 0 {
			return false
		}
		// Not floating point: -0 and 0 are one value to DISTINCT but may
		// sort apart, with rows of another column between them.
		if tp := p.Fields[k.out].Type().Type; tp == mysqldef.TypeFloat || tp == mysqldef.TypeDouble {
			return false
		}
		named[k.out] = true
	}
	for _, n := range named {
		if !n {
			return false
		}
	}
	return true
}

// distinctStreams reports a DISTINCT whose rows come in an order that
// puts duplicates next to each other (distinctAdjacent, and this run's
// access path yields the ORDER BY): each row is compared with the one
// before instead of being buffered.
func (p *SelectPlan) distinctStreams() bool {
	return p.Distinct && p.distinctAdjacent && len(p.Order) == 0
}

// adjacentDistinct drops a streamed row equal to the one before it, as
// DISTINCT compares (collations included: the rows' group keys).
type adjacentDistinct struct {
	prev, cur []byte
	seen      bool
}

func (d *adjacentDistinct) repeats(vals []expr.Value) bool {
	d.cur = expr.AppendGroupKey(d.cur[:0], vals)
	if d.seen && string(d.cur) == string(d.prev) {
		return true
	}
	d.prev, d.cur, d.seen = d.cur, d.prev, true
	return false
}

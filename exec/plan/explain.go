package plan

import (
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// EXPLAIN in MySQL's traditional format: one row per relation of the
// SELECT, in the order the nested loops read them, each saying how the
// plan reads it. The type column is the access path this planner chose:
// const (one primary-key or unique point), eq_ref / ref (a key lookup per
// row of the earlier relations, unique or not), range (key ranges or
// several points), ALL (a full scan); materialised relations (derived
// tables, CTEs, views) are scanned whole. rows is counted along the path
// (up to explainRowCap keys), not guessed from statistics; filtered is
// always 100.00 (the planner keeps no selectivity estimates).

// explainRowCap bounds the keys EXPLAIN counts per relation.
const explainRowCap = 1 << 20

// ExplainColumns are EXPLAIN's result columns.
func ExplainColumns() []expr.Column {
	text := func(name string) expr.Column {
		return expr.Column{Name: name, Type: expr.ColumnType{Type: mysqldef.TypeVarString, Length: 256, Collation: mysqldef.CollationUTF8MB40900}}
	}
	num := func(name string) expr.Column {
		return expr.Column{Name: name, Type: expr.ColumnType{Type: mysqldef.TypeLongLong, Length: 21, Collation: mysqldef.CollationBinary}}
	}
	return []expr.Column{num("id"), text("select_type"), text("table"), text("partitions"), text("type"),
		text("possible_keys"), text("key"), text("key_len"), text("ref"), num("rows"),
		{Name: "filtered", Type: expr.ColumnType{Type: mysqldef.TypeNewDecimal, Length: 7, Decimals: 2, Collation: mysqldef.CollationBinary}},
		text("Extra")}
}

// Explain describes the plan's reads of r (the statement's transaction).
// selectType is SIMPLE, or PRIMARY when subqueries ran beside it.
func (p *SelectPlan) Explain(r storage.Reader, sel *ast.SelectStmt, selectType string) ([][]expr.Value, error) {
	null := expr.NullValue()
	for _, rel := range p.Rels {
		if rel.path.Empty && !rel.inLeftNest {
			return [][]expr.Value{{expr.IntValue(1), str(selectType), null, null, null, null, null, null, null, null, null,
				str("Impossible WHERE")}}, nil
		}
	}
	attached := p.attachConditions(sel)
	var out [][]expr.Value
	for i, rel := range p.Rels {
		row, err := p.explainRelation(r, rel, attached[i])
		if err != nil {
			return nil, err
		}
		extra := row.extra
		if i == 0 {
			if (p.Grouped && !p.groupsInOrder) || (p.Distinct && !p.distinctStreams()) {
				extra = append(extra, "Using temporary")
			}
			if len(p.Order) > 0 {
				extra = append(extra, "Using filesort")
			}
		}
		out = append(out, []expr.Value{expr.IntValue(1), str(selectType), str(rel.Alias), null, str(row.typ),
			strOrNull(row.possible), strOrNull(row.key), strOrNull(row.keyLen), strOrNull(row.ref),
			expr.IntValue(row.rows), expr.DecimalValue(apd.New(10000, -2)), strOrNull(strings.Join(extra, "; "))})
	}
	return out, nil
}

type explainRow struct {
	typ, possible, key, keyLen, ref string
	rows                            int64
	extra                           []string
}

func (p *SelectPlan) explainRelation(r storage.Reader, rel *Relation, conds int) (explainRow, error) {
	var row explainRow
	t := rel.Table
	if rel.Src != nil {
		n, err := countAlong(rel.Src, t, rel.path)
		row.typ, row.rows = "ALL", n
		if conds > 0 {
			row.extra = append(row.extra, "Using where")
		}
		return row, err
	}
	path := rel.path
	if l := rel.Lookup; l != nil {
		row.possible = keyNames(append(append([]*table.Index(nil), l.possible...), path.Possible...))
		row.key = keyName(l.Index)
		row.keyLen = strconv.Itoa(keyLen(t, l.offs, t.KeyPrefixes(l.Index)))
		row.ref = strings.Join(l.refs, ",")
		row.typ, row.rows = "eq_ref", 1
		if !l.unique {
			row.typ = "ref"
			n, err := rowsPerKey(r, t, l.offs)
			if err != nil {
				return row, err
			}
			row.rows = n
		}
		if conds > len(l.offs) || (conds > 0 && anyPartPrefix(t.KeyPrefixes(l.Index), len(l.offs))) {
			row.extra = append(row.extra, "Using where") // a prefix part's match is re-checked
		}
		if rel.lookupCovers {
			row.extra = append(row.extra, "Using index")
		}
		return row, nil
	}
	row.possible = keyNames(path.Possible)
	n, err := countAlong(r, t, path)
	if err != nil {
		return row, err
	}
	row.rows = n
	if path.Full {
		row.typ = "ALL"
		if conds > 0 {
			row.extra = append(row.extra, "Using where")
		}
		if path.Reverse {
			row.extra = append(row.extra, "Backward index scan")
		}
		return row, nil
	}
	offs := t.PKOffsets()
	if path.Index != nil {
		offs = path.Index.Offsets()
	}
	parts := path.EqCols
	if path.Range {
		parts++
	}
	row.key = keyName(path.Index)
	row.keyLen = strconv.Itoa(keyLen(t, offs[:min(parts, len(offs))], t.KeyPrefixes(path.Index)))
	switch {
	case path.wholeIndex():
		row.typ = "index" // the whole index, read in order
		row.keyLen = strconv.Itoa(keyLen(t, offs, t.KeyPrefixes(path.Index)))
	case path.Points && len(path.Ranges) == 1:
		row.typ = "const"
	case path.Points || path.Range || len(path.Ranges) > 1:
		row.typ = "range"
	default:
		row.typ = "ref"
	}
	if row.typ == "const" || row.typ == "ref" {
		row.ref = strings.TrimSuffix(strings.Repeat("const,", path.EqCols), ",")
	}
	if row.typ == "range" || conds > path.EqCols || anyPartPrefix(t.KeyPrefixes(path.Index), parts) {
		if conds > 0 {
			row.extra = append(row.extra, "Using where")
		}
	}
	if path.Reverse {
		row.extra = append(row.extra, "Backward index scan") // MySQL 8's words
	}
	if path.IndexOnly {
		row.extra = append(row.extra, "Using index")
	}
	return row, nil
}

// attachConditions counts, per relation, the WHERE and ON conjuncts
// checked when its row is read: those whose latest relation it is.
func (p *SelectPlan) attachConditions(sel *ast.SelectStmt) []int {
	out := make([]int, len(p.Rels))
	count := func(conds []ast.ExprNode) {
		for _, c := range conds {
			latest := 0
			v := &columnWalker{fn: func(col *ast.ColumnNameExpr, _ int) bool {
				for i, rel := range p.Rels {
					q := col.Name.Table.O
					if (q == "" || strings.EqualFold(q, rel.Alias)) && rel.Table.Column(col.Name.Name.O) >= 0 {
						latest = max(latest, i)
						break
					}
				}
				return false
			}}
			c.Accept(v)
			out[latest]++
		}
	}
	count(conjuncts(sel.Where))
	for _, rel := range p.Rels {
		count(conjuncts(rel.onAST))
	}
	return out
}

// countAlong counts the rows a path reads, up to explainRowCap.
func countAlong(r storage.Reader, t *table.Table, path AccessPath) (int64, error) {
	sc := NewTableScan(t, r, path)
	defer sc.Close()
	var n int64
	for n < explainRowCap && sc.Next() {
		n++
	}
	return n, sc.Err
}

// rowsPerKey estimates a non-unique lookup's rows: the table's rows over
// the distinct values of the looked-up columns (both counted up to
// explainRowCap rows).
func rowsPerKey(r storage.Reader, t *table.Table, offs []int) (int64, error) {
	full := AccessPath{Full: true, Ranges: []keyRange{{lo: t.RowPrefix(), hi: storage.PrefixEnd(t.RowPrefix())}}}
	sc := NewTableScan(t, r, full)
	defer sc.Close()
	seen := map[string]bool{}
	var n int64
	key := make([]expr.Value, len(offs))
	for n < explainRowCap && sc.Next() {
		n++
		for i, off := range offs {
			key[i] = sc.Row[off]
		}
		seen[string(expr.GroupKey(key))] = true
	}
	if sc.Err != nil || len(seen) == 0 {
		return n, sc.Err
	}
	return (n + int64(len(seen)) - 1) / int64(len(seen)), nil
}

func keyName(ix *table.Index) string {
	if ix == nil {
		return "PRIMARY"
	}
	return ix.Name
}

// keyNames renders possible_keys, each key once.
func keyNames(ixs []*table.Index) string {
	var names []string
	seen := map[string]bool{}
	for _, ix := range ixs {
		if n := keyName(ix); !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return strings.Join(names, ",")
}

// anyPartPrefix reports a prefix among a key's first n parts: rows found
// through them are re-checked against the condition.
func anyPartPrefix(prefixes []uint32, n int) bool {
	for i := 0; i < n && i < len(prefixes); i++ {
		if prefixes[i] > 0 {
			return true
		}
	}
	return false
}

// keyLen is MySQL's key_len: the bytes of the key parts used, a NULL flag
// byte for nullable parts and two length bytes for variable-length ones
// (a prefix part is variable-length: its characters plus two).
func keyLen(t *table.Table, offs []int, prefixes []uint32) int {
	n := 0
	for i, off := range offs {
		c := t.Columns[off]
		if i < len(prefixes) && prefixes[i] > 0 {
			per := 4
			if c.Type.Binary || !c.Type.IsText() {
				per = 1
			}
			n += int(prefixes[i])*per + 2
		} else {
			n += columnKeyBytes(c.Type)
		}
		if !c.NotNull {
			n++
		}
	}
	return n
}

func columnKeyBytes(ty expr.SQLType) int {
	switch ty.Tp {
	case mysqldef.TypeTiny, mysqldef.TypeYear:
		return 1
	case mysqldef.TypeShort:
		return 2
	case mysqldef.TypeInt24, mysqldef.TypeDate:
		return 3
	case mysqldef.TypeLong, mysqldef.TypeFloat:
		return 4
	case mysqldef.TypeLongLong, mysqldef.TypeDouble:
		return 8
	case mysqldef.TypeBit:
		return (ty.Flen + 7) / 8
	case mysqldef.TypeDatetime:
		return 5 + (ty.Decimal+1)/2
	case mysqldef.TypeTimestamp:
		return 4 + (ty.Decimal+1)/2
	case mysqldef.TypeTime:
		return 3 + (ty.Decimal+1)/2
	case mysqldef.TypeNewDecimal:
		return decimalBytes(ty.Flen-ty.Decimal) + decimalBytes(ty.Decimal)
	case mysqldef.TypeEnum:
		if len(ty.Elems) > 255 {
			return 2
		}
		return 1
	case mysqldef.TypeString:
		if ty.Binary {
			return ty.Flen
		}
		return ty.Flen * 4
	case mysqldef.TypeVarchar, mysqldef.TypeVarString:
		if ty.Binary {
			return ty.Flen + 2
		}
		return ty.Flen*4 + 2
	}
	return 8
}

// decimalBytes is the packed size of a DECIMAL's digits on one side of the
// point: 4 bytes per 9 digits, and the rest by MySQL's table.
func decimalBytes(digits int) int {
	rest := [...]int{0, 1, 1, 2, 2, 3, 3, 4, 4, 4}
	return digits/9*4 + rest[digits%9]
}

func str(s string) expr.Value { return expr.StringValue(s) }

func strOrNull(s string) expr.Value {
	if s == "" {
		return expr.NullValue()
	}
	return expr.StringValue(s)
}

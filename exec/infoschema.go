package exec

import (
	"bytes"
	"sort"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// information_schema: each virtual table is a descriptor plus a function
// that builds its rows from the catalog. A SELECT over one runs the
// ordinary single-table plan (WHERE, ORDER BY, GROUP BY, LIMIT) with the
// rows served from memory instead of the transaction.

// isCol describes one column of a virtual table.
type isCol struct {
	name string
	typ  expr.SQLType
}

func isVarchar(name string, n int) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeVarchar, Flen: n, Collation: "utf8mb4_0900_ai_ci"}}
}

func isText(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeBlob, Flen: expr.BlobLen, Collation: "utf8mb4_0900_ai_ci"}}
}

func isUint(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeLongLong, Flen: 20, Unsigned: true}}
}

func isInt(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeLongLong, Flen: 21}}
}

func isDatetime(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeDatetime}}
}

// isTable is one virtual table: its columns and its rows (values already
// of the columns' kinds: strings, Uint for unsigned, Int, datetimes).
type isTable struct {
	cols []isCol
	rows func(s *Session, q *isQuery) [][]expr.Value
}

// isQuery says what a query needs, so costly columns are computed only
// when asked for.
type isQuery struct {
	stats bool // row counts and sizes of every table
}

// infoSchemaTable builds the descriptor of information_schema.name.
func infoSchemaTable(name string) (*table.Table, *isTable, error) {
	def, ok := infoSchemaTables[strings.ToUpper(name)]
	if !ok {
		return nil, nil, mysqldef.NewError(mysqldef.ErrUnknownTable, "Unknown table '%s' in information_schema", strings.ToUpper(name))
	}
	t := &table.Table{DB: "information_schema", Name: strings.ToUpper(name), Version: 1}
	for i, c := range def.cols {
		t.Columns = append(t.Columns, &table.TableColumn{ID: uint32(i + 1), Name: c.name, Type: c.typ})
	}
	t.NextColumn = uint32(len(t.Columns))
	t.Publish(nil)
	return t, def, nil
}

// needsColumns reports whether sel mentions any of names (or *).
func needsColumns(sel *ast.SelectStmt, names ...string) bool {
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
	case *ast.WildCardField:
		v.found = true
	}
	return n, v.found
}

func (v *columnFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// memRows is a storage.Reader over sorted in-memory key/value pairs.
type memRows struct {
	keys, vals [][]byte
}

// add appends a pair; keys must come in ascending order.
func (m *memRows) add(k, v []byte) {
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
}

func (m *memRows) Get(key []byte) ([]byte, error) {
	i := sort.Search(len(m.keys), func(i int) bool { return bytes.Compare(m.keys[i], key) >= 0 })
	if i < len(m.keys) && bytes.Equal(m.keys[i], key) {
		return m.vals[i], nil
	}
	return nil, storage.ErrNotFound
}

func (m *memRows) NewIter(lower, upper []byte) (storage.Iterator, error) {
	lo := 0
	if lower != nil {
		lo = sort.Search(len(m.keys), func(i int) bool { return bytes.Compare(m.keys[i], lower) >= 0 })
	}
	hi := len(m.keys)
	if upper != nil {
		hi = sort.Search(len(m.keys), func(i int) bool { return bytes.Compare(m.keys[i], upper) >= 0 })
	}
	return &memIter{m: m, lo: lo, hi: max(lo, hi), i: -1}, nil
}

// memIter walks memRows[lo:hi].
type memIter struct {
	m         *memRows
	lo, hi, i int
}

func (it *memIter) valid(i int) bool { return i >= it.lo && i < it.hi }

func (it *memIter) First() bool { it.i = it.lo; return it.Valid() }
func (it *memIter) Last() bool  { it.i = it.hi - 1; return it.Valid() }
func (it *memIter) Next() bool  { it.i++; return it.Valid() }
func (it *memIter) Prev() bool  { it.i--; return it.Valid() }
func (it *memIter) Valid() bool { return it.valid(it.i) }
func (it *memIter) SeekGE(key []byte) bool {
	it.i = it.lo + sort.Search(it.hi-it.lo, func(i int) bool { return bytes.Compare(it.m.keys[it.lo+i], key) >= 0 })
	return it.Valid()
}
func (it *memIter) Key() []byte   { return it.m.keys[it.i] }
func (it *memIter) Value() []byte { return it.m.vals[it.i] }
func (it *memIter) Error() error  { return nil }
func (it *memIter) Close() error  { return nil }

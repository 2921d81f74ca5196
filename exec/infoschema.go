package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
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

// infoSchemaRows builds a virtual table's rows in memory: information_schema's
// or a grant table's (grant_tables.go). isStats asks for the row-count
// columns, which cost a scan per table.
func (s *Session) infoSchemaRows(tn *ast.TableName, isStats bool) (*table.Table, *plan.MemRows, error) {
	var t *table.Table
	var rows [][]expr.Value
	if isInfoSchemaName(s, tn) {
		var def *isTable
		var err error
		if t, def, err = infoSchemaTable(tn.Name.O); err != nil {
			return nil, nil, err
		}
		rows = def.rows(s, &isQuery{stats: isStats})
	} else {
		var err error
		if t, rows, err = s.grantTableRows(tn); err != nil {
			return nil, nil, err
		}
	}
	mem := &plan.MemRows{}
	for i, r := range rows {
		mem.Add(t.HiddenRowKey(uint64(i+1)), t.EncodeRow(nil, r))
	}
	return t, mem, nil
}

package exec

import "github.com/loopdb/loopdb/exec/expr"

// information_schema's CHARACTER_SETS, COLLATIONS,
// COLLATION_CHARACTER_SET_APPLICABILITY and ENGINES: the rows SHOW
// CHARACTER SET, SHOW COLLATION and SHOW ENGINES answer with
// (show_charsets.go), in MySQL 8's columns. GUI clients and schema tools
// read these tables rather than the SHOW statements.

func init() {
	infoSchemaTables["CHARACTER_SETS"] = &isTable{
		cols: []isCol{isVarchar("CHARACTER_SET_NAME", 64), isVarchar("DEFAULT_COLLATE_NAME", 64),
			isVarchar("DESCRIPTION", 2048), isUint("MAXLEN")},
		rows: func(*Session, *isQuery) [][]expr.Value {
			rows := make([][]expr.Value, len(charsetRows))
			for i, c := range charsetRows {
				rows[i] = []expr.Value{expr.StringValue(c.name), expr.StringValue(c.collation),
					expr.StringValue(c.description), expr.UintValue(uint64(c.maxLen))}
			}
			return rows
		},
	}
	infoSchemaTables["COLLATIONS"] = &isTable{
		cols: []isCol{isVarchar("COLLATION_NAME", 64), isVarchar("CHARACTER_SET_NAME", 64), isUint("ID"),
			isVarchar("IS_DEFAULT", 3), isVarchar("IS_COMPILED", 3), isUint("SORTLEN"), isVarchar("PAD_ATTRIBUTE", 9)},
		rows: func(*Session, *isQuery) [][]expr.Value {
			rows := make([][]expr.Value, len(collationRows))
			for i, c := range collationRows {
				def, pad, sortlen := c.attributes()
				rows[i] = []expr.Value{expr.StringValue(c.name), expr.StringValue(c.charset), expr.UintValue(uint64(c.id)),
					expr.StringValue(def), expr.StringValue("Yes"), expr.UintValue(uint64(sortlen)), expr.StringValue(pad)}
			}
			return rows
		},
	}
	infoSchemaTables["COLLATION_CHARACTER_SET_APPLICABILITY"] = &isTable{
		cols: []isCol{isVarchar("COLLATION_NAME", 64), isVarchar("CHARACTER_SET_NAME", 64)},
		rows: func(*Session, *isQuery) [][]expr.Value {
			rows := make([][]expr.Value, len(collationRows))
			for i, c := range collationRows {
				rows[i] = []expr.Value{expr.StringValue(c.name), expr.StringValue(c.charset)}
			}
			return rows
		},
	}
	infoSchemaTables["ENGINES"] = &isTable{
		cols: []isCol{isVarchar("ENGINE", 64), isVarchar("SUPPORT", 8), isVarchar("COMMENT", 80),
			isVarchar("TRANSACTIONS", 3), isVarchar("XA", 3), isVarchar("SAVEPOINTS", 3)},
		rows: func(*Session, *isQuery) [][]expr.Value {
			rows := make([][]expr.Value, len(engineRows))
			for i, r := range engineRows {
				for _, v := range r {
					rows[i] = append(rows[i], expr.StringValue(v))
				}
			}
			return rows
		},
	}
}

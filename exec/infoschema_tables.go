package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
)

// The information_schema tables, with MySQL 8's column names and order.
// Tables for objects loopdb does not have (stored functions, triggers,
// events, partitions) exist and are empty, which is the
// truth and what dump tools and ORMs need to proceed.
var infoSchemaTables = map[string]*isTable{
	"SCHEMATA": {
		cols: []isCol{isVarchar("CATALOG_NAME", 64), isVarchar("SCHEMA_NAME", 64),
			isVarchar("DEFAULT_CHARACTER_SET_NAME", 64), isVarchar("DEFAULT_COLLATION_NAME", 64),
			isVarchar("SQL_PATH", 512), isVarchar("DEFAULT_ENCRYPTION", 3)},
		rows: schemataRows,
	},
	"TABLES": {
		cols: []isCol{isVarchar("TABLE_CATALOG", 64), isVarchar("TABLE_SCHEMA", 64), isVarchar("TABLE_NAME", 64),
			isVarchar("TABLE_TYPE", 11), isVarchar("ENGINE", 64), isInt("VERSION"), isVarchar("ROW_FORMAT", 10),
			isUint("TABLE_ROWS"), isUint("AVG_ROW_LENGTH"), isUint("DATA_LENGTH"), isUint("MAX_DATA_LENGTH"),
			isUint("INDEX_LENGTH"), isUint("DATA_FREE"), isUint("AUTO_INCREMENT"), isDatetime("CREATE_TIME"),
			isDatetime("UPDATE_TIME"), isDatetime("CHECK_TIME"), isVarchar("TABLE_COLLATION", 64),
			isInt("CHECKSUM"), isVarchar("CREATE_OPTIONS", 256), isText("TABLE_COMMENT")},
		rows: tablesRows,
	},
	"COLUMNS": {
		cols: []isCol{isVarchar("TABLE_CATALOG", 64), isVarchar("TABLE_SCHEMA", 64), isVarchar("TABLE_NAME", 64),
			isVarchar("COLUMN_NAME", 64), isUint("ORDINAL_POSITION"), isText("COLUMN_DEFAULT"),
			isVarchar("IS_NULLABLE", 3), isText("DATA_TYPE"), isInt("CHARACTER_MAXIMUM_LENGTH"),
			isInt("CHARACTER_OCTET_LENGTH"), isUint("NUMERIC_PRECISION"), isUint("NUMERIC_SCALE"),
			isUint("DATETIME_PRECISION"), isVarchar("CHARACTER_SET_NAME", 64), isVarchar("COLLATION_NAME", 64),
			isText("COLUMN_TYPE"), isVarchar("COLUMN_KEY", 3), isVarchar("EXTRA", 256),
			isVarchar("PRIVILEGES", 154), isText("COLUMN_COMMENT"), isText("GENERATION_EXPRESSION"),
			isUint("SRS_ID")},
		rows: columnsRows,
	},
	"STATISTICS": {
		cols: []isCol{isVarchar("TABLE_CATALOG", 64), isVarchar("TABLE_SCHEMA", 64), isVarchar("TABLE_NAME", 64),
			isInt("NON_UNIQUE"), isVarchar("INDEX_SCHEMA", 64), isVarchar("INDEX_NAME", 64),
			isUint("SEQ_IN_INDEX"), isVarchar("COLUMN_NAME", 64), isVarchar("COLLATION", 1),
			isInt("CARDINALITY"), isInt("SUB_PART"), isVarchar("PACKED", 10), isVarchar("NULLABLE", 3),
			isVarchar("INDEX_TYPE", 11), isVarchar("COMMENT", 8), isVarchar("INDEX_COMMENT", 2048),
			isVarchar("IS_VISIBLE", 3), isText("EXPRESSION")},
		rows: statisticsRows,
	},
	"KEY_COLUMN_USAGE": {
		cols: []isCol{isVarchar("CONSTRAINT_CATALOG", 64), isVarchar("CONSTRAINT_SCHEMA", 64),
			isVarchar("CONSTRAINT_NAME", 64), isVarchar("TABLE_CATALOG", 64), isVarchar("TABLE_SCHEMA", 64),
			isVarchar("TABLE_NAME", 64), isVarchar("COLUMN_NAME", 64), isUint("ORDINAL_POSITION"),
			isUint("POSITION_IN_UNIQUE_CONSTRAINT"), isVarchar("REFERENCED_TABLE_SCHEMA", 64),
			isVarchar("REFERENCED_TABLE_NAME", 64), isVarchar("REFERENCED_COLUMN_NAME", 64)},
		rows: keyColumnUsageRows,
	},
	"TABLE_CONSTRAINTS": {
		cols: []isCol{isVarchar("CONSTRAINT_CATALOG", 64), isVarchar("CONSTRAINT_SCHEMA", 64),
			isVarchar("CONSTRAINT_NAME", 64), isVarchar("TABLE_SCHEMA", 64), isVarchar("TABLE_NAME", 64),
			isVarchar("CONSTRAINT_TYPE", 11), isVarchar("ENFORCED", 3)},
		rows: tableConstraintsRows,
	},
	"ROUTINES": {
		cols: []isCol{isVarchar("SPECIFIC_NAME", 64), isVarchar("ROUTINE_CATALOG", 64), isVarchar("ROUTINE_SCHEMA", 64),
			isVarchar("ROUTINE_NAME", 64), isVarchar("ROUTINE_TYPE", 9), isText("DATA_TYPE"),
			isInt("CHARACTER_MAXIMUM_LENGTH"), isInt("CHARACTER_OCTET_LENGTH"), isUint("NUMERIC_PRECISION"),
			isUint("NUMERIC_SCALE"), isUint("DATETIME_PRECISION"), isVarchar("CHARACTER_SET_NAME", 64),
			isVarchar("COLLATION_NAME", 64), isText("DTD_IDENTIFIER"), isVarchar("ROUTINE_BODY", 8),
			isText("ROUTINE_DEFINITION"), isVarchar("EXTERNAL_NAME", 64), isVarchar("EXTERNAL_LANGUAGE", 64),
			isVarchar("PARAMETER_STYLE", 3), isVarchar("IS_DETERMINISTIC", 3), isVarchar("SQL_DATA_ACCESS", 17),
			isVarchar("SQL_PATH", 64), isVarchar("SECURITY_TYPE", 7), isDatetime("CREATED"),
			isDatetime("LAST_ALTERED"), isText("SQL_MODE"), isText("ROUTINE_COMMENT"), isVarchar("DEFINER", 288),
			isVarchar("CHARACTER_SET_CLIENT", 64), isVarchar("COLLATION_CONNECTION", 64),
			isVarchar("DATABASE_COLLATION", 64)},
		rows: routinesRows,
	},
	"PARAMETERS": emptyTable("SPECIFIC_CATALOG", "SPECIFIC_SCHEMA", "SPECIFIC_NAME", "ORDINAL_POSITION",
		"PARAMETER_MODE", "PARAMETER_NAME", "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH",
		"NUMERIC_PRECISION", "NUMERIC_SCALE", "DATETIME_PRECISION", "CHARACTER_SET_NAME", "COLLATION_NAME",
		"DTD_IDENTIFIER", "ROUTINE_TYPE"),
	"TRIGGERS": emptyTable("TRIGGER_CATALOG", "TRIGGER_SCHEMA", "TRIGGER_NAME", "EVENT_MANIPULATION",
		"EVENT_OBJECT_CATALOG", "EVENT_OBJECT_SCHEMA", "EVENT_OBJECT_TABLE", "ACTION_ORDER", "ACTION_CONDITION",
		"ACTION_STATEMENT", "ACTION_ORIENTATION", "ACTION_TIMING", "ACTION_REFERENCE_OLD_TABLE",
		"ACTION_REFERENCE_NEW_TABLE", "ACTION_REFERENCE_OLD_ROW", "ACTION_REFERENCE_NEW_ROW", "CREATED",
		"SQL_MODE", "DEFINER", "CHARACTER_SET_CLIENT", "COLLATION_CONNECTION", "DATABASE_COLLATION"),
	"VIEWS": {
		cols: []isCol{isVarchar("TABLE_CATALOG", 64), isVarchar("TABLE_SCHEMA", 64), isVarchar("TABLE_NAME", 64),
			isText("VIEW_DEFINITION"), isVarchar("CHECK_OPTION", 8), isVarchar("IS_UPDATABLE", 3),
			isVarchar("DEFINER", 288), isVarchar("SECURITY_TYPE", 7), isVarchar("CHARACTER_SET_CLIENT", 64),
			isVarchar("COLLATION_CONNECTION", 64)},
		rows: viewsRows,
	},
	"EVENTS": emptyTable("EVENT_CATALOG", "EVENT_SCHEMA", "EVENT_NAME", "DEFINER", "TIME_ZONE", "EVENT_BODY",
		"EVENT_DEFINITION", "EVENT_TYPE", "EXECUTE_AT", "INTERVAL_VALUE", "INTERVAL_FIELD", "SQL_MODE", "STARTS",
		"ENDS", "STATUS", "ON_COMPLETION", "CREATED", "LAST_ALTERED", "LAST_EXECUTED", "EVENT_COMMENT",
		"ORIGINATOR", "CHARACTER_SET_CLIENT", "COLLATION_CONNECTION", "DATABASE_COLLATION"),
	"PARTITIONS": emptyTable("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "PARTITION_NAME",
		"SUBPARTITION_NAME", "PARTITION_ORDINAL_POSITION", "SUBPARTITION_ORDINAL_POSITION", "PARTITION_METHOD",
		"SUBPARTITION_METHOD", "PARTITION_EXPRESSION", "SUBPARTITION_EXPRESSION", "PARTITION_DESCRIPTION",
		"TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH", "MAX_DATA_LENGTH", "INDEX_LENGTH", "DATA_FREE",
		"CREATE_TIME", "UPDATE_TIME", "CHECK_TIME", "CHECKSUM", "PARTITION_COMMENT", "NODEGROUP", "TABLESPACE_NAME"),
	"FILES": emptyTable("FILE_ID", "FILE_NAME", "FILE_TYPE", "TABLESPACE_NAME", "TABLE_CATALOG", "TABLE_SCHEMA",
		"TABLE_NAME", "LOGFILE_GROUP_NAME", "LOGFILE_GROUP_NUMBER", "ENGINE", "FULLTEXT_KEYS", "DELETED_ROWS",
		"UPDATE_COUNT", "FREE_EXTENTS", "TOTAL_EXTENTS", "EXTENT_SIZE", "INITIAL_SIZE", "MAXIMUM_SIZE",
		"AUTOEXTEND_SIZE", "CREATION_TIME", "LAST_UPDATE_TIME", "LAST_ACCESS_TIME", "RECOVER_TIME",
		"TRANSACTION_COUNTER", "VERSION", "ROW_FORMAT", "TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH",
		"MAX_DATA_LENGTH", "INDEX_LENGTH", "DATA_FREE", "CREATE_TIME", "UPDATE_TIME", "CHECK_TIME", "CHECKSUM",
		"STATUS", "EXTRA"),
}

// emptyTable is a virtual table with text columns and no rows.
func emptyTable(names ...string) *isTable {
	cols := make([]isCol, len(names))
	for i, n := range names {
		cols[i] = isVarchar(n, 64)
	}
	return &isTable{cols: cols, rows: func(*Session, *isQuery) [][]expr.Value { return nil }}
}

// userTables lists every table of every database the account may see, by
// database then name.
func (s *Session) userTables() []*table.Table {
	var out []*table.Table
	for _, db := range s.eng.catalog.Databases() {
		for _, t := range s.eng.catalog.TablesIn(db) {
			if s.seesTable(db, t.Name) {
				out = append(out, t)
			}
		}
	}
	return out
}

func str(v string) expr.Value { return expr.StringValue(v) }

func uintOrNull(ok bool, n uint64) expr.Value {
	if !ok {
		return expr.NullValue()
	}
	return expr.UintValue(n)
}

func schemataRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, db := range s.eng.catalog.Databases() {
		if !s.seesDatabase(db) {
			continue
		}
		coll := s.dbCollationName(db)
		rows = append(rows, []expr.Value{str("def"), str(db), str(expr.CharsetOfCollation(coll).Name()), str(coll), expr.NullValue(), str("NO")})
	}
	return rows
}

func tablesRows(s *Session, q *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range s.userTables() {
		if t.IsView() {
			rows = append(rows, viewTablesRow(t))
			continue
		}
		var st tableStat
		if q.stats {
			st = s.tableStats(t)
		}
		avg := uint64(0)
		if st.rows > 0 {
			avg = st.dataLen / st.rows
		}
		next := s.nextAutoInc(t)
		rows = append(rows, []expr.Value{str("def"), str(t.DB), str(t.Name), str("BASE TABLE"), str("InnoDB"),
			expr.IntValue(10), str("Dynamic"), expr.UintValue(st.rows), expr.UintValue(avg), expr.UintValue(st.dataLen), expr.UintValue(0),
			expr.UintValue(st.indexLen), expr.UintValue(0), uintOrNull(next > 0, next), s.createTime(t), expr.NullValue(),
			expr.NullValue(), str(tableCollationName(t)), expr.NullValue(), str(""), str(t.Comment)})
	}
	// The grant tables (grant_tables.go): built per read, so no sizes.
	for _, t := range s.visibleGrantTables(grantTablesDB) {
		rows = append(rows, []expr.Value{str("def"), str(t.DB), str(t.Name), str("BASE TABLE"), str("InnoDB"),
			expr.IntValue(10), str("Dynamic"), expr.UintValue(0), expr.UintValue(0), expr.UintValue(0), expr.UintValue(0),
			expr.UintValue(0), expr.UintValue(0), expr.NullValue(), expr.NullValue(), expr.NullValue(),
			expr.NullValue(), str("utf8mb3_bin"), expr.NullValue(), str(""), str("")})
	}
	return rows
}

// dataType is COLUMNS.DATA_TYPE: the type's name without length or
// attributes.
func dataType(t expr.SQLType) string {
	name := t.String()
	if i := strings.IndexAny(name, "( "); i >= 0 {
		name = name[:i]
	}
	return name
}

// numericPrecision is COLUMNS.NUMERIC_PRECISION / NUMERIC_SCALE.
func numericPrecision(t expr.SQLType) (prec, scale expr.Value) {
	switch t.Tp {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong:
		p := map[byte]uint64{mysqldef.TypeTiny: 3, mysqldef.TypeShort: 5, mysqldef.TypeInt24: 7, mysqldef.TypeLong: 10, mysqldef.TypeLongLong: 19}[t.Tp]
		if t.Tp == mysqldef.TypeLongLong && t.Unsigned {
			p = 20
		}
		return expr.UintValue(p), expr.UintValue(0)
	case mysqldef.TypeNewDecimal:
		return expr.UintValue(uint64(t.Flen)), expr.UintValue(uint64(t.Decimal))
	case mysqldef.TypeBit:
		return expr.UintValue(uint64(t.Flen)), expr.NullValue() // bits, no scale (MySQL 8)
	case mysqldef.TypeFloat:
		return expr.UintValue(12), expr.NullValue()
	case mysqldef.TypeDouble:
		return expr.UintValue(22), expr.NullValue()
	}
	return expr.NullValue(), expr.NullValue()
}

// charLengths is COLUMNS.CHARACTER_MAXIMUM_LENGTH / CHARACTER_OCTET_LENGTH.
func charLengths(t expr.SQLType) (chars, octets expr.Value) {
	switch t.Tp {
	case mysqldef.TypeString, mysqldef.TypeVarchar:
		if t.Binary {
			return expr.IntValue(int64(t.Flen)), expr.IntValue(int64(t.Flen))
		}
		return expr.IntValue(int64(t.Flen)), expr.IntValue(int64(t.Flen) * int64(t.Charset().MaxLen()))
	case mysqldef.TypeBlob:
		if t.Binary {
			return expr.IntValue(int64(t.Flen)), expr.IntValue(int64(t.Flen))
		}
		return expr.IntValue(int64(t.Flen) / int64(t.Charset().MaxLen())), expr.IntValue(int64(t.Flen))
	case mysqldef.TypeEnum:
		longest := 0
		for _, e := range t.Elems {
			longest = max(longest, len([]rune(e)))
		}
		return expr.IntValue(int64(longest)), expr.IntValue(int64(longest) * int64(t.Charset().MaxLen()))
	case mysqldef.TypeJSON:
		return expr.NullValue(), expr.NullValue()
	}
	return expr.NullValue(), expr.NullValue()
}

func columnsRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range append(s.userTables(), s.visibleGrantTables(grantTablesDB)...) {
		for i, c := range t.Columns {
			if !s.seesColumn(t.DB, t.Name, c.Name) {
				continue // column privileges on other columns only
			}
			chars, octets := charLengths(c.Type)
			prec, scale := numericPrecision(c.Type)
			dtp := expr.NullValue()
			switch c.Type.Tp {
			case mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime:
				dtp = expr.UintValue(uint64(c.Type.Decimal))
			}
			cs, coll := expr.NullValue(), expr.NullValue()
			if c.Type.IsText() {
				cs, coll = str(c.Type.Charset().Name()), str(c.Type.Collation)
			}
			rows = append(rows, []expr.Value{str("def"), str(t.DB), str(t.Name), str(c.Name), expr.UintValue(uint64(i + 1)),
				columnDefault(c, s.shownDefault(t, c)), str(yesNo(!c.NotNull)), str(dataType(c.Type)), chars, octets, prec, scale, dtp,
				cs, coll, str(c.Type.String()), str(columnKey(t, c)), str(columnExtra(c)),
				str("select,insert,update,references"), str(c.Comment), str(c.Generated), expr.NullValue()})
		}
	}
	return rows
}

func statisticsRows(s *Session, q *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range s.userTables() {
		card := expr.NullValue()
		if q.stats {
			card = expr.IntValue(int64(s.tableStats(t).rows))
		}
		for _, ir := range indexRows(t) {
			null := ""
			if !ir.column.NotNull {
				null = "YES"
			}
			rows = append(rows, []expr.Value{str("def"), str(t.DB), str(t.Name), boolInt(ir.nonUnique), str(t.DB),
				str(ir.name), expr.UintValue(uint64(ir.seq)), str(ir.column.Name), str("A"), card, ir.subPartValue(),
				expr.NullValue(), str(null), str("BTREE"), str(""), str(""), str("YES"), expr.NullValue()})
		}
	}
	return rows
}

func keyColumnUsageRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range s.userTables() {
		for _, ir := range indexRows(t) {
			if ir.nonUnique {
				continue
			}
			rows = append(rows, []expr.Value{str("def"), str(t.DB), str(ir.name), str("def"), str(t.DB), str(t.Name),
				str(ir.column.Name), expr.UintValue(uint64(ir.seq)), expr.NullValue(), expr.NullValue(), expr.NullValue(), expr.NullValue()})
		}
		rows = append(rows, fkKeyColumnUsageRows(t)...)
	}
	return rows
}

func tableConstraintsRows(s *Session, _ *isQuery) [][]expr.Value {
	var rows [][]expr.Value
	for _, t := range s.userTables() {
		if len(t.PrimaryKey) > 0 {
			rows = append(rows, []expr.Value{str("def"), str(t.DB), str("PRIMARY"), str(t.DB), str(t.Name), str("PRIMARY KEY"), str("YES")})
		}
		for _, ix := range orderedIndexes(t) {
			if ix.Unique {
				rows = append(rows, []expr.Value{str("def"), str(t.DB), str(ix.Name), str(t.DB), str(t.Name), str("UNIQUE"), str("YES")})
			}
		}
		rows = append(rows, fkTableConstraintsRows(t)...)
		rows = append(rows, checkTableConstraintsRows(t)...)
	}
	return rows
}

package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// mysql.general_log and mysql.slow_log, in MySQL 8's definitions and always
// empty: loopdb writes its slow log to a file only (log_output=FILE) and
// has no general log. They exist because dump tools expect them:
// mariadb-dump and mysqldump of the mysql schema (--all-databases) ask for
// their structure and stop with an error when they are missing. Served and
// write-protected like the grant tables (grant_tables.go).

func init() {
	grantTables["general_log"] = &isTable{cols: generalLogCols(), rows: noLogRows}
	grantTables["slow_log"] = &isTable{cols: slowLogCols(), rows: noLogRows}
	grantTableNames = []string{"columns_priv", "db", "default_roles", "general_log", "global_grants",
		"procs_priv", "role_edges", "slow_log", "tables_priv", "user"}
}

func noLogRows(*Session, *isQuery) [][]expr.Value { return nil }

func logTimestamp(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeTimestamp, Decimal: 6}}
}

func logTime(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeTime, Decimal: 6}}
}

func logMediumText(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeBlob, Flen: 16777215, Collation: "utf8mb4_0900_ai_ci"}}
}

func logMediumBlob(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeBlob, Flen: 16777215, Binary: true}}
}

func logInt(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeLong, Flen: 11}}
}

func logBigUint(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeLongLong, Flen: 20, Unsigned: true}}
}

func generalLogCols() []isCol {
	return []isCol{logTimestamp("event_time"), logMediumText("user_host"), logBigUint("thread_id"),
		gtUint("server_id"), isVarchar("command_type", 64), logMediumBlob("argument")}
}

func slowLogCols() []isCol {
	return []isCol{logTimestamp("start_time"), logMediumText("user_host"), logTime("query_time"),
		logTime("lock_time"), logInt("rows_sent"), logInt("rows_examined"), isVarchar("db", 512),
		logInt("last_insert_id"), logInt("insert_id"), gtUint("server_id"), logMediumBlob("sql_text"),
		logBigUint("thread_id")}
}

package exec

import "github.com/loopdb/loopdb/exec/expr"

// System variable definitions. Values are given as MySQL shows them in
// SHOW VARIABLES; booleans as ON/OFF. Only variables that clients and tools
// read, or that loopdb acts on, are listed: an unknown name is error 1193,
// as in MySQL.

type varScope uint8

const (
	scopeGlobal  varScope = 1
	scopeSession varScope = 2
	scopeBoth             = scopeGlobal | scopeSession
)

type varKind uint8

const (
	varString varKind = iota
	varBool
	varInt
	varEnum
	varSet     // comma-separated members of enum, at least one
	varFloat   // seconds with a fraction (long_query_time), within min..max
	varZone    // a time zone expr.ParseTimeZone resolves, kept as written
	varCharset // a character set name (session_charset.go)
	varSQLMode // sql_mode: names or a bit mask, expanded and ordered (sqlmode.go)
)

type sysVarDef struct {
	name     string
	scope    varScope
	kind     varKind
	readOnly bool
	def      string
	min, max int64    // varInt bounds
	enum     []string // varEnum choices, upper case; varSet members, lower case
}

const maxTimeout = 31536000

var sysVarDefs = []sysVarDef{
	{name: "auto_increment_increment", scope: scopeBoth, kind: varInt, def: "1", min: 1, max: 65535},
	{name: "auto_increment_offset", scope: scopeBoth, kind: varInt, def: "1", min: 1, max: 65535},
	{name: "autocommit", scope: scopeBoth, kind: varBool, def: "ON"},
	{name: "activate_all_roles_on_login", scope: scopeGlobal, kind: varBool, def: "OFF"},
	{name: "back_log", scope: scopeGlobal, kind: varInt, readOnly: true, def: "151", max: 65535},
	{name: "basedir", scope: scopeGlobal, readOnly: true, def: "/"},
	{name: "big_tables", scope: scopeBoth, kind: varBool, def: "OFF"},
	{name: "bind_address", scope: scopeGlobal, readOnly: true, def: "127.0.0.1"},
	{name: "character_set_client", scope: scopeBoth, kind: varCharset, def: "utf8mb4"},
	{name: "character_set_connection", scope: scopeBoth, kind: varCharset, def: "utf8mb4"},
	{name: "character_set_database", scope: scopeBoth, kind: varCharset, def: "utf8mb4"},
	{name: "character_set_filesystem", scope: scopeBoth, def: "binary"},
	{name: "character_set_results", scope: scopeBoth, kind: varCharset, def: "utf8mb4"},
	{name: "character_set_server", scope: scopeBoth, kind: varCharset, def: "utf8mb4"},
	{name: "character_set_system", scope: scopeGlobal, readOnly: true, def: "utf8mb3"},
	{name: "character_sets_dir", scope: scopeGlobal, readOnly: true, def: "/usr/share/mysql/charsets/"},
	{name: "collation_connection", scope: scopeBoth, def: "utf8mb4_0900_ai_ci"},
	{name: "collation_database", scope: scopeBoth, def: "utf8mb4_0900_ai_ci"},
	{name: "collation_server", scope: scopeBoth, def: "utf8mb4_0900_ai_ci"},
	{name: "connection_control_failed_connections_threshold", scope: scopeGlobal, kind: varInt, def: "3", min: 0, max: 2147483647},
	{name: "connection_control_max_connection_delay", scope: scopeGlobal, kind: varInt, def: "10000", min: 1000, max: 2147483647},
	{name: "connection_control_min_connection_delay", scope: scopeGlobal, kind: varInt, def: "1000", min: 1000, max: 2147483647},
	{name: "connect_timeout", scope: scopeGlobal, kind: varInt, def: "10", min: 2, max: maxTimeout},
	{name: "datadir", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "default_authentication_plugin", scope: scopeGlobal, readOnly: true, def: "caching_sha2_password"},
	{name: "default_storage_engine", scope: scopeBoth, def: "InnoDB"},
	{name: "default_tmp_storage_engine", scope: scopeBoth, def: "InnoDB"},
	{name: "default_week_format", scope: scopeBoth, kind: varInt, def: "0", min: 0, max: 7},
	{name: "div_precision_increment", scope: scopeBoth, kind: varInt, def: "4", min: 0, max: 30},
	{name: "explicit_defaults_for_timestamp", scope: scopeBoth, kind: varBool, def: "ON"},
	{name: "foreign_key_checks", scope: scopeBoth, kind: varBool, def: "ON"},
	{name: "group_concat_max_len", scope: scopeBoth, kind: varInt, def: "1024", min: 4, max: 1 << 32},
	{name: "have_compress", scope: scopeGlobal, readOnly: true, def: "YES"},
	{name: "have_openssl", scope: scopeGlobal, readOnly: true, def: "DISABLED"},
	{name: "have_ssl", scope: scopeGlobal, readOnly: true, def: "DISABLED"},
	{name: "hostname", scope: scopeGlobal, readOnly: true, def: "localhost"},
	{name: "init_connect", scope: scopeGlobal, def: ""},
	{name: "innodb_flush_log_at_trx_commit", scope: scopeGlobal, kind: varInt, readOnly: true, def: "1", min: 0, max: 2},
	{name: "innodb_lock_wait_timeout", scope: scopeBoth, kind: varInt, def: "50", min: 1, max: 1073741824},
	{name: "interactive_timeout", scope: scopeBoth, kind: varInt, def: "28800", min: 1, max: maxTimeout},
	{name: "license", scope: scopeGlobal, readOnly: true, def: "Apache-2.0"},
	{name: "local_infile", scope: scopeGlobal, kind: varBool, def: "OFF"},
	{name: "long_query_time", scope: scopeGlobal, kind: varFloat, def: "10", min: 0, max: 31536000},
	{name: "slow_query_log", scope: scopeGlobal, kind: varBool, def: "OFF"},
	{name: "slow_query_log_file", scope: scopeGlobal, readOnly: true, def: "loopdb-slow.log"},
	{name: "log_output", scope: scopeGlobal, readOnly: true, def: "FILE"},
	{name: "lock_wait_timeout", scope: scopeBoth, kind: varInt, def: "31536000", min: 1, max: maxTimeout},
	{name: "log_bin", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
	{name: "cte_max_recursion_depth", scope: scopeBoth, kind: varInt, def: "1000", min: 0, max: 4294967295},
	{name: "lower_case_file_system", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
	{name: "lower_case_table_names", scope: scopeGlobal, kind: varInt, readOnly: true, def: "0"},
	{name: "max_allowed_packet", scope: scopeGlobal, kind: varInt, def: "67108864", min: 1024, max: 1073741824},
	{name: "max_connect_errors", scope: scopeGlobal, kind: varInt, def: "100", min: 1, max: 9223372036854775807},
	{name: "max_connections", scope: scopeGlobal, kind: varInt, def: "151", min: 1, max: 100000},
	{name: "max_execution_time", scope: scopeBoth, kind: varInt, def: "0", min: 0, max: 4294967295},
	{name: "max_sp_recursion_depth", scope: scopeBoth, kind: varInt, def: "0", min: 0, max: 255},
	{name: "max_prepared_stmt_count", scope: scopeGlobal, kind: varInt, def: "16382", min: 0, max: 4194304},
	{name: "max_user_connections", scope: scopeGlobal, kind: varInt, def: "0", min: 0, max: 4294967295},
	{name: "net_buffer_length", scope: scopeBoth, kind: varInt, def: "16384", min: 1024, max: 1048576},
	{name: "net_read_timeout", scope: scopeBoth, kind: varInt, def: "30", min: 1, max: maxTimeout},
	{name: "net_write_timeout", scope: scopeBoth, kind: varInt, def: "60", min: 1, max: maxTimeout},
	{name: "performance_schema", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
	{name: "pid_file", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "port", scope: scopeGlobal, kind: varInt, readOnly: true, def: "3306", max: 65535},
	{name: "protocol_compression_algorithms", scope: scopeGlobal, kind: varSet, def: "zlib,zstd,uncompressed", enum: []string{"zlib", "zstd", "uncompressed"}},
	{name: "protocol_version", scope: scopeGlobal, kind: varInt, readOnly: true, def: "10", max: 255},
	{name: "query_cache_size", scope: scopeGlobal, kind: varInt, readOnly: true, def: "0"},
	{name: "query_cache_type", scope: scopeBoth, kind: varEnum, readOnly: true, def: "OFF", enum: []string{"OFF", "ON", "DEMAND"}},
	{name: "read_only", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
	{name: "require_secure_transport", scope: scopeGlobal, kind: varBool, def: "OFF"},
	{name: "server_id", scope: scopeGlobal, kind: varInt, def: "1", min: 0, max: 4294967295},
	{name: "skip_name_resolve", scope: scopeGlobal, kind: varBool, readOnly: true, def: "ON"},
	{name: "socket", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "sql_auto_is_null", scope: scopeBoth, kind: varBool, def: "OFF"},
	{name: "sql_mode", scope: scopeBoth, kind: varSQLMode, def: "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"},
	{name: "sql_notes", scope: scopeBoth, kind: varBool, def: "ON"},
	{name: "sql_quote_show_create", scope: scopeBoth, kind: varBool, def: "ON"},
	{name: "sql_safe_updates", scope: scopeBoth, kind: varBool, def: "OFF"},
	{name: "sql_select_limit", scope: scopeBoth, kind: varInt, def: "18446744073709551615", min: 0, max: -1},
	{name: "sql_warnings", scope: scopeBoth, kind: varBool, def: "OFF"},
	{name: "ssl_ca", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "ssl_cert", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "ssl_key", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "system_time_zone", scope: scopeGlobal, readOnly: true, def: "UTC"}, // the host's, at start (newSysVarStore)
	{name: "thread_handling", scope: scopeGlobal, readOnly: true, def: "event-loops"},
	{name: "time_zone", scope: scopeBoth, kind: varZone, def: "SYSTEM"},
	// tmp_table_size bounds what one statement buffers for ORDER BY, GROUP
	// BY and DISTINCT (loopdb does not spill to disk, so its default is
	// larger than MySQL's 16M).
	{name: "tmp_table_size", scope: scopeBoth, kind: varInt, def: "268435456", min: 1024, max: 1 << 40},
	{name: "tls_version", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "transaction_isolation", scope: scopeBoth, kind: varEnum, def: "REPEATABLE-READ",
		enum: []string{"READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE"}},
	{name: "transaction_read_only", scope: scopeBoth, kind: varBool, def: "OFF"},
	{name: "unique_checks", scope: scopeBoth, kind: varBool, def: "ON"},
	{name: "version", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "innodb_version", scope: scopeGlobal, readOnly: true, def: ""},
	{name: "version_comment", scope: scopeGlobal, readOnly: true, def: "loopdb server (MySQL compatible)"},
	{name: "version_compile_machine", scope: scopeGlobal, readOnly: true, def: "x86_64"},
	{name: "version_compile_os", scope: scopeGlobal, readOnly: true, def: "Linux"},
	{name: "version_compile_zlib", scope: scopeGlobal, readOnly: true, def: "1.3"},
	{name: "wait_timeout", scope: scopeBoth, kind: varInt, def: "28800", min: 1, max: maxTimeout},
}

// sysVarAliases are older names that read and write the same variable.
var sysVarAliases = map[string]string{
	"tx_isolation": "transaction_isolation",
	"tx_read_only": "transaction_read_only",
}

// Variables whose value is computed from the session rather than stored.
var dynamicVars = map[string]func(*Session) expr.Value{
	"warning_count":  func(s *Session) expr.Value { return expr.IntValue(int64(s.warningCount())) },
	"error_count":    func(s *Session) expr.Value { return expr.IntValue(int64(s.errorCount())) },
	"last_insert_id": func(s *Session) expr.Value { return expr.UintValue(s.lastInsertID) },
	"identity":       func(s *Session) expr.Value { return expr.UintValue(s.lastInsertID) },
	"pseudo_thread_id": func(s *Session) expr.Value {
		return expr.IntValue(int64(s.id))
	},
	"timestamp": func(s *Session) expr.Value {
		return expr.FloatValue(float64(s.stmtStart.UnixMicro()) / 1e6)
	},
}

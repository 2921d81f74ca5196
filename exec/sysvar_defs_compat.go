package exec

import (
	"os"
	"strconv"
	"syscall"
)

// Variables that monitoring agents, tuning scripts, GUI clients and ORMs
// read (SELECT @@name, SHOW VARIABLES) though loopdb has nothing behind
// them: without them such a read is 1193 and the tool stops. Each says
// what is true of loopdb: no binary log, replication, general log or event
// scheduler, InnoDB's names for what its store does alike. The few a
// client sets per session (sort_buffer_size, optimizer_switch, ...) are
// settable and change nothing.
func init() {
	sysVarDefs = append(sysVarDefs,
		sysVarDef{name: "binlog_format", scope: scopeBoth, kind: varEnum, def: "ROW", enum: []string{"ROW", "STATEMENT", "MIXED"}},
		sysVarDef{name: "binlog_row_image", scope: scopeBoth, kind: varEnum, def: "FULL", enum: []string{"FULL", "MINIMAL", "NOBLOB"}},
		sysVarDef{name: "enforce_gtid_consistency", scope: scopeGlobal, readOnly: true, def: "OFF"},
		sysVarDef{name: "event_scheduler", scope: scopeGlobal, readOnly: true, def: "OFF"},
		sysVarDef{name: "general_log", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
		sysVarDef{name: "gtid_mode", scope: scopeGlobal, readOnly: true, def: "OFF"},
		sysVarDef{name: "information_schema_stats_expiry", scope: scopeBoth, kind: varInt, def: "86400", max: 31536000},
		sysVarDef{name: "innodb_autoinc_lock_mode", scope: scopeGlobal, kind: varInt, readOnly: true, def: "2", max: 2},
		sysVarDef{name: "innodb_buffer_pool_size", scope: scopeGlobal, kind: varInt, readOnly: true, def: "134217728", max: 1 << 62},
		sysVarDef{name: "innodb_deadlock_detect", scope: scopeGlobal, kind: varBool, readOnly: true, def: "ON"},
		sysVarDef{name: "innodb_file_per_table", scope: scopeGlobal, kind: varBool, readOnly: true, def: "ON"},
		sysVarDef{name: "innodb_log_file_size", scope: scopeGlobal, kind: varInt, readOnly: true, def: "50331648", max: 1 << 62},
		sysVarDef{name: "innodb_page_size", scope: scopeGlobal, kind: varInt, readOnly: true, def: "16384", max: 65536},
		sysVarDef{name: "innodb_print_all_deadlocks", scope: scopeGlobal, kind: varBool, def: "OFF"},
		sysVarDef{name: "innodb_strict_mode", scope: scopeBoth, kind: varBool, def: "ON"},
		sysVarDef{name: "join_buffer_size", scope: scopeBoth, kind: varInt, def: "262144", min: 128, max: 1 << 62},
		sysVarDef{name: "log_error", scope: scopeGlobal, readOnly: true, def: "stderr"},
		sysVarDef{name: "log_replica_updates", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
		sysVarDef{name: "log_slave_updates", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
		sysVarDef{name: "max_heap_table_size", scope: scopeBoth, kind: varInt, def: "16777216", min: 16384, max: 1 << 62},
		sysVarDef{name: "open_files_limit", scope: scopeGlobal, kind: varInt, readOnly: true, def: openFilesLimit(), max: 1 << 62},
		sysVarDef{name: "optimizer_switch", scope: scopeBoth, def: "index_merge=on,index_merge_union=on,index_merge_sort_union=on,index_merge_intersection=on,engine_condition_pushdown=on,index_condition_pushdown=on,mrr=on,mrr_cost_based=on,block_nested_loop=on,batched_key_access=off,materialization=on,semijoin=on,loosescan=on,firstmatch=on,duplicateweedout=on,subquery_materialization_cost_based=on,use_index_extensions=on,condition_fanout_filter=on,derived_merge=on,use_invisible_indexes=off,skip_scan=on,hash_join=on,subquery_to_derived=off,prefer_ordering_index=on,hypergraph_optimizer=off,derived_condition_pushdown=on"},
		sysVarDef{name: "regexp_time_limit", scope: scopeGlobal, kind: varInt, def: "32", max: 1 << 31},
		sysVarDef{name: "relay_log", scope: scopeGlobal, readOnly: true, def: ""},
		sysVarDef{name: "sort_buffer_size", scope: scopeBoth, kind: varInt, def: "262144", min: 32768, max: 1 << 62},
		sysVarDef{name: "super_read_only", scope: scopeGlobal, kind: varBool, readOnly: true, def: "OFF"},
		sysVarDef{name: "table_open_cache", scope: scopeGlobal, kind: varInt, readOnly: true, def: "4000", max: 524288},
		sysVarDef{name: "thread_cache_size", scope: scopeGlobal, kind: varInt, readOnly: true, def: "9", max: 16384},
		sysVarDef{name: "tmpdir", scope: scopeGlobal, readOnly: true, def: os.TempDir()},
		sysVarDef{name: "windowing_use_high_precision", scope: scopeBoth, kind: varBool, def: "ON"},
	)
}

// openFilesLimit is the process's open-file limit, as MySQL reports its own.
func openFilesLimit() string {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return "5000"
	}
	return strconv.FormatUint(l.Cur, 10)
}

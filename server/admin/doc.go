// Package admin is loopdb's operations listener: an HTTP server, on its own
// goroutines and never on an event loop, that serves
//
//	/metrics       Prometheus text format (prometheus/client_golang)
//	/debug/pprof/  Go's profiler (net/http/pprof)
//
// The MySQL series are named as prometheus/mysqld_exporter names them
// (mysql_up, mysql_global_status_*, mysql_global_status_commands_total
// {command=...}, mysql_global_variables_*, mysql_version_info), so the
// dashboards people run against mysqld_exporter work unchanged. They are
// read at scrape time from the same place SHOW GLOBAL STATUS reads
// (Sources.Status), so the two always agree. loopdb's own series
// (loopdb_event_loop_*, loopdb_worker_*, loopdb_pebble_*) come from the
// reactor, the worker pool and Pebble, also at scrape time.
//
// The package owns no counters: it only translates what Sources return.
package admin

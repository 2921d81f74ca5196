package admin

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The page names series as mysqld_exporter does: status and variables by
// their lower-cased names, Com_* as commands_total{command}, ON/OFF as 1/0,
// text values left out.
func TestMetricsPageNamesSeriesLikeMysqldExporter(t *testing.T) {
	src := Sources{
		Version: "8.0.40-loopdb-test",
		Status: func() map[string]string {
			return map[string]string{"Threads_connected": "3", "Com_select": "5", "Com_stmt_execute": "2",
				"Bytes_received": "1234", "Ssl_cipher": "TLS_AES_128_GCM_SHA256", "Handler_commit": "7"}
		},
		Variables: func() map[string]string {
			return map[string]string{"max_connections": "151", "local_infile": "ON", "version_comment": "loopdb", "datadir": "/x/"}
		},
		Loops: func() LoopStats { return LoopStats{Loops: 2, Wakeups: 9, Busy: 1500 * time.Millisecond} },
		Pool: func() PoolStats {
			return PoolStats{Workers: 32, Queued: 1, Started: 4, WaitTotal: 2 * time.Second,
				WaitBounds: []time.Duration{time.Millisecond, time.Second}, Waits: []uint64{1, 2, 1}}
		},
	}
	srv := httptest.NewServer(Handler(src))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	for _, want := range []string{
		"\nmysql_up 1\n",
		"\nmysql_global_status_threads_connected 3\n",
		"\nmysql_global_status_bytes_received 1234\n",
		`mysql_global_status_commands_total{command="select"} 5`,
		`mysql_global_status_commands_total{command="stmt_execute"} 2`,
		`mysql_global_status_handlers_total{handler="commit"} 7`,
		"\nmysql_global_variables_max_connections 151\n",
		"\nmysql_global_variables_local_infile 1\n",
		`mysql_version_info{innodb_version="",version="8.0.40-loopdb-test",version_comment="loopdb"} 1`,
		"\nloopdb_event_loop_busy_seconds_total 1.5\n",
		"\nloopdb_worker_queue_wait_seconds_total 2\n",
		"\nloopdb_worker_queue_depth 1\n",
		`loopdb_worker_queue_wait_seconds_bucket{le="0.001"} 1`,
		`loopdb_worker_queue_wait_seconds_bucket{le="1"} 3`,
		`loopdb_worker_queue_wait_seconds_bucket{le="+Inf"} 4`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
	for _, unwanted := range []string{"ssl_cipher", "variables_datadir", "variables_version_comment"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("/metrics has %s, which is not a number", unwanted)
		}
	}
}

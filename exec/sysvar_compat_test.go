package exec

import "testing"

// The variables tools read though loopdb has nothing behind them answer
// with what is true of loopdb; the session ones clients set are settable,
// the others read only (1238).
func TestCompatibilityVariables(t *testing.T) {
	s := newTestSession(t)
	if got := rowsOf(t, s, "SELECT @@binlog_format, @@gtid_mode, @@event_scheduler, @@general_log, @@innodb_page_size, @@innodb_file_per_table, @@super_read_only, @@open_files_limit > 0"); got != "ROW,OFF,OFF,0,16384,1,0,1" {
		t.Fatal(got)
	}
	mustExec(t, s, "SET SESSION sort_buffer_size = 1048576", "SET SESSION join_buffer_size = DEFAULT", "SET optimizer_switch = 'index_merge=off'")
	if got := rowsOf(t, s, "SELECT @@sort_buffer_size, @@global.sort_buffer_size, @@join_buffer_size, @@optimizer_switch"); got != "1048576,262144,262144,index_merge=off" {
		t.Fatal(got)
	}
	wantErr(t, s, "SET GLOBAL general_log = ON", 1238, "read only")
	wantErr(t, s, "SET GLOBAL event_scheduler = ON", 1238, "read only")
}

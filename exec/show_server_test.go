package exec

import (
	"strings"
	"testing"
)

// The server SHOW statements answer with MySQL 8's columns: empty sets for
// replication, binary logs, open tables and profiles (loopdb has none),
// loopdb's plugins and privileges otherwise; LIKE filters them.
func TestShowServerStatements(t *testing.T) {
	s := newTestSession(t)
	for _, c := range []struct {
		sql, firstCols string
		rows           int
	}{
		{"SHOW MASTER STATUS", "File,Position,Binlog_Do_DB", 0},
		{"SHOW BINARY LOG STATUS", "File,Position,Binlog_Do_DB", 0},
		{"SHOW REPLICA STATUS", "Replica_IO_State,Source_Host,Source_User", 0},
		{"SHOW SLAVE STATUS", "Slave_IO_State,Master_Host,Master_User", 0},
		{"SHOW OPEN TABLES", "Database,Table,In_use", 0},
		{"SHOW PROFILES", "Query_ID,Duration,Query", 0},
		{"SHOW PLUGINS", "Name,Status,Type", len(pluginRows)},
		{"SHOW PLUGINS LIKE '%password'", "Name,Status,Type", 2},
		{"SHOW PRIVILEGES", "Privilege,Context,Comment", len(privilegeRows)},
	} {
		rs := query(t, s, c.sql)
		r := rs[len(rs)-1]
		if r.err != nil {
			t.Errorf("%s: %v", c.sql, r.err)
			continue
		}
		var names []string
		for _, col := range r.cols[:3] {
			names = append(names, col.Name)
		}
		if got := strings.Join(names, ","); got != c.firstCols || len(r.rows) != c.rows {
			t.Errorf("%s: columns %s..., %d rows; want %s..., %d", c.sql, got, len(r.rows), c.firstCols, c.rows)
		}
	}
	if n := len(query(t, s, "SHOW REPLICA STATUS")[0].cols); n != len(replicaStatusColumns) {
		t.Errorf("SHOW REPLICA STATUS: %d columns", n)
	}
}

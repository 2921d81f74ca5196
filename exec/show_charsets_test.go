package exec

import "testing"

func TestShowEnginesCharsetsCollations(t *testing.T) {
	s := tableSession(t)
	cases := []struct{ sql, want string }{
		{"SHOW ENGINES", "InnoDB,DEFAULT,Transactional row store (loopdb on Pebble or TiKV): row locks, snapshots, foreign keys,YES,NO,YES"},
		{"SHOW CHARACTER SET LIKE 'utf8mb4'", "utf8mb4,UTF-8 Unicode,utf8mb4_0900_ai_ci,4"},
		{"SHOW CHARSET WHERE Maxlen = 1 AND Charset <> 'binary'", "ascii,US ASCII,ascii_general_ci,1;latin1,cp1252 West European,latin1_swedish_ci,1"},
		{"SHOW COLLATION LIKE 'utf8mb4_0900_ai_ci'", "utf8mb4_0900_ai_ci,utf8mb4,255,Yes,Yes,0,NO PAD"},
		{"SHOW COLLATION WHERE Charset = 'utf8mb4' AND `Default` = ''", "utf8mb4_0900_bin,utf8mb4,309,,Yes,1,NO PAD;utf8mb4_bin,utf8mb4,46,,Yes,1,PAD SPACE;utf8mb4_general_ci,utf8mb4,45,,Yes,1,PAD SPACE;utf8mb4_unicode_ci,utf8mb4,224,,Yes,8,PAD SPACE"},
		{"SHOW COLLATION WHERE Charset = 'latin1'", "latin1_bin,latin1,47,,Yes,1,PAD SPACE;latin1_general_ci,latin1,48,,Yes,1,PAD SPACE;latin1_general_cs,latin1,49,,Yes,1,PAD SPACE;latin1_swedish_ci,latin1,8,Yes,Yes,1,PAD SPACE"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	// Every collation SET NAMES can pick is listed under its charset.
	for cs, coll := range knownCharsets {
		if cs == "utf8" {
			continue
		}
		if got := rowsOf(t, s, "SHOW COLLATION LIKE '"+coll+"'"); got == "" {
			t.Errorf("SET NAMES %s picks %s, which SHOW COLLATION does not list", cs, coll)
		}
	}
}

func TestAnalyzeTable(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE T1 (id INT PRIMARY KEY)")
	want := "d.t1,analyze,status,OK;d.nope,analyze,Error,Table 'd.nope' doesn't exist;d.nope,analyze,status,Operation failed"
	if got := rowsOf(t, s, "ANALYZE TABLE T1, nope"); got != want {
		t.Errorf("ANALYZE TABLE:\n got %q\nwant %q", got, want)
	}
	wantErr(t, newTestSession(t), "ANALYZE TABLE t1", 1046, "No database selected")
}

// ANALYZE TABLE needs SELECT and INSERT on the table, as in MySQL.
func TestAnalyzeTableNeedsSelectAndInsert(t *testing.T) {
	root, app := privSessions(t)
	wantErr(t, app, "ANALYZE TABLE d.t", 1142, "command denied")
	mustExec(t, root, "GRANT SELECT ON d.t TO app")
	wantErr(t, app, "ANALYZE TABLE d.t", 1142, "INSERT command denied")
	mustExec(t, root, "GRANT INSERT ON d.t TO app")
	if got := rowsOf(t, app, "ANALYZE TABLE d.t"); got != "d.t,analyze,status,OK" {
		t.Errorf("with SELECT, INSERT: %q", got)
	}
}

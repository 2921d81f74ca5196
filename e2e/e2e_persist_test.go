package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// SET PERSIST survives a restart through <datadir>/mysqld-auto.cnf and
// wins over the command line, as in MySQL 8 (MariaDB has no SET PERSIST).
// PERSIST_ONLY changes the file, not the running value; RESET PERSIST
// changes the file, not the running value.
func TestSetPersistSurvivesRestart(t *testing.T) {
	t.Parallel()
	datadir := t.TempDir()
	s := launch(t, datadir, []string{"--max-connections=200"})
	t.Cleanup(s.cleanup)
	s.mustBeReady()
	ctx := ctxT(t, 2*time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root,
		"SET PERSIST max_connections = 321",
		"SET PERSIST_ONLY long_query_time = 4.5")
	var maxConn int
	var lqt float64
	if err := root.QueryRowContext(ctx, "SELECT @@global.max_connections, @@global.long_query_time").Scan(&maxConn, &lqt); err != nil {
		t.Fatal(err)
	}
	if maxConn != 321 || lqt != 10 {
		t.Fatalf("running values after SET PERSIST / PERSIST_ONLY: %d, %v; want 321, 10", maxConn, lqt)
	}
	_, err := root.ExecContext(ctx, "RESET PERSIST no_such_setting")
	wantPrivErr(t, "RESET PERSIST of a name not persisted", err, 3615, "HY000", "")
	mustExec(t, ctx, root, "RESET PERSIST IF EXISTS no_such_setting")

	text, err := os.ReadFile(filepath.Join(datadir, "mysqld-auto.cnf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Version":1`, `"max_connections"`, `"321"`, `"long_query_time"`, `"User":"root"`} {
		if !strings.Contains(strings.ReplaceAll(string(text), " ", ""), want) {
			t.Errorf("mysqld-auto.cnf lacks %s:\n%s", want, text)
		}
	}

	restart := func() {
		t.Helper()
		root.Close()
		if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
			t.Fatalf("shutdown: %v", st)
		}
		s = launch(t, datadir, []string{"--max-connections=200"})
		t.Cleanup(s.cleanup)
		s.mustBeReady()
		root = openDB(t, s.dsnTCP("root", "", ""))
	}
	restart()
	if err := root.QueryRowContext(ctx, "SELECT @@global.max_connections, @@global.long_query_time").Scan(&maxConn, &lqt); err != nil {
		t.Fatal(err)
	}
	if maxConn != 321 || lqt != 4.5 {
		t.Errorf("after a restart with --max-connections=200: %d, %v; want the persisted 321, 4.5", maxConn, lqt)
	}

	// RESET PERSIST forgets every setting; the running values stay until
	// the next start, which then takes the command line again.
	mustExec(t, ctx, root, "RESET PERSIST")
	if err := root.QueryRowContext(ctx, "SELECT @@global.max_connections").Scan(&maxConn); err != nil || maxConn != 321 {
		t.Errorf("running value right after RESET PERSIST: %d, %v; want 321", maxConn, err)
	}
	restart()
	if err := root.QueryRowContext(ctx, "SELECT @@global.max_connections, @@global.long_query_time").Scan(&maxConn, &lqt); err != nil {
		t.Fatal(err)
	}
	if maxConn != 200 || lqt != 10 {
		t.Errorf("after RESET PERSIST and a restart: %d, %v; want 200 (command line), 10", maxConn, lqt)
	}
}

package e2e

// The slow query log: --slow-query-log/--long-query-time and their SET
// GLOBAL forms, Slow_queries, and a file pt-query-digest reads.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSlowQueryLog(t *testing.T) {
	t.Parallel()
	digest := needTool(t, "pt-query-digest")
	s := startServer(t, "--slow-query-log=slow.log", "--long-query-time=0.2")
	path := filepath.Join(s.datadir, "slow.log")
	db := openDB(t, s.dsnTCP("root", "", ""))
	ctx := ctxT(t, 60*time.Second)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec1 := func(q string) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	slowQueries := func() float64 { return globalStatus(t, conn)["Slow_queries"] }

	var lqt string
	if err := conn.QueryRowContext(ctx, "SELECT @@global.long_query_time").Scan(&lqt); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(lqt, "0.2") {
		t.Errorf("@@long_query_time = %q, want 0.2", lqt)
	}
	before := slowQueries()
	exec1("CREATE DATABASE sl")
	exec1("CREATE TABLE sl.t (id INT PRIMARY KEY)")
	exec1("INSERT INTO sl.t VALUES (1),(2),(3),(4),(5)")
	exec1("SELECT 1 /* fast */")
	exec1("SELECT SLEEP(0.3) /* slow */")
	if got := slowQueries() - before; got != 1 {
		t.Errorf("Slow_queries grew by %v, want 1 (only the SLEEP)", got)
	}
	// Every statement is slow at 0; the scan reads the table's five rows.
	exec1("SET GLOBAL long_query_time = 0")
	exec1("USE sl")
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM t WHERE id > 0").Scan(&n); err != nil || n != 5 {
		t.Fatalf("count: %d %v", n, err)
	}
	// Off: still counted, no longer written.
	exec1("SET GLOBAL slow_query_log = OFF")
	mid := slowQueries()
	exec1("SELECT 2 /* not logged */")
	if slowQueries() <= mid {
		t.Error("Slow_queries stopped counting with the log off")
	}

	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"started with:", "# User@Host: root[root] @  [127.0.0.1]  Id:",
		"SELECT SLEEP(0.3) /* slow */;", "use sl;", "Rows_sent: 1  Rows_examined: 5\n",
		"SELECT COUNT(*) FROM t WHERE id > 0;"} {
		if !strings.Contains(text, want) {
			t.Errorf("slow log lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"/* fast */", "/* not logged */"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("slow log has %q:\n%s", unwanted, text)
		}
	}

	// pt-query-digest reads it: both statements appear as classes.
	out, err := exec.Command(digest, "--limit=100%", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pt-query-digest: %v\n%s", err, out)
	}
	for _, want := range []string{"SELECT SLEEP(0.3)", "SELECT COUNT(*) FROM t WHERE id > 0", "Query_time distribution"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pt-query-digest output lacks %q:\n%s", want, out)
		}
	}
}

// Without --slow-query-log, SET GLOBAL slow_query_log = ON writes to
// loopdb-slow.log in the data directory (MySQL: host_name-slow.log).
func TestSlowQueryLogSetGlobal(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	ctx := ctxT(t, 30*time.Second)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var file string
	if err := conn.QueryRowContext(ctx, "SELECT @@slow_query_log_file").Scan(&file); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(s.datadir, "loopdb-slow.log"); file != want {
		t.Errorf("@@slow_query_log_file = %q, want %q", file, want)
	}
	for _, q := range []string{"SET GLOBAL long_query_time = 0", "SET GLOBAL slow_query_log = ON", "SELECT 42 AS answer"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "SELECT 42 AS answer;") {
		t.Errorf("slow log lacks the query:\n%s", b)
	}
	if _, err := conn.ExecContext(ctx, "SET GLOBAL slow_query_log_file = '/tmp/x'"); myErrNumber(err) != 1238 {
		t.Errorf("SET GLOBAL slow_query_log_file: %v, want 1238 (read-only)", err)
	}
}

// A slow log that cannot be opened stops the start: an operator asked for
// it. (At run time, SET GLOBAL slow_query_log = ON gets the same error.)
func TestSlowQueryLogUnwritable(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "no-such-dir", "slow.log")
	s := launch(t, t.TempDir(), []string{"--slow-query-log=" + bad})
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		s.terminate(5 * time.Second)
		t.Fatal("loopdb started with an unwritable slow log")
	}
	if s.state.Success() || !strings.Contains(s.log.String(), "Cannot open the slow query log file") {
		t.Errorf("exit %v; log:\n%s", s.state, s.log.String())
	}
}

package e2e

// The admin listener: /metrics during and after a load agrees with SHOW
// GLOBAL STATUS (one source of truth), under mysqld_exporter's names.

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// startWithAdmin starts loopdb with its admin listener on a free port and
// returns the listener's base URL.
func startWithAdmin(t *testing.T, extraFlags ...string) (*server, string) {
	t.Helper()
	addr := "127.0.0.1:" + itoa(freePort(t))
	s := startServer(t, append([]string{"--admin-address=" + addr}, extraFlags...)...)
	return s, "http://" + addr
}

// scrape reads /metrics into series text ("name{labels}") -> value.
func scrape(t *testing.T, base string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /metrics: %s\n%s", resp.Status, b)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad metrics line %q", line)
		}
		out[line[:i]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// globalStatus reads SHOW GLOBAL STATUS on conn.
func globalStatus(t *testing.T, conn *sql.Conn) map[string]float64 {
	t.Helper()
	rows, err := conn.QueryContext(ctxT(t, 10*time.Second), "SHOW GLOBAL STATUS")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			t.Fatal(err)
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			out[name] = v
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMetricsAgreeWithGlobalStatus(t *testing.T) {
	t.Parallel()
	s, base := startWithAdmin(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	db.SetMaxIdleConns(16)
	ctx := ctxT(t, 60*time.Second)
	status, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer status.Close()
	for _, q := range []string{"CREATE DATABASE m", "CREATE TABLE m.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(64))"} {
		if _, err := status.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	before := scrape(t, base)

	// A bounded load: four clients, each 150 rounds of INSERT + SELECT.
	const clients, rounds = 4, 150
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	var conns []*sql.Conn
	for c := 0; c < clients; c++ {
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
		wg.Add(1)
		go func(conn *sql.Conn, c int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				if _, err := conn.ExecContext(ctx, fmt.Sprintf("INSERT INTO m.t (v) VALUES ('client %d row %d')", c, i)); err != nil {
					errs <- err
					return
				}
				var n int
				if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM m.t").Scan(&n); err != nil {
					errs <- err
					return
				}
			}
		}(conn, c)
	}
	// Scrapes while the load runs see the counters move.
	var during []map[string]float64
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
scraping:
	for {
		during = append(during, scrape(t, base))
		select {
		case <-done:
			break scraping
		case <-time.After(20 * time.Millisecond):
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	last := during[len(during)-1]
	if q := last["mysql_global_status_questions"]; q <= before["mysql_global_status_questions"] {
		t.Errorf("questions did not move during the load: %v then %v", before["mysql_global_status_questions"], q)
	}

	// Quiet now: SHOW, scrape, SHOW. Every counter the scrape shows must lie
	// between the two SHOWs (the second SHOW adds its own question and bytes).
	s1 := globalStatus(t, status)
	m := scrape(t, base)
	s2 := globalStatus(t, status)
	for _, name := range []string{"Questions", "Queries", "Bytes_received", "Bytes_sent", "Connections",
		"Threads_connected", "Max_used_connections", "Com_select", "Com_insert", "Threads_created",
		"Handler_write", "Handler_read_rnd_next", "Handler_commit"} {
		series := "mysql_global_status_" + strings.ToLower(name)
		if c, ok := strings.CutPrefix(name, "Com_"); ok {
			series = `mysql_global_status_commands_total{command="` + c + `"}`
		}
		if h, ok := strings.CutPrefix(name, "Handler_"); ok {
			series = `mysql_global_status_handlers_total{handler="` + h + `"}`
		}
		v, ok := m[series]
		if !ok {
			t.Errorf("%s missing from /metrics", series)
			continue
		}
		if v < s1[name] || v > s2[name] {
			t.Errorf("%s = %v in /metrics, SHOW GLOBAL STATUS said %v then %v", series, v, s1[name], s2[name])
		}
	}
	if got := s1["Com_insert"] - before[`mysql_global_status_commands_total{command="insert"}`]; got != clients*rounds {
		t.Errorf("Com_insert grew by %v over the load, want %d", got, clients*rounds)
	}
	// Each INSERT wrote one row; each COUNT(*) scanned the table whole.
	if got := s1["Handler_write"] - before[`mysql_global_status_handlers_total{handler="write"}`]; got != clients*rounds {
		t.Errorf("Handler_write grew by %v over the load, want %d", got, clients*rounds)
	}
	if got := s1["Handler_read_rnd_next"] - before[`mysql_global_status_handlers_total{handler="read_rnd_next"}`]; got < clients*rounds {
		t.Errorf("Handler_read_rnd_next grew by %v over %d full scans", got, clients*rounds)
	}
	if s1["Threads_connected"] < clients+1 {
		t.Errorf("Threads_connected = %v with %d clients open", s1["Threads_connected"], clients+1)
	}
	if s1["Bytes_received"] < 30*clients*rounds || s1["Bytes_sent"] < 10*clients*rounds {
		t.Errorf("byte counters too small for the load: received %v, sent %v", s1["Bytes_received"], s1["Bytes_sent"])
	}

	// The rest of the page: up, variables, loopdb's own series.
	var maxConns float64
	if err := status.QueryRowContext(ctx, "SELECT @@global.max_connections").Scan(&maxConns); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"mysql_up": 1, "mysql_global_variables_max_connections": maxConns}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	for _, k := range []string{"loopdb_event_loop_wakeups_total", "loopdb_worker_tasks_total",
		"loopdb_pebble_wal_bytes_written_total"} {
		if m[k] <= 0 {
			t.Errorf("%s = %v, want > 0 after a load", k, m[k])
		}
	}
	// A fresh store serves reads from its memtable: the cache may be untouched.
	for _, k := range []string{"loopdb_worker_queue_depth", "loopdb_pebble_compactions_total", "loopdb_pebble_block_cache_hits_total", "loopdb_pebble_memtable_bytes",
		"loopdb_pebble_wal_fsync_duration_seconds_count", "loopdb_event_loop_busy_seconds_total"} {
		if _, ok := m[k]; !ok {
			t.Errorf("%s missing from /metrics", k)
		}
	}

	resp, err := http.Get(base + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/debug/pprof/: %s", resp.Status)
	}
}

// Every series the sample Grafana dashboard queries exists on /metrics, so
// a renamed metric cannot silently empty a panel.
func TestDashboardSeriesExist(t *testing.T) {
	t.Parallel()
	s, base := startWithAdmin(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	if _, err := db.ExecContext(ctxT(t, 10*time.Second), "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	page := scrape(t, base)
	names := map[string]bool{}
	for series := range page {
		name, _, _ := strings.Cut(series, "{")
		names[name] = true
	}
	b, err := os.ReadFile("../scripts/monitoring/grafana-loopdb.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("dashboard JSON: %v", err)
	}
	seriesRE := regexp.MustCompile(`\b(?:mysql|loopdb|go|process)_[a-z0-9_]+`)
	checked := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			for _, name := range seriesRE.FindAllString(tg.Expr, -1) {
				checked++
				if !names[name] {
					t.Errorf("panel %q queries %s, which /metrics does not have", p.Title, name)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d series found in the dashboard's queries", checked)
	}
}

// Connection counters: Connections and Threads_created count every
// connection, Aborted_connects failed logins, Aborted_clients logged-in
// connections dropped without COM_QUIT.
func TestStatusConnectionCounters(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	ctx := ctxT(t, 30*time.Second)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	before := globalStatus(t, conn)
	login := func(password string) (*myclient.Conn, error) {
		t.Helper()
		c, err := myclient.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		return c, c.Login("root", password, "")
	}
	// Dropped without COM_QUIT: an aborted client.
	c, err := login("")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	// A polite goodbye.
	c, err = login("")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Command(0x01, nil); err != nil { // COM_QUIT
		t.Fatal(err)
	}
	c.Close()
	// A wrong password: an aborted connect.
	c, err = login("wrong")
	if err == nil {
		t.Fatal("login with a wrong password succeeded")
	}
	c.Close()

	want := map[string]float64{"Connections": 3, "Threads_created": 3, "Aborted_connects": 1, "Aborted_clients": 1, "Threads_connected": 0}
	var got map[string]float64
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		after := globalStatus(t, conn)
		got = map[string]float64{}
		for k := range want {
			got[k] = after[k] - before[k]
		}
		if fmt.Sprint(got) == fmt.Sprint(want) || time.Now().After(deadline) {
			break
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("status changes %v, want %v", got, want)
	}
}

// An admin address that cannot be bound stops the start with a clear
// error rather than a server without the metrics it was asked for.
func TestAdminAddressInUseFailsStart(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := launch(t, t.TempDir(), []string{"--admin-address=" + ln.Addr().String()})
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		s.terminate(5 * time.Second)
		t.Fatal("loopdb kept running with its admin address taken")
	}
	if s.state.Success() {
		t.Errorf("loopdb exited successfully with its admin address taken")
	}
	if log := s.log.String(); !strings.Contains(log, "--admin-address") || !strings.Contains(log, "address already in use") {
		t.Errorf("log does not explain the failure:\n%s", log)
	}
}

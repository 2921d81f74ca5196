package e2e

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// TestSoak mixes, for LOOPDB_SOAK_TIME (default 15 s; the soak runs of
// RELIABILITY.md use minutes), sysbench oltp_read_write (4 threads, its
// own table), transfers between accounts in transactions
// (plain, TLS, zlib and unix-socket clients; some rolled back, deadlocks
// retried), connection churn (logins over every transport and handshakes
// abandoned after the greeting), large streaming results read whole or cut
// off by a cancelled context, and queries stopped by KILL QUERY. Then, with
// every client gone, the server must be back where it started: the money
// adds up, one connection left, goroutines and open files at their
// baseline, and resident memory not grown past a bound. The server log may
// not hold a panic (the harness checks).
func TestSoak(t *testing.T) {
	t.Parallel()
	budget := 15 * time.Second
	if v := os.Getenv("LOOPDB_SOAK_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("LOOPDB_SOAK_TIME: %v", err)
		}
		budget = d
	}
	s, base := startWithAdmin(t)
	ctx := ctxT(t, budget+3*time.Minute)
	setup := openDB(t, s.dsnTCP("root", "", "", "multiStatements=true"))
	const accounts, initial = 100, 1000
	mustExec(t, ctx, setup, "CREATE DATABASE soak", "CREATE TABLE soak.acct (id INT PRIMARY KEY, balance BIGINT NOT NULL)",
		"CREATE TABLE soak.big (id INT PRIMARY KEY, pad VARCHAR(255))")
	var vals []string
	for i := 0; i < accounts; i++ {
		vals = append(vals, fmt.Sprintf("(%d, %d)", i, initial))
	}
	mustExec(t, ctx, setup, "INSERT INTO soak.acct VALUES "+strings.Join(vals, ","))
	for chunk := 0; chunk < 20; chunk++ {
		vals = vals[:0]
		for i := chunk * 1000; i < (chunk+1)*1000; i++ {
			vals = append(vals, fmt.Sprintf("(%d, REPEAT('p', 200))", i))
		}
		mustExec(t, ctx, setup, "INSERT INTO soak.big VALUES "+strings.Join(vals, ","))
	}
	setup.Close()
	sysbench := needTool(t, "sysbench")
	sb := func(cmd string, extra ...string) *exec.Cmd {
		args := append([]string{"oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1",
			"--mysql-port=" + strconv.Itoa(s.port), "--mysql-user=root", "--mysql-db=soak",
			"--tables=1", "--table-size=10000", "--mysql-ignore-errors=1213,1205"}, extra...)
		return exec.CommandContext(ctx, sysbench, append(args, cmd)...)
	}
	if out, err := sb("prepare").CombinedOutput(); err != nil {
		t.Fatalf("sysbench prepare: %v\n%s", err, out)
	}

	status, err := sql.Open("mysql", s.dsnTCP("root", "", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer status.Close()
	status.SetMaxOpenConns(1)
	waitConnections := func(want float64) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			var name string
			var n float64
			err := status.QueryRowContext(ctx, "SHOW GLOBAL STATUS LIKE 'Threads_connected'").Scan(&name, &n)
			if err == nil && n <= want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("Threads_connected still %v (%v), want %v", n, err, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitConnections(1)
	before := scrape(t, base)

	load := sb("run", "--threads=4", "--time="+strconv.Itoa(max(1, int(budget.Seconds()))), "--report-interval=0")
	var loadOut strings.Builder
	load.Stdout, load.Stderr = &loadOut, &loadOut
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var transfers, rollbacks, retries, logins, aborted, streams, cut, kills atomic.Int64
	var failMu sync.Mutex
	var failures []string
	fail := func(format string, args ...any) {
		failMu.Lock()
		defer failMu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	running := func() bool {
		select {
		case <-stop:
			return false
		default:
			return true
		}
	}
	// openPool opens a client pool (sql.Open only parses the DSN; errors
	// show at first use).
	openPool := func(dsn string) *sql.DB {
		db, err := sql.Open("mysql", dsn)
		if err != nil {
			t.Errorf("open %s: %v", dsn, err)
		}
		return db
	}
	transports := []string{s.dsnTCP("root", "", "soak"), s.dsnTCP("root", "", "soak", "tls=skip-verify"),
		s.dsnTCP("root", "", "soak", "compress=true"), s.dsnUnix("root", "", "soak")}

	// Transfers: the sum of all balances never changes.
	for w, dsn := range transports {
		wg.Add(1)
		go func(w int, dsn string) {
			defer wg.Done()
			db := openPool(dsn)
			defer db.Close()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for running() {
				a, b := rng.IntN(accounts), rng.IntN(accounts)
				if a == b {
					continue
				}
				err := soakTransfer(ctx, db, a, b, int64(rng.IntN(50)), rng.IntN(10) == 0)
				var me *mysql.MySQLError
				switch {
				case err == nil:
					transfers.Add(1)
				case errors.Is(err, errRolledBack):
					rollbacks.Add(1)
				case errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205):
					retries.Add(1)
				default:
					fail("transfer over %s: %v", dsn, err)
				}
			}
		}(w, dsn)
	}
	// Connection churn: full logins over each transport, and handshakes
	// abandoned right after the greeting.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; running(); i++ {
			db := openPool(transports[i%len(transports)])
			var one int
			if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				fail("churn login %d: %v", i, err)
			} else {
				logins.Add(1)
			}
			db.Close()
			if c, err := dialFrom(t, s, "127.0.0.1"); err == nil {
				c.Close()
				aborted.Add(1)
			}
		}
	}()
	// Large results: read whole, or cut off by a cancelled context (the
	// driver then drops the connection mid-stream).
	wg.Add(1)
	go func() {
		defer wg.Done()
		db := openPool(transports[0])
		defer db.Close()
		for i := 0; running(); i++ {
			qctx, cancel := context.WithCancel(ctx)
			rows, err := db.QueryContext(qctx, "SELECT id, pad FROM big")
			if err != nil {
				cancel()
				fail("stream: %v", err)
				continue
			}
			n := 0
			for rows.Next() {
				if n++; i%2 == 1 && n == 500 {
					cancel()
				}
			}
			rows.Close()
			cancel()
			if i%2 == 0 {
				if n != 20000 {
					fail("stream read %d rows, want 20000 (%v)", n, rows.Err())
				}
				streams.Add(1)
			} else {
				cut.Add(1)
			}
		}
	}()
	// KILL QUERY of a running statement from another connection.
	wg.Add(1)
	go func() {
		defer wg.Done()
		db := openPool(transports[0])
		defer db.Close()
		for running() {
			victim, err := db.Conn(ctx)
			if err != nil {
				fail("conn: %v", err)
				return
			}
			var id int64
			if err := victim.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
				fail("connection id: %v", err)
				victim.Close()
				return
			}
			done := make(chan error, 1)
			go func() {
				var x int
				done <- victim.QueryRowContext(ctx, "SELECT SLEEP(5)").Scan(&x)
			}()
			time.Sleep(30 * time.Millisecond)
			if _, err := db.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", id)); err != nil {
				fail("KILL QUERY: %v", err)
			}
			// SLEEP answers 1 when killed (as MySQL); a kill that lands before
			// the SLEEP starts interrupts it with 1317.
			if err := <-done; err != nil {
				var me *mysql.MySQLError
				if !errors.As(err, &me) || me.Number != 1317 {
					fail("killed SLEEP: %v", err)
				}
			}
			kills.Add(1)
			victim.Close()
		}
	}()

	var peakRSS float64
	deadline := time.After(budget)
sampling:
	for {
		select {
		case <-deadline:
			break sampling
		case <-time.After(time.Second):
			peakRSS = max(peakRSS, scrape(t, base)["process_resident_memory_bytes"])
		}
	}
	close(stop)
	wg.Wait()
	if err := load.Wait(); err != nil {
		t.Errorf("sysbench run: %v\n%s", err, loadOut.String())
	}
	sbTx := regexp.MustCompile(`transactions:\s+(\d+)`).FindStringSubmatch(loadOut.String())
	if sbTx == nil || sbTx[1] == "0" {
		t.Errorf("sysbench ran no transaction:\n%s", loadOut.String())
	} else {
		t.Logf("sysbench oltp_read_write: %s transactions", sbTx[1])
	}
	t.Logf("%v: %d transfers, %d rolled back, %d deadlock/timeout retries, %d logins, %d abandoned handshakes, %d streams read whole, %d cut off, %d queries killed",
		budget, transfers.Load(), rollbacks.Load(), retries.Load(), logins.Load(), aborted.Load(), streams.Load(), cut.Load(), kills.Load())
	for _, f := range failures {
		t.Error(f)
	}
	if transfers.Load() == 0 || logins.Load() == 0 || streams.Load() == 0 || kills.Load() == 0 {
		t.Error("a part of the soak never ran")
	}

	waitConnections(1)
	var total, n int64
	if err := status.QueryRowContext(ctx, "SELECT SUM(balance), COUNT(*) FROM soak.acct").Scan(&total, &n); err != nil {
		t.Fatal(err)
	}
	if total != accounts*initial || n != accounts {
		t.Errorf("after the soak: %d accounts holding %d, want %d holding %d", n, total, accounts, accounts*initial)
	}
	// Goroutines and descriptors drain back shortly after the last client.
	var after map[string]float64
	for i := 0; i < 50; i++ {
		after = scrape(t, base)
		if after["go_goroutines"] <= before["go_goroutines"]+5 && after["process_open_fds"] <= before["process_open_fds"]+16 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("goroutines %v -> %v, open files %v -> %v, RSS %.0f MB -> peak %.0f MB -> %.0f MB",
		before["go_goroutines"], after["go_goroutines"], before["process_open_fds"], after["process_open_fds"],
		before["process_resident_memory_bytes"]/1e6, peakRSS/1e6, after["process_resident_memory_bytes"]/1e6)
	if after["go_goroutines"] > before["go_goroutines"]+5 {
		t.Errorf("goroutines %v after the soak, %v before", after["go_goroutines"], before["go_goroutines"])
	}
	// Pebble may hold a few more table files after compactions.
	if after["process_open_fds"] > before["process_open_fds"]+16 {
		t.Errorf("open files %v after the soak, %v before", after["process_open_fds"], before["process_open_fds"])
	}
	if rss := after["process_resident_memory_bytes"]; rss > before["process_resident_memory_bytes"]+256<<20 {
		t.Errorf("RSS %.0f MB after the soak, %.0f MB before", rss/1e6, before["process_resident_memory_bytes"]/1e6)
	}
}

var errRolledBack = errors.New("rolled back on purpose")

// soakTransfer moves amount from account a to b in one transaction, locking
// both rows in id order; rollback undoes it on purpose instead of
// committing.
func soakTransfer(ctx context.Context, db *sql.DB, a, b int, amount int64, rollback bool) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM acct WHERE id = ? FOR UPDATE", a).Scan(&bal); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE acct SET balance = balance - ? WHERE id = ?", amount, a); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE acct SET balance = balance + ? WHERE id = ?", amount, b); err != nil {
		return err
	}
	if rollback {
		if err := tx.Rollback(); err != nil {
			return err
		}
		return errRolledBack
	}
	return tx.Commit()
}

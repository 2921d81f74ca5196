package e2e

// Durability under kill -9: 32 connections insert rows (autocommit single rows, autocommit
// multi-row INSERTs, and explicit BEGIN ... COMMIT transactions); a row counts as acknowledged
// only once the client has the OK of its autocommit INSERT or of its COMMIT. The server is
// SIGKILLed after a random 0.3-1.5 s, restarted on the same datadir (on a new port, so no
// in-flight client can reach the new process), and then:
//   - every acknowledged row is there, with its exact content;
//   - no row is there that was never sent;
//   - every statement/transaction is all or nothing (its rows share a group id).
// Ten rounds within a minute (MariaDB needs ~16 s on 2 cores).
//
// LOOPDB_E2E_TARGET=mariadb runs the same against a MariaDB sandbox (a check of the test).

import (
	"database/sql"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// restartableServer is a loopdb process on a datadir that outlives it: startServerOn starts one
// on a given datadir, kill9 crashes it. Built on the harness's server type, without its cleanup
// (which would report the SIGKILL as a failure).
type restartableServer struct {
	*server
	killed bool
}

// startServerOn starts loopdb on datadir (fresh or used before), a new free port and a new unix
// socket, and waits until it serves. Its cleanup stops it gracefully (and checks the exit) if
// it is still running, and dumps its log if the test failed.
func startServerOn(t testing.TB, datadir string, extraFlags ...string) *restartableServer {
	t.Helper()
	s := launch(t, datadir, extraFlags)
	rs := &restartableServer{server: s}
	t.Cleanup(func() {
		if !rs.killed {
			s.cleanup() // graceful stop, exit status and panic checks, log dump on failure
			return
		}
		logText := s.log.String()
		if f := s.log.failures(); f != "" {
			t.Errorf("loopdb (pid %d, killed by the test) log contains %s", s.cmd.Process.Pid, f)
		}
		if strings.Contains(logText, "panic") || strings.Contains(logText, "fatal error:") {
			t.Errorf("loopdb (pid %d, killed by the test) log contains a panic / fatal error", s.cmd.Process.Pid)
		}
		if t.Failed() {
			t.Logf("---- log of loopdb pid %d (killed by the test; last %d bytes) ----\n%s\n---- end ----", s.cmd.Process.Pid, logKeep, logText)
		}
	})
	s.mustBeReady()
	return rs
}

// kill9 sends SIGKILL and waits until the process is reaped.
func (rs *restartableServer) kill9(t testing.TB) {
	t.Helper()
	rs.mu.Lock()
	crashed := !rs.alive() && !rs.sentTerm
	rs.sentTerm = true // the exit is ours from here on
	rs.mu.Unlock()
	if crashed {
		t.Errorf("loopdb exited on its own before the kill: %v", rs.state)
	}
	rs.killed = true
	_ = rs.cmd.Process.Kill()
	select {
	case <-rs.exited:
	case <-time.After(10 * time.Second):
		t.Fatalf("loopdb pid %d still running 10s after SIGKILL", rs.cmd.Process.Pid)
	}
}

// crashTarget abstracts loopdb and the MariaDB sandbox for the crash test.
type crashTarget struct {
	name    string
	addr    func() string
	kill    func()
	restart func()
}

func newCrashTarget(t *testing.T) crashTarget {
	if targetMariaDB() {
		m := startMariaDB(t)
		return crashTarget{
			name: "MariaDB",
			addr: func() string { return m.addr },
			kill: func() {
				if err := m.kill9(); err != nil {
					t.Fatal(err)
				}
			},
			restart: func() {
				if err := m.start(); err != nil {
					t.Fatal(err)
				}
			},
		}
	}
	datadir := t.TempDir()
	cur := startServerOn(t, datadir)
	return crashTarget{
		name:    "loopdb",
		addr:    func() string { return cur.addr },
		kill:    func() { cur.kill9(t) },
		restart: func() { cur = startServerOn(t, datadir) },
	}
}

type crashRow struct {
	grp   int64
	value string
}

func crashValue(id int64) string { return fmt.Sprintf("v%d-%x", id, uint64(id)*0x9e3779b97f4a7c15>>40) }

func TestCrashKill9Durability(t *testing.T) {
	t.Parallel()
	const (
		rounds  = 10
		workers = 32
		bound   = 60 * time.Second // all rounds; a round not started by then is a failure
	)
	deadline := time.Now().Add(bound)
	tg := newCrashTarget(t)
	dsnFor := func(addr, db string) string { return dsn("root", "", "tcp", addr, db, nil) }
	ctx := ctxT(t, bound+30*time.Second)
	{
		db := openDB(t, dsnFor(tg.addr(), ""))
		mustExec(t, ctx, db,
			"CREATE DATABASE crash",
			"CREATE TABLE crash.t (id BIGINT PRIMARY KEY, grp BIGINT NOT NULL, v VARCHAR(64) NOT NULL, KEY k_grp (grp))")
		db.Close()
	}

	var (
		mu        sync.Mutex
		attempted = map[int64]crashRow{} // every row ever sent
		groups    = map[int64][]int64{}  // group -> its row ids (one statement or transaction)
		acked     = map[int64]bool{}     // rows whose statement/COMMIT got its OK
		nextGrp   atomic.Int64
	)
	totalAcked := 0
	for round := 1; round <= rounds; round++ {
		if time.Now().After(deadline) {
			t.Errorf("time bound %v reached after %d of %d kill/restart rounds", bound, round-1, rounds)
			break
		}
		addr := tg.addr()
		// The load's connections die with the server: keep the driver from logging each one.
		cfg, err := mysql.ParseDSN(dsnFor(addr, "crash"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Logger = log.New(io.Discard, "", 0)
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			t.Fatal(err)
		}
		db := sql.OpenDB(connector)
		conns := make([]*sql.Conn, workers)
		for i := range conns {
			if conns[i], err = db.Conn(ctx); err != nil {
				t.Fatalf("round %d: connection %d: %v", round, i, err)
			}
		}
		var killed atomic.Bool
		var errsBeforeKill atomic.Int64
		var wg sync.WaitGroup
		roundAcked := atomic.Int64{}
		for w, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				seq := int64(0)
				for ctx.Err() == nil {
					grp := nextGrp.Add(1)
					n := 1 + rand.IntN(3)
					mode := rand.IntN(3) // 0: single-row autocommit, 1: multi-row autocommit, 2: BEGIN..COMMIT
					if mode == 0 {
						n = 1
					}
					ids := make([]int64, n)
					for i := range ids {
						seq++
						ids[i] = int64(round)*100_000_000 + int64(w)*1_000_000 + seq
					}
					mu.Lock()
					for _, id := range ids {
						attempted[id] = crashRow{grp, crashValue(id)}
					}
					groups[grp] = ids
					mu.Unlock()
					var stmts []string
					switch mode {
					case 0, 1:
						var vals []string
						for _, id := range ids {
							vals = append(vals, fmt.Sprintf("(%d, %d, '%s')", id, grp, crashValue(id)))
						}
						stmts = []string{"INSERT INTO t (id, grp, v) VALUES " + strings.Join(vals, ", ")}
					case 2:
						stmts = append(stmts, "BEGIN")
						for _, id := range ids {
							stmts = append(stmts, fmt.Sprintf("INSERT INTO t (id, grp, v) VALUES (%d, %d, '%s')", id, grp, crashValue(id)))
						}
						stmts = append(stmts, "COMMIT")
					}
					for _, q := range stmts {
						if _, err := c.ExecContext(ctx, q); err != nil {
							if !killed.Load() && errsBeforeKill.Add(1) <= 5 {
								t.Errorf("round %d, worker %d, before the kill: %s: %v", round, w, q, err)
							}
							return // after the kill: the connection is gone, as expected
						}
					}
					mu.Lock()
					for _, id := range ids {
						acked[id] = true
					}
					mu.Unlock()
					roundAcked.Add(int64(len(ids)))
				}
			}()
		}
		time.Sleep(time.Duration(300+rand.IntN(1200)) * time.Millisecond)
		killed.Store(true)
		tg.kill()
		waited := make(chan struct{})
		go func() { wg.Wait(); close(waited) }()
		select {
		case <-waited:
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: client goroutines still blocked 20s after the kill", round)
		}
		db.Close()
		if errsBeforeKill.Load() > 0 {
			t.Fatalf("round %d: %d statements failed before the kill", round, errsBeforeKill.Load())
		}
		tg.restart()

		// Verify against everything sent so far.
		vdb := openDB(t, dsnFor(tg.addr(), "crash"))
		rows, err := vdb.QueryContext(ctx, "SELECT id, grp, v FROM t")
		if err != nil {
			t.Fatalf("round %d: reading the table after restart: %v", round, err)
		}
		present := map[int64]bool{}
		bad := 0
		report := func(format string, args ...any) {
			if bad++; bad <= 20 {
				t.Errorf("round %d: "+format, append([]any{round}, args...)...)
			}
		}
		mu.Lock()
		for rows.Next() {
			var id, grp int64
			var v string
			if err := rows.Scan(&id, &grp, &v); err != nil {
				t.Fatal(err)
			}
			present[id] = true
			want, ok := attempted[id]
			switch {
			case !ok:
				report("row %d is present but was never sent", id)
			case want.grp != grp || want.value != v:
				report("row %d: (grp %d, v %q), want (grp %d, v %q)", id, grp, v, want.grp, want.value)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("round %d: reading the table after restart: %v", round, err)
		}
		rows.Close()
		var lost []int64
		for id := range acked {
			if !present[id] {
				lost = append(lost, id)
			}
		}
		sort.Slice(lost, func(i, j int) bool { return lost[i] < lost[j] })
		if len(lost) > 0 {
			report("%d acknowledged rows are missing after kill -9 and restart (first: %v)", len(lost), lost[:min(len(lost), 10)])
		}
		// All or nothing per statement / transaction.
		partial := 0
		for grp, ids := range groups {
			n := 0
			for _, id := range ids {
				if present[id] {
					n++
				}
			}
			if n != 0 && n != len(ids) {
				if partial++; partial <= 5 {
					report("group %d (one statement or transaction) is partly present: %d of its %d rows", grp, n, len(ids))
				}
			}
		}
		totalAcked = len(acked)
		mu.Unlock()
		t.Logf("%s round %d: %d rows acknowledged this round, %d in total, %d present after restart", tg.name, round, roundAcked.Load(), totalAcked, len(present))
		vdb.Close()
		if t.Failed() {
			break
		}
	}
	if totalAcked == 0 {
		t.Errorf("no insert was ever acknowledged: the load did not run")
	}
}

package e2e

// TestSQLNeverPanics runs random statements from sqlGen against a real loopdb for a bounded
// time. Every statement must come back as a result or an ERR packet: a connection that drops
// (the server closes it after a session panic) or a statement that does not answer is a
// failure, reported with the seed, the statement's number and its text, and the harness
// fails the test on any "session panicked" in the server's log. Each panic found this way
// (or wrong answer) has a regression test in TestSQLGeneratorRegressions.
//
//	LOOPDB_SQLFUZZ_TIME=10m    run longer than the default 50 s
//	LOOPDB_SQLFUZZ_SEED=n      replay a run (the failure message names its seed)

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

const (
	sqlFuzzDefaultTime = 50 * time.Second
	// sqlFuzzStatementBound is the liveness bound of one statement: tables hold a handful of
	// rows, so anything slower is a hang, unless KILL QUERY stops it (then it is only slow: a
	// random join over rows the run has grown; logged, see sqlFuzzKillStops).
	sqlFuzzStatementBound = 20 * time.Second
	sqlFuzzMaxFailures    = 10
)

func TestSQLNeverPanics(t *testing.T) {
	t.Parallel()
	budget := sqlFuzzDefaultTime
	if v := os.Getenv("LOOPDB_SQLFUZZ_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("LOOPDB_SQLFUZZ_TIME: %v", err)
		}
		budget = d
	}
	seed := time.Now().UnixNano()
	if v := os.Getenv("LOOPDB_SQLFUZZ_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("LOOPDB_SQLFUZZ_SEED: %v", err)
		}
	}
	t.Logf("seed %d (replay: LOOPDB_SQLFUZZ_SEED=%d), budget %v", seed, seed, budget)

	s := startServer(t)
	rc := sqlFuzzConn(t, s)
	for _, q := range append(append([]string{}, sqlGenSchema...), sqlGenSchemaMore...) {
		if _, err := rc.Query(q); err != nil {
			t.Fatalf("schema: %s: %v", q, err)
		}
	}
	g := newSQLGen(seed)
	deadline := time.Now().Add(budget)
	var failures, statements, errs int
	byCode := map[uint16]int{}
	lastResort := map[string]string{} // ERR 1105 message -> the first statement that got it
	var recent []string
	for i := 0; time.Now().Before(deadline) && failures < sqlFuzzMaxFailures; i++ {
		q := g.Statement()
		recent = append(recent, q)
		if len(recent) > 5 {
			recent = recent[1:]
		}
		panicsBefore := s.log.sessionPanics()
		rc.Bound(sqlFuzzStatementBound)
		_, err := rc.Query(q)
		statements++
		if me, isSQL := err.(*myclient.Error); isSQL {
			errs++
			byCode[me.Code]++
			// 1105 is the last resort: an internal error that reached the client. Not a
			// failure, but each distinct one is worth a look.
			if me.Code == 1105 && len(lastResort) < 20 && lastResort[me.Msg] == "" {
				lastResort[me.Msg] = q
			}
			continue
		}
		panicked := s.log.sessionPanics() > panicsBefore
		if err == nil && !panicked {
			continue
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() && !panicked && sqlFuzzKillStops(t, s, rc.ConnID) {
			// Slow, not stuck: the statement (a random join over rows the run
			// has grown, say) stopped at KILL QUERY, as a scan must. Logged,
			// not failed; a statement that ignores KILL fails below.
			t.Logf("seed %d, statement %d ran past %v and stopped at KILL QUERY:\n    %s", seed, i, sqlFuzzStatementBound, q)
			rc.Close()
			rc = sqlFuzzConn(t, s)
			if _, err := rc.Query("USE fz"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		failures++
		t.Errorf("seed %d, statement %d: %v (session panicked: %v)\n    %s\n  the statements before it:\n    %s",
			seed, i, err, panicked, q, strings.Join(recent[:len(recent)-1], "\n    "))
		if panicked {
			t.Logf("panic: %s", lastPanicLine(s.log.String()))
		}
		if !s.alive() {
			t.Fatal("server died")
		}
		rc.Close()
		rc = sqlFuzzConn(t, s) // a fresh session: rows and tables stay as they were
		if _, err := rc.Query("USE fz"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d statements, %d answered with an ERR (by code: %v), %d failures", statements, errs, byCode, failures)
	for msg, q := range lastResort {
		t.Logf("ERR 1105 %q first answered to:\n    %s", msg, q)
	}
	if statements < 100 {
		t.Errorf("only %d statements ran in %v", statements, budget)
	}
}

// sqlFuzzKillStops sends KILL QUERY for connection id from a second session and reports
// whether its statement stops running within a few seconds.
func sqlFuzzKillStops(t *testing.T, s *server, id uint32) bool {
	t.Helper()
	kc, err := rawLogin(s, "")
	if err != nil {
		t.Logf("login to kill: %v", err)
		return false
	}
	defer kc.Close()
	kc.Bound(10 * time.Second)
	if _, err := kc.Query(fmt.Sprintf("KILL QUERY %d", id)); err != nil {
		t.Logf("KILL QUERY %d: %v", id, err)
		return false
	}
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		res, err := kc.Query(fmt.Sprintf("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = %d AND COMMAND IN ('Query', 'Execute')", id))
		if err != nil {
			t.Logf("processlist: %v", err)
			return false
		}
		if len(res.Rows) == 1 && len(res.Rows[0]) == 1 && res.Rows[0][0] != nil && *res.Rows[0][0] == "0" {
			return true
		}
	}
	return false
}

func sqlFuzzConn(t *testing.T, s *server) *myclient.Conn {
	t.Helper()
	rc, err := rawLogin(s, "")
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	t.Cleanup(func() { rc.Close() })
	// A statement that waits for a lock held by nobody else would be a bug; keep waits short
	// anyway so a wrong wait shows as an error, not a stalled run.
	if _, err := rc.Query("SET SESSION innodb_lock_wait_timeout = 1"); err != nil {
		t.Fatal(err)
	}
	return rc
}

// lastPanicLine returns the last session-panic line of a server log (its panic value and the
// first frames of its stack), or "" when the kept tail holds none.
func lastPanicLine(log string) string {
	i := strings.LastIndex(log, sessionPanicMark)
	if i < 0 {
		return "(cut from the kept log)"
	}
	line := log[i:]
	if j := strings.IndexByte(line, '\n'); j > 0 {
		line = line[:j]
	}
	return fmt.Sprintf("%.3000s", line)
}

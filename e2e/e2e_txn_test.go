package e2e

// Transactions under concurrency, by MySQL (InnoDB) semantics: no lost updates, money is
// conserved across deadlocking transfers (1213/1205 are retried), statement-level rollback on
// error, ROLLBACK / autocommit=0 / implicit commits, and SELECT ... FOR UPDATE blocking with
// innodb_lock_wait_timeout.
//
// Every single statement sees one consistent state (an autocommit statement's scan, or a
// transaction's snapshot), so a concurrent SELECT SUM(balance) always sees the invariant.
// LOOPDB_E2E_TARGET=mariadb runs these tests against a MariaDB sandbox instead (a check of the
// tests themselves).

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sqlTarget is the server a transaction test runs against.
type sqlTarget struct {
	name string
	dsn  func(db string, params ...string) string
}

// startTarget starts loopdb (or, with LOOPDB_E2E_TARGET=mariadb, a MariaDB sandbox) and
// creates database dbName on it.
func startTarget(t *testing.T, dbName string) sqlTarget {
	t.Helper()
	var tg sqlTarget
	if targetMariaDB() {
		m := startMariaDB(t)
		tg = sqlTarget{name: "MariaDB", dsn: m.dsn}
	} else {
		s := startServer(t)
		tg = sqlTarget{name: "loopdb", dsn: func(db string, params ...string) string {
			return s.dsnTCP("root", "", db, params...)
		}}
	}
	admin := openDB(t, tg.dsn(""))
	if _, err := admin.ExecContext(ctxT(t, 20*time.Second), "CREATE DATABASE "+dbName); err != nil {
		t.Fatalf("%s: CREATE DATABASE %s: %v", tg.name, dbName, err)
	}
	return tg
}

// mustExec runs statements on one connection and fails the test on the first error.
func mustExec(t testing.TB, ctx context.Context, c interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := c.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// pinConns opens n dedicated connections (each its own session).
func pinConns(t testing.TB, ctx context.Context, db *sql.DB, n int) []*sql.Conn {
	t.Helper()
	out := make([]*sql.Conn, n)
	for i := range out {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatalf("connection %d of %d: %v", i+1, n, err)
		}
		out[i] = c
		t.Cleanup(func() { c.Close() })
	}
	return out
}

// queryInts runs a query returning one integer column.
func queryInts(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func mustInts(t testing.TB, ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string) []int64 {
	t.Helper()
	v, err := queryInts(ctx, q, query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

func intsEqual(a []int64, b ...int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// (a) 64 connections x 1000 autocommit increments of one row: no update may be lost.
func TestTxnConcurrentIncrement(t *testing.T) {
	t.Parallel()
	const conns, perConn = 64, 1000
	tg := startTarget(t, "txn")
	ctx := ctxT(t, 5*time.Minute)
	db := openDB(t, tg.dsn("txn"))
	mustExec(t, ctx, db,
		"CREATE TABLE t (id INT PRIMARY KEY, k BIGINT NOT NULL)",
		"INSERT INTO t VALUES (1, 0), (2, 0)")
	cs := pinConns(t, ctx, db, conns)
	start := time.Now()
	var wg sync.WaitGroup
	var failures atomic.Int64
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < perConn; j++ {
				res, err := c.ExecContext(ctx, "UPDATE t SET k = k + 1 WHERE id = 1")
				if err == nil {
					var n int64
					if n, err = res.RowsAffected(); err == nil && n != 1 {
						err = fmt.Errorf("%d rows affected, want 1", n)
					}
				}
				if err != nil {
					if failures.Add(1) <= 10 {
						t.Errorf("connection %d, update %d: %v", i, j+1, err)
					}
					return
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if failures.Load() > 0 {
		t.Fatalf("%d connections stopped on an error", failures.Load())
	}
	if ctx.Err() != nil {
		t.Fatalf("did not finish within the bound: %v", ctx.Err())
	}
	got := mustInts(t, ctx, db, "SELECT k FROM t ORDER BY id")
	if !intsEqual(got, conns*perConn, 0) {
		t.Errorf("k after %d concurrent increments: %v, want [%d 0]", conns*perConn, got, conns*perConn)
	}
	t.Logf("%s: %d autocommit increments of one row from %d connections in %v (%.0f/s)",
		tg.name, conns*perConn, conns, took.Round(time.Millisecond), float64(conns*perConn)/took.Seconds())
}

// (b) bank transfers: 32 connections move money between 100 accounts in transactions that lock
// both rows with SELECT ... FOR UPDATE, half of them in random order so deadlocks happen; 1213
// and 1205 are retried. Concurrent single-statement SUMs must always see the total; at the end
// every balance equals the client's ledger of acknowledged commits.
func TestTxnBankTransfers(t *testing.T) {
	t.Parallel()
	const (
		accounts   = 100
		initial    = 1000
		total      = accounts * initial
		workers    = 32
		perWorker  = 150              // transfers per worker at most
		loadBound  = 12 * time.Second // the transfers stop after this
		maxRetries = 100
	)
	tg := startTarget(t, "bank")
	ctx := ctxT(t, 3*time.Minute)
	db := openDB(t, tg.dsn("bank"))
	mustExec(t, ctx, db, "CREATE TABLE acct (id INT PRIMARY KEY, balance BIGINT NOT NULL)")
	var vals []string
	for i := 1; i <= accounts; i++ {
		vals = append(vals, fmt.Sprintf("(%d, %d)", i, initial))
	}
	mustExec(t, ctx, db, "INSERT INTO acct VALUES "+strings.Join(vals, ", "))

	cs := pinConns(t, ctx, db, workers+2)
	var (
		ledgerMu   sync.Mutex
		ledger     = make([]int64, accounts+1) // expected balance per id, from acknowledged commits
		commits    atomic.Int64
		skipped    atomic.Int64 // insufficient funds: rolled back on purpose
		deadlocks  atomic.Int64
		lockWaits  atomic.Int64
		fails      atomic.Int64
		sumChecks  atomic.Int64
		loadDone   = make(chan struct{})
		loadCutoff = time.Now().Add(loadBound)
	)
	for i := 1; i <= accounts; i++ {
		ledger[i] = initial
	}
	fail := func(format string, args ...any) {
		if fails.Add(1) <= 20 {
			t.Errorf(format, args...)
		}
	}

	// One transfer attempt. retry=true: the server reported 1213/1205 and the caller retries.
	transfer := func(c *sql.Conn, from, to int, amount int64, randomOrder bool) (retry bool, err error) {
		first, second := from, to
		if randomOrder {
			if rand.IntN(2) == 0 {
				first, second = to, from
			}
		} else if first > second {
			first, second = second, first
		}
		retriable := func(err error) bool {
			switch myErrNumber(err) {
			case 1213:
				deadlocks.Add(1)
			case 1205:
				lockWaits.Add(1)
			default:
				return false
			}
			// 1213 rolled the transaction back, 1205 only the statement: end it either way.
			if _, rerr := c.ExecContext(ctx, "ROLLBACK"); rerr != nil {
				fail("ROLLBACK after %v: %v", err, rerr)
			}
			return true
		}
		if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
			return false, fmt.Errorf("BEGIN: %w", err)
		}
		bal := map[int]int64{}
		for _, id := range []int{first, second} {
			q := fmt.Sprintf("SELECT balance FROM acct WHERE id = %d FOR UPDATE", id)
			var b int64
			if err := c.QueryRowContext(ctx, q).Scan(&b); err != nil {
				if retriable(err) {
					return true, nil
				}
				return false, fmt.Errorf("%s: %w", q, err)
			}
			bal[id] = b
		}
		if bal[from] < amount {
			skipped.Add(1)
			_, err := c.ExecContext(ctx, "ROLLBACK")
			return false, err
		}
		// Write the values read under the locks: if FOR UPDATE did not lock, updates get lost
		// and the ledger check below fails.
		for _, u := range [][2]int64{{int64(from), bal[from] - amount}, {int64(to), bal[to] + amount}} {
			q := fmt.Sprintf("UPDATE acct SET balance = %d WHERE id = %d", u[1], u[0])
			res, err := c.ExecContext(ctx, q)
			if err != nil {
				if retriable(err) {
					return true, nil
				}
				return false, fmt.Errorf("%s: %w", q, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return false, fmt.Errorf("%s: %d rows affected, want 1", q, n)
			}
		}
		if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
			if retriable(err) {
				return true, nil
			}
			return false, fmt.Errorf("COMMIT: %w", err)
		}
		ledgerMu.Lock()
		ledger[from] -= amount
		ledger[to] += amount
		ledgerMu.Unlock()
		commits.Add(1)
		return false, nil
	}

	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		c := cs[w]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < perWorker && time.Now().Before(loadCutoff) && ctx.Err() == nil; n++ {
				// Half the transfers stay among 10 hot accounts: more lock conflicts, more
				// deadlocks between the random-order ones.
				span := accounts
				if rand.IntN(2) == 0 {
					span = 10
				}
				from := 1 + rand.IntN(span)
				to := 1 + rand.IntN(span-1)
				if to >= from {
					to++
				}
				amount := int64(1 + rand.IntN(300))
				randomOrder := rand.IntN(2) == 0
				for attempt := 0; ; attempt++ {
					retry, err := transfer(c, from, to, amount, randomOrder)
					if err != nil {
						fail("worker %d: transfer %d -> %d: %v", w, from, to, err)
						return
					}
					if !retry {
						break
					}
					if attempt >= maxRetries {
						fail("worker %d: transfer %d -> %d still failing after %d retries", w, from, to, maxRetries)
						return
					}
				}
			}
		}()
	}

	// Checkers: a single SELECT is consistent, whatever the isolation level.
	var cwg sync.WaitGroup
	for _, c := range cs[workers:] {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			for {
				select {
				case <-loadDone:
					return
				default:
				}
				var sum, cnt, minBal int64
				err := c.QueryRowContext(ctx, "SELECT SUM(balance), COUNT(*), MIN(balance) FROM acct").Scan(&sum, &cnt, &minBal)
				if err != nil {
					fail("concurrent SELECT SUM(balance): %v", err)
					return
				}
				if sum != total || cnt != accounts || minBal < 0 {
					fail("concurrent SELECT SUM(balance), COUNT(*), MIN(balance) = %d, %d, %d; want %d, %d, >= 0", sum, cnt, minBal, total, accounts)
				}
				sumChecks.Add(1)
			}
		}()
	}
	wg.Wait()
	close(loadDone)
	cwg.Wait()
	t.Logf("%s: %d transfers committed, %d skipped (insufficient funds), %d deadlocks (1213) and %d lock wait timeouts (1205) retried, %d concurrent SUM checks",
		tg.name, commits.Load(), skipped.Load(), deadlocks.Load(), lockWaits.Load(), sumChecks.Load())
	if ctx.Err() != nil {
		t.Fatalf("did not finish within the bound: %v", ctx.Err())
	}
	if commits.Load() == 0 {
		t.Errorf("no transfer committed")
	}
	if sumChecks.Load() == 0 {
		t.Errorf("no concurrent SUM check completed")
	}

	var sum int64
	if err := db.QueryRowContext(ctx, "SELECT SUM(balance) FROM acct").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != total {
		t.Errorf("final SUM(balance) = %d, want %d", sum, total)
	}
	rows, err := db.QueryContext(ctx, "SELECT id, balance FROM acct ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen, wrong := 0, 0
	for rows.Next() {
		var id, b int64
		if err := rows.Scan(&id, &b); err != nil {
			t.Fatal(err)
		}
		seen++
		if b < 0 {
			t.Errorf("account %d has a negative balance %d", id, b)
		}
		if id < 1 || id > accounts || b != ledger[id] {
			if wrong++; wrong <= 10 {
				exp := int64(-1)
				if id >= 1 && id <= accounts {
					exp = ledger[id]
				}
				t.Errorf("account %d: balance %d, want %d from the acknowledged transfers", id, b, exp)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != accounts {
		t.Errorf("%d accounts at the end, want %d", seen, accounts)
	}
}

// (c) An error inside a transaction undoes only that statement; the transaction goes on.
func TestTxnStatementRollback(t *testing.T) {
	t.Parallel()
	tg := startTarget(t, "stmt")
	ctx := ctxT(t, time.Minute)
	db := openDB(t, tg.dsn("stmt"))
	mustExec(t, ctx, db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)")
	cs := pinConns(t, ctx, db, 2)
	a, b := cs[0], cs[1]

	mustExec(t, ctx, a, "BEGIN")
	if res, err := a.ExecContext(ctx, "INSERT INTO t VALUES (1, 'a'), (2, 'b')"); err != nil {
		t.Fatal(err)
	} else if n, _ := res.RowsAffected(); n != 2 {
		t.Errorf("first INSERT: %d rows affected, want 2", n)
	}
	// The duplicate is the second row: the first row of this statement (3) must be undone too.
	if _, err := a.ExecContext(ctx, "INSERT INTO t VALUES (3, 'c'), (1, 'dup'), (4, 'd')"); myErrNumber(err) != 1062 {
		t.Fatalf("multi-row INSERT with a duplicate 2nd row: %v, want error 1062", err)
	}
	if _, err := a.ExecContext(ctx, "INSERT INTO t VALUES (5, NULL)"); myErrNumber(err) != 1048 {
		t.Fatalf("INSERT of NULL into a NOT NULL column: %v, want error 1048", err)
	}
	if got := mustInts(t, ctx, a, "SELECT id FROM t ORDER BY id"); !intsEqual(got, 1, 2) {
		t.Errorf("inside the transaction after the failed statements: ids %v, want [1 2]", got)
	}
	if got := mustInts(t, ctx, b, "SELECT id FROM t ORDER BY id"); len(got) != 0 {
		t.Errorf("another connection sees uncommitted rows %v", got)
	}
	mustExec(t, ctx, a, "COMMIT")
	var v1, v2 string
	if err := b.QueryRowContext(ctx, "SELECT (SELECT v FROM t WHERE id = 1), (SELECT v FROM t WHERE id = 2)").Scan(&v1, &v2); err != nil {
		t.Fatal(err)
	}
	if got := mustInts(t, ctx, b, "SELECT id FROM t ORDER BY id"); !intsEqual(got, 1, 2) || v1 != "a" || v2 != "b" {
		t.Errorf("after COMMIT another connection sees ids %v (v %q, %q), want [1 2] (a, b)", got, v1, v2)
	}

	// Autocommit: the failing multi-row INSERT leaves nothing.
	if _, err := a.ExecContext(ctx, "INSERT INTO t VALUES (6, 'f'), (2, 'dup'), (7, 'g')"); myErrNumber(err) != 1062 {
		t.Fatalf("autocommit multi-row INSERT with a duplicate: %v, want error 1062", err)
	}
	if got := mustInts(t, ctx, b, "SELECT id FROM t ORDER BY id"); !intsEqual(got, 1, 2) {
		t.Errorf("after a failed autocommit INSERT: ids %v, want [1 2]", got)
	}

	// An UPDATE that collides half way is undone as a whole; the transaction's earlier
	// statement stays. Over ids 10, 20, 21 in id order: 10 -> 11 succeeds, 20 -> 21 collides.
	mustExec(t, ctx, a, "DELETE FROM t", "INSERT INTO t VALUES (10, 'x'), (20, 'y'), (21, 'z')")
	mustExec(t, ctx, a, "BEGIN", "UPDATE t SET v = 'changed' WHERE id = 10")
	if _, err := a.ExecContext(ctx, "UPDATE t SET id = id + 1 ORDER BY id"); myErrNumber(err) != 1062 {
		t.Fatalf("UPDATE t SET id = id + 1 ORDER BY id over ids 10, 20, 21: %v, want error 1062", err)
	}
	mustExec(t, ctx, a, "COMMIT")
	if got := mustInts(t, ctx, b, "SELECT id FROM t ORDER BY id"); !intsEqual(got, 10, 20, 21) {
		t.Errorf("after the failed UPDATE and COMMIT: ids %v, want [10 20 21] (11 from the failed statement must be undone)", got)
	}
	var v string
	if err := b.QueryRowContext(ctx, "SELECT v FROM t WHERE id = 10").Scan(&v); err != nil || v != "changed" {
		t.Errorf("row 10 after COMMIT: %q %v, want the committed 'changed'", v, err)
	}
}

// (d) ROLLBACK discards; autocommit=0 needs COMMIT; SET autocommit=1 and DDL commit
// implicitly; a disconnect rolls back.
func TestTxnRollbackAndAutocommit(t *testing.T) {
	t.Parallel()
	tg := startTarget(t, "rb")
	ctx := ctxT(t, time.Minute)
	db := openDB(t, tg.dsn("rb"))
	mustExec(t, ctx, db,
		"CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)",
		"INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)")
	cs := pinConns(t, ctx, db, 2)
	a, b := cs[0], cs[1]
	state := func() string {
		rows, err := b.QueryContext(ctx, "SELECT id, v FROM t ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var parts []string
		for rows.Next() {
			var id, v int
			if err := rows.Scan(&id, &v); err != nil {
				t.Fatal(err)
			}
			parts = append(parts, fmt.Sprintf("%d:%d", id, v))
		}
		return strings.Join(parts, " ")
	}
	const initialState = "1:10 2:20 3:30"

	for _, begin := range []string{"BEGIN", "START TRANSACTION"} {
		mustExec(t, ctx, a, begin,
			"INSERT INTO t VALUES (4, 40)",
			"UPDATE t SET v = v + 1",
			"DELETE FROM t WHERE id = 2")
		if got := mustInts(t, ctx, a, "SELECT v FROM t ORDER BY id"); !intsEqual(got, 11, 31, 41) {
			t.Errorf("%s: own uncommitted changes: %v, want [11 31 41]", begin, got)
		}
		if got := state(); got != initialState {
			t.Errorf("%s: another connection sees %q before ROLLBACK, want %q", begin, got, initialState)
		}
		mustExec(t, ctx, a, "ROLLBACK")
		if got := state(); got != initialState {
			t.Errorf("%s ... ROLLBACK: state %q, want %q", begin, got, initialState)
		}
	}

	// autocommit=0: changes wait for COMMIT; ROLLBACK discards.
	mustExec(t, ctx, a, "SET autocommit = 0")
	var ac int
	if err := a.QueryRowContext(ctx, "SELECT @@autocommit").Scan(&ac); err != nil || ac != 0 {
		t.Errorf("SELECT @@autocommit after SET autocommit = 0: %d %v", ac, err)
	}
	mustExec(t, ctx, a, "INSERT INTO t VALUES (5, 50)", "UPDATE t SET v = 11 WHERE id = 1")
	if got := state(); got != initialState {
		t.Errorf("autocommit=0: another connection sees %q before COMMIT, want %q", got, initialState)
	}
	mustExec(t, ctx, a, "COMMIT")
	const afterCommit = "1:11 2:20 3:30 5:50"
	if got := state(); got != afterCommit {
		t.Errorf("autocommit=0 + COMMIT: state %q, want %q", got, afterCommit)
	}
	mustExec(t, ctx, a, "INSERT INTO t VALUES (6, 60)", "ROLLBACK")
	if got := state(); got != afterCommit {
		t.Errorf("autocommit=0 + ROLLBACK: state %q, want %q", got, afterCommit)
	}
	// SET autocommit = 1 commits the open transaction.
	mustExec(t, ctx, a, "INSERT INTO t VALUES (7, 70)", "SET autocommit = 1")
	const afterSet = "1:11 2:20 3:30 5:50 7:70"
	if got := state(); got != afterSet {
		t.Errorf("SET autocommit = 1 with an open transaction: state %q, want %q (implicit commit)", got, afterSet)
	}
	// DDL commits implicitly: the ROLLBACK after it has nothing to undo.
	mustExec(t, ctx, a, "BEGIN", "INSERT INTO t VALUES (8, 80)", "CREATE TABLE t2 (id INT PRIMARY KEY)", "ROLLBACK")
	const afterDDL = "1:11 2:20 3:30 5:50 7:70 8:80"
	if got := state(); got != afterDDL {
		t.Errorf("BEGIN; INSERT; CREATE TABLE; ROLLBACK: state %q, want %q (DDL commits implicitly)", got, afterDDL)
	}

	// A connection that goes away with an open transaction: rolled back, its locks released.
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, ctx, c, "BEGIN", "INSERT INTO t VALUES (9, 90)", "UPDATE t SET v = 0 WHERE id = 1")
	c.Close() // with MaxIdleConns(0) the driver connection is really closed (COM_QUIT), not pooled
	// Row 9 and row 1 were locked by the vanished transaction: these wait until the server has
	// rolled it back (bounded by the context), then must succeed.
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := b.ExecContext(wctx, "INSERT INTO t VALUES (9, 99)"); err != nil {
		t.Errorf("INSERT of the id a disconnected transaction had inserted: %v (want it rolled back)", err)
	}
	if _, err := b.ExecContext(wctx, "UPDATE t SET v = 12 WHERE id = 1"); err != nil {
		t.Errorf("UPDATE of the row a disconnected transaction had updated: %v", err)
	}
	const afterDisconnect = "1:12 2:20 3:30 5:50 7:70 8:80 9:99"
	if got := state(); got != afterDisconnect {
		t.Errorf("after a disconnect with an open transaction: state %q, want %q", got, afterDisconnect)
	}
}

// (e) SELECT ... FOR UPDATE blocks a concurrent writer of that row until COMMIT; plain reads do
// not block; innodb_lock_wait_timeout bounds the wait with error 1205, which undoes only the
// waiting statement.
func TestTxnForUpdateBlocks(t *testing.T) {
	t.Parallel()
	tg := startTarget(t, "lk")
	ctx := ctxT(t, time.Minute)
	db := openDB(t, tg.dsn("lk"))
	mustExec(t, ctx, db,
		"CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)",
		"INSERT INTO t VALUES (1, 10), (2, 20)")
	cs := pinConns(t, ctx, db, 2)
	a, b := cs[0], cs[1]

	mustExec(t, ctx, a, "BEGIN")
	var v int
	if err := a.QueryRowContext(ctx, "SELECT v FROM t WHERE id = 1 FOR UPDATE").Scan(&v); err != nil || v != 10 {
		t.Fatalf("SELECT ... FOR UPDATE: %d %v", v, err)
	}
	type res struct {
		err error
		at  time.Time
	}
	done := make(chan res, 1)
	go func() {
		_, err := b.ExecContext(ctx, "UPDATE t SET v = v + 1 WHERE id = 1")
		done <- res{err, time.Now()}
	}()
	select {
	case r := <-done:
		t.Fatalf("UPDATE of a row locked FOR UPDATE by another transaction finished at once (%v); want it to wait", r.err)
	case <-time.After(700 * time.Millisecond):
	}
	// A non-locking read does not wait, and sees the committed value.
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	rc, err := db.Conn(rctx)
	if err == nil {
		err = rc.QueryRowContext(rctx, "SELECT v FROM t WHERE id = 1").Scan(&v)
		rc.Close()
	}
	cancel()
	if err != nil || v != 10 {
		t.Errorf("plain SELECT of the locked row: %d %v, want 10 without waiting", v, err)
	}
	mustExec(t, ctx, a, "UPDATE t SET v = 100 WHERE id = 1")
	committed := time.Now()
	mustExec(t, ctx, a, "COMMIT")
	select {
	case r := <-done:
		if r.err != nil {
			t.Errorf("blocked UPDATE after the lock holder committed: %v", r.err)
		}
		if r.at.Before(committed) {
			t.Errorf("blocked UPDATE finished before the lock holder committed")
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("UPDATE still blocked 10s after the lock holder committed")
	}
	if got := mustInts(t, ctx, b, "SELECT v FROM t WHERE id = 1"); !intsEqual(got, 101) {
		t.Errorf("v after COMMIT (100) and the waiting +1: %v, want [101]", got)
	}

	// innodb_lock_wait_timeout = 1: the waiter gets 1205 after about a second.
	mustExec(t, ctx, b, "SET SESSION innodb_lock_wait_timeout = 1")
	mustExec(t, ctx, a, "BEGIN")
	if err := a.QueryRowContext(ctx, "SELECT v FROM t WHERE id = 1 FOR UPDATE").Scan(&v); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = b.ExecContext(ctx, "UPDATE t SET v = 0 WHERE id = 1")
	took := time.Since(start)
	if myErrNumber(err) != 1205 {
		t.Errorf("UPDATE of a locked row with innodb_lock_wait_timeout=1: %v, want error 1205", err)
	}
	if took < 800*time.Millisecond || took > 6*time.Second {
		t.Errorf("lock wait ended after %v, want about 1s", took)
	}
	// In a transaction, the timeout undoes only the waiting statement.
	mustExec(t, ctx, b, "BEGIN", "UPDATE t SET v = 21 WHERE id = 2")
	if _, err := b.ExecContext(ctx, "DELETE FROM t WHERE id = 1"); myErrNumber(err) != 1205 {
		t.Errorf("DELETE of a locked row in a transaction: %v, want error 1205", err)
	}
	mustExec(t, ctx, b, "COMMIT")
	mustExec(t, ctx, a, "COMMIT")
	if got := mustInts(t, ctx, db, "SELECT v FROM t ORDER BY id"); !intsEqual(got, 101, 21) {
		t.Errorf("after the timed-out statements: v %v, want [101 21] (the earlier UPDATE of the transaction kept)", got)
	}
}

package e2e

// KILL QUERY stops a running scan or sort promptly, with 1317, and leaves
// the connection usable.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestKillQueryStopsScanAndSort(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	ctx := ctxT(t, 120*time.Second)
	admin, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	const rows = 3000
	var values strings.Builder
	for i := 0; i < rows; i++ {
		if i > 0 {
			values.WriteByte(',')
		}
		fmt.Fprintf(&values, "(%d, 'value %d')", i, (i*7919)%rows)
	}
	for _, q := range []string{"CREATE DATABASE k", "CREATE TABLE k.t (id INT PRIMARY KEY, v VARCHAR(32))",
		"INSERT INTO k.t VALUES " + values.String()} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct{ name, query string }{
		// 9 million joined rows: seconds of nested-loop scanning.
		{"scan", "SELECT COUNT(*) FROM k.t a, k.t b WHERE a.v < b.v"},
		// The same join, buffered and sorted (the kill lands in the scan
		// that feeds the sort or in the sort itself).
		{"sort", "SELECT a.id, b.id FROM k.t a, k.t b WHERE a.id < 900 AND b.id < 900 ORDER BY a.v, b.v DESC LIMIT 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			victim, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer victim.Close()
			var id int64
			if err := victim.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
				t.Fatal(err)
			}
			type result struct {
				err error
				at  time.Time
			}
			done := make(chan result, 1)
			started := time.Now()
			go func() {
				rows, err := victim.QueryContext(ctx, c.query)
				if err == nil {
					for rows.Next() {
					}
					err = rows.Err()
					rows.Close()
				}
				done <- result{err, time.Now()}
			}()
			// Wait until the statement is seen running, then let it work a little.
			waitRunning(t, admin, id, c.query)
			time.Sleep(150 * time.Millisecond)
			select {
			case r := <-done:
				t.Fatalf("query finished in %v before KILL QUERY (err %v): make it bigger", r.at.Sub(started), r.err)
			default:
			}
			killedAt := time.Now()
			if _, err := admin.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", id)); err != nil {
				t.Fatal(err)
			}
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("query still running 10 s after KILL QUERY")
			}
			took := r.at.Sub(killedAt)
			t.Logf("%s: stopped %v after KILL QUERY (ran %v)", c.name, took, killedAt.Sub(started))
			if myErrNumber(r.err) != 1317 {
				t.Fatalf("killed query ended with %v, want error 1317", r.err)
			}
			// Bound generously: a machine shared with other builds can stall
			// us, but a kill that waits for the statement's end takes seconds.
			if took > 2*time.Second {
				t.Errorf("KILL QUERY took %v to stop the statement", took)
			}
			var one int
			if err := victim.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
				t.Fatalf("connection unusable after KILL QUERY: %v", err)
			}
		})
	}
}

// waitRunning polls information_schema.PROCESSLIST until connection id
// runs query.
func waitRunning(t *testing.T, admin interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}, id int64, query string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var info sql.NullString
		err := admin.QueryRowContext(context.Background(),
			"SELECT INFO FROM information_schema.PROCESSLIST WHERE ID = ? AND COMMAND = 'Query'", id).Scan(&info)
		if err == nil && info.String == query {
			return
		}
		if err != nil && err != sql.ErrNoRows {
			t.Fatalf("reading PROCESSLIST: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("connection %d never showed %q as running", id, query)
}

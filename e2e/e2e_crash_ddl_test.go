package e2e

// Crash points inside long statements: kill -9 a real loopdb at a random
// moment during CREATE INDEX, ALTER TABLE ADD COLUMN (a row rewrite), DROP
// TABLE and LOAD DATA LOCAL over a table of tens of thousands of rows, then
// run the offline keyspace checker (`loopdb check --datadir`: orphan keys
// of dropped tables and indexes, rows missing index entries, index entries
// without their row) and restart: the checker must find nothing, the
// catalog must load and the table must answer. LOOPDB_CRASH_DDL_SEED=n
// replays the kill moments.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

const crashDDLRows = 30000

func TestCrashDuringDDL(t *testing.T) {
	t.Parallel()
	seed := time.Now().UnixNano()
	if v := os.Getenv("LOOPDB_CRASH_DDL_SEED"); v != "" {
		seed, _ = strconv.ParseInt(v, 10, 64)
	}
	t.Logf("seed %d (LOOPDB_CRASH_DDL_SEED to replay)", seed)
	rng := rand.New(rand.NewSource(seed))

	datadir := t.TempDir()
	csv := filepath.Join(t.TempDir(), "rows.csv")
	var b strings.Builder
	for i := 1; i <= crashDDLRows; i++ {
		fmt.Fprintf(&b, "%d,%d,name-%d\n", 1000000+i, i%97, i)
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	mysql.RegisterLocalFile(csv)
	ctx := ctxT(t, 3*time.Minute)

	cur := startServerOn(t, datadir, "--local-infile")
	open := func() *sql.DB {
		cfg, err := mysql.ParseDSN(dsn("root", "", "tcp", cur.addr, "", []string{"allowAllFiles=false"}))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Logger = log.New(io.Discard, "", 0) // the killed connection is expected
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return sql.OpenDB(connector)
	}
	// fill (re)creates crash.big with crashDDLRows rows in 1,000-row INSERTs.
	fill := func(db *sql.DB) {
		mustExec(t, ctx, db, "CREATE DATABASE IF NOT EXISTS crash", "DROP TABLE IF EXISTS crash.big",
			"CREATE TABLE crash.big (id BIGINT PRIMARY KEY, grp INT NOT NULL, name VARCHAR(40), KEY k_grp (grp))")
		for start := 1; start <= crashDDLRows; start += 1000 {
			var q strings.Builder
			q.WriteString("INSERT INTO crash.big VALUES ")
			for i := start; i < start+1000; i++ {
				if i > start {
					q.WriteByte(',')
				}
				fmt.Fprintf(&q, "(%d,%d,'name-%d')", i, i%97, i)
			}
			mustExec(t, ctx, db, q.String())
		}
	}
	steps := []struct{ name, sql string }{
		{"CREATE INDEX", "CREATE INDEX k_name ON crash.big (name, grp)"},
		{"ALTER TABLE ADD COLUMN", "ALTER TABLE crash.big ADD COLUMN extra VARCHAR(20) NOT NULL DEFAULT 'x'"},
		{"LOAD DATA LOCAL", fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE crash.big FIELDS TERMINATED BY ',' (id, grp, name)", csv)},
		{"DROP TABLE", "DROP TABLE crash.big"},
	}
	for _, step := range steps {
		db := open()
		fill(db)
		// Each statement runs for about 100-400 ms on 30,000 rows on a busy
		// 2-core machine: a kill within 150 ms mostly lands inside it (the
		// log says whether the statement answered first).
		delay := time.Duration(rng.Int63n(int64(150 * time.Millisecond)))
		done := make(chan error, 1)
		go func() {
			_, err := db.ExecContext(context.Background(), step.sql)
			done <- err
		}()
		time.Sleep(delay)
		cur.kill9(t)
		err := <-done
		db.Close()
		t.Logf("%s: killed after %v (statement: %v)", step.name, delay, err)

		out, cerr := exec.Command(loopdbBin, "check", "--datadir", datadir).CombinedOutput()
		if cerr != nil {
			t.Fatalf("%s: loopdb check after the kill: %v\n%s", step.name, cerr, out)
		}
		cur = startServerOn(t, datadir, "--local-infile")
		db = open()
		var tables int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'crash'").Scan(&tables); err != nil {
			t.Fatalf("%s: catalog after restart: %v", step.name, err)
		}
		if tables == 1 {
			// The rows fill committed are all there; LOAD DATA's own rows
			// (ids above 1,000,000) may or may not be.
			var n, all int
			err := db.QueryRowContext(ctx, "SELECT COUNT(*), (SELECT COUNT(*) FROM crash.big) FROM crash.big WHERE id <= ?", crashDDLRows).Scan(&n, &all)
			if err != nil || n != crashDDLRows {
				t.Fatalf("%s: %d committed rows after restart (%v), want %d", step.name, n, err, crashDDLRows)
			}
			t.Logf("%s: %d rows after restart", step.name, all)
		}
		db.Close()
	}
}

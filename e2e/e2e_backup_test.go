package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// An online backup taken with `loopdb backup` while sysbench writes and
// other clients move money between accounts is a data directory of its
// own, and it holds the source exactly as of one instant: every balance
// equals its opening amount plus the ledger rows of the transfers in the
// copy, the total is unchanged, sysbench's delete+insert pairs are whole
// (each table still holds table_size rows, by the primary key and by the
// secondary index), and the accounts and their passwords came along.
func TestBackupUnderLoad(t *testing.T) {
	sysbench := needTool(t, "sysbench")
	src := startServer(t)
	root := openDB(t, src.dsnTCP("root", "", ""))
	ctx := ctxT(t, 3*time.Minute)
	const accounts, opening, tables, tableSize = 50, 1000, 2, 2000
	mustExec(t, ctx, root,
		"CREATE DATABASE bank", "CREATE DATABASE sbtest",
		"CREATE TABLE bank.accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)",
		"CREATE TABLE bank.ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, acct INT NOT NULL, amount BIGINT NOT NULL, KEY (acct))",
		"CREATE USER app IDENTIFIED BY 'app-secret'", "GRANT SELECT ON bank.* TO app")
	var vals []string
	for i := 1; i <= accounts; i++ {
		vals = append(vals, fmt.Sprintf("(%d, %d)", i, opening))
	}
	mustExec(t, ctx, root, "INSERT INTO bank.accounts VALUES "+strings.Join(vals, ","))

	sb := func(cmd string, extra ...string) *exec.Cmd {
		args := append([]string{"oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1",
			"--mysql-port=" + strconv.Itoa(src.port), "--mysql-user=root", "--mysql-db=sbtest",
			"--tables=" + itoa(tables), "--table-size=" + itoa(tableSize), "--mysql-ignore-errors=1213,1205"}, extra...)
		return exec.CommandContext(ctx, sysbench, append(args, cmd)...)
	}
	if out, err := sb("prepare").CombinedOutput(); err != nil {
		t.Fatalf("sysbench prepare: %v\n%s", err, out)
	}
	load := sb("run", "--threads=8", "--time=8")
	var loadOut strings.Builder
	load.Stdout, load.Stderr = &loadOut, &loadOut
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}

	// Transfers: each moves an amount between two accounts and records
	// both legs in the ledger, in one transaction.
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 7))
			for {
				select {
				case <-stop:
					return
				default:
				}
				a, b := 1+r.IntN(accounts), 1+r.IntN(accounts)
				if transfer(ctx, root, a, b, int64(1+r.IntN(50))) == nil {
					committed.Add(1)
				}
			}
		}(uint64(w))
	}
	time.Sleep(2 * time.Second)
	before := committed.Load()
	dest := filepath.Join(t.TempDir(), "backup-1")
	out, err := exec.CommandContext(ctx, loopdbBin, "backup", "--to", dest, "--port", itoa(src.port)).CombinedOutput()
	after := committed.Load()
	if err != nil {
		t.Fatalf("loopdb backup: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "backup written to "+dest) {
		t.Fatalf("loopdb backup said %q", out)
	}
	time.Sleep(time.Second) // writes go on after the backup
	close(stop)
	wg.Wait()
	if err := load.Wait(); err != nil {
		t.Fatalf("sysbench run: %v\n%s", err, loadOut.String())
	}
	if before == 0 || committed.Load() == after {
		t.Fatalf("the load did not run around the backup: %d transfers before it, %d after it, %d in all", before, after, committed.Load())
	}

	// The copy, started as a server of its own.
	cp := launch(t, dest, nil)
	t.Cleanup(cp.cleanup)
	cp.mustBeReady()
	copyDB := openDB(t, cp.dsnTCP("root", "", ""))
	one := func(db *sql.DB, q string) int64 {
		t.Helper()
		v := mustInts(t, ctx, db, q)
		if len(v) != 1 {
			t.Fatalf("%s: %d rows", q, len(v))
		}
		return v[0]
	}
	var total, legs int64
	total = one(copyDB, "SELECT SUM(balance) FROM bank.accounts")
	if total != accounts*opening {
		t.Fatalf("the copy's balances sum to %d, want %d: a transfer was split", total, accounts*opening)
	}
	var mismatched int64
	mismatched = one(copyDB, `SELECT COUNT(*) FROM bank.accounts a
		WHERE a.balance <> 1000 + (SELECT COALESCE(SUM(l.amount), 0) FROM bank.ledger l WHERE l.acct = a.id)`)
	legs = one(copyDB, "SELECT COUNT(*) FROM bank.ledger")
	if mismatched != 0 {
		t.Fatalf("%d accounts in the copy disagree with its ledger", mismatched)
	}
	if legs%2 != 0 || legs/2 < before || legs/2 > after {
		t.Fatalf("the copy holds %d transfers; %d had committed when the backup started and %d when it ended", legs/2, before, after)
	}
	for i := 1; i <= tables; i++ {
		var byPK, byIndex int64
		byPK = one(copyDB, fmt.Sprintf("SELECT COUNT(*) FROM sbtest.sbtest%d", i))
		byIndex = one(copyDB, fmt.Sprintf("SELECT COUNT(*) FROM sbtest.sbtest%d WHERE k >= -2147483648", i))
		if byPK != tableSize || byIndex != tableSize {
			t.Fatalf("sbtest%d in the copy: %d rows by primary key, %d by index k, want %d", i, byPK, byIndex, tableSize)
		}
	}
	app := openDB(t, cp.dsnTCP("app", "app-secret", "bank"))
	var n int64
	n = one(app, "SELECT COUNT(*) FROM accounts")
	if n != accounts {
		t.Fatalf("app sees %d accounts in the copy", n)
	}
}

func transfer(ctx context.Context, db *sql.DB, from, to int, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE bank.accounts SET balance = balance - ? WHERE id = ?", []any{amount, from}},
		{"UPDATE bank.accounts SET balance = balance + ? WHERE id = ?", []any{amount, to}},
		{"INSERT INTO bank.ledger (acct, amount) VALUES (?, ?), (?, ?)", []any{from, -amount, to, amount}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// BACKUP's refusals: a destination that exists, a relative one, another
// scheme, a single database, RESTORE, and an account without the privilege.
func TestBackupRefusals(t *testing.T) {
	s := startServer(t)
	root := openDB(t, s.dsnTCP("root", "", ""))
	existing := t.TempDir()
	mustExec(t, ctxT(t, time.Minute), root, "CREATE USER plain IDENTIFIED BY 'pw'")
	cases := []struct {
		db   *sql.DB
		stmt string
		code uint16
	}{
		{root, "BACKUP DATABASE * TO 'local://" + existing + "'", 1086},
		{root, "BACKUP DATABASE * TO 'relative/dir'", 1210},
		{root, "BACKUP DATABASE * TO 's3://bucket/x'", 1235},
		{root, "BACKUP DATABASE mysql TO '/tmp/never'", 1235},
		{root, "RESTORE DATABASE * FROM 'local:///tmp/never'", 1235},
		{openDB(t, s.dsnTCP("plain", "pw", "")), "BACKUP DATABASE * TO '/tmp/never'", 1227},
		{root, "BACKUP DATABASE * TO 'local://" + s.datadir + "/inside'", 1210},
	}
	for _, c := range cases {
		_, err := c.db.Exec(c.stmt)
		if got := myErrNumber(err); got != c.code {
			t.Errorf("%s: error %v, want %d", c.stmt, err, c.code)
		}
	}
}

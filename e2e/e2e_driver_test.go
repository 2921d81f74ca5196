package e2e

// go-sql-driver/mysql against the binary: authentication paths, accounts, result sets,
// multi-statements, KILL.

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// (a) caching_sha2_password over TCP on a fresh server: the first connection must take the full
// path (RSA public key retrieval, done automatically by the driver), a later one the fast path.
func TestDriverCachingSha2TCP(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Sha2-tcp-pw")
	db := openDB(t, s.dsnTCP("root", "Sha2-tcp-pw", ""))
	for i := 1; i <= 2; i++ { // MaxIdleConns(0): each Ping is a new login
		if err := db.PingContext(ctxT(t, 10*time.Second)); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
	}
	// The driver's full authentication must have filled the server's cache: our own client now
	// sees the fast-path marker (AuthMoreData 01 03).
	rc, err := rawLogin(s, "")
	if err != nil {
		t.Fatalf("raw login after driver logins: %v", err)
	}
	defer rc.Close()
	if rc.AuthPath != "fast" {
		t.Errorf("after a successful full authentication the server took auth path %q, want fast (01 03)", rc.AuthPath)
	}
}

// (b) over the unix socket, where full authentication sends the password in clear.
func TestDriverUnixSocket(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Sha2-unix-pw")
	db := openDB(t, s.dsnUnix("root", "Sha2-unix-pw", ""))
	var one int
	if err := db.QueryRowContext(ctxT(t, 10*time.Second), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 over unix socket: %v, %d", err, one)
	}
	if err := db.PingContext(ctxT(t, 10*time.Second)); err != nil { // second login: fast path
		t.Fatalf("second connection over unix socket: %v", err)
	}
	bad := openDB(t, s.dsnUnix("root", "wrong", ""))
	if err := bad.PingContext(ctxT(t, 10*time.Second)); myErrNumber(err) != 1045 {
		t.Errorf("wrong password over unix socket: %v, want error 1045", err)
	}
}

// (c) accounts created with SQL: native and caching_sha2, then dropped.
func TestDriverCreateUserNativeAndSha2(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Root-pw")
	root := openDB(t, s.dsnTCP("root", "Root-pw", ""))
	ctx := ctxT(t, 30*time.Second)
	for _, q := range []string{
		"CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'Nat-pw'",
		"CREATE USER 'u2'@'%' IDENTIFIED BY 'U2-pw'",
	} {
		if _, err := root.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, acct := range [][2]string{{"nat", "Nat-pw"}, {"u2", "U2-pw"}} {
		db := openDB(t, s.dsnTCP(acct[0], acct[1], ""))
		var one int
		if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
			t.Errorf("login as %s: %v", acct[0], err)
		}
		bad := openDB(t, s.dsnTCP(acct[0], acct[1]+"x", ""))
		if err := bad.PingContext(ctx); myErrNumber(err) != 1045 {
			t.Errorf("%s with a wrong password: %v, want error 1045", acct[0], err)
		}
	}
	// The native account through our own client (the server must switch it to
	// mysql_native_password from the advertised caching_sha2_password).
	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Login("nat", "Nat-pw", ""); err != nil {
		t.Errorf("raw login as the native account: %v", err)
	}
	rc.Close()

	if _, err := root.ExecContext(ctx, "DROP USER 'nat'@'%'"); err != nil {
		t.Fatalf("DROP USER: %v", err)
	}
	gone := openDB(t, s.dsnTCP("nat", "Nat-pw", ""))
	if err := gone.PingContext(ctx); myErrNumber(err) != 1045 {
		t.Errorf("dropped account logs in: %v, want error 1045", err)
	}
	if _, err := root.ExecContext(ctx, "CREATE USER 'u2'@'%' IDENTIFIED BY 'again'"); myErrNumber(err) != 1396 {
		t.Errorf("CREATE USER of an existing account: %v, want error 1396", err)
	}
}

// (d) wrong password and unknown user: error 1045 with MySQL's text.
func TestDriverAccessDenied(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Right-pw")
	for _, user := range []string{"root", "nobody"} {
		db := openDB(t, s.dsnTCP(user, "Wrong-pw", ""))
		err := db.PingContext(ctxT(t, 10*time.Second))
		if myErrNumber(err) != 1045 || !strings.Contains(err.Error(), "Access denied for user '"+user+"'") {
			t.Errorf("user %s, wrong password: %v; want *mysql.MySQLError 1045 Access denied for user '%s'@...", user, err, user)
		}
	}
	// An empty password is just another wrong one.
	if err := openDB(t, s.dsnTCP("root", "", "")).PingContext(ctxT(t, 10*time.Second)); myErrNumber(err) != 1045 {
		t.Errorf("root with an empty password on a server with a root password: %v, want 1045", err)
	}
}

// (e) Ping, constants of several types, Close.
func TestDriverQueryConstants(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Q-pw")
	db := openDB(t, s.dsnTCP("root", "Q-pw", ""))
	ctx := ctxT(t, 20*time.Second)
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx,
		"SELECT 1 AS i, -9223372036854775807 AS big, 3.25 AS d, 'héllo' AS s, NULL AS n, 2.5e0 AS f, X'414243' AS b")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if strings.Join(cols, ",") != "i,big,d,s,n,f,b" {
		t.Errorf("columns %v", cols)
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := map[string]string{"i": "BIGINT", "d": "DECIMAL", "s": "VARCHAR", "f": "DOUBLE"}
	for _, ct := range types {
		if w, ok := wantTypes[ct.Name()]; ok && ct.DatabaseTypeName() != w {
			t.Errorf("column %s has type %s, want %s (as MySQL 8 reports it)", ct.Name(), ct.DatabaseTypeName(), w)
		}
	}
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	var (
		i, big int64
		d, str string
		n      sql.NullString
		f      float64
		b      []byte
	)
	if err := rows.Scan(&i, &big, &d, &str, &n, &f, &b); err != nil {
		t.Fatal(err)
	}
	if i != 1 || big != -9223372036854775807 || d != "3.25" || str != "héllo" || n.Valid || f != 2.5 || string(b) != "ABC" {
		t.Errorf("got %d %d %q %q %v %v %q", i, big, d, str, n, f, b)
	}
	if rows.Next() {
		t.Error("more than one row")
	}
	if err := rows.Close(); err != nil {
		t.Error(err)
	}
	if err := db.Close(); err != nil {
		t.Error(err)
	}
}

// (f) multi-statements return every result set.
func TestDriverMultiStatements(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", "", "multiStatements=true"))
	rows, err := db.QueryContext(ctxT(t, 20*time.Second), "SELECT 1; SELECT 2, 'two'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for set := 0; ; set++ {
		for rows.Next() {
			cols, _ := rows.Columns()
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range vals {
				parts = append(parts, string(v))
			}
			got = append(got, strings.Join(parts, ","))
		}
		if !rows.NextResultSet() {
			break
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "1|2,two" {
		t.Errorf("result sets %q, want [1 2,two]", got)
	}
}

// A multi-statement query whose later statement is a syntax error: MySQL runs the statements
// before it (their results arrive with SERVER_MORE_RESULTS_EXISTS) and answers the bad one
// with 1064; nothing after it runs.
func TestDriverMultiStatementsSyntaxError(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", "", "multiStatements=true"))
	ctx := ctxT(t, 20*time.Second)
	if _, err := db.ExecContext(ctx, "CREATE DATABASE ms; CREATE TABLE ms.t (a INT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	_, err := db.ExecContext(ctx, "INSERT INTO ms.t VALUES (1); INSERT INTO ms.t VALUES (CHAR_LENGTH('a;')); INSRT INTO ms.t VALUES (3); INSERT INTO ms.t VALUES (4)")
	if myErrNumber(err) != 1064 || !strings.Contains(err.Error(), "near 'INSRT INTO ms.t VALUES (3); INSERT INTO ms.t VALUES (4)' at line 1") {
		t.Fatalf("batch with a syntax error: %v, want 1064 near the bad statement", err)
	}
	var got string
	if err := db.QueryRowContext(ctx, "SELECT GROUP_CONCAT(a ORDER BY a) FROM ms.t").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "1,2" {
		t.Errorf("rows after the batch: %q, want the two statements before the error (1,2)", got)
	}
}

// (g) KILL QUERY interrupts a running SLEEP; KILL closes the connection.
func TestDriverKill(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	ctx := ctxT(t, 60*time.Second)
	a, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var id int64
	if err := a.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	b, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	type result struct {
		v   sql.NullInt64
		err error
		dur time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		var r result
		r.err = a.QueryRowContext(ctx, "SELECT SLEEP(10)").Scan(&r.v)
		r.dur = time.Since(start)
		done <- r
	}()
	time.Sleep(700 * time.Millisecond) // let the SLEEP start
	if _, err := b.ExecContext(ctx, "KILL QUERY "+itoa(int(id))); err != nil {
		t.Fatalf("KILL QUERY: %v", err)
	}
	select {
	case r := <-done:
		// MySQL returns SLEEP()'s value 1 for an interrupted sleep; error 1317 is also acceptable.
		if r.err != nil && myErrNumber(r.err) != 1317 {
			t.Errorf("killed SLEEP: %v, want value 1 or error 1317", r.err)
		}
		if r.err == nil && (!r.v.Valid || r.v.Int64 != 1) {
			t.Errorf("killed SLEEP returned %v, want 1", r.v)
		}
		if r.dur > 5*time.Second {
			t.Errorf("killed SLEEP(10) took %v", r.dur)
		}
	case <-time.After(12 * time.Second):
		t.Fatal("SLEEP(10) did not return after KILL QUERY")
	}
	// The connection survives KILL QUERY.
	var one int
	if err := a.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("connection after KILL QUERY: %v", err)
	}

	if _, err := b.ExecContext(ctx, "KILL "+itoa(int(id))); err != nil {
		t.Fatalf("KILL: %v", err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		err := a.PingContext(ctx)
		if err != nil {
			break // closed, as it must be
		}
		if time.Now().After(deadline) {
			t.Fatal("connection still answers 3s after KILL")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := b.ExecContext(ctx, "KILL 987654"); myErrNumber(err) != 1094 {
		t.Errorf("KILL of an unknown thread id: %v, want error 1094", err)
	}
}

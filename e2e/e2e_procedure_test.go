package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Stored procedures over the wire: CALL's result sets each marked
// SERVER_MORE_RESULTS_EXISTS and its final OK, read by go-sql-driver
// through rows.NextResultSet over COM_QUERY and COM_STMT_EXECUTE; OUT
// parameters into user variables; the routine privileges; a procedure
// that loops forever stopped by KILL QUERY; procedures surviving a
// restart.

// resultSets reads every result set of rows as "a,b;c,d" strings.
func resultSets(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	var sets []string
	for {
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var lines []string
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range vals {
				parts = append(parts, v.String)
			}
			lines = append(lines, strings.Join(parts, ","))
		}
		sets = append(sets, strings.Join(lines, ";"))
		if !rows.NextResultSet() {
			break
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sets
}

func TestProcedureResultSets(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := context.Background()
	db := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, db, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, v INT)",
		"INSERT INTO app.t VALUES (1, 10), (2, 20), (3, 30)",
		`CREATE PROCEDURE app.two(IN lim INT)
BEGIN
  DECLARE n INT DEFAULT 0;
  SELECT COUNT(*) INTO n FROM t WHERE id <= lim;
  SELECT id, v FROM t WHERE id <= lim ORDER BY id;
  SELECT n AS counted, lim * 2 AS doubled;
END`,
		"CREATE PROCEDURE app.bump(IN by_ INT, OUT total INT) BEGIN UPDATE t SET v = v + by_; SELECT SUM(v) INTO total FROM t; END",
		"CREATE PROCEDURE app.nothing() BEGIN END")
	want := []string{"1,10;2,20", "2,4"}
	for _, mode := range []string{"text", "prepared"} {
		var rows *sql.Rows
		var err error
		if mode == "text" {
			rows, err = db.QueryContext(ctx, "CALL app.two(2)")
		} else {
			st, perr := db.PrepareContext(ctx, "CALL app.two(?)")
			if perr != nil {
				t.Fatal(perr)
			}
			defer st.Close()
			rows, err = st.QueryContext(ctx, 2)
		}
		if err != nil {
			t.Fatalf("%s CALL: %v", mode, err)
		}
		if got := resultSets(t, rows); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s CALL: result sets %q, want %q", mode, got, want)
		}
	}

	// OUT parameters land in the caller's user variables; the CALL's OK
	// carries the affected rows of its last statement that changed rows.
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	res, err := c.ExecContext(ctx, "CALL app.bump(1, @total)")
	if err != nil {
		t.Fatal(err)
	}
	var total int
	if err := c.QueryRowContext(ctx, "SELECT @total").Scan(&total); err != nil || total != 63 {
		t.Errorf("OUT parameter: %d, %v; want 63", total, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Errorf("CALL bump: %d rows affected, want 1 (its SELECT ... INTO)", n)
	}
	// A prepared CALL run with Exec: go-sql-driver reads past its result
	// sets to the final OK.
	st, err := c.PrepareContext(ctx, "CALL app.two(?)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ExecContext(ctx, 3); err != nil {
		t.Errorf("prepared CALL with Exec: %v", err)
	}
	st.Close()
	if _, err := c.ExecContext(ctx, "CALL app.nothing()"); err != nil {
		t.Errorf("empty procedure: %v", err)
	}
	// The connection is in step after all of that.
	var one int
	if err := c.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("connection after CALLs: %v", err)
	}

	_, err = db.ExecContext(ctx, "CALL app.two()")
	wantPrivErr(t, "wrong argument count", err, 1318, "42000", "Incorrect number of arguments for PROCEDURE app.two; expected 1, got 0")
	_, err = db.ExecContext(ctx, "CALL app.bump(1, 2)")
	wantPrivErr(t, "OUT argument not a variable", err, 1414, "42000",
		"OUT or INOUT argument 2 for routine app.bump is not a variable or NEW pseudo-variable in BEFORE trigger")
	_, err = db.ExecContext(ctx, "CALL app.nosuch()")
	wantPrivErr(t, "missing procedure", err, 1305, "42000", "PROCEDURE app.nosuch does not exist")

	// They survive a restart.
	db.Close()
	if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
		t.Fatalf("shutdown: %v", st)
	}
	s2 := launch(t, s.datadir, nil)
	t.Cleanup(s2.cleanup)
	s2.mustBeReady()
	db2 := openDB(t, s2.dsnTCP("root", "", "app"))
	rows, err := db2.QueryContext(ctx, "CALL two(3)")
	if err != nil {
		t.Fatalf("CALL after restart: %v", err)
	}
	if got := resultSets(t, rows); fmt.Sprint(got) != fmt.Sprint([]string{"1,11;2,21;3,31", "3,6"}) {
		t.Errorf("after restart: %q", got)
	}
}

func TestProcedurePrivileges(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := context.Background()
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE DATABASE app", "CREATE TABLE app.secret (v INT)", "INSERT INTO app.secret VALUES (7)",
		"CREATE PROCEDURE app.peek() SELECT v FROM secret",
		"CREATE PROCEDURE app.peek_invoker() SQL SECURITY INVOKER SELECT v FROM secret",
		"CREATE USER u IDENTIFIED BY 'pw'", "GRANT CREATE ON app.* TO u")
	u := openDB(t, s.dsnTCP("u", "pw", "app"))
	_, err := u.ExecContext(ctx, "CALL peek()")
	wantPrivErr(t, "CALL without EXECUTE", err, 1370, "42000", "execute command denied to user 'u'@'127.0.0.1' for routine 'app.peek'")
	_, err = u.ExecContext(ctx, "CREATE PROCEDURE mine() SELECT 1")
	wantPrivErr(t, "CREATE PROCEDURE without CREATE ROUTINE", err, 1044, "42000", "Access denied for user 'u'@'%' to database 'app'")
	_, err = u.ExecContext(ctx, "DROP PROCEDURE peek")
	wantPrivErr(t, "DROP PROCEDURE without ALTER ROUTINE", err, 1370, "42000", "alter routine command denied to user 'u'@'127.0.0.1' for routine 'app.peek'")

	mustExec(t, ctx, root, "GRANT EXECUTE, CREATE ROUTINE ON app.* TO u")
	// SQL SECURITY DEFINER: the body reads with root's rights.
	var v int
	if err := u.QueryRowContext(ctx, "CALL peek()").Scan(&v); err != nil || v != 7 {
		t.Errorf("definer's rights: %d, %v", v, err)
	}
	_, err = u.ExecContext(ctx, "CALL peek_invoker()")
	wantPrivErr(t, "invoker's rights", err, 1142, "42000", "SELECT command denied to user 'u'@'127.0.0.1' for table 'secret'")
	mustExec(t, ctx, u, "CREATE PROCEDURE mine() SELECT 1")
	_, err = u.ExecContext(ctx, "CREATE DEFINER=root@localhost PROCEDURE other() SELECT 1")
	wantPrivErr(t, "DEFINER of another account", err, 1227, "42000", "")

	// A definer that no longer exists cannot lend its rights.
	mustExec(t, ctx, root, "CREATE USER gone", "CREATE DEFINER=gone@'%' PROCEDURE app.orphan() SELECT 1", "DROP USER gone")
	_, err = root.ExecContext(ctx, "CALL app.orphan()")
	wantPrivErr(t, "definer dropped", err, 1449, "HY000", "The user specified as a definer ('gone'@'%') does not exist")
}

// A procedure that loops forever is stopped by KILL QUERY (the loop checks
// the kill flag on each turn) and its connection stays usable.
func TestProcedureKillLoop(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := context.Background()
	db := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, db, "CREATE DATABASE k",
		"CREATE PROCEDURE k.spin() BEGIN DECLARE i INT DEFAULT 0; WHILE 1 DO SET i = i + 1; END WHILE; END")
	victim, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer victim.Close()
	var id int64
	if err := victim.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := victim.ExecContext(ctx, "CALL k.spin()")
		done <- err
	}()
	waitRunning(t, db, id, "CALL k.spin()")
	time.Sleep(100 * time.Millisecond)
	killedAt := time.Now()
	if _, err := db.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", id)); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if myErrNumber(err) != 1317 {
			t.Fatalf("killed CALL ended with %v, want 1317", err)
		}
		if took := time.Since(killedAt); took > 2*time.Second {
			t.Errorf("KILL QUERY took %v to stop the loop", took)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("CALL still running 10 s after KILL QUERY")
	}
	var one int
	if err := victim.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("connection unusable after KILL QUERY: %v", err)
	}
}

// The mariadb CLI: DELIMITER // around a multi-line body, then a CALL
// whose two result sets it prints one after the other.
func TestProcedureCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	script := `CREATE DATABASE app; USE app;
CREATE TABLE t (id INT PRIMARY KEY);
DELIMITER //
CREATE PROCEDURE fill(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 1;
  WHILE i <= n DO
    INSERT INTO t VALUES (i);
    SET i = i + 1;
  END WHILE;
  SELECT COUNT(*) AS rows_now FROM t;
  SELECT MAX(id) AS top FROM t;
END //
DELIMITER ;
CALL fill(5);
SELECT 'after';
`
	r := runMariadb(t, script, "--socket="+s.sock, "-uroot", "-N")
	if r.exitCode != 0 || r.stdout != "5\n5\nafter\n" {
		t.Fatalf("exit %d\nstdout %q\nstderr %s", r.exitCode, r.stdout, r.stderr)
	}
	r = runMariadb(t, "SHOW CREATE PROCEDURE app.fill\\G", "--socket="+s.sock, "-uroot")
	if !strings.Contains(r.stdout, "CREATE DEFINER=`root`@`localhost` PROCEDURE `fill`(IN n INT)\nBEGIN\n  DECLARE i INT DEFAULT 1;") {
		t.Fatalf("SHOW CREATE PROCEDURE:\n%s%s", r.stdout, r.stderr)
	}
}

// mariadb-dump --routines dumps procedures and the dump restores them.
func TestMariadbDumpRoutines(t *testing.T) {
	t.Parallel()
	dump := needTool(t, "mariadb-dump")
	src := startServer(t)
	setup := `CREATE DATABASE app; USE app;
CREATE TABLE item (id INT PRIMARY KEY, price INT);
INSERT INTO item VALUES (1, 5), (2, 7);
DELIMITER ;;
CREATE PROCEDURE total(OUT s INT) COMMENT 'sum of prices'
BEGIN
  SELECT SUM(price) INTO s FROM item;
END ;;
CREATE PROCEDURE cheap(IN lim INT) SQL SECURITY INVOKER SELECT id FROM item WHERE price < lim ;;
DELIMITER ;`
	if r := runMariadb(t, setup, "--socket="+src.sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	runDump := func(sock string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, dump, "--no-defaults", "--socket="+sock, "-uroot", "--skip-dump-date", "--routines", "--databases", "app")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("mariadb-dump: %v\n%s", err, errb.String())
		}
		return out.String()
	}
	first := runDump(src.sock)
	for _, want := range []string{"PROCEDURE `total`(OUT s INT)", "COMMENT 'sum of prices'", "SQL SECURITY INVOKER", "PROCEDURE `cheap`"} {
		if !strings.Contains(first, want) {
			t.Fatalf("dump lacks %q:\n%s", want, first)
		}
	}
	dst := startServer(t)
	if r := runMariadb(t, first, "--socket="+dst.sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("restore: %s\n%s", r.stderr, first)
	}
	r := runMariadb(t, "CALL total(@s); SELECT @s; CALL cheap(6);", "--socket="+dst.sock, "-uroot", "-N", "app")
	if r.exitCode != 0 || r.stdout != "12\n1\n" {
		t.Fatalf("restored procedures: exit %d\n%s%s", r.exitCode, r.stdout, r.stderr)
	}
	if second := runDump(dst.sock); second != first {
		t.Fatalf("dump of the restored copy differs:\n--- first\n%s\n--- second\n%s", first, second)
	}
}

// PyMySQL reads every result set of a CALL (cursor.nextset) and its
// callproc convention (arguments in @_name_n variables, OUT values read
// back with SELECT) works.
const pymysqlProcScript = `
import sys, pymysql
c = pymysql.connect(host="127.0.0.1", port=int(sys.argv[1]), user="root", password="", database="app", connect_timeout=5)
cur = c.cursor()
cur.execute("CALL two(2)")
while True:
    print("set", cur.fetchall())
    if not cur.nextset():
        break
cur.callproc("addone", (41, 0))
cur.nextset()
cur.execute("SELECT @_addone_1")
print("out", cur.fetchone()[0])
cur.execute("SELECT 'in step'")
print(cur.fetchone()[0])
`

func TestProcedurePyMySQL(t *testing.T) {
	t.Parallel()
	py := debianPython(t)
	s := startServer(t)
	ctx := context.Background()
	db := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, db, "CREATE DATABASE app",
		"CREATE PROCEDURE app.two(n INT) BEGIN SELECT n; SELECT n + 1, 'x'; END",
		"CREATE PROCEDURE app.addone(IN a INT, OUT b INT) SET b = a + 1")
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(cctx, py, "-c", pymysqlProcScript, itoa(s.port)).CombinedOutput()
	if err != nil {
		t.Fatalf("pymysql: %v\n%s", err, out)
	}
	want := "set ((2,),)\nset ((3, 'x'),)\nset ()\nout 42\nin step"
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("pymysql output:\n%s\nwant:\n%s", got, want)
	}
}

package exec

import (
	"strconv"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// callResults runs sql and renders every response: result sets as
// "rows" (rows ';'-joined, values ','-joined) with a '+' when
// SERVER_MORE_RESULTS_EXISTS is set, OKs as "ok<affected>" likewise.
func callResults(t *testing.T, s *Session, sql string) string {
	t.Helper()
	var parts []string
	for _, r := range query(t, s, sql) {
		var p string
		switch {
		case r.err != nil:
			p = "err" + r.err.Message
		case r.ok != nil:
			p = "ok" + strconv.FormatUint(r.ok.AffectedRows, 10)
		default:
			rows := make([]string, len(r.rows))
			for i, row := range r.rows {
				rows[i] = strings.Join(row, ",")
			}
			p = "[" + strings.Join(rows, ";") + "]"
		}
		if r.status&mysqldef.StatusMoreResultsExists != 0 {
			p += "+"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func TestProcedureDDL(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE PROCEDURE p1(IN a INT, OUT b VARCHAR(10)) COMMENT 'hi' SQL SECURITY INVOKER BEGIN SET b = CONCAT('x', a); END")
	wantErr(t, s, "CREATE PROCEDURE P1() SELECT 1", mysqldef.ErrSPAlreadyExists, "PROCEDURE P1 already exists")
	mustExec(t, s, "CREATE PROCEDURE IF NOT EXISTS p1() SELECT 1")
	if got := rowsOf(t, s, "SHOW CREATE PROCEDURE p1"); got != "p1,"+s.sessionString("sql_mode", "")+",CREATE DEFINER=`root`@`localhost` PROCEDURE `p1`(IN a INT, OUT b VARCHAR(10))\n    SQL SECURITY INVOKER\n    COMMENT 'hi'\nBEGIN SET b = CONCAT('x', a); END,utf8mb4,utf8mb4_0900_ai_ci,utf8mb4_0900_ai_ci" {
		t.Errorf("SHOW CREATE PROCEDURE: %q", got)
	}
	if got := rowsOf(t, s, "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION, SECURITY_TYPE, ROUTINE_COMMENT FROM information_schema.ROUTINES"); got != "d,p1,PROCEDURE,BEGIN SET b = CONCAT('x', a); END,INVOKER,hi" {
		t.Errorf("ROUTINES: %q", got)
	}
	mustExec(t, s, "CREATE PROCEDURE p2() SELECT 1")
	if got := rowsOf(t, s, "SHOW PROCEDURE STATUS LIKE 'p2'"); !strings.HasPrefix(got, "d,p2,PROCEDURE,root@localhost,") {
		t.Errorf("SHOW PROCEDURE STATUS LIKE: %q", got)
	}
	if got := rowsOf(t, s, "SHOW PROCEDURE STATUS WHERE Db = 'd' AND Security_type = 'INVOKER'"); !strings.HasPrefix(got, "d,p1,") || strings.Contains(got, "p2") {
		t.Errorf("SHOW PROCEDURE STATUS WHERE: %q", got)
	}
	wantErr(t, s, "DROP PROCEDURE nosuch", mysqldef.ErrSPDoesNotExist, "PROCEDURE d.nosuch does not exist")
	mustExec(t, s, "DROP PROCEDURE IF EXISTS nosuch", "DROP PROCEDURE p2")
	wantErr(t, s, "CALL p2()", mysqldef.ErrSPDoesNotExist, "PROCEDURE d.p2 does not exist")
	wantErr(t, s, "SHOW CREATE PROCEDURE p2", mysqldef.ErrSPDoesNotExist, "PROCEDURE p2 does not exist")
	wantErr(t, s, "CREATE PROCEDURE bad(a INT, a INT) SELECT 1", mysqldef.ErrSPDupParam, "Duplicate parameter: a")
	wantErr(t, s, "CREATE PROCEDURE bad() BEGIN DECLARE x INT; DECLARE x INT; END", mysqldef.ErrSPDupVar, "Duplicate variable: x")
	wantErr(t, s, "CREATE PROCEDURE bad() BEGIN SELEC 1; END", mysqldef.ErrParse, "SELEC 1")
	wantErr(t, s, "CREATE PROCEDURE bad() BEGIN LEAVE nowhere; END", mysqldef.ErrSPLabelMismatch, "LEAVE with no matching label: nowhere")
	wantErr(t, s, "CREATE PROCEDURE bad() BEGIN DECLARE UNDO HANDLER FOR SQLEXCEPTION SET @x = 1; END", mysqldef.ErrNotSupportedYet, "UNDO")
	// DROP DATABASE takes its procedures with it.
	mustExec(t, s, "CREATE DATABASE e", "CREATE PROCEDURE e.q() SELECT 2", "DROP DATABASE e", "CREATE DATABASE e")
	wantErr(t, s, "CALL e.q()", mysqldef.ErrSPDoesNotExist, "PROCEDURE e.q does not exist")
}

func TestProcedureCall(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, v INT)",
		"CREATE PROCEDURE one() SELECT 42",
		"CREATE PROCEDURE two(n INT) BEGIN SELECT n; SELECT n * 2 AS twice; END",
		"CREATE PROCEDURE ins(a INT) BEGIN INSERT INTO t VALUES (a, a * 10), (a + 1, a * 10); END",
		"CREATE PROCEDURE iop(IN a INT, OUT b INT, INOUT c INT) BEGIN SET b = a + 1; SET c = c * 2; END",
		// A local variable wins over a column of the same name.
		"CREATE PROCEDURE shadow() BEGIN DECLARE v INT DEFAULT 7; SELECT v FROM t WHERE id = 1; END",
		"CREATE PROCEDURE loop1(n INT, OUT total INT) BEGIN DECLARE i INT DEFAULT 0; SET total = 0; "+
			"w: WHILE i < n DO SET i = i + 1; IF i = 3 THEN ITERATE w; ELSEIF i > 5 THEN LEAVE w; END IF; SET total = total + i; END WHILE w; END",
		"CREATE PROCEDURE rep(OUT k INT) BEGIN SET k = 0; REPEAT SET k = k + 2; UNTIL k >= 7 END REPEAT; END",
		"CREATE PROCEDURE lp(OUT k INT) BEGIN SET k = 0; l: LOOP SET k = k + 1; IF k = 4 THEN LEAVE l; END IF; END LOOP l; END",
		"CREATE PROCEDURE into1(OUT a INT, OUT b INT) BEGIN DECLARE x, y INT; SELECT id, v INTO x, y FROM t WHERE id = 2; SET a = x, b = y; SELECT v INTO @uv FROM t WHERE id = 1; END",
		"CREATE PROCEDURE cs(n INT, OUT r VARCHAR(5)) BEGIN CASE n WHEN 1 THEN SET r = 'one'; WHEN 2 THEN SET r = 'two'; ELSE SET r = 'many'; END CASE; END",
		"CREATE PROCEDURE nocase(n INT) BEGIN CASE WHEN n = 1 THEN SELECT 1; END CASE; END",
		"CREATE PROCEDURE fails() BEGIN SELECT 1; SELECT * FROM nosuch; SELECT 2; END",
		"CREATE PROCEDURE rec(n INT) BEGIN IF n > 0 THEN CALL rec(n - 1); END IF; SELECT n; END",
		"CREATE PROCEDURE blocks(OUT r INT) BEGIN DECLARE x INT DEFAULT 1; b: BEGIN DECLARE x INT DEFAULT 5; SET r = x; LEAVE b; SET r = 99; END b; SET r = r + x; END")

	for _, c := range []struct{ sql, want string }{
		{"CALL one()", "[42]+ ok0"},
		{"CALL one", "[42]+ ok0"},
		{"CALL d.two(4)", "[4]+ [8]+ ok0"},
		{"CALL ins(1)", "ok2"},
		{"CALL shadow()", "[7]+ ok0"},
		{"SET @c = 5; CALL iop(1, @b, @c); SELECT @b, @c", "ok0+ ok0+ [2,10]"},
		{"CALL loop1(10, @t); SELECT @t", "ok0+ [12]"}, // 1+2+4+5
		{"CALL rep(@k); SELECT @k", "ok0+ [8]"},
		{"CALL lp(@k); SELECT @k", "ok0+ [4]"},
		{"CALL into1(@a, @b); SELECT @a, @b, @uv", "ok1+ [2,10,10]"}, // the last SELECT ... INTO counts its row,
		{"CALL cs(2, @r); SELECT @r", "ok0+ [two]"},
		{"CALL cs(7, @r); SELECT @r", "ok0+ [many]"},
		{"CALL nocase(2)", "errCase not found for CASE statement"},
		{"CALL fails()", "[1]+ errTable 'd.nosuch' doesn't exist"},
		{"CALL rec(1)", "errRecursive limit 0 (as set by the max_sp_recursion_depth variable) was exceeded for routine rec"},
		{"SET max_sp_recursion_depth = 2; CALL rec(2)", "ok0+ [0]+ [1]+ [2]+ ok0"},
		{"CALL blocks(@r); SELECT @r", "ok0+ [6]"},
	} {
		if got := callResults(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	wantErr(t, s, "CALL two()", mysqldef.ErrSPWrongNoOfArgs, "Incorrect number of arguments for PROCEDURE d.two; expected 1, got 0")
	wantErr(t, s, "CALL iop(1, 2, @c)", mysqldef.ErrSPNotVarArg, "OUT or INOUT argument 2 for routine d.iop is not a variable")
	if got := rowsOf(t, s, "SELECT id, v FROM t ORDER BY id"); got != "1,10;2,10" {
		t.Errorf("rows after CALL ins: %q", got)
	}
}

// A variable's column in a result set carries its declared type and name.
func TestProcedureVariableTypes(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE PROCEDURE ty(n INT, d DECIMAL(6,2), f DOUBLE, dt DATE, c VARCHAR(10)) SELECT n, n + 1, d * 2, f / 2, dt, c")
	rs := query(t, s, "CALL ty(3, 1.25, 5, '2024-02-03', 'abc')")
	r := rs[0]
	if got := strings.Join(r.rows[0], ","); got != "3,4,2.50,2.5,2024-02-03,abc" {
		t.Errorf("values: %s", got)
	}
	var names []string
	for _, c := range r.cols {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "n,n + 1,d * 2,f / 2,dt,c" {
		t.Errorf("names: %s", got)
	}
	if r.cols[0].Type != mysqldef.TypeLongLong || r.cols[2].Type != mysqldef.TypeNewDecimal || r.cols[4].Type != mysqldef.TypeDate {
		t.Errorf("types: %d %d %d", r.cols[0].Type, r.cols[2].Type, r.cols[4].Type)
	}
}

// The procedure reader never panics: every prefix of a procedure, and the
// procedure with each byte replaced, is read or refused with an error.
func TestProcedureReaderTruncations(t *testing.T) {
	texts := []string{
		"CREATE DEFINER=`u`@`h` PROCEDURE IF NOT EXISTS d.p(IN a INT, OUT b VARCHAR(5)) COMMENT 'c' DETERMINISTIC " +
			"BEGIN DECLARE x INT DEFAULT (a + 1); l: WHILE x < 10 DO SET x = x + 1; IF x = 3 THEN ITERATE l; ELSEIF x > 5 THEN LEAVE l; ELSE SELECT 1; END IF; END WHILE l; " +
			"REPEAT SET x = x - 1; UNTIL x < 0 END REPEAT; m: LOOP LEAVE m; END LOOP m; CASE x WHEN 1 THEN SELECT CASE WHEN x THEN 1 END; ELSE BEGIN END; END CASE; " +
			"SELECT a INTO b FROM t WHERE c = 'x;y' /* ; */ -- ;\n; END",
		"/*!50003 CREATE*/ /*!50020 DEFINER=root@localhost*/ /*!50003 PROCEDURE p() SELECT 1 */",
		"CREATE PROCEDURE h() BEGIN DECLARE a INT; DECLARE e CONDITION FOR SQLSTATE VALUE '45001'; DECLARE c CURSOR FOR SELECT (1), 'x;'; " +
			"DECLARE EXIT HANDLER FOR e, 1062, NOT FOUND BEGIN SET a = 1; END; DECLARE CONTINUE HANDLER FOR SQLSTATE '23000', SQLWARNING, SQLEXCEPTION SET a = 2; " +
			"OPEN c; FETCH NEXT FROM c INTO a, a; FETCH c INTO a; CLOSE c; SIGNAL e SET MESSAGE_TEXT = CONCAT('a', (1)), MYSQL_ERRNO = 1; SIGNAL SQLSTATE '01000'; END",
	}
	for _, text := range texts {
		for i := 0; i <= len(text); i++ {
			_, _, _ = parseCreateProcedure(text[:i])
			b := []byte(text)
			if i < len(b) {
				for _, c := range []byte{';', '(', ')', '\'', '`', ':', ' '} {
					b[i] = c
					_, _, _ = parseCreateProcedure(string(b))
				}
			}
		}
	}
	for _, i := range []int{0, 2} {
		if _, _, err := parseCreateProcedure(texts[i]); err != nil {
			t.Fatalf("the whole text %d: %v", i, err)
		}
	}
	h, _, err := parseCreateProcedure(texts[1])
	if err != nil || h.definer != "`root`@`localhost`" || h.name != "p" || h.body != "SELECT 1" {
		t.Fatalf("versioned comments: %+v %v", h, err)
	}
}

// A control statement's condition is not a statement: it leaves the
// diagnostics area (the warning of SELECT ... INTO finding no row) alone.
func TestProcedureConditionKeepsWarnings(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT)",
		"CREATE PROCEDURE w() BEGIN DECLARE x INT; SELECT id INTO x FROM t; IF x IS NULL THEN SET x = 1; END IF; END")
	if got := callResults(t, s, "CALL w()"); got != "ok0" {
		t.Fatalf("CALL: %s", got)
	}
	if got := rowsOf(t, s, "SHOW WARNINGS"); got != "Warning,1329,No data - zero rows fetched, selected, or processed" {
		t.Errorf("warnings after CALL: %q", got)
	}
}

func TestProcedureComCounters(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE PROCEDURE c() SELECT 1")
	query(t, s, "CALL c()")
	query(t, s, "CALL c()")
	mustExec(t, s, "SHOW CREATE PROCEDURE c", "DROP PROCEDURE c")
	got := rowsOf(t, s, "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_call_procedure', 'Com_create_procedure', 'Com_drop_procedure', 'Com_show_create_proc')")
	if got != "Com_call_procedure,2;Com_create_procedure,1;Com_drop_procedure,1;Com_show_create_proc,1" {
		t.Errorf("counters: %q", got)
	}
}

// The body runs under the sql_mode the procedure was created with; the
// caller's comes back after the CALL, even when the body set its own.
func TestProcedureStoredSQLMode(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "SET sql_mode = ''",
		"CREATE PROCEDURE lenient(OUT r INT) BEGIN DECLARE x TINYINT; SET x = 1000; SET r = x; SET sql_mode = 'ANSI_QUOTES'; END",
		"SET sql_mode = 'STRICT_TRANS_TABLES'")
	if got := callResults(t, s, "CALL lenient(@r); SELECT @r, @@sql_mode"); got != "ok0+ [127,STRICT_TRANS_TABLES]" {
		t.Errorf("got %s", got)
	}
}

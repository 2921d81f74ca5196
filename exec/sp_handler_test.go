package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// The classic cursor loop: a NOT FOUND handler ends it.
func TestProcedureCursorLoop(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, v INT)",
		"INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)",
		`CREATE PROCEDURE sumv(OUT total INT, OUT n INT) BEGIN
			DECLARE done INT DEFAULT 0;
			DECLARE a, b INT;
			DECLARE cur CURSOR FOR SELECT id, v FROM t ORDER BY id;
			DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
			SET total = 0, n = 0;
			OPEN cur;
			read_loop: LOOP
				FETCH cur INTO a, b;
				IF done THEN LEAVE read_loop; END IF;
				SET total = total + a * b, n = n + 1;
			END LOOP;
			CLOSE cur;
		END`,
		// The cursor's SELECT sees the variables as they are at OPEN.
		`CREATE PROCEDURE atopen(OUT r INT) BEGIN
			DECLARE k INT DEFAULT 2;
			DECLARE c CURSOR FOR SELECT v FROM t WHERE id = k;
			OPEN c; SET k = 3; FETCH NEXT FROM c INTO r; CLOSE c;
			OPEN c; FETCH c INTO r;
		END`,
		"CREATE PROCEDURE nodata() BEGIN DECLARE x INT; DECLARE c CURSOR FOR SELECT v FROM t WHERE id > 100; OPEN c; FETCH c INTO x; END",
		"CREATE PROCEDURE twice() BEGIN DECLARE c CURSOR FOR SELECT 1; OPEN c; OPEN c; END",
		"CREATE PROCEDURE notopen() BEGIN DECLARE x INT; DECLARE c CURSOR FOR SELECT 1; FETCH c INTO x; END",
		"CREATE PROCEDURE closeclosed() BEGIN DECLARE c CURSOR FOR SELECT 1; CLOSE c; END",
		"CREATE PROCEDURE wrongn() BEGIN DECLARE x INT; DECLARE c CURSOR FOR SELECT 1, 2; OPEN c; FETCH c INTO x; END",
		"CREATE PROCEDURE big() BEGIN DECLARE c CURSOR FOR SELECT REPEAT('x', 1000) FROM t a, t b, t c; OPEN c; END",
	)
	for _, c := range []struct{ sql, want string }{
		{"CALL sumv(@t, @n); SELECT @t, @n", "ok0+ [140,3]"},
		{"CALL atopen(@r); SELECT @r", "ok0+ [30]"},
		{"CALL nodata()", "errNo data - zero rows fetched, selected, or processed"},
		{"CALL twice()", "errCursor is already open"},
		{"CALL notopen()", "errCursor is not open"},
		{"CALL closeclosed()", "errCursor is not open"},
		{"CALL wrongn()", "errIncorrect number of FETCH variables"},
		{"SET tmp_table_size = 2048; CALL big()", "ok0+ errOut of sort memory: a procedure's cursor may buffer tmp_table_size (2048) bytes; raise it or narrow the query"},
	} {
		if got := callResults(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	wantErr(t, s, "CALL nodata()", mysqldef.ErrSpFetchNoData, "No data")
	if got := query(t, s, "CALL nodata()"); got[0].err == nil || got[0].err.State != "02000" {
		t.Errorf("1329's SQLSTATE: %+v", got[0].err)
	}
}

func TestProcedureHandlers(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)",
		// CONTINUE goes on after the failing statement.
		"CREATE PROCEDURE cont(OUT r VARCHAR(20)) BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET r = CONCAT(r, 'h'); SET r = 'a'; INSERT INTO t VALUES (1); SET r = CONCAT(r, 'b'); END",
		// EXIT leaves the block that declared it, from inside a nested one.
		"CREATE PROCEDURE ex(OUT r VARCHAR(20)) BEGIN SET r = 'a'; b: BEGIN DECLARE EXIT HANDLER FOR 1062 SET r = CONCAT(r, 'h'); BEGIN INSERT INTO t VALUES (1); SET r = CONCAT(r, 'x'); END; SET r = CONCAT(r, 'y'); END b; SET r = CONCAT(r, 'c'); END",
		// The most specific handler of a block wins; an inner block's handler before an outer one.
		"CREATE PROCEDURE spec(OUT r VARCHAR(20)) BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET r = 'class'; DECLARE CONTINUE HANDLER FOR SQLSTATE '23000' SET r = 'state'; DECLARE CONTINUE HANDLER FOR 1062 SET r = 'code'; INSERT INTO t VALUES (1); END",
		"CREATE PROCEDURE spec2(OUT r VARCHAR(20)) BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET r = 'class'; DECLARE CONTINUE HANDLER FOR SQLSTATE '23000' SET r = 'state'; INSERT INTO t VALUES (1); END",
		"CREATE PROCEDURE inner1(OUT r VARCHAR(20)) BEGIN DECLARE CONTINUE HANDLER FOR 1062 SET r = 'outer'; BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET r = 'inner'; INSERT INTO t VALUES (1); END; END",
		// A named condition.
		"CREATE PROCEDURE named(OUT r VARCHAR(20)) BEGIN DECLARE nosuch CONDITION FOR 1146; DECLARE CONTINUE HANDLER FOR nosuch SET r = 'named'; SELECT * FROM missing; END",
		// An unhandled error still ends the CALL; a handler does not catch its own error.
		"CREATE PROCEDURE unh() BEGIN DECLARE CONTINUE HANDLER FOR 1062 SET @u = 1; SELECT * FROM missing; END",
		"CREATE PROCEDURE own() BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION INSERT INTO t VALUES (1); INSERT INTO t VALUES (1); END",
		// SELECT ... INTO finding no row raises NOT FOUND; a BEGIN...END handler.
		"CREATE PROCEDURE nf(OUT r INT) BEGIN DECLARE x INT; DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN SET r = 7; SET x = 1; END; SELECT id INTO x FROM t WHERE id = 99; SET r = r + x; END",
		// A warning reaches SQLWARNING.
		"CREATE PROCEDURE warn(OUT r INT) BEGIN DECLARE x TINYINT; DECLARE CONTINUE HANDLER FOR SQLWARNING SET r = 1; SET r = 0; SELECT CAST('1x' AS SIGNED) INTO x; END",
		// A condition in an IF's expression: CONTINUE goes on after the IF.
		"CREATE PROCEDURE ifc(OUT r VARCHAR(9)) BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET r = CONCAT(r, 'h'); SET r = 'a'; IF (SELECT id FROM missing) THEN SET r = 'bad'; END IF; SET r = CONCAT(r, 'z'); END",
	)
	for _, c := range []struct{ sql, want string }{
		{"CALL cont(@r); SELECT @r", "ok0+ [ahb]"},
		{"CALL ex(@r); SELECT @r", "ok0+ [ahc]"},
		{"CALL spec(@r); SELECT @r", "ok0+ [code]"},
		{"CALL spec2(@r); SELECT @r", "ok0+ [state]"},
		{"CALL inner1(@r); SELECT @r", "ok0+ [inner]"},
		{"CALL named(@r); SELECT @r", "ok0+ [named]"},
		{"CALL unh()", "errTable 'd.missing' doesn't exist"},
		{"CALL own()", "errDuplicate entry '1' for key 't.PRIMARY'"},
		{"CALL nf(@r); SELECT @r", "ok0+ [8]"},
		{"CALL warn(@r); SELECT @r", "ok1+ [1]"}, // SELECT ... INTO counts its row
		{"CALL ifc(@r); SELECT @r", "ok0+ [ahz]"},
	} {
		if got := callResults(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
}

// What CREATE PROCEDURE refuses in declarations and cursor statements.
func TestProcedureDeclareErrors(t *testing.T) {
	s := tableSession(t)
	for _, c := range []struct {
		sql  string
		code uint16
		msg  string
	}{
		{"CREATE PROCEDURE b() BEGIN DECLARE c CURSOR FOR SELECT 1; DECLARE x INT; END", mysqldef.ErrSPVarCondAfterCursHndlr, "Variable or condition declaration after cursor or handler declaration"},
		{"CREATE PROCEDURE b() BEGIN DECLARE CONTINUE HANDLER FOR NOT FOUND SET @a = 1; DECLARE c CURSOR FOR SELECT 1; END", mysqldef.ErrSPCursorAfterHandler, "Cursor declaration after handler declaration"},
		{"CREATE PROCEDURE b() BEGIN OPEN c; END", mysqldef.ErrSPCursorMismatch, "Undefined CURSOR: c"},
		{"CREATE PROCEDURE b() BEGIN DECLARE c CURSOR FOR SELECT 1; DECLARE c CURSOR FOR SELECT 2; END", mysqldef.ErrSPDupCurs, "Duplicate cursor: c"},
		{"CREATE PROCEDURE b() BEGIN DECLARE e CONDITION FOR 1062; DECLARE e CONDITION FOR 1146; END", mysqldef.ErrSPDupCond, "Duplicate condition: e"},
		{"CREATE PROCEDURE b() BEGIN DECLARE CONTINUE HANDLER FOR nope SET @a = 1; END", mysqldef.ErrSPCondMismatch, "Undefined CONDITION: nope"},
		{"CREATE PROCEDURE b() BEGIN DECLARE CONTINUE HANDLER FOR 1062, 1062 SET @a = 1; END", mysqldef.ErrSPDupHandler, "Duplicate handler declared in the same block"},
		{"CREATE PROCEDURE b() BEGIN DECLARE CONTINUE HANDLER FOR SQLSTATE '00000' SET @a = 1; END", mysqldef.ErrSPBadSQLState, "Bad SQLSTATE: '00000'"},
		{"CREATE PROCEDURE b() BEGIN DECLARE c CURSOR FOR SELEC 1; END", mysqldef.ErrParse, "SELEC 1"},
		{"CREATE PROCEDURE b() l: BEGIN DECLARE CONTINUE HANDLER FOR NOT FOUND LEAVE l; END", mysqldef.ErrSPLabelMismatch, "LEAVE with no matching label: l"},
	} {
		wantErr(t, s, c.sql, c.code, c.msg)
	}
}

func TestProcedureSignal(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE PROCEDURE sig(n INT) BEGIN IF n < 0 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = CONCAT('negative: ', n); END IF; SELECT n; END",
		"CREATE PROCEDURE sigdef() SIGNAL SQLSTATE '45000'",
		"CREATE PROCEDURE signo() BEGIN DECLARE bad CONDITION FOR SQLSTATE '22012'; SIGNAL bad SET MYSQL_ERRNO = 1365, MESSAGE_TEXT = 'div'; END",
		"CREATE PROCEDURE sigh(OUT r VARCHAR(9)) BEGIN DECLARE EXIT HANDLER FOR SQLSTATE '45001' SET r = 'caught'; SET r = 'no'; SIGNAL SQLSTATE '45001'; SET r = 'after'; END",
		"CREATE PROCEDURE sigw(OUT r INT) BEGIN SET r = 1; SIGNAL SQLSTATE '01234' SET MESSAGE_TEXT = 'just a warning'; SET r = 2; END",
	)
	for _, c := range []struct{ sql, want string }{
		{"CALL sig(3)", "[3]+ ok0"},
		{"CALL sig(-2)", "errnegative: -2"},
		{"CALL sigdef()", "errUnhandled user-defined exception condition"},
		{"CALL sigh(@r); SELECT @r", "ok0+ [caught]"},
		{"CALL sigw(@r); SELECT @r", "ok0+ [2]"},
	} {
		if got := callResults(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	got := query(t, s, "CALL signo()")
	if e := got[0].err; e == nil || e.Code != 1365 || e.State != "22012" || e.Message != "div" {
		t.Errorf("SIGNAL with MYSQL_ERRNO: %+v", e)
	}
	got = query(t, s, "CALL sigdef()")
	if e := got[0].err; e == nil || e.Code != mysqldef.ErrSignalException || e.State != "45000" {
		t.Errorf("SIGNAL's default: %+v", e)
	}
	wantErr(t, s, "CREATE PROCEDURE b() BEGIN DECLARE c CONDITION FOR 1062; SIGNAL c; END", mysqldef.ErrSignalBadConditionType, "SIGNAL/RESIGNAL can only use a CONDITION defined with SQLSTATE")
	wantErr(t, s, "CREATE PROCEDURE b() SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a', MESSAGE_TEXT = 'b'", mysqldef.ErrDupSignalSet, "Duplicate condition information item 'MESSAGE_TEXT'")
	wantErr(t, s, "CREATE PROCEDURE b() SIGNAL SQLSTATE '00000'", mysqldef.ErrSPBadSQLState, "Bad SQLSTATE: '00000'")
	wantErr(t, s, "CREATE PROCEDURE b() SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = CONCAT('a',", mysqldef.ErrParse, "")
}

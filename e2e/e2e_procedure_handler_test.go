package e2e

import (
	"strings"
	"testing"
)

// Cursors, handlers and SIGNAL through the mariadb CLI: the classic
// cursor loop ended by a NOT FOUND handler, an EXIT handler catching a
// duplicate key, and a SIGNAL reaching the client as its error.
func TestProcedureHandlersCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	script := `CREATE DATABASE app; USE app;
CREATE TABLE t (id INT PRIMARY KEY, v INT);
INSERT INTO t VALUES (1, 10), (2, 20), (3, 30);
CREATE TABLE log (msg VARCHAR(40));
DELIMITER //
CREATE PROCEDURE walk(OUT total INT)
BEGIN
  DECLARE done INT DEFAULT 0;
  DECLARE a, b INT;
  DECLARE cur CURSOR FOR SELECT id, v FROM t ORDER BY id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
  SET total = 0;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO a, b;
    IF done THEN LEAVE read_loop; END IF;
    INSERT INTO log VALUES (CONCAT(a, '=', b));
    SET total = total + b;
  END LOOP;
  CLOSE cur;
END //
CREATE PROCEDURE dup(IN k INT)
BEGIN
  DECLARE EXIT HANDLER FOR 1062 INSERT INTO log VALUES (CONCAT('dup ', k));
  INSERT INTO t VALUES (k, 0);
  INSERT INTO log VALUES (CONCAT('added ', k));
END //
CREATE PROCEDURE guard(IN n INT)
BEGIN
  IF n < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'n must not be negative';
  END IF;
  SELECT n AS ok;
END //
DELIMITER ;
CALL walk(@total);
SELECT @total;
CALL dup(1);
CALL dup(4);
SELECT msg FROM log;
CALL guard(1);
`
	r := runMariadb(t, script, "--socket="+s.sock, "-uroot", "-N")
	if r.exitCode != 0 || r.stdout != "60\n1=10\n2=20\n3=30\ndup 1\nadded 4\n1\n" {
		t.Fatalf("exit %d\nstdout %q\nstderr %s", r.exitCode, r.stdout, r.stderr)
	}
	r = runMariadb(t, "CALL guard(-1);", "--socket="+s.sock, "-uroot", "app")
	if r.exitCode == 0 || !strings.Contains(r.stderr, "ERROR 1644 (45000)") || !strings.Contains(r.stderr, "n must not be negative") {
		t.Fatalf("SIGNAL: exit %d\nstderr %s", r.exitCode, r.stderr)
	}
	// An unhandled FETCH past the last row ends the CALL with 1329 (02000).
	r = runMariadb(t, "DELIMITER //\nCREATE PROCEDURE nodata() BEGIN DECLARE x INT; DECLARE c CURSOR FOR SELECT id FROM t WHERE id > 100; OPEN c; FETCH c INTO x; END //\nDELIMITER ;\nCALL nodata();",
		"--socket="+s.sock, "-uroot", "app")
	if r.exitCode == 0 || !strings.Contains(r.stderr, "ERROR 1329 (02000)") {
		t.Fatalf("FETCH past the end: exit %d\nstderr %s", r.exitCode, r.stderr)
	}
}

-- Stored procedures (first cut): CALL with IN/OUT/INOUT parameters, local variables and their
-- types, control flow, SELECT ... INTO, and the errors of CREATE, DROP and CALL. CALL runs through
-- Exec here, so what is compared for it is its error or its affected rows; the OUT values are
-- read back with SELECT.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE t (id INT PRIMARY KEY, v INT);
INSERT INTO t VALUES (1, 10), (2, 20), (3, 30);

CREATE PROCEDURE addmul(IN a INT, IN b INT, OUT s INT, INOUT m INT) BEGIN SET s = a + b; SET m = m * a; END;
SET @m = 3;
CALL addmul(4, 5, @s, @m);
SELECT @s, @m;

CREATE PROCEDURE sumto(IN n INT, OUT total INT) BEGIN DECLARE i INT DEFAULT 0; SET total = 0; w: WHILE i < n DO SET i = i + 1; IF i = 3 THEN ITERATE w; END IF; SET total = total + i; END WHILE w; END;
CALL sumto(6, @total);
SELECT @total;

CREATE PROCEDURE rep(OUT k INT) BEGIN SET k = 0; REPEAT SET k = k + 3; UNTIL k > 10 END REPEAT; END;
CALL rep(@k);
SELECT @k;

CREATE PROCEDURE lp(OUT k INT) BEGIN SET k = 1; l: LOOP SET k = k * 2; IF k > 50 THEN LEAVE l; END IF; END LOOP l; END;
CALL lp(@k);
SELECT @k;

CREATE PROCEDURE grade(IN n INT, OUT g VARCHAR(10)) BEGIN IF n >= 90 THEN SET g = 'A'; ELSEIF n >= 50 THEN SET g = 'B'; ELSE SET g = 'C'; END IF; END;
CALL grade(95, @g1);
CALL grade(60, @g2);
CALL grade(10, @g3);
SELECT @g1, @g2, @g3;

CREATE PROCEDURE word(IN n INT, OUT w VARCHAR(10)) BEGIN CASE n WHEN 1 THEN SET w = 'one'; WHEN 2 THEN SET w = 'two'; ELSE SET w = 'many'; END CASE; END;
CALL word(2, @w1);
CALL word(9, @w2);
SELECT @w1, @w2;

CREATE PROCEDURE pick(IN k INT, OUT got INT) BEGIN DECLARE x INT DEFAULT -1; SELECT v INTO x FROM t WHERE id = k; SET got = x; END;
CALL pick(2, @p1);
CALL pick(99, @p2);
SELECT @p1, @p2;

-- A local variable takes precedence over a column of the same name.
CREATE PROCEDURE shadow(OUT r INT) BEGIN DECLARE v INT DEFAULT 7; SELECT v INTO r FROM t WHERE id = 1; END;
CALL shadow(@r);
SELECT @r;

CREATE PROCEDURE addrow(IN k INT) INSERT INTO t VALUES (k, k * 10);
CALL addrow(4);
SELECT id, v FROM t ORDER BY id;

CREATE PROCEDURE nested(OUT r INT) BEGIN DECLARE x INT DEFAULT 1; inner_b: BEGIN DECLARE x INT DEFAULT 5; SET r = x; LEAVE inner_b; END inner_b; SET r = r + x; END;
CALL nested(@r);
SELECT @r;

CREATE PROCEDURE dec2(OUT r DECIMAL(6,2)) BEGIN DECLARE d DECIMAL(6,2) DEFAULT 1.25; SET r = d * 3; END;
CALL dec2(@d);
SELECT @d;

SELECT ROUTINE_NAME, ROUTINE_TYPE, SECURITY_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME;

-- expect-error: 1304
CREATE PROCEDURE lp() SELECT 1;
-- expect-error: 1318
CALL lp();
-- expect-error: 1414
CALL lp(1);
-- expect-error: 1305
CALL nosuch();
-- expect-error: 1305
DROP PROCEDURE nosuch;
DROP PROCEDURE IF EXISTS nosuch;
-- expect-error: 1330
CREATE PROCEDURE dup(a INT, a INT) SELECT 1;
-- expect-error: 1308
CREATE PROCEDURE badlabel() BEGIN LEAVE nowhere; END;
-- expect-error: 1064
CREATE PROCEDURE badsql() BEGIN SELEC 1; END;

CREATE PROCEDURE recur(IN n INT) BEGIN IF n > 0 THEN CALL recur(n - 1); END IF; END;
-- expect-error: 1456
CALL recur(2);
SET max_sp_recursion_depth = 5;
CALL recur(2);
SET max_sp_recursion_depth = 0;

CREATE PROCEDURE tiny() BEGIN DECLARE x TINYINT; SET x = 1000; END;
-- expect-error: 1264
CALL tiny();

CREATE PROCEDURE fails() BEGIN INSERT INTO t VALUES (5, 50); SELECT * FROM nosuch; INSERT INTO t VALUES (6, 60); END;
-- expect-error: 1146
CALL fails();
SELECT id, v FROM t ORDER BY id;

DROP PROCEDURE lp;
-- expect-error: 1305
CALL lp(@k);

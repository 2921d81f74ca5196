-- Common table expressions: WITH and WITH RECURSIVE in SELECT, subqueries, INSERT ... SELECT,
-- UPDATE and DELETE. Run by TestDiffAgainstMariaDB (e2e_diff_test.go) in a fresh database.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE emp (id INT PRIMARY KEY, boss INT, name VARCHAR(10), pay DECIMAL(8,2));
INSERT INTO emp VALUES (1, NULL, 'ann', 900.00), (2, 1, 'bob', 500.50), (3, 1, 'cy', 450.00),
  (4, 2, 'di', 300.25), (5, 4, 'ed', 120.00), (6, 3, 'fay', 200.00);
CREATE TABLE totals (boss INT PRIMARY KEY, n INT, pay DECIMAL(10,2));

WITH x AS (SELECT 1 AS a, 'one' AS b) SELECT a, b FROM x;
WITH c AS (SELECT id, name FROM emp WHERE pay > 400) SELECT name FROM c ORDER BY id;
WITH c(i, who) AS (SELECT id, name FROM emp) SELECT who FROM c WHERE i IN (2, 5) ORDER BY who;
WITH a AS (SELECT id, boss FROM emp), b AS (SELECT boss, COUNT(*) AS n FROM a WHERE boss IS NOT NULL GROUP BY boss)
  SELECT boss, n FROM b ORDER BY boss;
-- One CTE read twice (a self-join) and from a subquery.
WITH c AS (SELECT id, boss, name FROM emp)
  SELECT w.name, m.name FROM c w JOIN c m ON m.id = w.boss ORDER BY w.id;
WITH c AS (SELECT id FROM emp WHERE pay < 300) SELECT name FROM emp WHERE id IN (SELECT id FROM c) ORDER BY name;
WITH c AS (SELECT boss FROM emp) SELECT e.name FROM emp e WHERE EXISTS (SELECT 1 FROM c WHERE c.boss = e.id) ORDER BY e.name;
WITH s AS (SELECT SUM(pay) AS total FROM emp) SELECT name, pay * 100 / (SELECT total FROM s) AS pct FROM emp ORDER BY id;
SELECT * FROM (WITH x AS (SELECT 2 AS a) SELECT a FROM x) d;
SELECT name FROM emp WHERE id = (WITH x AS (SELECT 3 AS a) SELECT a FROM x);
WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION ALL SELECT a + 1 FROM x ORDER BY a;
-- A CTE hides a table of the same name.
WITH emp AS (SELECT 42 AS id) SELECT id FROM emp;
WITH x(a, b) AS (SELECT 1 AS a, 2 AS b) SELECT b, a FROM x;

INSERT INTO totals WITH c AS (SELECT boss, COUNT(*) AS n, SUM(pay) AS pay FROM emp WHERE boss IS NOT NULL GROUP BY boss)
  SELECT boss, n, pay FROM c;
SELECT boss, n, pay FROM totals ORDER BY boss;
-- MySQL 8 also takes WITH before UPDATE and DELETE (MariaDB 10.11 does not: exec/cte_test.go
-- covers that form); both take a WITH inside their subqueries.
UPDATE totals SET n = n + 10 WHERE boss IN (WITH x AS (SELECT 1 AS b) SELECT b FROM x);
DELETE FROM totals WHERE boss IN (WITH x AS (SELECT 4 AS b) SELECT b FROM x);
SELECT boss, n, pay FROM totals ORDER BY boss;

-- WITH RECURSIVE.
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 500) SELECT COUNT(*), SUM(n), MAX(n) FROM r;
WITH RECURSIVE chain AS (
  SELECT id, name, 0 AS depth FROM emp WHERE boss IS NULL
  UNION ALL
  SELECT e.id, e.name, chain.depth + 1 FROM emp e JOIN chain ON e.boss = chain.id)
SELECT name, depth FROM chain ORDER BY depth, name;
WITH RECURSIVE up(id, boss) AS (SELECT id, boss FROM emp WHERE name = 'ed'
  UNION ALL SELECT e.id, e.boss FROM emp e, up WHERE e.id = up.boss) SELECT id FROM up ORDER BY id;
WITH RECURSIVE c(n) AS (SELECT 0 UNION SELECT (n + 1) % 4 FROM c) SELECT n FROM c ORDER BY n;
WITH RECURSIVE f(a, b) AS (SELECT 0, 1 UNION ALL SELECT b, a + b FROM f WHERE b < 100) SELECT a FROM f ORDER BY a;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 100 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r ORDER BY n;
WITH RECURSIVE x AS (SELECT 3 AS a) SELECT a FROM x;

-- Grouping, ordering and limits inside and outside a CTE; a CTE joined with a table; nested WITH.
WITH big AS (SELECT boss, SUM(pay) AS s FROM emp WHERE boss IS NOT NULL GROUP BY boss HAVING SUM(pay) > 200)
  SELECT e.name, big.s FROM big JOIN emp e ON e.id = big.boss ORDER BY big.s DESC;
WITH top2 AS (SELECT id, pay FROM emp ORDER BY pay DESC LIMIT 2) SELECT id FROM top2 ORDER BY id;
WITH a AS (SELECT id FROM emp WHERE id < 4), b AS (SELECT x.id FROM a x JOIN a y ON y.id = x.id + 1)
  SELECT id FROM b ORDER BY id;
WITH o AS (WITH i AS (SELECT 5 AS v) SELECT v * 2 AS w FROM i) SELECT w FROM o;
WITH d AS (SELECT DISTINCT boss FROM emp) SELECT COUNT(*) FROM d;
WITH c AS (SELECT name FROM emp) SELECT UPPER(name) FROM c WHERE name LIKE '%y' ORDER BY 1;
-- Strings grow through a recursion when the anchor's column is wide enough.
WITH RECURSIVE s(n, str) AS (SELECT 1, CAST('a' AS CHAR(20)) UNION ALL SELECT n + 1, CONCAT(str, 'b') FROM s WHERE n < 5)
  SELECT n, str FROM s ORDER BY n;
-- The recursive rows are stored in the anchor's column types: too long or out of range is an
-- error in strict mode.
-- expect-error: 1406
WITH RECURSIVE s(str) AS (SELECT 'a' UNION ALL SELECT CONCAT(str, 'b') FROM s WHERE LENGTH(str) < 3) SELECT str FROM s;
-- expect-error: 1264
WITH RECURSIVE r(n) AS (SELECT 1.5 UNION ALL SELECT n + 1 FROM r WHERE n < 12) SELECT n FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 0.5 FROM r WHERE n < 3) SELECT n FROM r;
WITH RECURSIVE r(d) AS (SELECT DATE '2024-01-30' UNION ALL SELECT d + INTERVAL 1 DAY FROM r WHERE d < '2024-02-02') SELECT d FROM r;
-- Paths through the hierarchy, and a recursive CTE used twice.
WITH RECURSIVE p(id, path) AS (SELECT id, CAST(name AS CHAR(100)) FROM emp WHERE boss IS NULL
  UNION ALL SELECT e.id, CONCAT(p.path, '/', e.name) FROM emp e JOIN p ON e.boss = p.id)
  SELECT path FROM p ORDER BY path;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4)
  SELECT a.n, b.n FROM r a JOIN r b ON b.n = a.n * 2 ORDER BY a.n;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 6)
  SELECT n FROM r WHERE n % 2 = 0 AND n IN (SELECT id FROM emp) ORDER BY n DESC;

-- Errors both servers give. (A duplicate CTE name and a column list of the wrong length are
-- MySQL's 1066 and 1353 but MariaDB's 4004 and 4002: exec/cte_test.go checks those.)
-- expect-error: 1146
WITH nosuch AS (SELECT * FROM nosuch) SELECT * FROM nosuch;
-- expect-error: 1146
WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a;

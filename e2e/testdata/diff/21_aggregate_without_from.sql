-- A SELECT without FROM aggregates (and windows) over its single row, as in MySQL 8 and
-- MariaDB: COUNT(*) is 1, a false WHERE leaves no row to count. Run by TestDiffAgainstMariaDB.
SELECT COUNT(*);
SELECT COUNT(*) AS n, SUM(2) AS s, MIN('x') AS mi, MAX(NULL) AS ma, GROUP_CONCAT('a', 'b') AS g;
SELECT COUNT(*) AS n WHERE 0;
SELECT SUM(1) AS s WHERE 1 = 0;
SELECT COUNT(*) AS n HAVING COUNT(*) > 1;
SELECT ROW_NUMBER() OVER () AS rn, SUM(3) OVER () AS s;
SELECT COUNT(*) AS n UNION ALL SELECT SUM(5);
CREATE TABLE t (id INT PRIMARY KEY, a INT);
INSERT INTO t VALUES (1, 10), (2, 20);
SELECT (SELECT COUNT(*)) AS c, id FROM t ORDER BY id;
SELECT id FROM t WHERE id IN (SELECT MAX(2));

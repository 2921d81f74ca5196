-- ORDER BY ... LIMIT keeps only the rows that can still be in the result while it reads (the
-- buffer is pruned at twice LIMIT + OFFSET plus a few): enough rows here to prune many times,
-- with ties broken by a unique column, text keys (collation order), NULLs, OFFSET, GROUP BY
-- results ordered by an aggregate, and HAVING.
CREATE TABLE tp (id INT PRIMARY KEY, g INT, x INT, t VARCHAR(12));
INSERT INTO tp WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)
  SELECT n, n % 37, IF(n % 11 = 0, NULL, (n * 7919) % 503), CONCAT(IF(n % 3 = 0, 'B', 'a'), LPAD((n * 31) % 97, 3, '0')) FROM s;
SELECT id, x FROM tp ORDER BY x, id LIMIT 5;
SELECT id, x FROM tp ORDER BY x DESC, id LIMIT 5;
SELECT id, x FROM tp ORDER BY x, id LIMIT 3 OFFSET 200;
SELECT id, x FROM tp ORDER BY x DESC, id DESC LIMIT 1;
SELECT id, t FROM tp ORDER BY t, id LIMIT 7;
SELECT id, t FROM tp ORDER BY t DESC, id LIMIT 7;
SELECT t FROM tp ORDER BY t LIMIT 4 OFFSET 500;
SELECT id FROM tp WHERE g = 5 ORDER BY x, id LIMIT 4;
SELECT g, COUNT(*) AS n, SUM(x) AS s FROM tp GROUP BY g ORDER BY s DESC, g LIMIT 3;
SELECT g, COUNT(x) AS n FROM tp GROUP BY g HAVING n > 24 ORDER BY n, g LIMIT 5;
SELECT x, COUNT(*) AS c FROM tp GROUP BY x ORDER BY c DESC, x LIMIT 6;
SELECT id, x * 2 AS y FROM tp ORDER BY y, id LIMIT 150, 5;
SELECT id, x FROM tp ORDER BY x IS NULL, x, id LIMIT 5;
SELECT id FROM tp ORDER BY x, id LIMIT 0;
SELECT COUNT(*) FROM (SELECT id FROM tp ORDER BY t, id LIMIT 50) d;
PREPARE pt FROM 'SELECT id, x FROM tp ORDER BY x DESC, id LIMIT ?';
SET @n = 3;
EXECUTE pt USING @n;
SET @n = 300;
EXECUTE pt USING @n;
DEALLOCATE PREPARE pt;
DROP TABLE tp;

-- HAVING without GROUP BY or aggregates does not group the query (MySQL and
-- MariaDB): it filters the rows after the select list, whose aliases it may name.
CREATE TABLE hv (id INT PRIMARY KEY, a VARCHAR(10), n INT);
INSERT INTO hv VALUES (1,'a',10),(2,'b',20),(3,'c',30),(4,'d',40),(5,'e',50);
SELECT id FROM hv HAVING id > 3;
SELECT id, n*2 AS dbl FROM hv HAVING dbl > 50 ORDER BY id DESC;
SELECT id AS x FROM hv HAVING x < 3 ORDER BY x;
SELECT hv.id FROM hv HAVING hv.id > 4;
SELECT DISTINCT n > 20 AS big FROM hv HAVING big;
SELECT id FROM hv HAVING id > 1 ORDER BY id LIMIT 2;
SELECT id FROM hv WHERE id < 5 HAVING id > 1 ORDER BY id LIMIT 1, 2;
SELECT t1.id FROM hv t1 JOIN hv t2 ON t1.id = t2.id + 1 HAVING t1.id > 4;
SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM hv HAVING id > 2 ORDER BY id;
SELECT COUNT(*) FROM hv HAVING COUNT(*) > 1;
SELECT a, COUNT(*) AS c FROM hv GROUP BY a HAVING c > 0 ORDER BY a;
-- A column the select list does not name (MySQL 8 says 'having clause', MariaDB 'HAVING').
-- expect-error: 1054
SELECT a FROM hv HAVING n > 20;

-- A condition's constant parts are evaluated once per statement: one
-- warning, not one per row, also when no row is read (the wording differs:
-- MariaDB says DECIMAL where MySQL 8 says DOUBLE, so the count is compared).
SELECT id FROM hv WHERE 'x1' = 0;
SHOW COUNT(*) WARNINGS;
SELECT id FROM hv WHERE 'x1' = 0 AND id > 2;
SHOW COUNT(*) WARNINGS;
SELECT id FROM hv WHERE id > 3 OR 'x1' = 0;
SHOW COUNT(*) WARNINGS;
SELECT id FROM hv WHERE 'x1' = 1;
SHOW COUNT(*) WARNINGS;
SELECT id FROM hv WHERE CAST('12abc' AS SIGNED) = 12 AND id < 3;
-- skip-compare: MariaDB warns per row read here (5); MySQL 8 removes the constant conjunct once (1)
SHOW COUNT(*) WARNINGS;
SELECT id FROM hv WHERE 1/0 IS NULL AND id < 3;
-- skip-compare: MariaDB re-evaluates 1/0 IS NULL per row (5 warnings); MySQL 8 folds the constant once (1)
SHOW COUNT(*) WARNINGS;
SELECT t1.id FROM hv t1 JOIN hv t2 ON t1.id = t2.id AND 'x1' = 0 WHERE t1.id < 3;
-- skip-compare: MariaDB evaluates a constant ON part per row pair; MySQL 8 merges an inner join's ON into WHERE and folds it once
SHOW COUNT(*) WARNINGS;
SELECT id FROM hv HAVING 'x1' = 0 AND id = 2;
SHOW COUNT(*) WARNINGS;
CREATE TABLE hv_empty (id INT);
SELECT id FROM hv_empty WHERE 'x1' = 0;
SHOW COUNT(*) WARNINGS;
UPDATE hv SET a = 'u' WHERE 'x1' = 0;
SHOW COUNT(*) WARNINGS;
UPDATE hv SET a = 'v' WHERE id = 9 AND 'x1' = 0;
SHOW COUNT(*) WARNINGS;
DELETE FROM hv WHERE id = 9 AND 'x1' = 0;
SHOW COUNT(*) WARNINGS;
SELECT id, a FROM hv;

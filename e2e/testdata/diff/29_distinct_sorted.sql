-- DISTINCT after ORDER BY: the sort's collation weights are reused for the rows' identity, so
-- text that differs only in case or accents is one row, binary text is not, and an ENUM ordered
-- by member position or a key that is not an output still dedupes by value. Which spelling of
-- a case-insensitive duplicate is kept depends on the read order, so those are counted.
CREATE TABLE ds (id INT PRIMARY KEY, s VARCHAR(20), b VARBINARY(20), e ENUM('z', 'y', 'x'), n INT);
INSERT INTO ds VALUES (1, 'abc', 'abc', 'x', 1), (2, 'ABC', 'ABC', 'y', 2), (3, 'abd', 'abd', 'z', 1), (4, NULL, NULL, NULL, 2), (5, 'abc', 'abc', 'x', 3), (6, '', '', 'y', 1), (7, 'b', 'b', 'z', NULL), (8, NULL, NULL, 'x', 1);
SELECT COUNT(*) FROM (SELECT DISTINCT s FROM ds ORDER BY s) d;
SELECT COUNT(*) FROM (SELECT DISTINCT s, n FROM ds ORDER BY s, n) d;
SELECT COUNT(*) FROM (SELECT DISTINCT s FROM ds ORDER BY s DESC) d;
SELECT DISTINCT b FROM ds ORDER BY b;
SELECT DISTINCT b FROM ds ORDER BY b DESC;
SELECT DISTINCT e FROM ds ORDER BY e;
SELECT DISTINCT e, n FROM ds ORDER BY e, n;
SELECT DISTINCT n FROM ds ORDER BY n;
SELECT DISTINCT LOWER(s) AS l FROM ds ORDER BY l;
SELECT DISTINCT LOWER(s) AS l, n FROM ds ORDER BY n, l;
SELECT DISTINCT LOWER(s) AS l FROM ds ORDER BY LENGTH(l), l;
SELECT DISTINCT b, e FROM ds ORDER BY e, b;
SELECT DISTINCT n, LOWER(s) FROM ds WHERE id > 1 ORDER BY 2, 1 LIMIT 3;
SELECT DISTINCT n, LOWER(s) FROM ds ORDER BY 2 DESC, 1 LIMIT 2 OFFSET 1;
-- Aliases named inside ORDER BY expressions (a bare alias names its output column already); an
-- aggregate's alias inside one is refused with 1247, as in MariaDB (MySQL 8 has the same error).
SELECT s AS l, id FROM ds WHERE s IS NOT NULL ORDER BY LENGTH(l) DESC, id;
-- expect-error: 1247
SELECT n AS g, COUNT(*) AS c FROM ds GROUP BY n ORDER BY g + c DESC, g;
-- expect-error: 1247
SELECT n, SUM(id) AS tot FROM ds GROUP BY n ORDER BY -tot;
SELECT n AS g, COUNT(*) AS c FROM ds GROUP BY n ORDER BY c DESC, g + 0;
SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) AS rn FROM ds ORDER BY -rn;
SELECT a.id AS x FROM ds a JOIN ds b ON a.id = b.id ORDER BY x % 3, x;
SELECT id AS s FROM ds ORDER BY CONCAT(s, 'x'), id LIMIT 4;

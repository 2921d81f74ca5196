-- Key ranges on integer columns: the rows a range or point read yields meet the conditions it
-- was built from, so those are not checked again per row; every other condition still is.
-- Boundaries, conversions (decimals, strings), IN lists with NULL, empty and reversed ranges,
-- unsigned and TINYINT limits, composite keys where only a prefix narrows, FOR UPDATE, and
-- data changes through such ranges; a YEAR column compared with two-digit years (24 is 2024,
-- '0' is 2000, 0 the zero year), through its key and without one. Not here: a trailing-space string under the default
-- collation (MySQL 8's utf8mb4_0900_ai_ci is NO PAD, MariaDB's default pads), and the 1365
-- warning of a constant 1 / 0 in WHERE (loopdb raises none there).
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE r (id INT PRIMARY KEY, k INT NOT NULL, n INT, t TINYINT, u BIGINT UNSIGNED, y YEAR, s VARCHAR(10), KEY kk (k), KEY kn (n), KEY kt (t), UNIQUE KEY ku (u), KEY ky (y), KEY ks (s));
INSERT INTO r VALUES (1, 10, NULL, -128, 0, 2001, 'a'), (2, 20, 5, 0, 1, 2024, 'B'), (3, 20, 6, 127, 18446744073709551615, 1999, 'c '), (4, 40, NULL, 5, 100, NULL, NULL), (5, 50, 7, -1, 9223372036854775808, 2070, '5'), (-6, 60, -1, 1, 2, 1901, 'x');
CREATE TABLE r2 (a INT, b INT, v INT, PRIMARY KEY (a, b));
INSERT INTO r2 VALUES (1, 1, 1), (1, 2, 2), (1, 3, 3), (2, 1, 4), (2, 2, 5), (3, 3, 6);
SELECT id FROM r WHERE id BETWEEN 2 AND 4 ORDER BY id;
SELECT id FROM r WHERE id > 2.5 ORDER BY id;
SELECT id FROM r WHERE id >= 2.0 AND id < 4.0 ORDER BY id;
SELECT id FROM r WHERE id = '3' ORDER BY id;
SELECT id FROM r WHERE id = '3abc' ORDER BY id;
SELECT id FROM r WHERE id IN (1, NULL, 3) ORDER BY id;
SELECT id FROM r WHERE id NOT IN (1, 3) ORDER BY id;
SELECT id FROM r WHERE id BETWEEN 4 AND 1 ORDER BY id;
SELECT id FROM r WHERE id < 0 ORDER BY id;
SELECT id FROM r WHERE id >= -6 AND id <= -6 ORDER BY id;
SELECT id FROM r WHERE id > 1 AND id > 3 AND id <= 5 AND id < 100 ORDER BY id;
SELECT id FROM r WHERE id = 2 AND id = 3;
SELECT id FROM r WHERE id IN (1, 2, 3) AND id > 1 ORDER BY id;
SELECT id FROM r WHERE id IN (2, 3) AND id BETWEEN 3 AND 9 ORDER BY id;
SELECT id, k FROM r WHERE k BETWEEN 15 AND 45 ORDER BY id;
SELECT id, k FROM r WHERE k = 20 AND id > 2 ORDER BY id;
SELECT id, n FROM r WHERE n < 6 ORDER BY id;
SELECT id, n FROM r WHERE n > -5 AND n <= 6 ORDER BY id;
SELECT id, n FROM r WHERE n IS NULL ORDER BY id;
SELECT id, t FROM r WHERE t < 1000 ORDER BY id;
SELECT id, t FROM r WHERE t > -200 AND t < 0 ORDER BY id;
SELECT id, t FROM r WHERE t >= 127 ORDER BY id;
SELECT id, u FROM r WHERE u > 9223372036854775807 ORDER BY id;
SELECT id, u FROM r WHERE u >= 0 AND u < 3 ORDER BY id;
SELECT id, u FROM r WHERE u = -1;
SELECT id, u FROM r WHERE u > -1 ORDER BY id;
SELECT id, y FROM r WHERE y > 2000 ORDER BY id;
SELECT id, s FROM r WHERE s = 'b' ORDER BY id;
SELECT id, s FROM r WHERE s > 'a' AND s < 'c' ORDER BY id;
SELECT id, s FROM r WHERE s = 5 ORDER BY id;
SELECT a, b FROM r2 WHERE a = 1 AND b > 1 ORDER BY a, b;
SELECT a, b FROM r2 WHERE a = 1 AND b BETWEEN 2 AND 3 AND v < 3 ORDER BY a, b;
SELECT a, b FROM r2 WHERE a > 1 AND b = 2 ORDER BY a, b;
SELECT a, b FROM r2 WHERE a IN (1, 2) AND b IN (2, 3) ORDER BY a, b;
SELECT a, b FROM r2 WHERE a BETWEEN 1 AND 2 AND b > 1 ORDER BY a, b;
SELECT a, b FROM r2 WHERE (a = 1) AND (b < 3) ORDER BY a, b;
SELECT a, b FROM r2 WHERE a = 1 AND (b = 1 OR b = 3) ORDER BY a, b;
SELECT COUNT(*) FROM r2 WHERE a = 2 AND b = 2;
SELECT * FROM r2 WHERE a = 1 AND b = 2 FOR UPDATE;
SELECT id FROM r WHERE id BETWEEN 1 AND 5 AND NULL;
SELECT id FROM r WHERE id BETWEEN 1 AND 5 AND n IS NULL ORDER BY id;
SELECT id FROM r WHERE id > 1 AND s + 0 = 5 ORDER BY id;
UPDATE r SET n = n + 1 WHERE id BETWEEN 2 AND 3;
DELETE FROM r2 WHERE a = 1 AND b > 2;
SELECT id, n FROM r ORDER BY id;
SELECT a, b FROM r2 ORDER BY a, b;
CREATE TABLE yr (id INT PRIMARY KEY, y YEAR, z YEAR, KEY ky (y));
INSERT INTO yr VALUES (1, 2024, 2024), (2, 1999, 1999), (3, 2000, 2000), (4, 0, 0), (5, 2069, 2069), (6, 1970, 1970);
SELECT id FROM yr WHERE y = 24 ORDER BY id;
SELECT id FROM yr WHERE z = 24 ORDER BY id;
SELECT id FROM yr WHERE y = '24' ORDER BY id;
SELECT id FROM yr WHERE z IN (24, 99, 69, 70) ORDER BY id;
SELECT id FROM yr WHERE y IN (24, 99, 69, 70) ORDER BY id;
SELECT id FROM yr WHERE z BETWEEN 0 AND 24 ORDER BY id;
SELECT id FROM yr WHERE y BETWEEN 0 AND 24 ORDER BY id;
SELECT id FROM yr WHERE y BETWEEN 70 AND 99 ORDER BY id;
SELECT id FROM yr WHERE z = '0' ORDER BY id;
SELECT id FROM yr WHERE z = 0 ORDER BY id;
SELECT id FROM yr WHERE y = '00' ORDER BY id;
SELECT id FROM yr WHERE y < 30 ORDER BY id;
SELECT id FROM yr WHERE 24 = y ORDER BY id;
SELECT id FROM yr WHERE z = 2024 OR z = 99 ORDER BY id;
SELECT id FROM yr WHERE y > 1999 AND y <= 24 ORDER BY id;

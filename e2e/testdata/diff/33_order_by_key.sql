-- ORDER BY along a key needs no sort: the primary key read backwards for DESC, a secondary
-- index's range (or, with no WHERE and a LIMIT, the whole index) read in order. Same rows in
-- the same order as MariaDB's sort. k's values are distinct (ties may come in any order).
CREATE TABLE ok (id INT PRIMARY KEY, k INT, c VARCHAR(10), e ENUM('b','a'), KEY k_1 (k), KEY kc (k, c), KEY ke (e));
INSERT INTO ok VALUES (1, 50, 'x', 'a'), (2, 10, 'y', 'b'), (3, NULL, 'z', 'a'), (4, 40, NULL, 'b'),
  (5, 20, 'w', NULL), (6, NULL, 'v', 'a'), (7, 70, 'u', 'b'), (8, 30, 't', 'a'), (9, 60, 's', 'b');
SELECT id FROM ok ORDER BY id DESC LIMIT 3;
SELECT id FROM ok ORDER BY id DESC;
SELECT id FROM ok ORDER BY id DESC LIMIT 2, 3;
SELECT id FROM ok WHERE id BETWEEN 3 AND 7 ORDER BY id DESC;
SELECT id FROM ok WHERE id < 5 ORDER BY id DESC LIMIT 2;
SELECT id, k FROM ok ORDER BY k LIMIT 4;
SELECT id, k FROM ok ORDER BY k DESC LIMIT 4;
SELECT id, k FROM ok ORDER BY k LIMIT 3, 4;
SELECT id, k FROM ok ORDER BY k, id LIMIT 5;
SELECT id, k FROM ok ORDER BY k DESC, id DESC LIMIT 5;
SELECT id, k FROM ok WHERE k > 25 ORDER BY k LIMIT 3;
SELECT id, k FROM ok WHERE k > 25 ORDER BY k DESC LIMIT 3;
SELECT id, k FROM ok WHERE k BETWEEN 15 AND 65 ORDER BY k DESC;
SELECT id, k FROM ok WHERE k IS NULL ORDER BY k, id;
SELECT id, k, c FROM ok ORDER BY k, c LIMIT 6;
SELECT id FROM ok ORDER BY e, id LIMIT 4;
SELECT id FROM ok ORDER BY e DESC, id DESC LIMIT 4;
SELECT id FROM ok WHERE c > 'u' ORDER BY k, id LIMIT 3;
SELECT id, k FROM ok ORDER BY k DESC, id ASC LIMIT 3;
SELECT id AS i, k AS kk FROM ok ORDER BY kk DESC LIMIT 2;
SELECT id FROM ok ORDER BY k + 0 LIMIT 3;
SELECT COUNT(*) FROM (SELECT id FROM ok ORDER BY k DESC LIMIT 5) d;
PREPARE ps FROM 'SELECT id, k FROM ok WHERE k > ? ORDER BY k DESC LIMIT ?';
SET @a = 15, @b = 2;
EXECUTE ps USING @a, @b;
SET @a = 45, @b = 10;
EXECUTE ps USING @a, @b;
DELETE FROM ok ORDER BY id DESC LIMIT 2;
SELECT id FROM ok ORDER BY id;
UPDATE ok SET c = 'top' ORDER BY k DESC LIMIT 2;
SELECT id, c FROM ok ORDER BY id;
DELETE FROM ok WHERE k > 0 ORDER BY k LIMIT 1;
SELECT id FROM ok ORDER BY id;
-- Index-only reads: an index of integer columns gives k, u and id without the row (EXPLAIN:
-- Using index), negative, unsigned and NULL values included; the same rows as MariaDB.
CREATE TABLE io (id BIGINT PRIMARY KEY, k INT, u INT UNSIGNED, s SMALLINT, c VARCHAR(5), KEY ku (k, u), KEY ks (s));
INSERT INTO io VALUES (-5, -100, 4294967295, -32768, 'a'), (0, 0, 0, 0, 'b'), (7, NULL, 1, NULL, 'c'),
  (9223372036854775807, 2147483647, NULL, 32767, 'd'), (-9223372036854775808, -2147483648, 5, -1, 'e'), (3, 17, 17, 17, 'f');
SELECT id, k, u FROM io WHERE k > -1000 ORDER BY k;
SELECT id, k, u FROM io WHERE k IS NULL;
SELECT COUNT(*) FROM io WHERE k BETWEEN -2147483648 AND 0;
SELECT k, u FROM io WHERE k = 17;
SELECT id, s FROM io WHERE s < 100 ORDER BY s DESC;
SELECT id, k FROM io ORDER BY k DESC LIMIT 3;
SELECT SUM(u), MIN(k), MAX(id) FROM io WHERE k >= -2147483648;
SELECT id, k, c FROM io WHERE k > 0 ORDER BY k;
-- GROUP BY along an index that holds every column read, or along the primary key: each group
-- is finished when the next begins (no "Using temporary"); the same groups as MariaDB.
CREATE TABLE gk (id INT PRIMARY KEY, g INT, h INT, v INT, KEY kg (g), KEY kgh (g, h));
INSERT INTO gk VALUES (1, 3, 1, 10), (2, 1, 2, 20), (3, 3, 1, 30), (4, NULL, 5, 40), (5, 1, 1, 50),
  (6, 2, 2, 60), (7, NULL, NULL, 70), (8, 3, 2, 80), (9, 2, NULL, 90), (10, 1, 1, 100);
SELECT g, COUNT(*) FROM gk GROUP BY g;
SELECT g, COUNT(*), SUM(id), MIN(id), MAX(id) FROM gk GROUP BY g ORDER BY g DESC;
SELECT g, h, COUNT(*) FROM gk GROUP BY g, h ORDER BY g, h;
SELECT g, COUNT(*) AS n FROM gk GROUP BY g HAVING n > 2;
SELECT g, COUNT(*) FROM gk WHERE g >= 2 GROUP BY g;
SELECT g, COUNT(*) FROM gk WHERE g > 100 GROUP BY g;
SELECT id, COUNT(*) FROM gk GROUP BY id ORDER BY id DESC LIMIT 3;
SELECT g, SUM(v) FROM gk GROUP BY g ORDER BY SUM(v) DESC;
SELECT g, GROUP_CONCAT(id ORDER BY id) FROM gk GROUP BY g;
SELECT h, COUNT(*) FROM gk GROUP BY h;
-- DISTINCT over the ORDER BY's columns, read along the key: duplicates are adjacent, so it
-- streams and stops at the LIMIT; OFFSET counts distinct rows.
CREATE TABLE od (id INT PRIMARY KEY, k INT, c VARCHAR(10) COLLATE utf8mb4_general_ci, KEY k_1 (k), KEY kc (k, c));
INSERT INTO od VALUES (1, 5, 'a'), (2, 5, 'A'), (3, 1, 'b'), (4, NULL, 'c'), (5, 3, 'a'), (6, 3, 'a'), (7, 1, 'B'),
  (8, NULL, NULL), (9, 9, 'z'), (10, 5, 'A'), (11, 3, NULL), (12, 7, 'y');
SELECT DISTINCT k FROM od ORDER BY k;
SELECT DISTINCT k FROM od ORDER BY k DESC;
SELECT DISTINCT k FROM od ORDER BY k LIMIT 2;
SELECT DISTINCT k FROM od ORDER BY k LIMIT 2 OFFSET 2;
SELECT DISTINCT k FROM od WHERE k > 1 ORDER BY k LIMIT 3;
SELECT DISTINCT k, c FROM od ORDER BY k, c;
SELECT DISTINCT c, k FROM od ORDER BY k, c LIMIT 4;
SELECT DISTINCT k AS kk FROM od ORDER BY kk DESC LIMIT 3;
SELECT DISTINCT id FROM od ORDER BY id DESC LIMIT 3;
SELECT DISTINCT k, id FROM od ORDER BY k, id LIMIT 5;
SELECT DISTINCT k FROM od ORDER BY k, id LIMIT 5;
DROP TABLE od;

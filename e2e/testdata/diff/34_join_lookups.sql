-- Joins whose inner relation is read by key: through an index that holds every column the
-- statement reads (its entries are the rows, no row lookup), or by the primary key; one scan per
-- relation is restarted for each outer row (its iterator moved to the new key's bounds). NULL
-- keys, unique and non-unique indexes, LEFT JOINs that find nothing, three levels, IN lists of
-- several ranges, and a lookup key of another integer type.
CREATE TABLE jo (id INT PRIMARY KEY, k INT, u INT, s SMALLINT UNSIGNED, c VARCHAR(10), KEY k_1 (k), UNIQUE KEY uu (u), KEY ks (s));
CREATE TABLE ji (id BIGINT PRIMARY KEY, ref INT, tag VARCHAR(10), KEY r_1 (ref));
INSERT INTO jo VALUES (1, 10, 100, 1, 'a'), (2, 20, NULL, 2, 'b'), (3, 10, 300, NULL, 'c'), (4, NULL, 400, 4, 'd'),
  (5, 50, 500, 65535, 'e'), (6, 20, 600, 2, NULL), (7, -3, -700, 7, 'g');
INSERT INTO ji VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 3, 'z'), (4, NULL, 'w'), (5, 5, 'v'), (6, 9, 'u'), (65535, 5, 't'), (-3, 7, 's');
SELECT a.id, b.id FROM jo a JOIN jo b ON a.k = b.k;
SELECT COUNT(*) FROM jo a JOIN jo b ON a.id = b.k;
SELECT a.id, b.id, b.k FROM jo a JOIN jo b ON b.k = a.id * 10;
SELECT a.id, b.u FROM jo a JOIN jo b ON b.u = a.id * 100;
SELECT a.id, b.id FROM jo a LEFT JOIN jo b ON b.u = a.k * 10;
SELECT a.id, b.id, b.k FROM jo a LEFT JOIN jo b ON b.k = a.id;
SELECT a.id, b.id, b.s FROM jo a JOIN jo b ON b.s = a.id;
SELECT a.id, i.id, i.tag FROM jo a JOIN ji i ON i.ref = a.id;
SELECT a.id, i.id FROM jo a JOIN ji i ON i.id = a.s;
SELECT a.id, i.id FROM jo a JOIN ji i ON i.id = a.k + 1;
SELECT a.id, i.id, b.id FROM jo a JOIN ji i ON i.ref = a.id JOIN jo b ON b.k = i.id * 10;
SELECT a.id, i.id, b.id FROM jo a LEFT JOIN ji i ON i.ref = a.id LEFT JOIN jo b ON b.u = i.id * 100;
SELECT a.id, b.id FROM jo a JOIN jo b ON b.k = a.k WHERE b.k IN (10, 20, 50);
SELECT id, k FROM jo WHERE k IN (-3, 10, 20, 50, 99);
SELECT id, s FROM jo WHERE s IN (1, 2, 7, 65535);
SELECT SUM(b.id), COUNT(b.k) FROM jo a JOIN jo b ON b.k = a.k;
SELECT a.c, b.c FROM jo a JOIN jo b ON b.k = a.k WHERE a.id < 4;
-- skip-compare: EXPLAIN's row estimates and wording differ from MariaDB's; loopdb must name the index
EXPLAIN SELECT a.id, b.id FROM jo a JOIN jo b ON b.k = a.id;
PREPARE pj FROM 'SELECT a.id, b.id FROM jo a JOIN jo b ON b.k = a.k WHERE a.id > ?';
SET @p = 2;
EXECUTE pj USING @p;
SET @p = 5;
EXECUTE pj USING @p;
DEALLOCATE PREPARE pj;
DROP TABLE jo, ji;

-- Generated columns: values computed on every kind of write, indexes on them, conversion to
-- the column's type. MariaDB 10.11 computes the same values; its errors for a value given to
-- a generated column (1906) and for disallowed functions (1901) are not MySQL 8's (3105,
-- 3763): those statements are annotated with MariaDB's number and not compared.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE g (id INT PRIMARY KEY, a INT, b INT, s INT AS (a + b),
  d INT GENERATED ALWAYS AS (a * 10) STORED, name VARCHAR(10),
  up VARCHAR(10) AS (UPPER(name)) VIRTUAL, KEY (up), UNIQUE KEY (d));
INSERT INTO g (id, a, b, name) VALUES (1, 1, 2, 'x'), (2, 10, 20, 'yy');
INSERT INTO g VALUES (3, 5, NULL, DEFAULT, DEFAULT, 'z', DEFAULT);
SELECT id, a, b, s, d, name, up FROM g ORDER BY id;
UPDATE g SET a = 100 WHERE id = 1;
INSERT INTO g (id, a, b, name) VALUES (2, 0, 0, 'q') ON DUPLICATE KEY UPDATE b = 21, name = 'w';
REPLACE INTO g (id, a, b, name) VALUES (3, 7, 1, 'r');
SELECT id, a, b, s, d, name, up FROM g ORDER BY id;
SELECT id FROM g WHERE up = 'W';
SELECT id FROM g WHERE up = 'YY';
SELECT id, s FROM g WHERE d = 1000;
-- expect-error: 1062
INSERT INTO g (id, a, b) VALUES (9, 100, 2);
-- expect-error: 1906
-- skip-compare: MySQL 8 answers 3105 (ER_NON_DEFAULT_VALUE_FOR_GENERATED_COLUMN)
INSERT INTO g (id, s) VALUES (9, 1);
UPDATE g SET s = DEFAULT, a = 0 WHERE id = 3;
SELECT id, s, d FROM g ORDER BY id;
DELETE FROM g WHERE up = 'R';
SELECT COUNT(*) FROM g;

-- STORED: MySQL and MariaDB compute an unindexed VIRTUAL column on read, so only a STORED one
-- fails the INSERT (loopdb stores every generated column; see README Limits).
CREATE TABLE n (a INT, t TINYINT AS (a * 100) STORED);
-- expect-error: 1264
INSERT INTO n (a) VALUES (5);
INSERT INTO n (a) VALUES (1);
SELECT a, t FROM n;

CREATE TABLE al (id INT PRIMARY KEY, a INT);
INSERT INTO al VALUES (1, 2), (2, 3);
ALTER TABLE al ADD COLUMN sq INT AS (a * a), ADD KEY (sq);
SELECT id, a, sq FROM al ORDER BY id;
SELECT id FROM al WHERE sq = 9;

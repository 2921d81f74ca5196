-- Column types, NOT NULL, DEFAULTs, AUTO_INCREMENT, keys, and the errors strict mode gives.
-- Run by TestDiffAgainstMariaDB (e2e_diff_test.go); each file starts in a fresh database.
-- MySQL 8's default sql_mode, explicitly (MariaDB's default lacks ONLY_FULL_GROUP_BY and
-- NO_ZERO_*), and UTC so TIMESTAMP values print the same everywhere.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
SET time_zone = '+00:00';

-- TIMESTAMP is declared NULL DEFAULT NULL: without it MariaDB (explicit_defaults_for_timestamp
-- off) and MySQL 8 (on) give the column different defaults.
CREATE TABLE types (
  id INT NOT NULL PRIMARY KEY,
  i INT,
  bu BIGINT UNSIGNED NOT NULL DEFAULT 0,
  d DECIMAL(10,2) NOT NULL DEFAULT 0.00,
  f DOUBLE,
  vc VARCHAR(20) NOT NULL DEFAULT '',
  c CHAR(5),
  tx TEXT,
  bl BLOB,
  dt DATE,
  dtm DATETIME(6),
  ts TIMESTAMP NULL DEFAULT NULL,
  tm TIME,
  yr YEAR,
  en ENUM('small','medium','large') NOT NULL DEFAULT 'medium',
  js JSON,
  b BOOL NOT NULL DEFAULT FALSE
);

INSERT INTO types (id, i, bu, d, f, vc, c, tx, bl, dt, dtm, ts, tm, yr, en, js, b) VALUES
  (1, 1, 18446744073709551615, 12345678.91, 1.5, 'hello', 'ab', 'some text', X'00FF10', '2024-02-29', '2024-02-29 13:14:15.123456', '2024-03-01 00:00:01', '12:34:56', 2024, 'small', '{"a": 1, "b": [1, 2], "s": "x"}', TRUE),
  (2, -5, 0, -0.50, -2.25, '', 'xyz', '', '', '1999-12-31', '1999-12-31 23:59:59.000001', '2000-01-01 00:00:00', '-01:02:03', 1999, 'large', '[]', FALSE),
  (3, NULL, 7, 0, NULL, 'null-ish', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'medium', NULL, 0);

-- Only the defaults.
INSERT INTO types (id) VALUES (4);

-- DECIMAL rounds on store (a note, not an error); a number string converts.
INSERT INTO types (id, d, i) VALUES (5, 1.005, '42');

SELECT id, i, bu, d, f, vc, c, tx, HEX(bl) AS bl, dt, dtm, ts, tm, yr, en, b FROM types ORDER BY id;

SELECT id, JSON_UNQUOTE(JSON_EXTRACT(js, '$.s')) AS s, JSON_EXTRACT(js, '$.a') AS a, JSON_EXTRACT(js, '$.b[1]') AS b1, JSON_LENGTH(js) AS n, JSON_TYPE(js) AS t, JSON_VALID(js) AS ok FROM types ORDER BY id;

SELECT id, LENGTH(bl) AS bl_len, CHAR_LENGTH(vc) AS vc_len, LENGTH(c) AS c_len, d * 2 AS d2, bu DIV 2 AS bu2, YEAR(dt) AS y, MONTH(dtm) AS m, MICROSECOND(dtm) AS us, HOUR(tm) AS h FROM types ORDER BY id;

SELECT COUNT(*) AS n, COUNT(i) AS ni, COUNT(f) AS nf, SUM(d) AS sd, MIN(dt) AS mindt, MAX(dtm) AS maxdtm FROM types;

SELECT id FROM types WHERE b ORDER BY id;
SELECT id FROM types WHERE NOT b AND en = 'medium' ORDER BY id;
SELECT id FROM types WHERE dt BETWEEN '1999-01-01' AND '2000-01-01';
SELECT id FROM types WHERE dtm > '2024-02-29 13:14:15.123455';
SELECT id FROM types WHERE tm < '00:00:00';
SELECT id, en FROM types WHERE en IN ('small', 'large') ORDER BY id;
-- ENUM sorts by its index, not by the text.
SELECT id, en FROM types ORDER BY en, id;
-- In numeric context an ENUM is its index and a hex literal an integer.
SELECT id, en + 0 AS idx, CAST(en AS UNSIGNED) AS u, CAST(en AS SIGNED) AS s, en * 10 AS t, -en AS neg FROM types ORDER BY id;
SELECT SUM(en + 0) AS total, MAX(en + 0) AS top FROM types;
SELECT 0x41 + 0 AS a, 0x4142 + 1 AS b, 0x41 * 2 AS c, -0x41 AS d, 0x41 = 65 AS e, b'1000001' + 0 AS f, 0x41 | 0 AS g, CAST(0x41 AS UNSIGNED) AS h, 0x41 AS i;
SELECT id FROM types WHERE bu > 9223372036854775807;

-- strict mode errors
-- expect-error: 1264
INSERT INTO types (id, i) VALUES (10, 2147483648);
-- expect-error: 1264
INSERT INTO types (id, bu) VALUES (10, -1);
-- expect-error: 1264
INSERT INTO types (id, d) VALUES (10, 123456789.00);
-- expect-error: 1406
INSERT INTO types (id, vc) VALUES (10, 'this string is longer than twenty');
-- expect-error: 1265
INSERT INTO types (id, en) VALUES (10, 'huge');
-- expect-error: 1048
INSERT INTO types (id, vc) VALUES (10, NULL);
-- expect-error: 1048
INSERT INTO types (id, b) VALUES (NULL, 1);
-- expect-error: 1292
INSERT INTO types (id, dt) VALUES (10, '2023-02-30');
-- expect-error: 1366
INSERT INTO types (id, i) VALUES (10, 'abc');
-- expect-error: 1062
INSERT INTO types (id) VALUES (1);
-- expect-error: 1136
INSERT INTO types (id, i) VALUES (10);
-- expect-error: 1054
INSERT INTO types (id, nosuch) VALUES (10, 1);
-- None of the failed inserts left a row.
SELECT COUNT(*) AS n FROM types;

-- NOT NULL without a default: strict mode rejects an INSERT that omits it.
CREATE TABLE nn (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL, qty INT NOT NULL DEFAULT 1, note VARCHAR(10) DEFAULT 'none');
-- expect-error: 1364
INSERT INTO nn (id) VALUES (1);
INSERT INTO nn (id, name) VALUES (1, 'a');
INSERT INTO nn (id, name, qty, note) VALUES (2, 'b', 5, NULL);
INSERT INTO nn VALUES (3, 'c', DEFAULT, DEFAULT);
-- expect-error: 1048
UPDATE nn SET name = NULL WHERE id = 1;
-- expect-error: 1048
INSERT INTO nn (id, name) VALUES (4, 'd'), (5, NULL);
SELECT * FROM nn ORDER BY id;

-- AUTO_INCREMENT: generated ids, explicit ids move the counter, NULL and 0 generate.
CREATE TABLE ai (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10));
INSERT INTO ai (v) VALUES ('a');
INSERT INTO ai (v) VALUES ('b'), ('c');
SELECT LAST_INSERT_ID() AS lid;
INSERT INTO ai (id, v) VALUES (10, 'd');
INSERT INTO ai (v) VALUES ('e');
INSERT INTO ai (id, v) VALUES (NULL, 'f'), (0, 'g');
SELECT LAST_INSERT_ID() AS lid;
SELECT * FROM ai ORDER BY id;

-- Composite primary key; a duplicate anywhere in a multi-row INSERT fails the whole statement.
CREATE TABLE cp (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b));
INSERT INTO cp VALUES (1, 'x', 10), (1, 'y', 20), (2, 'x', 30);
-- expect-error: 1062
INSERT INTO cp VALUES (1, 'x', 99);
-- expect-error: 1062
INSERT INTO cp VALUES (3, 'z', 1), (2, 'x', 2);
-- expect-error: 1062
INSERT INTO cp VALUES (4, 'q', 1), (4, 'q', 2);
SELECT * FROM cp ORDER BY a, b;
SELECT v FROM cp WHERE a = 1 AND b = 'y';
SELECT COUNT(*) AS n FROM cp WHERE a = 1;

-- UNIQUE: case-insensitive like the default collations; NULLs do not collide.
CREATE TABLE uq (id INT PRIMARY KEY, email VARCHAR(50) NOT NULL, code CHAR(3), UNIQUE KEY uk_email (email), UNIQUE KEY uk_code (code));
INSERT INTO uq VALUES (1, 'ann@example.com', 'A1'), (2, 'bob@example.com', NULL), (3, 'cy@example.com', NULL);
-- expect-error: 1062
INSERT INTO uq VALUES (4, 'bob@example.com', 'B1');
-- expect-error: 1062
INSERT INTO uq VALUES (4, 'BOB@example.com', 'B1');
-- expect-error: 1062
INSERT INTO uq VALUES (4, 'dan@example.com', 'A1');
-- expect-error: 1062
UPDATE uq SET email = 'ann@example.com' WHERE id = 3;
UPDATE uq SET code = 'C3' WHERE id = 3;
SELECT * FROM uq ORDER BY id;
SELECT id FROM uq WHERE email = 'ANN@EXAMPLE.COM';
SELECT id FROM uq WHERE code IS NULL;

-- A table without a primary key keeps duplicate rows.
CREATE TABLE nopk (a INT, b VARCHAR(10));
INSERT INTO nopk VALUES (1, 'x'), (1, 'x'), (2, NULL), (NULL, 'y');
INSERT INTO nopk SELECT a, b FROM nopk WHERE a = 1;
SELECT a, b FROM nopk;
SELECT a, COUNT(*) AS n FROM nopk GROUP BY a ORDER BY a;
DELETE FROM nopk WHERE a = 1 LIMIT 1;
SELECT COUNT(*) AS n FROM nopk WHERE a = 1;
UPDATE nopk SET b = 'z' WHERE b IS NULL;
SELECT a, b FROM nopk WHERE b = 'z';

-- Character sets (issue 12): connection charset variables, latin1/ascii columns (what they hold,
-- their lengths in characters, 1366 for what they cannot), and information_schema's view of
-- them. SHOW CREATE TABLE is not compared: MariaDB prints COLLATE after every CHARACTER SET,
-- MySQL 8 (loopdb's target) only for a non-default collation (e2e TestCharsetColumns checks it).
-- LENGTH() of a latin1 column is not compared either: loopdb holds values as UTF-8 (README Limits).
-- MariaDB's default utf8mb4 collation is utf8mb4_general_ci, MySQL 8's utf8mb4_0900_ai_ci: columns
-- and tables compared here name theirs.
SET NAMES latin1;
SELECT @@character_set_client, @@character_set_connection, @@character_set_results, @@collation_connection;
SET NAMES utf8mb4;
SET character_set_client = utf8;
SELECT @@character_set_client;
SET character_set_results = NULL;
SELECT @@character_set_results IS NULL;
SET NAMES utf8mb4;
-- expect-error: 1115
SET NAMES koi9;
-- expect-error: 1115
SET character_set_client = koi9;
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
CREATE TABLE cs1 (id INT PRIMARY KEY, a VARCHAR(4) CHARACTER SET latin1, b VARCHAR(4) CHARACTER SET ascii COLLATE ascii_bin, c TEXT CHARACTER SET latin1, d VARCHAR(4) COLLATE utf8mb4_bin);
CREATE TABLE cs2 (id INT PRIMARY KEY, a CHAR(3), b VARCHAR(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) DEFAULT CHARSET=latin1;
INSERT INTO cs1 VALUES (1, 'éèàü', 'abcd', 'Grüße €', '中文字符');
INSERT INTO cs2 VALUES (1, 'àé', '中文');
SELECT id, a, b, c, d, CHAR_LENGTH(a), CHAR_LENGTH(d) FROM cs1 ORDER BY id;
SELECT id, a, b FROM cs2 ORDER BY id;
-- expect-error: 1366
INSERT INTO cs1 (id, a) VALUES (2, '中');
-- expect-error: 1366
INSERT INTO cs1 (id, b) VALUES (2, 'é');
-- expect-error: 1366
INSERT INTO cs2 (id, a) VALUES (2, 'ß中');
-- expect-error: 1406
INSERT INTO cs1 (id, a) VALUES (2, 'ééééé');
-- expect-error: 1366
UPDATE cs1 SET a = '日本' WHERE id = 1;
SET sql_mode = '';
INSERT INTO cs1 (id, a, b) VALUES (3, 'a中b', 'xéy');
SELECT id, a, b FROM cs1 WHERE id = 3;
SELECT COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('cs1', 'cs2') AND DATA_TYPE <> 'int' ORDER BY TABLE_NAME, ORDINAL_POSITION;
SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cs2';
-- expect-error: 1253
CREATE TABLE cs3 (a VARCHAR(3) CHARACTER SET latin1 COLLATE utf8mb4_bin);
-- expect-error: 1115
CREATE TABLE cs3 (a VARCHAR(3) CHARACTER SET koi9);
ALTER TABLE cs2 DEFAULT CHARSET = ascii;
ALTER TABLE cs2 ADD COLUMN e VARCHAR(2);
SELECT COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cs2' AND DATA_TYPE <> 'int' ORDER BY ORDINAL_POSITION;
DROP TABLE cs1, cs2;
CREATE DATABASE cs_l1 CHARACTER SET latin1;
SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'cs_l1';
CREATE TABLE cs_l1.t (a VARCHAR(3), b VARCHAR(3) COLLATE latin1_bin);
SELECT COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'cs_l1' ORDER BY ORDINAL_POSITION;
DROP DATABASE cs_l1;

-- Temporary tables: shadowing a base table, DROP order, ROLLBACK of their rows, DDL on them,
-- LIKE and AS SELECT, and their errors. MySQL 8.0's 1137 (one query naming a temporary table
-- twice) is not here: MariaDB lifted that restriction (e2e TestTempTables and exec's unit tests
-- check it). SHOW TABLES / information_schema are not compared: MariaDB 11 lists temporary tables
-- there, MySQL 8 does not (loopdb follows MySQL 8; unit-tested in exec).
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20));
INSERT INTO item VALUES (1, 'base one'), (2, 'base two');
CREATE TEMPORARY TABLE item (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), qty INT);
-- expect-error: 1050
CREATE TEMPORARY TABLE item (a INT);
CREATE TEMPORARY TABLE IF NOT EXISTS item (a INT);
INSERT INTO item (name, qty) VALUES ('tmp a', 3), ('tmp b', 5), ('tmp c', NULL);
SELECT id, name, qty FROM item ORDER BY id;
SELECT name FROM item WHERE qty > 4;
UPDATE item SET qty = qty * 10 WHERE id = 1;
DELETE FROM item WHERE qty IS NULL;
SELECT id, qty FROM item ORDER BY id;

-- joins and subqueries with base tables
CREATE TABLE price (item_id INT PRIMARY KEY, amount INT);
INSERT INTO price VALUES (1, 100), (2, 200), (3, 300);
SELECT i.name, p.amount FROM item i JOIN price p ON p.item_id = i.id ORDER BY i.id;
SELECT amount FROM price WHERE item_id IN (SELECT id FROM item) ORDER BY amount;

-- ROLLBACK undoes a temporary table's rows; the table stays
BEGIN;
INSERT INTO item (name, qty) VALUES ('rolled back', 1);
ROLLBACK;
SELECT COUNT(*) FROM item;
BEGIN;
CREATE TEMPORARY TABLE scratch (a INT);
INSERT INTO scratch VALUES (1);
COMMIT;
SELECT a FROM scratch;

-- DDL on a temporary table
ALTER TABLE item ADD INDEX idx_qty (qty);
CREATE INDEX idx_name ON item (name);
SELECT id FROM item WHERE qty = 30;
SELECT id FROM item WHERE name = 'tmp b';
ALTER TABLE item ADD COLUMN note VARCHAR(10) DEFAULT 'n';
SELECT id, note FROM item ORDER BY id;
TRUNCATE TABLE item;
INSERT INTO item (name) VALUES ('after truncate');
SELECT id, name FROM item;
ALTER TABLE item RENAME TO item2;
SELECT id, name FROM item2;
-- the base table shows through again
SELECT id, name FROM item ORDER BY id;

-- LIKE and AS SELECT
CREATE TEMPORARY TABLE item3 LIKE item2;
INSERT INTO item3 (name) VALUES ('copy');
SELECT id, name, note FROM item3;
CREATE TEMPORARY TABLE totals AS SELECT item_id, amount * 2 AS doubled FROM price WHERE amount > 100;
SELECT item_id, doubled FROM totals ORDER BY item_id;

-- DROP TABLE drops the temporary table first, then the base one
CREATE TEMPORARY TABLE price (x INT);
DROP TABLE price;
SELECT COUNT(*) FROM price;
DROP TABLE price;
-- expect-error: 1146
SELECT COUNT(*) FROM price;
DROP TEMPORARY TABLE item2, item3;
-- expect-error: 1051
DROP TEMPORARY TABLE item2;
DROP TEMPORARY TABLE IF EXISTS item2;
-- DROP TEMPORARY TABLE never drops a base table
-- expect-error: 1051
DROP TEMPORARY TABLE item;
SELECT COUNT(*) FROM item;

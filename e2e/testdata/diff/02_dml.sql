-- DML: multi-row INSERT, INSERT ... SELECT, ON DUPLICATE KEY UPDATE, INSERT IGNORE, REPLACE,
-- UPDATE/DELETE with WHERE, ORDER BY, LIMIT, and statement atomicity.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
SET time_zone = '+00:00';

CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, qty INT NOT NULL DEFAULT 0, price DECIMAL(10,2), tag VARCHAR(10), UNIQUE KEY uk_name (name));
INSERT INTO item VALUES (1, 'apple', 10, 0.50, 'fruit'), (2, 'banana', 20, 0.25, 'fruit'), (3, 'carrot', 5, 0.10, 'veg'), (4, 'donut', 0, 1.20, NULL), (5, 'egg', 12, 0.30, 'dairy');
INSERT INTO item (id, name) VALUES (6, 'flour');
SELECT * FROM item ORDER BY id;

-- UPDATE: affected rows count changed rows only.
UPDATE item SET qty = qty + 1 WHERE tag = 'fruit';
UPDATE item SET qty = qty WHERE id = 1;
UPDATE item SET tag = 'fruit' WHERE id IN (1, 2);
UPDATE item SET qty = 0 WHERE id = 999;
UPDATE item SET price = price * 2 WHERE price < 0.30 OR tag IS NULL;
UPDATE item SET qty = qty + 100 ORDER BY id DESC LIMIT 2;
UPDATE item SET tag = 'misc' WHERE tag IS NULL ORDER BY name LIMIT 1;
UPDATE item SET qty = DEFAULT WHERE id = 3;
SELECT id, qty, price, tag FROM item ORDER BY id;
-- expect-error: 1062
UPDATE item SET name = 'apple' WHERE id = 2;
-- expect-error: 1048
UPDATE item SET qty = NULL WHERE id = 2;
-- Primary key update that collides half way (2 -> 7 succeeds, 3 -> 6 collides): the whole
-- statement is undone.
-- expect-error: 1062
UPDATE item SET id = 9 - id WHERE id IN (2, 3) ORDER BY id;
SELECT id, name FROM item ORDER BY id;
UPDATE item SET id = id + 10 WHERE id >= 5 ORDER BY id DESC;
SELECT id, name FROM item ORDER BY id;

-- DELETE with WHERE / ORDER BY / LIMIT
DELETE FROM item WHERE qty = 999;
DELETE FROM item WHERE tag = 'fruit' ORDER BY qty DESC LIMIT 1;
SELECT id, name FROM item ORDER BY id;
DELETE FROM item ORDER BY id LIMIT 1;
SELECT id, name FROM item ORDER BY id;

-- INSERT ... SELECT
CREATE TABLE item_copy (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, total DECIMAL(12,2));
INSERT INTO item_copy (id, name, total) SELECT id, UPPER(name), qty * price FROM item WHERE price IS NOT NULL;
INSERT INTO item_copy SELECT id + 100, CONCAT(name, '-2'), NULL FROM item_copy WHERE id < 5;
SELECT * FROM item_copy ORDER BY id;
-- expect-error: 1062
INSERT INTO item_copy SELECT id, name, total FROM item_copy WHERE id = 3;

-- ON DUPLICATE KEY UPDATE: 1 per insert, 2 per update, 0 when the row is unchanged.
CREATE TABLE counter (k VARCHAR(10) PRIMARY KEY, n INT NOT NULL, seen INT NOT NULL DEFAULT 1);
INSERT INTO counter (k, n) VALUES ('a', 1) ON DUPLICATE KEY UPDATE n = n + 1, seen = seen + 1;
INSERT INTO counter (k, n) VALUES ('a', 1) ON DUPLICATE KEY UPDATE n = n + 1, seen = seen + 1;
INSERT INTO counter (k, n) VALUES ('a', 5), ('b', 7), ('c', 9) ON DUPLICATE KEY UPDATE n = n + VALUES(n);
INSERT INTO counter (k, n) VALUES ('b', 100) ON DUPLICATE KEY UPDATE n = n;
-- expect-error: 1062
INSERT INTO counter (k, n) VALUES ('c', 1) ON DUPLICATE KEY UPDATE k = 'a';
SELECT * FROM counter ORDER BY k;

-- INSERT IGNORE: duplicates are skipped, the rest inserted.
CREATE TABLE ig (id INT PRIMARY KEY, v VARCHAR(5) NOT NULL, u INT, UNIQUE KEY uk_u (u));
INSERT INTO ig VALUES (1, 'a', 10), (2, 'b', 20);
INSERT IGNORE INTO ig VALUES (1, 'x', 11), (3, 'c', 30), (4, 'd', 20), (5, 'e', 50);
INSERT IGNORE INTO ig VALUES (1, 'y', 12);
SELECT * FROM ig ORDER BY id;

-- REPLACE: 1 for a new row, 2 for one replaced row, 3 when it replaces two rows.
REPLACE INTO ig VALUES (6, 'f', 60);
REPLACE INTO ig VALUES (6, 'g', 61);
REPLACE INTO ig VALUES (1, 'h', 30);
REPLACE INTO ig (id, v) VALUES (7, 'i'), (2, 'j');
SELECT * FROM ig ORDER BY id;

-- multi-table UPDATE / DELETE
CREATE TABLE price_change (id INT PRIMARY KEY, new_price DECIMAL(10,2) NOT NULL);
INSERT INTO price_change VALUES (3, 0.15), (4, 9.99), (42, 1.00);
UPDATE item i JOIN price_change p ON p.id = i.id SET i.price = p.new_price;
SELECT id, price FROM item ORDER BY id;
DELETE i FROM item i JOIN price_change p ON p.id = i.id WHERE p.new_price > 5;
SELECT id FROM item ORDER BY id;

-- A transaction that is rolled back leaves nothing; one that commits keeps everything.
BEGIN;
INSERT INTO item (id, name, qty) VALUES (50, 'tmp', 1);
UPDATE item SET qty = 0;
DELETE FROM item WHERE id = 3;
ROLLBACK;
SELECT id, qty FROM item ORDER BY id;
START TRANSACTION;
INSERT INTO item (id, name, qty) VALUES (51, 'kept', 2);
-- expect-error: 1062
INSERT INTO item (id, name, qty) VALUES (52, 'kept2', 3), (51, 'dup', 4);
COMMIT;
SELECT id, name, qty FROM item WHERE id > 50 ORDER BY id;

-- Single-table UPDATE assigns left to right: b = a sees the new a (MySQL and MariaDB agree).
CREATE TABLE sw (id INT PRIMARY KEY, a INT, b INT);
INSERT INTO sw VALUES (1, 1, 2);
UPDATE sw SET a = b, b = a;
SELECT a, b FROM sw;

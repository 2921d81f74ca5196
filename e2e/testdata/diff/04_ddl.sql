-- DDL: CREATE TABLE variants, CREATE/DROP INDEX, ALTER TABLE ADD/DROP COLUMN, RENAME TABLE,
-- TRUNCATE, DROP TABLE, and their errors. (Affected-row counts of DDL are not compared.)
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
SET time_zone = '+00:00';

CREATE TABLE person (id INT NOT NULL AUTO_INCREMENT, first VARCHAR(20) NOT NULL, last VARCHAR(20) NOT NULL, age INT, PRIMARY KEY (id));
-- expect-error: 1050
CREATE TABLE person (id INT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS person (id INT PRIMARY KEY);
INSERT INTO person (first, last, age) VALUES ('Ann', 'Lee', 30), ('Ben', 'Kim', NULL), ('Cat', 'Lee', 25);
SHOW TABLES;

-- indexes
CREATE INDEX idx_last ON person (last);
-- expect-error: 1061
CREATE INDEX idx_last ON person (first);
CREATE INDEX idx_last_first ON person (last, first);
SELECT id FROM person WHERE last = 'Lee' ORDER BY id;
SELECT id FROM person WHERE last = 'Lee' AND first = 'Cat';
CREATE UNIQUE INDEX uk_first ON person (first);
-- expect-error: 1062
INSERT INTO person (first, last) VALUES ('Ann', 'Other');
-- expect-error: 1062
CREATE UNIQUE INDEX uk_last ON person (last);
DROP INDEX idx_last ON person;
-- expect-error: 1091
DROP INDEX idx_last ON person;
SELECT id FROM person WHERE last = 'Lee' ORDER BY id;

-- ALTER TABLE ADD / DROP COLUMN: existing rows get the default (or the type's implicit default)
ALTER TABLE person ADD COLUMN city VARCHAR(20) NOT NULL DEFAULT 'unknown';
ALTER TABLE person ADD COLUMN score INT;
ALTER TABLE person ADD COLUMN level INT NOT NULL;
SELECT id, first, city, score, level FROM person ORDER BY id;
-- An explicit id: InnoDB may have used up id 4 in the failed INSERT above (auto-increment gaps
-- are the engine's business, not compared).
INSERT INTO person (id, first, last, city, score, level) VALUES (4, 'Dan', 'Wu', 'Oslo', 7, 2);
SELECT id, first, last, age, city, score, level FROM person ORDER BY id;
ALTER TABLE person DROP COLUMN age;
-- expect-error: 1054
SELECT age FROM person;
SELECT * FROM person ORDER BY id;
-- expect-error: 1060
ALTER TABLE person ADD COLUMN city INT;
-- expect-error: 1091
ALTER TABLE person DROP COLUMN no_such;
SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'person' ORDER BY ORDINAL_POSITION;
ALTER TABLE person ADD COLUMN nick VARCHAR(10) AFTER first, ADD COLUMN rank2 INT DEFAULT 3;
SELECT * FROM person ORDER BY id;

-- RENAME TABLE
RENAME TABLE person TO people;
-- expect-error: 1146
SELECT * FROM person;
SELECT COUNT(*) AS n FROM people;
INSERT INTO people (first, last, level) VALUES ('Eve', 'Ng', 1);
SELECT id, first FROM people ORDER BY id;
ALTER TABLE people RENAME TO person;
SHOW TABLES;

-- TRUNCATE empties the table and restarts AUTO_INCREMENT
TRUNCATE TABLE person;
SELECT COUNT(*) AS n FROM person;
INSERT INTO person (first, last, level) VALUES ('Fay', 'Oh', 1);
SELECT id, first FROM person;
-- expect-error: 1146
TRUNCATE TABLE no_such;

-- a column default taken at insert time
CREATE TABLE evt (id INT PRIMARY KEY, at DATETIME DEFAULT CURRENT_TIMESTAMP, kind VARCHAR(10) DEFAULT 'x');
INSERT INTO evt (id) VALUES (1);
SELECT id, at IS NOT NULL AS has_at, kind FROM evt;

-- DROP TABLE
DROP TABLE evt;
-- expect-error: 1051
DROP TABLE evt;
DROP TABLE IF EXISTS evt;
-- expect-error: 1146
SELECT * FROM evt;
SHOW TABLES;

-- a table can be re-created under a dropped name, empty
CREATE TABLE evt (id INT PRIMARY KEY);
SELECT COUNT(*) AS n FROM evt;

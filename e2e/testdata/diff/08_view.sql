-- Views: reading them (joins, WHERE, grouping, nested views, column lists), their DDL and its
-- errors, and what SHOW and information_schema say of them. Run by TestDiffAgainstMariaDB
-- (e2e_diff_test.go) in a fresh database. SHOW CREATE VIEW differs by design (MySQL and MariaDB
-- print their own rewrite of the SELECT, loopdb the SELECT as written): exec/view_test.go checks it.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE cust (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, city VARCHAR(20));
CREATE TABLE ord (id INT PRIMARY KEY, cust INT NOT NULL, amount DECIMAL(8,2) NOT NULL, KEY (cust));
INSERT INTO cust VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cy', NULL), (4, 'di', 'oslo');
INSERT INTO ord VALUES (10, 1, 5.00), (11, 1, 7.50), (12, 2, 100.00), (13, 4, 0.99), (14, 4, 12.00);

CREATE VIEW oslo AS SELECT id, name FROM cust WHERE city = 'oslo';
CREATE VIEW spend (who, n, total) AS SELECT cust, COUNT(*), SUM(amount) FROM ord GROUP BY cust;
CREATE ALGORITHM=TEMPTABLE SQL SECURITY INVOKER VIEW oslo_spend AS
  SELECT o.name, s.n, s.total FROM oslo o JOIN spend s ON s.who = o.id;
CREATE VIEW big AS SELECT id, cust, amount FROM ord WHERE amount > 10 WITH CHECK OPTION;

SELECT * FROM oslo;
SELECT name FROM oslo WHERE id > 1;
SELECT who, n, total FROM spend ORDER BY who;
SELECT * FROM oslo_spend ORDER BY name;
SELECT c.name, s.total FROM cust c LEFT JOIN spend s ON s.who = c.id ORDER BY c.id;
SELECT COUNT(*), SUM(total) FROM spend;
SELECT name FROM cust WHERE id IN (SELECT who FROM spend WHERE total > 10) ORDER BY name;
SELECT name FROM cust c WHERE EXISTS (SELECT 1 FROM big b WHERE b.cust = c.id) ORDER BY name;
SELECT * FROM (SELECT who, total FROM spend WHERE n > 1) d ORDER BY who;
SELECT id, amount FROM big ORDER BY id;
WITH x AS (SELECT who FROM spend) SELECT COUNT(*) FROM x;

-- Views with DISTINCT, UNION, ORDER BY ... LIMIT, a derived table and a CTE inside.
CREATE VIEW cities AS SELECT DISTINCT city FROM cust WHERE city IS NOT NULL;
CREATE VIEW everyone AS SELECT name FROM cust UNION SELECT CONCAT('order ', id) FROM ord WHERE amount > 50;
CREATE VIEW top_orders AS SELECT id, amount FROM ord ORDER BY amount DESC LIMIT 2;
CREATE VIEW per_cust AS SELECT d.cust, d.n FROM (SELECT cust, COUNT(*) AS n FROM ord GROUP BY cust) d WHERE d.n > 1;
CREATE VIEW with_cte AS WITH c AS (SELECT id, name FROM cust WHERE id <= 2) SELECT name FROM c;
SELECT city FROM cities ORDER BY city;
SELECT name FROM everyone ORDER BY name;
SELECT id FROM top_orders ORDER BY id;
SELECT cust, n FROM per_cust ORDER BY cust;
SELECT name FROM with_cte ORDER BY name;
SELECT c.city, COUNT(*) FROM cities c JOIN cust u ON u.city = c.city GROUP BY c.city ORDER BY c.city;
DROP VIEW cities, everyone, top_orders, per_cust, with_cte;

-- A view follows its tables and is redefined by OR REPLACE and ALTER VIEW.
INSERT INTO cust VALUES (5, 'ed', 'oslo');
SELECT name FROM oslo ORDER BY id;
CREATE OR REPLACE VIEW oslo AS SELECT id, name, city FROM cust WHERE city IS NULL;
SELECT * FROM oslo;
ALTER VIEW oslo (k, who) AS SELECT id, name FROM cust WHERE id = 2;
SELECT who, k FROM oslo;

SHOW FULL TABLES;
SHOW TABLES;
SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME;
SELECT TABLE_NAME, CHECK_OPTION, SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME;
SELECT COLUMN_NAME, ORDINAL_POSITION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'spend' ORDER BY ORDINAL_POSITION;

-- Errors both servers give. (DROP VIEW of a table and DROP TABLE of a view are MySQL's 1347
-- and 1051 but MariaDB's 4092 and 1965: exec/view_test.go checks those.)
-- expect-error: 1050
CREATE VIEW spend AS SELECT 1;
-- expect-error: 1347
CREATE OR REPLACE VIEW cust AS SELECT 1;
-- expect-error: 1050
CREATE TABLE spend (x INT);
-- expect-error: 1146
CREATE VIEW bad AS SELECT * FROM nosuch;
-- expect-error: 1054
CREATE VIEW bad AS SELECT nocol FROM cust;
-- expect-error: 1353
CREATE VIEW bad (p, q) AS SELECT id FROM cust;
-- expect-error: 1060
CREATE VIEW bad AS SELECT id, id FROM cust;
-- expect-error: 1347
SHOW CREATE VIEW cust;
-- expect-error: 1471
INSERT INTO spend VALUES (9, 1, 1.00);
-- expect-error: 1288
DELETE FROM spend;
-- expect-error: 1288
UPDATE spend SET n = 0;
CREATE TABLE gone (x INT);
CREATE VIEW vgone AS SELECT x FROM gone;
DROP TABLE gone;
-- expect-error: 1356
SELECT * FROM vgone;

DROP VIEW IF EXISTS vgone;
DROP VIEW oslo_spend, big;
SHOW FULL TABLES;

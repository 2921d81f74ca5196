-- Window functions: ranking, LAG/LEAD, FIRST/LAST/NTH_VALUE, aggregates over ROWS and RANGE
-- frames, named windows, windows over grouped rows and inside derived tables and CTEs.
-- Run by TestDiffAgainstMariaDB (e2e_diff_test.go) in a fresh database. MariaDB 10.11 agrees
-- with MySQL 8 on everything here; where they differ (MySQL's error numbers 3579-3596 against
-- MariaDB's 4000s, ROW_NUMBER being BIGINT UNSIGNED in MySQL), the case is left to
-- exec/window_test.go, which follows MySQL 8.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE sales (id INT PRIMARY KEY, region VARCHAR(10), amount INT, price DECIMAL(8,2));
INSERT INTO sales VALUES (1, 'east', 10, 1.50), (2, 'east', 20, 2.00), (3, 'east', 20, 3.25),
  (4, 'east', NULL, 4.00), (5, 'west', 5, 5.00), (6, 'west', 7, NULL), (7, 'west', 9, 7.75),
  (8, 'north', 3, 1.00);

SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM sales ORDER BY id;
SELECT id, RANK() OVER w AS r, DENSE_RANK() OVER w AS dr FROM sales WINDOW w AS (PARTITION BY region ORDER BY amount) ORDER BY id;
-- MariaDB prints these doubles with 10 decimals, MySQL 8 with 16 digits: compared rounded.
SELECT id, ROUND(PERCENT_RANK() OVER (PARTITION BY region ORDER BY amount), 4) AS pr,
  ROUND(CUME_DIST() OVER (PARTITION BY region ORDER BY amount), 4) AS cd FROM sales ORDER BY id;
SELECT id, NTILE(3) OVER (ORDER BY id) AS t3, NTILE(10) OVER (PARTITION BY region ORDER BY id) AS t10 FROM sales ORDER BY id;
-- Not here: RANK() OVER () and CUME_DIST() without ORDER BY (MySQL 8: every row a peer, rank 1;
-- MariaDB: error 4018), and LAG/LEAD with a default (MariaDB has no third argument).
SELECT ROW_NUMBER() OVER () AS rn FROM sales WHERE id > 100;

SELECT id, LAG(amount) OVER w AS l, LEAD(amount) OVER w AS n FROM sales WINDOW w AS (PARTITION BY region ORDER BY id) ORDER BY id;
SELECT id, LAG(amount, 2) OVER (PARTITION BY region ORDER BY id) AS l2, LEAD(amount, 0) OVER (ORDER BY id) AS l0 FROM sales ORDER BY id;
SELECT id, LEAD(amount, 100) OVER (ORDER BY id) AS far FROM sales ORDER BY id;
-- id breaks the amount tie between 2 and 3: which peer comes last is otherwise up to the server.
SELECT id, FIRST_VALUE(id) OVER w AS f, LAST_VALUE(id) OVER w AS l, NTH_VALUE(id, 2) OVER w AS n2
  FROM sales WINDOW w AS (PARTITION BY region ORDER BY amount, id) ORDER BY id;
SELECT id, FIRST_VALUE(id) OVER (ORDER BY id ROWS BETWEEN 5 FOLLOWING AND 6 FOLLOWING) AS f FROM sales ORDER BY id;

SELECT id, SUM(amount) OVER () AS s, COUNT(*) OVER () AS c, COUNT(amount) OVER (PARTITION BY region) AS ca FROM sales ORDER BY id;
SELECT id, SUM(amount) OVER (PARTITION BY region ORDER BY amount) AS running FROM sales ORDER BY id;
SELECT id, SUM(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3,
  AVG(id) OVER (ORDER BY id ROWS 2 PRECEDING) AS a3 FROM sales ORDER BY id;
SELECT id, MIN(amount) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS mn,
  MAX(price) OVER (PARTITION BY region) AS mx FROM sales ORDER BY id;
SELECT id, SUM(id) OVER (ORDER BY amount RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) AS s FROM sales ORDER BY id;
SELECT id, COUNT(*) OVER (ORDER BY amount DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS c FROM sales ORDER BY id;
SELECT id, SUM(amount) OVER (ORDER BY price RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS s FROM sales ORDER BY id;
SELECT id, SUM(price) OVER (ORDER BY price RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) AS s FROM sales ORDER BY id;

SELECT region, SUM(amount) AS s, SUM(SUM(amount)) OVER () AS total, RANK() OVER (ORDER BY COUNT(*) DESC) AS r
  FROM sales GROUP BY region ORDER BY region;
SELECT id, SUM(id) OVER (w ORDER BY id) AS s FROM sales WINDOW w AS (PARTITION BY region) ORDER BY id;
SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) AS rn FROM sales ORDER BY rn LIMIT 3;
SELECT DISTINCT region, COUNT(*) OVER (PARTITION BY region) AS n FROM sales ORDER BY region;
SELECT id, rn FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY region ORDER BY id DESC) AS rn FROM sales) d WHERE rn = 1 ORDER BY id;
WITH c AS (SELECT region, id, amount - LAG(amount) OVER (PARTITION BY region ORDER BY id) AS delta FROM sales)
  SELECT region, id, delta FROM c ORDER BY id;

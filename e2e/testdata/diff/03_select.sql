-- SELECT: filters, ordering, LIMIT, DISTINCT, grouping and aggregates, joins, subqueries,
-- derived tables, UNION, built-in functions, CAST.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
SET time_zone = '+00:00';

CREATE TABLE dept (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, city VARCHAR(20));
CREATE TABLE emp (
  id INT PRIMARY KEY,
  name VARCHAR(20) NOT NULL,
  dept_id INT,
  salary DECIMAL(10,2) NOT NULL,
  hired DATE NOT NULL,
  mgr_id INT,
  bonus INT
);
INSERT INTO dept VALUES (1, 'Engineering', 'Berlin'), (2, 'Sales', 'Paris'), (3, 'Support', NULL), (4, 'Legal', 'Berlin');
INSERT INTO emp VALUES
  (1, 'Alice', 1, 9000.00, '2015-03-01', NULL, 500),
  (2, 'Bob', 1, 7000.00, '2018-07-15', 1, NULL),
  (3, 'Carol', 2, 6500.50, '2019-01-10', 1, 300),
  (4, 'Dave', 2, 4800.00, '2021-11-30', 3, 0),
  (5, 'Eve', 3, 5200.25, '2020-02-29', 1, 200),
  (6, 'Frank', NULL, 3000.00, '2023-06-01', NULL, NULL),
  (7, 'Grace', 1, 8100.00, '2016-09-09', 1, 700),
  (8, 'Heidi', 3, 4300.75, '2022-04-04', 5, 100),
  (9, 'Ivan', 2, 5000.00, '2017-12-24', 3, NULL),
  (10, 'Judy', 1, 7000.00, '2020-05-05', 7, 250);

-- comparisons, BETWEEN, IN, LIKE, IS NULL, AND/OR/NOT
SELECT id, name FROM emp WHERE salary > 6000 ORDER BY id;
SELECT id FROM emp WHERE salary >= 7000 AND salary <= 8100 ORDER BY id;
SELECT id FROM emp WHERE salary <> 7000 AND dept_id = 1;
SELECT id FROM emp WHERE salary BETWEEN 4800 AND 5200.25;
SELECT id FROM emp WHERE salary NOT BETWEEN 4000 AND 8000;
SELECT id FROM emp WHERE hired BETWEEN '2019-01-01' AND '2020-12-31';
SELECT id FROM emp WHERE dept_id IN (2, 3);
SELECT id FROM emp WHERE dept_id NOT IN (1, 2);
SELECT id FROM emp WHERE name LIKE 'A%' OR name LIKE '%y';
SELECT id FROM emp WHERE name LIKE '_a%';
SELECT id FROM emp WHERE name NOT LIKE '%e%';
SELECT id FROM emp WHERE name LIKE 'alice';
SELECT id FROM emp WHERE mgr_id IS NULL;
SELECT id FROM emp WHERE bonus IS NOT NULL AND bonus > 0;
SELECT id FROM emp WHERE NOT (dept_id = 1 OR dept_id IS NULL);
SELECT id FROM emp WHERE dept_id = 1 OR dept_id = 2 AND salary > 6000;
SELECT id FROM emp WHERE (dept_id = 1 OR dept_id = 2) AND salary > 6000;
SELECT id FROM emp WHERE bonus = NULL;
SELECT id FROM emp WHERE bonus <=> NULL;
SELECT id FROM emp WHERE name = 'BOB';

-- ORDER BY, LIMIT / OFFSET, DISTINCT
SELECT id, name, salary FROM emp ORDER BY salary DESC, id;
SELECT id, bonus FROM emp ORDER BY bonus, id;
SELECT id, bonus FROM emp ORDER BY bonus DESC, id DESC;
SELECT id, name FROM emp ORDER BY name LIMIT 3;
SELECT id, name FROM emp ORDER BY id LIMIT 3 OFFSET 4;
SELECT id, name FROM emp ORDER BY id LIMIT 8, 5;
SELECT id FROM emp ORDER BY id LIMIT 0;
SELECT id FROM emp ORDER BY id LIMIT 2 OFFSET 100;
SELECT name FROM emp ORDER BY dept_id, salary DESC, id;
SELECT id, salary * 12 AS yearly FROM emp ORDER BY yearly DESC, id LIMIT 4;
SELECT id, name FROM emp ORDER BY 2 DESC;
SELECT DISTINCT dept_id FROM emp;
SELECT DISTINCT dept_id, mgr_id FROM emp;
SELECT DISTINCT salary FROM emp ORDER BY salary;
SELECT COUNT(DISTINCT dept_id) AS n, COUNT(DISTINCT salary) AS ns FROM emp;

-- aggregates, GROUP BY, HAVING
SELECT COUNT(*), COUNT(bonus), SUM(bonus), AVG(bonus), MIN(bonus), MAX(bonus) FROM emp;
SELECT SUM(salary) AS total, AVG(salary) AS avg_sal, MIN(hired) AS first_hire, MAX(name) AS last_name FROM emp;
SELECT dept_id, COUNT(*) AS n, SUM(salary) AS total, AVG(salary) AS avg_sal, MIN(salary) AS lo, MAX(salary) AS hi FROM emp GROUP BY dept_id;
SELECT dept_id, GROUP_CONCAT(name ORDER BY name) AS names FROM emp GROUP BY dept_id ORDER BY dept_id;
SELECT dept_id, GROUP_CONCAT(DISTINCT salary ORDER BY salary DESC SEPARATOR '; ') AS s FROM emp GROUP BY dept_id ORDER BY dept_id;
SELECT dept_id, COUNT(*) AS n FROM emp GROUP BY dept_id HAVING COUNT(*) >= 2 ORDER BY n DESC, dept_id;
SELECT dept_id, SUM(salary) AS total FROM emp WHERE hired >= '2017-01-01' GROUP BY dept_id HAVING total > 9000 ORDER BY dept_id;
SELECT YEAR(hired) AS y, COUNT(*) AS n FROM emp GROUP BY YEAR(hired) HAVING n > 1 ORDER BY y;
SELECT dept_id, mgr_id, COUNT(*) AS n FROM emp GROUP BY dept_id, mgr_id;
SELECT COUNT(*) AS n, SUM(salary) AS s, AVG(salary) AS a, MAX(id) AS m FROM emp WHERE id > 100;
SELECT dept_id, COUNT(*) AS n FROM emp WHERE id > 100 GROUP BY dept_id;
-- expect-error: 1055
SELECT dept_id, name, COUNT(*) FROM emp GROUP BY dept_id;

-- joins
SELECT e.id, e.name, d.name AS dept FROM emp e INNER JOIN dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT e.id, d.name AS dept FROM emp e LEFT JOIN dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT d.id, d.name, COUNT(e.id) AS n FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id, d.name ORDER BY d.id;
SELECT d.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id WHERE e.id IS NULL;
SELECT e.name, m.name AS manager FROM emp e LEFT JOIN emp m ON m.id = e.mgr_id ORDER BY e.id;
SELECT e.name, d.city FROM emp e JOIN dept d ON d.id = e.dept_id AND d.city = 'Berlin' ORDER BY e.id;
SELECT e.id, d.id FROM emp e, dept d WHERE e.dept_id = d.id AND d.name LIKE 'S%' ORDER BY e.id, d.id;
SELECT COUNT(*) AS n FROM emp e CROSS JOIN dept d;
SELECT e.id, d.name FROM emp e JOIN dept d USING (id) ORDER BY e.id;
-- expect-error: 1052
SELECT id FROM emp e JOIN dept d ON d.id = e.dept_id;

-- subqueries
SELECT id, name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE city = 'Berlin') ORDER BY id;
SELECT id FROM emp WHERE dept_id NOT IN (SELECT id FROM dept WHERE city IS NOT NULL);
SELECT id FROM dept WHERE id NOT IN (SELECT dept_id FROM emp);
SELECT id FROM dept WHERE id NOT IN (SELECT dept_id FROM emp WHERE dept_id IS NOT NULL);
SELECT id, name, (SELECT name FROM dept d WHERE d.id = e.dept_id) AS dept FROM emp e ORDER BY id;
SELECT id FROM emp WHERE salary > (SELECT AVG(salary) FROM emp) ORDER BY id;
SELECT e.id FROM emp e WHERE e.salary > (SELECT AVG(e2.salary) FROM emp e2 WHERE e2.dept_id = e.dept_id) ORDER BY e.id;
SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.salary > 8000);
SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id);
SELECT (SELECT MAX(salary) FROM emp) - (SELECT MIN(salary) FROM emp) AS spread;
SELECT (SELECT name FROM emp WHERE id = 999) AS nobody;
-- expect-error: 1242
SELECT (SELECT name FROM emp WHERE dept_id = 1) AS too_many;

-- derived tables
SELECT x.dept_id, x.total FROM (SELECT dept_id, SUM(salary) AS total FROM emp GROUP BY dept_id) AS x WHERE x.total > 5000 ORDER BY x.dept_id;
SELECT COUNT(*) AS n, MAX(t.c) AS biggest FROM (SELECT dept_id, COUNT(*) AS c FROM emp GROUP BY dept_id) t;
SELECT d.name, s.n FROM dept d JOIN (SELECT dept_id, COUNT(*) AS n FROM emp GROUP BY dept_id) s ON s.dept_id = d.id ORDER BY d.id;

-- UNION / UNION ALL
SELECT dept_id FROM emp UNION SELECT id FROM dept;
SELECT dept_id FROM emp WHERE dept_id = 1 UNION ALL SELECT id FROM dept WHERE id = 1;
SELECT name FROM emp WHERE id < 3 UNION SELECT name FROM dept WHERE id < 3 ORDER BY name;
SELECT id, name FROM emp WHERE id <= 2 UNION ALL SELECT id, name FROM dept WHERE id <= 2 ORDER BY id, name LIMIT 3;
SELECT 1 AS a UNION SELECT 1 UNION SELECT 2;
-- expect-error: 1222
SELECT id, name FROM emp UNION SELECT id FROM dept;

-- expressions and functions (no column: the expression text is the column name)
SELECT 1 + 2 * 3, 7 / 2, 7 DIV 2, -7 DIV 2, 7 % 3, -7 % 3, MOD(10, 4), 2 - 5;
SELECT 1 / 0 AS d0, 5 % 0 AS m0, NULL + 1 AS n1;
SELECT 1 = 1 AS t, 1 = 2 AS f, NULL = NULL AS nn, NULL <=> NULL AS ns, '10' = 10 AS sn, 'abc' = 'ABC' AS ci;
SELECT 5 BETWEEN 1 AND 10 AS b, 'abc' LIKE 'A%' AS l, 3 IN (1, 2, 3) AS i, NULL IS NULL AS n, 2 IN (1, NULL) AS ni;
SELECT TRUE AND NULL AS a, FALSE AND NULL AS b, TRUE OR NULL AS c, NOT NULL AS d, 1 XOR 1 AS x;
SELECT CONCAT('a', 'b', 'c') AS c1, CONCAT('a', NULL) AS c2, CONCAT_WS(',', 'a', NULL, 'b') AS c3, CONCAT('n', 42) AS c4;
SELECT UPPER('MixEd') AS u, LOWER('MixEd') AS l, LENGTH('héllo') AS len, CHAR_LENGTH('héllo') AS clen, REVERSE('abc') AS r;
SELECT SUBSTRING('database', 5) AS s1, SUBSTRING('database', 2, 3) AS s2, SUBSTR('database', -4) AS s3, LEFT('database', 4) AS l, RIGHT('database', 4) AS r;
SELECT TRIM('  x  ') AS t, LTRIM('  x') AS lt, RTRIM('x  ') AS rt, TRIM(BOTH 'x' FROM 'xxaxx') AS tb, REPLACE('a-b-c', '-', '+') AS rp;
SELECT LPAD('5', 3, '0') AS lp, RPAD('ab', 5, '*') AS rp, REPEAT('ab', 3) AS rep, LOCATE('b', 'abcb') AS loc, INSTR('abcb', 'c') AS ins, SUBSTRING_INDEX('a.b.c', '.', 2) AS si;
SELECT COALESCE(NULL, NULL, 3) AS co, IFNULL(NULL, 'd') AS ifn, NULLIF(1, 1) AS nif, NULLIF(1, 2) AS nif2, IF(1 > 0, 'yes', 'no') AS iff;
SELECT id, CASE WHEN salary >= 8000 THEN 'high' WHEN salary >= 5000 THEN 'mid' ELSE 'low' END AS band, CASE dept_id WHEN 1 THEN 'eng' WHEN 2 THEN 'sales' END AS d FROM emp ORDER BY id;
SELECT ABS(-3) AS a, ROUND(2.345, 2) AS r1, ROUND(-2.5) AS r2, ROUND(1234.5, -2) AS r3, TRUNCATE(2.349, 2) AS t, FLOOR(-1.5) AS f, CEILING(1.2) AS c, SIGN(-7) AS s;
SELECT GREATEST(3, 7, 5) AS g, LEAST('b', 'a', 'c') AS l, GREATEST(1, NULL) AS gn, POW(2, 10) AS p, SQRT(16) AS sq;
SELECT HEX('abc') AS h, HEX(255) AS h2, MD5('abc') AS m, SHA1('abc') AS s, CRC32('abc') AS c, LENGTH(UNHEX('4142')) AS uh;
SELECT DATE_FORMAT('2024-02-29 13:05:09', '%Y/%m/%d %H:%i:%s %a %b %j') AS f, DATE_ADD('2024-01-31', INTERVAL 1 MONTH) AS a, DATE_SUB('2024-03-01', INTERVAL 1 DAY) AS s;
SELECT DATEDIFF('2024-03-01', '2024-02-01') AS dd, TIMESTAMPDIFF(MONTH, '2023-01-15', '2024-03-14') AS tdm, LAST_DAY('2023-02-10') AS ld, DAYOFWEEK('2024-02-29') AS dow, WEEKDAY('2024-02-29') AS wd;
SELECT YEAR('2024-02-29') AS y, MONTH('2024-02-29') AS m, DAY('2024-02-29') AS d, STR_TO_DATE('01/02/2024', '%d/%m/%Y') AS sd, DATE('2024-02-29 13:00:00') AS dt, TIME('2024-02-29 13:00:00') AS tm;
SELECT name, DATE_FORMAT(hired, '%Y-%m') AS ym, DATEDIFF('2024-01-01', hired) AS days FROM emp WHERE hired < '2018-01-01' ORDER BY hired;
SELECT id, CONCAT(UPPER(LEFT(name, 1)), LOWER(SUBSTRING(name, 2))) AS n, salary / 3 AS third, salary + IFNULL(bonus, 0) AS pay FROM emp ORDER BY id;
-- expect-error: 1690
SELECT 9223372036854775807 + 1;

-- CAST / CONVERT
SELECT CAST('42' AS SIGNED) AS a, CAST(-1 AS UNSIGNED) AS b, CAST(3.7 AS SIGNED) AS c, CAST('2024-01-02' AS DATE) AS d, CAST(12.345 AS DECIMAL(5,1)) AS e;
SELECT CAST(123 AS CHAR) AS a, CONVERT('77', UNSIGNED) AS b, CAST('2024-01-02 03:04:05' AS DATETIME) AS c, CAST(18446744073709551615 AS SIGNED) AS d, CAST('12:30' AS TIME) AS e;
SELECT id, CAST(salary AS SIGNED) AS s FROM emp WHERE CAST(salary AS CHAR) LIKE '%.50' ORDER BY id;

-- errors
-- expect-error: 1146
SELECT * FROM no_such_table;
-- expect-error: 1054
SELECT no_such_column FROM emp;
-- expect-error: 1064
SELECT FROM WHERE;

-- SELECT ... INTO @var: one row into user variables; more rows 1172; no row leaves them
-- unchanged with warning 1329; a variable count unlike the column count is 1222
SELECT 5, 'five' INTO @into_a, @into_b;
SELECT @into_a, @into_b;
SELECT name INTO @into_a FROM emp WHERE id = 3;
SELECT id, name FROM emp WHERE id = 4 INTO @into_a, @into_b;
SELECT @into_a, @into_b;
SELECT MAX(salary) INTO @into_a FROM emp WHERE dept_id = 1 GROUP BY dept_id;
SELECT @into_a;
SELECT name INTO @into_b FROM emp WHERE id = 999;
SHOW WARNINGS;
SELECT @into_b;
-- expect-error: 1172
SELECT name INTO @into_a FROM emp;
-- expect-error: 1222
SELECT id, name INTO @into_a FROM emp WHERE id = 1;
-- expect-error: 1222
SELECT id, name INTO @into_a FROM emp WHERE id = 999;
SELECT 1 UNION SELECT 1 INTO @into_a;
SELECT @into_a;

-- TIME arithmetic: TIMEDIFF, ADDTIME, SUBTIME and friends, negative and past 24 hours
SELECT TIMEDIFF('12:00:00', '13:30:15.5') AS a, TIMEDIFF('2024-01-02 00:00:00', '2024-01-01 00:00:01') AS b, TIMEDIFF('100:00:00', '-20:00:00') AS c, TIMEDIFF('800:00:00', '-100:00:00') AS d, TIMEDIFF(TIME '10:00:00', TIME '-10:00:00.5') AS e, TIMEDIFF(NULL, '1:00:00') AS f;
SELECT TIME_TO_SEC('-838:59:59') AS a, TIME_TO_SEC('25:00:01') AS b, TIME_TO_SEC(TIME '-10:00:00') AS c, SEC_TO_TIME(-3601) AS d, SEC_TO_TIME(100000) AS e, SEC_TO_TIME(1.5) AS f, SEC_TO_TIME(-1.25) AS g, SEC_TO_TIME(100000000) AS h, SEC_TO_TIME('7') AS i;
SELECT ADDTIME('23:59:59', '1:00:01') AS a, SUBTIME('-01:00:00', '2:00:00') AS b, ADDTIME('2024-01-01 23:00:00', '02:00:00') AS c, ADDTIME(TIMESTAMP '2024-01-01 00:00:00', TIME '-1:00:00') AS d, SUBTIME(TIME '-800:00:00', TIME '100:00:00') AS e;
SELECT TIMESTAMPDIFF(MINUTE, '2024-01-01', '2024-01-02 01:00:00') AS a, TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-02-29') AS b, TIMESTAMPDIFF(SECOND, '2024-01-02', '2024-01-01') AS c, TIMESTAMPADD(HOUR, 30, '2024-01-01') AS d, TIMESTAMPADD(MINUTE, -90, '2024-01-01 00:00:00') AS e;
SELECT MAKETIME(-1, 30, 15) AS a, MAKETIME(100, 0, 0) AS b, MAKETIME(900, 0, 0) AS c, MAKETIME(1, 60, 0) AS d;
-- SQL_CALC_FOUND_ROWS: FOUND_ROWS() counts the rows without the LIMIT (MySQL 8 adds a 1287
-- deprecation warning, loopdb and MariaDB do not).
SELECT SQL_CALC_FOUND_ROWS salary FROM emp ORDER BY salary DESC LIMIT 1, 2;
SELECT FOUND_ROWS();
SELECT SQL_CALC_FOUND_ROWS DISTINCT salary FROM emp ORDER BY salary LIMIT 1;
SELECT FOUND_ROWS();
SELECT salary FROM emp ORDER BY salary LIMIT 2;
SELECT FOUND_ROWS();

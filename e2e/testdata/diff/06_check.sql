-- CHECK constraints. MySQL 8 answers a violation with 3819, MariaDB with 4025: those
-- statements are annotated with MariaDB's number and not compared; what is stored is.

CREATE TABLE ck (id INT PRIMARY KEY, qty INT CHECK (qty >= 0), lo INT, hi INT,
  CONSTRAINT lo_le_hi CHECK (lo <= hi));
INSERT INTO ck VALUES (1, 5, 1, 2), (2, NULL, NULL, 7), (3, 0, 4, 4);
-- expect-error: 4025
-- skip-compare: MySQL 8 answers 3819 (ER_CHECK_CONSTRAINT_VIOLATED)
INSERT INTO ck VALUES (4, -1, 1, 1);
-- expect-error: 4025
-- skip-compare: MySQL 8 answers 3819 (ER_CHECK_CONSTRAINT_VIOLATED)
INSERT INTO ck VALUES (5, 1, 1, 2), (6, 1, 9, 2);
-- expect-error: 4025
-- skip-compare: MySQL 8 answers 3819 (ER_CHECK_CONSTRAINT_VIOLATED)
UPDATE ck SET hi = 0 WHERE id = 1;
UPDATE ck SET qty = qty + 1;
INSERT IGNORE INTO ck VALUES (7, 1, 1, 1), (8, -5, 1, 1);
SELECT id, qty, lo, hi FROM ck ORDER BY id;
SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ck' AND CONSTRAINT_TYPE = 'CHECK' AND CONSTRAINT_NAME = 'lo_le_hi';
ALTER TABLE ck DROP CONSTRAINT lo_le_hi;
INSERT INTO ck VALUES (9, 1, 9, 1);
SELECT COUNT(*) FROM ck;

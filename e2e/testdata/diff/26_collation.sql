-- Text collation (issue 12): loopdb compares every non-binary collation by UCA primary weights
-- (utf8mb4_0900_ai_ci). MariaDB has no 0900 collations, so these tables name
-- utf8mb4_unicode_ci, which is UCA too (4.0.0) and agrees with 0900 on everything compared here:
-- case and accents ignored, ß = ss, punctuation before digits before letters. Where the two
-- differ nothing is compared: unicode_ci is PAD SPACE (no trailing spaces here) and knows no
-- characters added after Unicode 4.0 (none here). exec/expr's TestCollationMySQL0900 checks
-- MySQL 8's documented 0900 behaviour itself (NO PAD, ignorable control characters).
CREATE TABLE words (id INT PRIMARY KEY, w VARCHAR(30) COLLATE utf8mb4_unicode_ci, KEY (w));
INSERT INTO words VALUES (1, 'apple'), (2, 'Apple'), (3, 'Äpfel'), (4, 'a-b'), (5, 'ab'), (6, '_x'), (7, '~tilde'), (8, '0zero'), (9, '9nine'), (10, 'zebra'), (11, 'Zürich'), (12, 'straße'), (13, 'strasse'), (14, 'éclair'), (15, 'Eclair'), (16, 'a b'), (17, '#hash'), (18, '(paren'), (19, 'ω omega'), (20, '中文');
SELECT w FROM words ORDER BY w, id;
SELECT w FROM words ORDER BY w DESC, id DESC;
SELECT id FROM words WHERE w = 'APPLE' ORDER BY id;
SELECT id FROM words WHERE w = 'STRASSE' ORDER BY id;
SELECT id FROM words WHERE w = 'Eclair' ORDER BY id;
SELECT w FROM words WHERE w > 'a' AND w < 'b' ORDER BY w, id;
SELECT w FROM words WHERE w BETWEEN '0' AND '9zzz' ORDER BY w;
SELECT COUNT(*) FROM words WHERE w < '0';
SELECT MIN(w), MAX(w) FROM words;
SELECT LOWER(w) AS k, COUNT(*) FROM words GROUP BY w ORDER BY MIN(id);
SELECT COUNT(DISTINCT w) FROM words;
SELECT 'a' < '~' COLLATE utf8mb4_unicode_ci, '_' < 'a' COLLATE utf8mb4_unicode_ci, '0' < 'a' COLLATE utf8mb4_unicode_ci, '-' < '0' COLLATE utf8mb4_unicode_ci, 'a-b' < 'ab' COLLATE utf8mb4_unicode_ci;
SELECT 'ß' = 'ss' COLLATE utf8mb4_unicode_ci, 'Å' = 'a' COLLATE utf8mb4_unicode_ci, 'ñ' = 'n' COLLATE utf8mb4_unicode_ci;
CREATE TABLE uniq (id INT PRIMARY KEY, s VARCHAR(20) COLLATE utf8mb4_unicode_ci, UNIQUE KEY (s));
INSERT INTO uniq VALUES (1, 'Hauptstraße');
-- expect-error: 1062
INSERT INTO uniq VALUES (2, 'HAUPTSTRASSE');
-- expect-error: 1062
INSERT INTO uniq VALUES (3, 'hauptstrasse');
INSERT INTO uniq VALUES (4, 'Hauptstrasse2');
SELECT id, s FROM uniq ORDER BY s;
CREATE TABLE pk (s VARCHAR(20) COLLATE utf8mb4_unicode_ci PRIMARY KEY, n INT);
INSERT INTO pk VALUES ('zz', 1), ('Ä', 2), ('-', 3), ('10', 4), ('b', 5);
-- expect-error: 1062
INSERT INTO pk VALUES ('a', 6);
SELECT s, n FROM pk ORDER BY s;
SELECT n FROM pk WHERE s >= 'a' ORDER BY s;
SELECT a.w, b.s FROM words a JOIN pk b ON a.w = b.s ORDER BY a.id;

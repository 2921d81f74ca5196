-- Join nests and impossible conditions. A LEFT JOIN whose inner side is several relations,
-- `a LEFT JOIN (b JOIN c ON ...) ON ...`, NULL-extends the whole nest when no combination of
-- its rows passes the ON (before, the nest was flattened and outer rows without a match were
-- lost); the ON may name any relation of the nest; WHERE filters after the NULL extension.
-- Constant conditions that no row can meet (`1 = 0`, `FALSE`: what ORMs send for an empty IN
-- list) give the same rows as before but read nothing.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

CREATE TABLE a (id INT PRIMARY KEY, v INT);
CREATE TABLE b (id INT PRIMARY KEY, aid INT, w INT, KEY (aid));
CREATE TABLE c (id INT PRIMARY KEY, bid INT, x INT);
INSERT INTO a VALUES (1, 10), (2, 20), (3, 30), (4, NULL);
INSERT INTO b VALUES (1, 1, 100), (2, 1, 200), (3, 2, 300), (4, 9, 400);
INSERT INTO c VALUES (1, 1, 5), (2, 3, 6), (3, 3, 7), (4, 8, 8);

SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON b.aid = a.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON b.aid = a.id AND c.x > 5 ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON 1 = 0) ON b.aid = a.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON a.id = c.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b LEFT JOIN c ON c.bid = b.id) ON b.aid = a.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b LEFT JOIN c ON c.bid = b.id) ON b.aid = a.id AND c.x IS NULL ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b LEFT JOIN c ON c.bid = b.id AND c.x = 7) ON b.aid = a.id AND (c.x = 7 OR c.x IS NULL) ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON b.aid = a.id WHERE c.id IS NULL ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON b.aid = a.id WHERE a.v > 10 ORDER BY a.id, b.id, c.id;
SELECT COUNT(*), COUNT(b.id), COUNT(c.id) FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON b.aid = a.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN ((b JOIN c ON c.bid = b.id)) ON b.aid = a.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id FROM a LEFT JOIN (b) ON b.aid = a.id ORDER BY a.id, b.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN b ON b.aid = a.id LEFT JOIN c ON c.bid = b.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a JOIN b ON b.aid = a.id LEFT JOIN c ON c.bid = b.id AND 1 = 0 ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON b.aid = a.id ORDER BY a.id, b.id, c.id LIMIT 2;
SELECT a.id, b.id, c.id, a2.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id JOIN a AS a2 ON a2.id = c.id) ON b.aid = a.id ORDER BY a.id, b.id, c.id;

-- An inner join of a nest: its ON may name any relation of the nest; nests inside nests
SELECT a.id, b.id, c.id FROM a JOIN (b LEFT JOIN c ON c.bid = b.id) ON a.id = b.aid ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a JOIN (b LEFT JOIN c ON c.bid = b.id) ON a.id = c.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a JOIN (b JOIN c ON c.bid = b.id) ON a.id = c.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a JOIN (b LEFT JOIN c ON c.bid = b.id) ON a.id = b.aid AND c.id IS NULL ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a JOIN (b LEFT JOIN c ON c.bid = b.id) ON c.x > 5 ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id, a2.id FROM a LEFT JOIN (b LEFT JOIN (c JOIN a AS a2 ON a2.id = c.id) ON c.bid = b.id) ON b.aid = a.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id, a2.id FROM a LEFT JOIN (b LEFT JOIN (c JOIN a AS a2 ON a2.id = c.id AND a2.v > 10) ON c.bid = b.id) ON b.aid = a.id AND (c.id IS NULL OR c.x > 6) ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id, a2.id FROM a JOIN (b JOIN (c LEFT JOIN a AS a2 ON a2.id = c.id AND a2.v = 30) ON c.bid = b.id) ON b.aid = a.id ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a JOIN (b LEFT JOIN c ON c.bid = b.id AND c.x = 99) ON b.aid = a.id AND c.id IS NULL ORDER BY a.id, b.id, c.id;
SELECT a.id, b.id, c.id FROM a LEFT JOIN (b JOIN c ON c.bid = b.id) ON b.aid = a.id WHERE b.id IS NOT NULL OR a.id = 4 ORDER BY a.id, b.id, c.id;
SELECT a.id, (SELECT COUNT(*) FROM b LEFT JOIN (c JOIN a AS a2 ON a2.id = c.id) ON c.bid = b.id WHERE b.aid = a.id) AS n FROM a ORDER BY a.id;

-- Impossible conditions
SELECT COUNT(*) FROM a WHERE 1 = 0;
SELECT COUNT(*), MAX(v) FROM a WHERE v > 0 AND FALSE;
SELECT * FROM a WHERE 0 = 1 OR NULL;
SELECT COUNT(*) FROM a JOIN b ON 1 = 0;
SELECT a.id, b.id FROM a LEFT JOIN b ON 1 = 0 ORDER BY a.id;
SELECT a.id, b.id FROM a LEFT JOIN b ON b.aid = a.id WHERE 1 = 0;
SELECT COUNT(*) FROM a WHERE 1 = 1.0 AND NOT 0;
UPDATE a SET v = 0 WHERE 1 = 0;
DELETE FROM b WHERE FALSE;
SELECT SUM(v) FROM a;

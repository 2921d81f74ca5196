-- Session time zones: SET time_zone's accepted forms and errors, and the functions that follow
-- the zone. Only offsets and SYSTEM here: the MariaDB sandbox has no time zone tables, so named
-- zones are checked in exec's unit tests and e2e TestTimeZoneSession (loopdb has them built in).
SET time_zone = '+02:00';
SELECT @@time_zone;
SELECT FROM_UNIXTIME(0), FROM_UNIXTIME(1700000000), UNIX_TIMESTAMP('1970-01-01 02:00:01'), UNIX_TIMESTAMP('2024-01-01 00:00:00');
SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW()), TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), CURRENT_TIMESTAMP);
SELECT UNIX_TIMESTAMP() - UNIX_TIMESTAMP(UTC_TIMESTAMP());
SELECT CONVERT_TZ('2024-01-01 12:00:00', '+00:00', '+05:30'), CONVERT_TZ('2024-01-01 12:00:00', '-03:00', '+00:00');
SELECT CONVERT_TZ('2024-01-01 12:00:00', '+00:00', 'Nowhere/Zone'), CONVERT_TZ(NULL, '+00:00', '+01:00');
SET time_zone = '-05:30';
SELECT @@time_zone, FROM_UNIXTIME(0), UNIX_TIMESTAMP('1970-01-01 00:00:00');
-- expect-error: 1298
SET time_zone = 'Nowhere/Zone';
-- expect-error: 1298
SET time_zone = '+25:00';
-- expect-error: 1298
SET time_zone = 'garbage';
-- expect-error: 1231
SET time_zone = NULL;
SELECT @@time_zone;
SET time_zone = 'SYSTEM';
SELECT @@time_zone;
SET time_zone = '+00:00';
SELECT FROM_UNIXTIME(0), UNIX_TIMESTAMP('2038-01-19 03:14:07');

-- TIMESTAMP columns hold instants (UTC), shown in the session zone; DATETIME is never converted.
SET sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
SET time_zone = '+00:00';
CREATE TABLE tsz (id INT PRIMARY KEY, ts TIMESTAMP NULL, dt DATETIME, KEY (ts));
INSERT INTO tsz VALUES (1, '2024-01-01 12:00:00', '2024-01-01 12:00:00'), (2, '2024-06-30 23:30:00', '2024-06-30 23:30:00'), (3, NULL, NULL);
SET time_zone = '+02:00';
SELECT id, ts, dt FROM tsz ORDER BY id;
SELECT id FROM tsz WHERE ts = '2024-01-01 14:00:00';
SELECT id FROM tsz WHERE ts > '2024-01-01 14:00:00';
SELECT id FROM tsz WHERE ts BETWEEN '2024-07-01 00:00:00' AND '2024-07-01 02:00:00';
SELECT id FROM tsz WHERE ts = dt;
SELECT id, UNIX_TIMESTAMP(ts) FROM tsz ORDER BY id;
SELECT MIN(ts), MAX(ts) FROM tsz;
UPDATE tsz SET dt = ts WHERE id = 1;
SELECT dt, ts FROM tsz WHERE id = 1;
INSERT INTO tsz VALUES (4, '1970-01-01 02:00:01', NULL);
-- expect-error: 1292
INSERT INTO tsz VALUES (5, '1970-01-01 01:59:59', NULL);
-- expect-error: 1292
INSERT INTO tsz VALUES (5, '2038-01-19 05:14:08', NULL);
SET time_zone = '-05:30';
SELECT id, ts FROM tsz ORDER BY id;
SELECT x.ts FROM (SELECT ts FROM tsz WHERE id = 1) x;
SELECT a.id, b.id FROM tsz a JOIN tsz b ON b.ts = a.ts ORDER BY a.id;
-- a constant TIMESTAMP default is an instant fixed when the column is defined
CREATE TABLE tsd (id INT PRIMARY KEY, fixed TIMESTAMP NULL DEFAULT '2024-06-01 00:00:00');
INSERT INTO tsd (id) VALUES (1);
SET time_zone = '+00:00';
INSERT INTO tsd (id) VALUES (2);
SELECT id, fixed FROM tsd ORDER BY id;

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

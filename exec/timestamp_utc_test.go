package exec

import (
	"strings"
	"testing"
)

// TIMESTAMP columns hold UTC: a value is read in the session zone on the
// way in and shown in it on the way out; DATETIME is never converted.
// Every path that reads a stored TIMESTAMP sees the same wall clock:
// output, WHERE with and without an index, joins, subqueries, derived
// tables, CTEs, views, UPDATE and ON DUPLICATE KEY UPDATE.
func TestTimestampStoredInUTC(t *testing.T) {
	s := tableSession(t)
	check := func(sql, want string) {
		t.Helper()
		if got := rowsOf(t, s, sql); got != want {
			t.Errorf("%s under %s: got %q, want %q", sql, rowsOf(t, s, "SELECT @@time_zone"), got, want)
		}
	}
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP NULL, dt DATETIME, KEY ts_k (ts))",
		"CREATE TABLE u (ts TIMESTAMP PRIMARY KEY, note VARCHAR(10))",
		"SET time_zone = '+00:00'",
		"INSERT INTO t VALUES (1, '2024-01-01 12:00:00', '2024-01-01 12:00:00'), (2, '2024-01-01 13:00:00', '2024-01-01 15:00:00')",
		"INSERT INTO u VALUES ('2024-01-01 12:00:00', 'noon utc')",
		"SET time_zone = '+02:00'")
	check("SELECT id, ts, dt FROM t ORDER BY id", "1,2024-01-01 14:00:00,2024-01-01 12:00:00;2,2024-01-01 15:00:00,2024-01-01 15:00:00")
	// WHERE through the index (point and range), the primary key, and a scan.
	check("SELECT id FROM t WHERE ts = '2024-01-01 14:00:00'", "1")
	check("SELECT id FROM t FORCE INDEX (ts_k) WHERE ts >= '2024-01-01 14:30:00'", "2")
	check("SELECT id FROM t WHERE ts BETWEEN '2024-01-01 13:59:59' AND '2024-01-01 14:00:00'", "1")
	check("SELECT id FROM t WHERE ts < '2024-01-01 14:00:00'", "")
	check("SELECT id FROM t WHERE ts IN ('2024-01-01 12:00:00', '2024-01-01 15:00:00')", "2")
	check("SELECT id FROM t IGNORE INDEX (ts_k) WHERE ts = '2024-01-01 14:00:00'", "1")
	check("SELECT note FROM u WHERE ts = '2024-01-01 14:00:00'", "noon utc")
	check("SELECT id FROM t WHERE ts = dt", "2")
	check("SELECT UNIX_TIMESTAMP(ts) FROM t WHERE id = 1", "1704110400")
	// Joins (a lookup on u's primary key from t's DATETIME), subqueries,
	// derived tables, CTEs and views.
	check("SELECT t.id, u.note FROM t JOIN u ON u.ts = t.dt ORDER BY t.id", "")
	check("SELECT t.id, u.note FROM t JOIN u ON u.ts = t.ts ORDER BY t.id", "1,noon utc")
	check("SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.ts = t.ts)", "1")
	check("SELECT id FROM t WHERE ts = (SELECT ts FROM u)", "1")
	check("SELECT x.ts FROM (SELECT ts FROM t WHERE id = 1) x", "2024-01-01 14:00:00")
	check("WITH c AS (SELECT ts FROM t WHERE id = 1) SELECT ts FROM c", "2024-01-01 14:00:00")
	mustExec(t, s, "CREATE VIEW v AS SELECT id, ts FROM t")
	check("SELECT ts FROM v WHERE id = 1", "2024-01-01 14:00:00")
	check("SELECT MAX(ts), MIN(ts) FROM t", "2024-01-01 15:00:00,2024-01-01 14:00:00")

	// UPDATE: dt takes ts's wall clock here; ts unchanged by others.
	mustExec(t, s, "UPDATE t SET dt = ts WHERE id = 1", "UPDATE t SET dt = dt WHERE id = 2")
	check("SELECT dt, ts FROM t WHERE id = 1", "2024-01-01 14:00:00,2024-01-01 14:00:00")
	mustExec(t, s, "UPDATE t SET ts = '2024-01-01 16:00:00' WHERE id = 2")
	mustExec(t, s, "INSERT INTO t VALUES (1, '2024-02-02 02:00:00', NULL) ON DUPLICATE KEY UPDATE dt = VALUES(ts)")
	check("SELECT dt FROM t WHERE id = 1", "2024-02-02 02:00:00")
	mustExec(t, s, "INSERT INTO t SELECT 3, ts, ts FROM t WHERE id = 2")
	mustExec(t, s, "SET time_zone = '+00:00'")
	check("SELECT id, ts, dt FROM t ORDER BY id",
		"1,2024-01-01 12:00:00,2024-02-02 02:00:00;2,2024-01-01 14:00:00,2024-01-01 15:00:00;3,2024-01-01 14:00:00,2024-01-01 16:00:00")

	// A named zone with daylight saving time.
	mustExec(t, s, "SET time_zone = 'Europe/Paris'", "INSERT INTO t VALUES (4, '2024-07-01 12:00:00', NULL), (5, '2024-12-01 12:00:00', NULL)",
		"SET time_zone = 'UTC'")
	check("SELECT ts FROM t WHERE id IN (4, 5) ORDER BY id", "2024-07-01 10:00:00;2024-12-01 11:00:00")
}

// TIMESTAMP's range is '1970-01-01 00:00:01' .. '2038-01-19 03:14:07' UTC,
// checked after the session zone's conversion: 1292 in strict mode, the
// zero value and a warning otherwise.
func TestTimestampRange(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE r (id INT PRIMARY KEY, ts TIMESTAMP NULL)", "SET time_zone = '+00:00'")
	mustExec(t, s, "INSERT INTO r VALUES (1, '1970-01-01 00:00:01'), (2, '2038-01-19 03:14:07')")
	wantErr(t, s, "INSERT INTO r VALUES (3, '1970-01-01 00:00:00')", 1292, "Incorrect datetime value: '1970-01-01 00:00:00' for column 'ts' at row 1")
	wantErr(t, s, "INSERT INTO r VALUES (3, '2038-01-19 03:14:08')", 1292, "Incorrect datetime value: '2038-01-19 03:14:08' for column 'ts' at row 1")
	mustExec(t, s, "SET time_zone = '+02:00'")
	mustExec(t, s, "INSERT INTO r VALUES (3, '1970-01-01 02:00:01')")
	wantErr(t, s, "INSERT INTO r VALUES (4, '1970-01-01 01:59:59')", 1292, "for column 'ts' at row 1")
	wantErr(t, s, "UPDATE r SET ts = '2038-01-19 05:14:08' WHERE id = 2", 1292, "Incorrect datetime value")
	mustExec(t, s, "INSERT IGNORE INTO r VALUES (4, '1970-01-01 01:59:59')")
	if got := rowsOf(t, s, "SHOW WARNINGS"); !strings.Contains(got, "1292,Incorrect datetime value: '1970-01-01 01:59:59' for column 'ts' at row 1") {
		t.Errorf("INSERT IGNORE warnings: %q", got)
	}
	if got := rowsOf(t, s, "SELECT id, ts FROM r ORDER BY id"); got != "1,1970-01-01 02:00:01;2,2038-01-19 05:14:07;3,1970-01-01 02:00:01;4,0000-00-00 00:00:00" {
		t.Errorf("rows: %q", got)
	}
	// Out-of-range constants in WHERE find nothing and do not fail.
	if got := rowsOf(t, s, "SELECT id FROM r WHERE ts = '1960-01-01 00:00:00' OR ts > '2040-01-01'"); got != "" {
		t.Errorf("out-of-range WHERE: %q", got)
	}
}

// DEFAULT CURRENT_TIMESTAMP and ON UPDATE CURRENT_TIMESTAMP take the
// statement's instant. A constant TIMESTAMP default is an instant too,
// fixed in the zone of the CREATE/ALTER that gave it, and shown by SHOW
// CREATE TABLE in the reader's zone (MySQL does the same).
func TestTimestampDefaults(t *testing.T) {
	s := tableSession(t)
	check := func(sql, want string) {
		t.Helper()
		if got := rowsOf(t, s, sql); got != want {
			t.Errorf("%s: got %q, want %q", sql, got, want)
		}
	}
	mustExec(t, s, "SET time_zone = '+05:00'",
		"CREATE TABLE c (id INT PRIMARY KEY, v INT, created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "+
			"updated TIMESTAMP NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP, fixed TIMESTAMP DEFAULT '2024-06-01 00:00:00')",
		"INSERT INTO c (id, v) VALUES (1, 1)")
	check("SELECT TIMESTAMPDIFF(SECOND, created, NOW()) BETWEEN 0 AND 5, fixed FROM c", "1,2024-06-01 00:00:00")
	mustExec(t, s, "SET time_zone = '+00:00'")
	check("SELECT TIMESTAMPDIFF(SECOND, created, UTC_TIMESTAMP()) BETWEEN 0 AND 5, fixed, updated FROM c", "1,2024-05-31 19:00:00,NULL")
	if got := rowsOf(t, s, "SHOW CREATE TABLE c"); !strings.Contains(got, "`fixed` timestamp NULL DEFAULT '2024-05-31 19:00:00'") {
		t.Errorf("SHOW CREATE TABLE under +00:00: %q", got)
	}
	check("SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_NAME = 'c' AND COLUMN_NAME = 'fixed'", "2024-05-31 19:00:00")
	mustExec(t, s, "SET time_zone = '-03:00'", "UPDATE c SET v = 2", "INSERT INTO c (id, v) VALUES (2, 2)")
	check("SELECT id, TIMESTAMPDIFF(SECOND, updated, NOW()) BETWEEN 0 AND 5, fixed FROM c ORDER BY id", "1,1,2024-05-31 16:00:00;2,NULL,2024-05-31 16:00:00")
	mustExec(t, s, "UPDATE c SET fixed = '2025-01-01 00:00:00' WHERE id = 1", "UPDATE c SET fixed = DEFAULT WHERE id = 1", "SET time_zone = '+00:00'")
	check("SELECT id, fixed FROM c ORDER BY id", "1,2024-05-31 19:00:00;2,2024-05-31 19:00:00")
	// ADD COLUMN with a constant default: existing rows get the instant
	// the ALTER's session zone gave it.
	mustExec(t, s, "SET time_zone = '+01:00'", "ALTER TABLE c ADD COLUMN later TIMESTAMP DEFAULT '2030-01-01 01:00:00'", "SET time_zone = '+00:00'")
	check("SELECT DISTINCT later FROM c", "2030-01-01 00:00:00")
	mustExec(t, s, "INSERT INTO c (id) VALUES (3)")
	check("SELECT later FROM c WHERE id = 3", "2030-01-01 00:00:00")
}

// LOAD DATA converts a TIMESTAMP once, also when SET expressions read the
// row; generated columns and CHECK constraints see the session zone.
func TestTimestampLoadDataAndDerivedColumns(t *testing.T) {
	s := loadSession(t, "ON", true)
	check := func(sql, want string) {
		t.Helper()
		if got := rowsOf(t, s, sql); got != want {
			t.Errorf("%s: got %q, want %q", sql, got, want)
		}
	}
	mustExec(t, s, "SET time_zone = '+03:00'",
		"CREATE TABLE l (id INT PRIMARY KEY, ts TIMESTAMP NULL, copy DATETIME, fixed TIMESTAMP NULL DEFAULT '2024-01-01 03:00:00', "+
			"day DATE AS (DATE(ts)) STORED, CHECK (ts IS NULL OR HOUR(ts) <> 23))")
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE l (id, ts)", "1\t2024-01-01 01:00:00\n")
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE l (id, ts) SET copy = ts", "2\t2024-01-01 01:00:00\n")
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE l (id) SET copy = fixed", "3\n")
	check("SELECT id, ts, copy, fixed, day FROM l ORDER BY id",
		"1,2024-01-01 01:00:00,NULL,2024-01-01 03:00:00,2024-01-01;2,2024-01-01 01:00:00,2024-01-01 01:00:00,2024-01-01 03:00:00,2024-01-01;"+
			"3,NULL,2024-01-01 03:00:00,2024-01-01 03:00:00,NULL")
	wantErr(t, s, "INSERT INTO l (id, ts) VALUES (4, '2024-01-01 23:30:00')", 3819, "Check constraint")
	mustExec(t, s, "SET time_zone = '+00:00'")
	check("SELECT id, ts, day FROM l WHERE id = 1", "1,2023-12-31 22:00:00,2024-01-01")
	// The instant refused above passes here: CHECK reads the session zone.
	mustExec(t, s, "INSERT INTO l (id, ts) VALUES (4, '2024-01-01 20:30:00')")
}

// Temporary tables (also one made from a query) and a TIMESTAMP generated
// column store UTC like any TIMESTAMP column.
func TestTimestampCopiesAndTempTables(t *testing.T) {
	s := tableSession(t)
	check := func(sql, want string) {
		t.Helper()
		if got := rowsOf(t, s, sql); got != want {
			t.Errorf("%s: got %q, want %q", sql, got, want)
		}
	}
	mustExec(t, s, "SET time_zone = '+04:00'",
		"CREATE TABLE src (id INT PRIMARY KEY, ts TIMESTAMP NULL, g TIMESTAMP NULL AS (ts + INTERVAL 1 HOUR) STORED)",
		"INSERT INTO src (id, ts) VALUES (1, '2024-03-01 10:00:00')",
		"CREATE TEMPORARY TABLE cp AS SELECT id, ts FROM src",
		"CREATE TEMPORARY TABLE tmp (id INT PRIMARY KEY, ts TIMESTAMP NULL, KEY (ts))",
		"INSERT INTO tmp SELECT id, ts FROM src",
		"SET time_zone = '+00:00'")
	check("SELECT ts, g FROM src", "2024-03-01 06:00:00,2024-03-01 07:00:00")
	check("SELECT ts FROM cp", "2024-03-01 06:00:00")
	check("SELECT ts FROM tmp WHERE ts = '2024-03-01 06:00:00'", "2024-03-01 06:00:00")
	check("SELECT COUNT(*) FROM src JOIN tmp ON tmp.ts = src.ts JOIN cp ON cp.ts = tmp.ts", "1")
}

// A wall clock that a DST fall-back repeats names two instants. An index
// lookup converts the constant once (to one of them); a scan compares
// wall clocks and finds both. README documents this.
func TestTimestampDSTOverlap(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE o (id INT PRIMARY KEY, ts TIMESTAMP NULL, KEY ts_k (ts))", "SET time_zone = '+00:00'",
		"INSERT INTO o VALUES (1, '2024-10-27 00:30:00'), (2, '2024-10-27 01:30:00')", "SET time_zone = 'Europe/Paris'")
	if got := rowsOf(t, s, "SELECT id, ts FROM o ORDER BY id"); got != "1,2024-10-27 02:30:00;2,2024-10-27 02:30:00" {
		t.Fatalf("both read as 02:30: %q", got)
	}
	// UNIX_TIMESTAMP of the column is the stored instant, not a re-read
	// of the ambiguous wall clock.
	if got := rowsOf(t, s, "SELECT UNIX_TIMESTAMP(ts) FROM o ORDER BY id"); got != "1729989000;1729992600" {
		t.Errorf("UNIX_TIMESTAMP(ts): %q", got)
	}
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM o WHERE ts + 0 = 20241027023000"); got != "2" {
		t.Errorf("scan: %q", got)
	}
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM o WHERE ts = '2024-10-27 02:30:00'"); got != "1" {
		t.Errorf("index lookup: %q", got)
	}
}

// A wall clock the zone skips (spring-forward gap) cannot be stored in a
// TIMESTAMP: 1292 in strict mode, as MySQL; otherwise warning 1299 and the
// gap's end.
func TestTimestampDSTGap(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE g (id INT PRIMARY KEY, ts TIMESTAMP NULL, dt DATETIME)", "SET time_zone = 'Europe/Paris'")
	wantErr(t, s, "INSERT INTO g VALUES (1, '2024-03-31 02:30:00', NULL)", 1292, "Incorrect datetime value: '2024-03-31 02:30:00' for column 'ts' at row 1")
	mustExec(t, s, "INSERT INTO g VALUES (1, '2024-03-31 01:59:59', '2024-03-31 02:30:00'), (2, '2024-03-31 03:00:00', NULL)")
	mustExec(t, s, "INSERT IGNORE INTO g VALUES (3, '2024-03-31 02:30:00', NULL)")
	if got := rowsOf(t, s, "SHOW WARNINGS"); got != "Warning,1299,Invalid TIMESTAMP value in column 'ts' at row 1" {
		t.Errorf("warnings: %q", got)
	}
	if got := rowsOf(t, s, "SELECT id, ts, dt FROM g ORDER BY id"); got != "1,2024-03-31 01:59:59,2024-03-31 02:30:00;2,2024-03-31 03:00:00,NULL;3,2024-03-31 03:00:00,NULL" {
		t.Errorf("rows: %q", got)
	}
}

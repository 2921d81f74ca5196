package exec

import (
	"testing"
	"time"
)

// SET time_zone takes what MySQL 8.0.19+ takes: SYSTEM, offsets within
// -13:59..+14:00 and zone names (built in here, MySQL needs its tz tables),
// and keeps the text as written.
func TestSetTimeZone(t *testing.T) {
	s := newTestSession(t)
	for _, tz := range []string{"+05:30", "-13:59", "+14:00", "+00:00", "-00:00", "+5:00", "Europe/Paris", "America/New_York", "UTC", "utc", "system", "SYSTEM"} {
		mustExec(t, s, "SET time_zone = '"+tz+"'")
		if got := rowsOf(t, s, "SELECT @@time_zone"); got != tz {
			t.Errorf("SET time_zone = %q: @@time_zone = %q", tz, got)
		}
	}
	mustExec(t, s, "SET GLOBAL time_zone = '+03:00'")
	if got := rowsOf(t, s, "SELECT @@global.time_zone, @@session.time_zone"); got != "+03:00,SYSTEM" {
		t.Errorf("after SET GLOBAL: %q", got)
	}
	for _, bad := range []string{"+14:01", "-14:00", "+05:60", "+05", "05:00", "+123:00", "Mars/Olympus", "Local", "", " UTC", "../etc/passwd", "Europe/Paris "} {
		wantErr(t, s, "SET time_zone = '"+bad+"'", 1298, "Unknown or incorrect time zone: '"+bad+"'")
		wantErr(t, s, "SET GLOBAL time_zone = '"+bad+"'", 1298, "Unknown or incorrect time zone: '"+bad+"'")
	}
	wantErr(t, s, "SET time_zone = 5", 1298, "Unknown or incorrect time zone: '5'")
	wantErr(t, s, "SET time_zone = NULL", 1231, "Variable 'time_zone' can't be set to the value of 'NULL'")
	if got := rowsOf(t, s, "SELECT @@time_zone"); got != "SYSTEM" {
		t.Errorf("a refused SET changed @@time_zone to %q", got)
	}
	want, _ := time.Now().Zone()
	if got := rowsOf(t, s, "SELECT @@system_time_zone"); got != want {
		t.Errorf("@@system_time_zone = %q, want the host's %q", got, want)
	}
	wantErr(t, s, "SET system_time_zone = 'UTC'", 1238, "read only")
}

// NOW(), UNIX_TIMESTAMP(), FROM_UNIXTIME() and CONVERT_TZ() follow the
// session zone.
func TestTimeZoneFunctions(t *testing.T) {
	s := newTestSession(t)
	check := func(sql, want string) {
		t.Helper()
		if got := rowsOf(t, s, sql); got != want {
			t.Errorf("%s under %s: got %q, want %q", sql, rowsOf(t, s, "SELECT @@time_zone"), got, want)
		}
	}
	mustExec(t, s, "SET time_zone = '+02:00'")
	check("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())", "120")
	check("SELECT FROM_UNIXTIME(0), FROM_UNIXTIME(86400, '%H:%i')", "1970-01-01 02:00:00,02:00")
	check("SELECT UNIX_TIMESTAMP('1970-01-01 02:00:01'), UNIX_TIMESTAMP('1970-01-01 01:59:59')", "1,0")
	check("SELECT UNIX_TIMESTAMP() - UNIX_TIMESTAMP(UTC_TIMESTAMP()) BETWEEN 7199 AND 7201", "1")
	mustExec(t, s, "SET time_zone = '-05:30'")
	check("SELECT FROM_UNIXTIME(0)", "1969-12-31 18:30:00")
	check("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), CURRENT_TIMESTAMP)", "-330")
	mustExec(t, s, "SET time_zone = 'Europe/Paris'")
	check("SELECT FROM_UNIXTIME(1719835200), FROM_UNIXTIME(1704110400)", "2024-07-01 14:00:00,2024-01-01 13:00:00")
	check("SELECT CONVERT_TZ('2024-01-01 12:00:00', '+00:00', 'Europe/Paris'), CONVERT_TZ('2024-07-01 12:00:00', 'UTC', 'Europe/Paris')",
		"2024-01-01 13:00:00,2024-07-01 14:00:00")
	check("SELECT CONVERT_TZ('2024-01-01 12:00:00', '+00:00', 'Nowhere/Zone'), CONVERT_TZ('2024-01-01 12:00:00', '+15:00', '+00:00')", "NULL,NULL")
	// A wall clock in the spring-forward gap is the gap's end (MySQL's
	// manual: in MET, 02:00:00 and 03:00:00 on 2005-03-27 give one value).
	mustExec(t, s, "SET time_zone = 'MET'")
	check("SELECT UNIX_TIMESTAMP('2005-03-27 02:00:00'), UNIX_TIMESTAMP('2005-03-27 02:30:00'), UNIX_TIMESTAMP('2005-03-27 03:00:00')",
		"1111885200,1111885200,1111885200")
	check("SELECT UNIX_TIMESTAMP('2005-03-27 01:59:59')", "1111885199")
}

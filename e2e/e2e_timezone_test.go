package e2e

import (
	"testing"
	"time"
)

// SET time_zone over the wire: MySQL 8's accepted forms and its errors,
// and the functions that follow the session zone.
func TestTimeZoneSession(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	db := openDB(t, s.dsnTCP("root", "", ""))
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.ExecContext(ctx, "SET time_zone = 'Mars/Olympus'")
	wantPrivErr(t, "unknown zone", err, 1298, "HY000", "Unknown or incorrect time zone: 'Mars/Olympus'")
	_, err = c.ExecContext(ctx, "SET time_zone = '+14:01'")
	wantPrivErr(t, "offset out of range", err, 1298, "HY000", "Unknown or incorrect time zone: '+14:01'")
	_, err = c.ExecContext(ctx, "SET SESSION time_zone = NULL")
	wantPrivErr(t, "NULL zone", err, 1231, "42000", "Variable 'time_zone' can't be set to the value of 'NULL'")

	mustExecConn(t, c, "SET time_zone = 'Asia/Kolkata'")
	if got := oneString(t, c, "SELECT CONCAT(@@time_zone, ' ', TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW()), ' ', FROM_UNIXTIME(0))"); got != "Asia/Kolkata 330 1970-01-01 05:30:00" {
		t.Errorf("under Asia/Kolkata: %q", got)
	}
	mustExecConn(t, c, "SET time_zone = '-08:00'")
	if got := oneString(t, c, "SELECT CONCAT(UNIX_TIMESTAMP('1970-01-01 00:00:01'), ' ', CONVERT_TZ('2024-06-01 12:00:00', @@time_zone, 'Europe/Paris'))"); got != "28801 2024-06-01 22:00:00" {
		t.Errorf("under -08:00: %q", got)
	}
	want, _ := time.Now().Zone()
	if got := oneString(t, c, "SELECT @@system_time_zone"); got != want {
		t.Errorf("@@system_time_zone = %q, want %q", got, want)
	}
}

package e2e

import (
	"bytes"
	"os/exec"
	"strings"
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

// TIMESTAMP columns hold instants: written under one zone, read under
// another over the wire; DATETIME is never converted. A mariadb-dump
// (which sets time_zone='+00:00' at its top) and its restore keep the
// instants whatever zone the sessions that wrote and read them use.
func TestTimestampUTCAndDump(t *testing.T) {
	t.Parallel()
	dump := needTool(t, "mariadb-dump")
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	sock := "--socket=" + s.sock
	setup := `SET time_zone = '+05:00';
CREATE DATABASE tzsrc; USE tzsrc;
CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP NULL, dt DATETIME, KEY (ts));
INSERT INTO t VALUES (1, '2024-01-01 12:00:00', '2024-01-01 12:00:00'), (2, NULL, NULL);
CREATE DATABASE tzdst;`
	if r := runMariadb(t, setup, sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	plus2 := openDB(t, s.dsnTCP("root", "", "tzsrc", "time_zone=%27%2B02%3A00%27"))
	var ts, dt string
	if err := plus2.QueryRowContext(ctx, "SELECT ts, dt FROM t WHERE ts = '2024-01-01 09:00:00'").Scan(&ts, &dt); err != nil || ts != "2024-01-01 09:00:00" || dt != "2024-01-01 12:00:00" {
		t.Fatalf("under +02:00: %q %q %v", ts, dt, err)
	}

	cmd := exec.CommandContext(ctx, dump, "--no-defaults", sock, "-uroot", "--skip-dump-date", "tzsrc")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("mariadb-dump: %v\n%s", err, errb.String())
	}
	text := out.String()
	if !strings.Contains(text, "SET TIME_ZONE='+00:00'") || !strings.Contains(text, "(1,'2024-01-01 07:00:00','2024-01-01 12:00:00')") {
		t.Fatalf("dump does not hold the instant in UTC:\n%s", text)
	}
	// Restore from a session in yet another zone: the dump's own SET wins.
	if r := runMariadb(t, text, sock, "-uroot", "--init-command=SET time_zone='-07:00'", "tzdst"); r.exitCode != 0 {
		t.Fatalf("restore: %s", r.stderr)
	}
	r := runMariadb(t, "SET time_zone = '+05:00'; SELECT id, ts, dt FROM t ORDER BY id", sock, "-uroot", "-N", "tzdst")
	if r.exitCode != 0 || r.stdout != "1\t2024-01-01 12:00:00\t2024-01-01 12:00:00\n2\tNULL\tNULL\n" {
		t.Fatalf("restored rows under +05:00: exit %d, %q %s", r.exitCode, r.stdout, r.stderr)
	}
	// Out of TIMESTAMP's range once converted: 1292 (strict mode).
	_, err := plus2.ExecContext(ctx, "INSERT INTO t VALUES (3, '1970-01-01 01:00:00', NULL)")
	wantPrivErr(t, "out of range", err, 1292, "22007", "Incorrect datetime value: '1970-01-01 01:00:00' for column 'ts' at row 1")
}

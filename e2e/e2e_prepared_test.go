package e2e

import (
	"bytes"
	"database/sql"
	"math"
	"strings"
	"testing"
	"time"
)

// go-sql-driver with interpolateParams=false (its default) sends every query
// with arguments as COM_STMT_PREPARE + COM_STMT_EXECUTE and reads binary
// result rows: every column type must round-trip through both directions.
func TestPreparedStatementsRoundTrip(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", "", "parseTime=true", "loc=UTC"))
	db.SetMaxIdleConns(2)
	ctx := ctxT(t, 60*time.Second)
	for _, q := range []string{
		"CREATE DATABASE p",
		`CREATE TABLE p.t (id BIGINT PRIMARY KEY, i8 TINYINT, u64 BIGINT UNSIGNED, dc DECIMAL(65,30),
			f FLOAT, d DOUBLE, dt DATETIME(6), da DATE, tm TIME(6), s VARCHAR(50), b LONGBLOB, j JSON, y YEAR, e ENUM('a','b'))`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	dt := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)
	da := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	big := bytes.Repeat([]byte{0, 1, 2, 0xff}, 5<<20) // 20 MB: several 16 MB packets
	dec := "12345678901234567890123456789012345.123456789012345678901234567890"
	ins := `INSERT INTO p.t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := db.ExecContext(ctx, ins, int64(math.MinInt64), int8(-128), uint64(math.MaxUint64), dec,
		float32(1.5), math.MaxFloat64, dt, da, "-12:00:01.5", "héllo", big, `{"k": [1, 2]}`, 2024, "b"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, ins, int64(math.MaxInt64), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	row := db.QueryRowContext(ctx, "SELECT i8, u64, dc, f, d, dt, da, tm, s, b, j, y, e FROM p.t WHERE id = ?", int64(math.MinInt64))
	var (
		i8      int8
		u64     uint64
		decOut  string
		f       float32
		d       float64
		dtOut   time.Time
		daOut   time.Time
		tm, str string
		b       []byte
		j       string
		y       int
		e       string
	)
	if err := row.Scan(&i8, &u64, &decOut, &f, &d, &dtOut, &daOut, &tm, &str, &b, &j, &y, &e); err != nil {
		t.Fatal(err)
	}
	if i8 != -128 || u64 != math.MaxUint64 || decOut != dec || f != 1.5 || d != math.MaxFloat64 ||
		!dtOut.Equal(dt) || !daOut.Equal(da) || tm != "-12:00:01.500000" || str != "héllo" ||
		!bytes.Equal(b, big) || j != `{"k": [1, 2]}` || y != 2024 || e != "b" {
		t.Fatalf("round trip: i8=%d u64=%d dec=%s f=%v d=%v dt=%v da=%v tm=%q s=%q blob=%d bytes j=%q y=%d e=%q",
			i8, u64, decOut, f, d, dtOut, daOut, tm, str, len(b), j, y, e)
	}
	// NULLs come back as NULLs.
	var n1, n2 sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT dc, dt FROM p.t WHERE id = ?", int64(math.MaxInt64)).Scan(&n1, &n2); err != nil || n1.Valid || n2.Valid {
		t.Fatalf("NULLs: %v %v %v", n1, n2, err)
	}
	// A reused statement with new values each time.
	st, err := db.PrepareContext(ctx, "SELECT COUNT(*) FROM p.t WHERE id > ? AND s IS NULL = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range []struct {
		id   int64
		null bool
		want int
	}{{math.MinInt64, true, 1}, {0, false, 0}, {math.MinInt64, false, 0}} {
		var n int
		if err := st.QueryRowContext(ctx, c.id, c.null).Scan(&n); err != nil || n != c.want {
			t.Fatalf("reuse %+v: %d %v", c, n, err)
		}
	}
	// Zero dates (allowed once sql_mode drops NO_ZERO_DATE) travel as
	// zero-length binary DATE/DATETIME values.
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET sql_mode = ''"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "INSERT INTO p.t (id, da, dt) VALUES (?, ?, ?)", 7, "0000-00-00", "0000-00-00 00:00:00"); err != nil {
		t.Fatal(err)
	}
	var zd, zdt string
	if err := conn.QueryRowContext(ctx, "SELECT CAST(da AS CHAR), CAST(dt AS CHAR) FROM p.t WHERE id = ?", 7).Scan(&zd, &zdt); err != nil ||
		zd != "0000-00-00" || zdt != "0000-00-00 00:00:00.000000" {
		t.Fatalf("zero dates: %q %q %v", zd, zdt, err)
	}
	var zero time.Time // go-sql-driver (parseTime) maps a zero DATE to Go's zero time
	if err := conn.QueryRowContext(ctx, "SELECT da FROM p.t WHERE id = ?", 7).Scan(&zero); err != nil || !zero.IsZero() {
		t.Fatalf("zero date as a binary DATE: %v %v", zero, err)
	}
	// Errors keep their codes through EXECUTE.
	if _, err := db.ExecContext(ctx, ins, int64(math.MinInt64), 0, 0, "0", 0, 0, dt, da, "0", "x", []byte{}, "{}", 2000, "a"); myErrNumber(err) != 1062 {
		t.Fatalf("duplicate through EXECUTE: %v", err)
	}
	if _, err := db.PrepareContext(ctx, "SELECT * FORM t"); myErrNumber(err) != 1064 {
		t.Fatalf("syntax error at PREPARE: %v", err)
	}
	if _, err := db.ExecContext(ctx, "SELECT ? + ?", 1); err == nil || !strings.Contains(err.Error(), "argument") {
		t.Fatalf("wrong argument count: %v", err) // go-sql-driver checks this itself
	}
}

// SQL-level PREPARE / EXECUTE USING / DEALLOCATE over the text protocol.
func TestSQLPrepare(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", "", "multiStatements=true"))
	ctx := ctxT(t, 30*time.Second)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var got int
	if _, err := conn.ExecContext(ctx, "PREPARE st FROM 'SELECT ? * 2'; SET @a = 21"); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, "EXECUTE st USING @a").Scan(&got); err != nil || got != 42 {
		t.Fatalf("EXECUTE USING: %d %v", got, err)
	}
	if _, err := conn.ExecContext(ctx, "EXECUTE st"); myErrNumber(err) != 1210 {
		t.Fatalf("wrong parameter count: %v", err)
	}
	if _, err := conn.ExecContext(ctx, "DEALLOCATE PREPARE st"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "EXECUTE st USING @a"); myErrNumber(err) != 1243 {
		t.Fatalf("deallocated: %v", err)
	}
}

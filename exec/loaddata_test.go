package exec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/loopdb/loopdb/mysqldef"
)

func loadSession(tb testing.TB, localInfile string, localFiles bool) *Session {
	tb.Helper()
	store := openTestStore(tb)
	eng, err := NewEngine(Config{Version: "8.0.40-loopdb-test", Globals: map[string]string{"local_infile": localInfile}}, store, nil)
	if err != nil {
		tb.Fatal(err)
	}
	s := eng.NewSession(9, "localhost", nil, nil)
	s.Login("root", "localhost", ClientOptions{MultiStatements: true, LocalFiles: localFiles}, "")
	execTB(tb, s, "CREATE DATABASE d")
	execTB(tb, s, "USE d")
	return s
}

// execTB runs one statement that must not fail; it returns the final OK.
func execTB(tb testing.TB, s *Session, sql string) *Completion {
	tb.Helper()
	var rec recorder
	return lastOK(tb, sql, runQuery(s, sql, &rec))
}

func lastOK(tb testing.TB, sql string, rs []result) *Completion {
	tb.Helper()
	last := rs[len(rs)-1]
	if last.err != nil {
		tb.Fatalf("%s: %v", sql, last.err)
	}
	if last.ok == nil {
		tb.Fatalf("%s: no OK", sql)
	}
	return last.ok
}

// loadQuery runs sql with files served to LOCAL INFILE requests.
func loadQuery(t *testing.T, s *Session, sql string, files map[string]io.Reader) ([]result, *recorder) {
	t.Helper()
	rec := &recorder{files: files}
	return runQuery(s, sql, rec), rec
}

// load runs a LOAD DATA that must succeed, returning its OK packet.
func load(t *testing.T, s *Session, sql, content string) *Completion {
	t.Helper()
	rs, sink := loadQuery(t, s, sql, map[string]io.Reader{"f": iotest.HalfReader(strings.NewReader(content))})
	if len(rs) != 1 || rs[0].err != nil {
		t.Fatalf("%s: %+v", sql, rs[0].err)
	}
	if sink.closed != 1 {
		t.Fatalf("%s: reader closed %d times", sql, sink.closed)
	}
	return rs[0].ok
}

func warningsOf(t *testing.T, s *Session) string {
	t.Helper()
	r := one(t, s, "SHOW WARNINGS")
	var parts []string
	for _, row := range r.rows {
		parts = append(parts, row[1]+" "+row[2])
	}
	return strings.Join(parts, "\n")
}

func TestLoadDataDisabledAndRefused(t *testing.T) {
	s := loadSession(t, "OFF", true)
	mustExec(t, s, "CREATE TABLE t (a INT PRIMARY KEY, b VARCHAR(10))")
	check := func(sql string, code uint16, state, msgPart string) {
		t.Helper()
		rs, sink := loadQuery(t, s, sql, map[string]io.Reader{"f": strings.NewReader("1\tx\n")})
		last := rs[len(rs)-1]
		if last.err == nil || last.err.Code != code || last.err.State != state || !strings.Contains(last.err.Message, msgPart) {
			t.Fatalf("%s: got %+v, want %d %s", sql, last.err, code, state)
		}
		if len(sink.requested) != 0 {
			t.Fatalf("%s: the file was requested", sql)
		}
	}
	disabled := "Loading local data is disabled; this must be enabled on both the client and server sides"
	check("LOAD DATA LOCAL INFILE 'f' INTO TABLE t", 3948, "42000", disabled)
	if r := one(t, s, "SELECT @@global.local_infile"); r.rows[0][0] != "0" {
		t.Fatal(r.rows)
	}
	one(t, s, "SET GLOBAL local_infile = ON")
	if !s.eng.LocalInfile() {
		t.Fatal("SET GLOBAL local_infile did not take")
	}
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", "1\tx\n")

	// The sink cannot request files: same error.
	if rs := query(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t"); rs[0].err == nil || rs[0].err.Code != 3948 {
		t.Fatalf("plain sink: %+v", rs[0].err)
	}
	// Server-side files are never read.
	check("LOAD DATA INFILE 'f' INTO TABLE t", 1290, "HY000", "--secure-file-priv")
	// Errors found before the request: no 0xFB goes out.
	check("LOAD DATA LOCAL INFILE 'f' INTO TABLE nosuch", mysqldef.ErrNoSuchTable, "42S02", "doesn't exist")
	check("LOAD DATA LOCAL INFILE 'f' INTO TABLE t (a, nosuch)", mysqldef.ErrBadField, "42S22", "nosuch")
	check("LOAD DATA LOCAL INFILE 'f' INTO TABLE t (a) SET nosuch = 1", mysqldef.ErrBadField, "42S22", "nosuch")
	check("LOAD DATA LOCAL INFILE 'f' INTO TABLE t (a, a)", 1110, "42000", "specified twice") // ER_FIELD_SPECIFIED_TWICE is 42000 in MySQL 8
	check("LOAD DATA LOCAL INFILE 'f' INTO TABLE t FIELDS TERMINATED BY '' ENCLOSED BY ''", mysqldef.ErrNotSupportedYet, "42000", "fixed-size")
	// Prepared statements cannot carry the file exchange.
	wantErr(t, s, "PREPARE p FROM 'LOAD DATA LOCAL INFILE ''f'' INTO TABLE t'", mysqldef.ErrUnsupportedPS, "not supported")

	// A client that did not offer CLIENT_LOCAL_FILES.
	s2 := s.eng.NewSession(10, "localhost", nil, nil)
	s2.Login("root", "localhost", ClientOptions{}, "d")
	rs, sink := loadQuery(t, s2, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", nil)
	if rs[0].err == nil || rs[0].err.Code != 3948 || len(sink.requested) != 0 {
		t.Fatalf("client without CLIENT_LOCAL_FILES: %+v", rs[0].err)
	}
	if got := rowsOf(t, s, "SELECT * FROM t"); got != "1,x" {
		t.Fatal(got)
	}
}

func TestLoadDataRows(t *testing.T) {
	s := loadSession(t, "ON", true)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), n INT NOT NULL, d DECIMAL(6,2) DEFAULT 1.5, KEY (name))")

	ok := load(t, s, `LOAD DATA LOCAL INFILE 'f' INTO TABLE t FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\r\n' IGNORE 1 LINES`,
		"id,name,n,d\r\n1,\"a, b\",10,2.25\r\n2,\\N,20,NULL\r\n3,\"say \"\"hi\"\"\",30,\"NULL\"\r\n")
	if ok.AffectedRows != 3 || ok.Info != "Records: 3  Deleted: 0  Skipped: 0  Warnings: 1" {
		t.Fatalf("ok %+v", ok)
	}
	if w := warningsOf(t, s); !strings.Contains(w, "1366") { // "NULL" enclosed is text, not a decimal
		t.Fatal(w)
	}
	if got := rowsOf(t, s, "SELECT id, name, n, d FROM t ORDER BY id"); got != `1,a, b,10,2.25;2,NULL,20,NULL;3,say "hi",30,0.00` {
		t.Fatal(got)
	}
	if got := rowsOf(t, s, "SELECT id FROM t WHERE name = 'a, b'"); got != "1" {
		t.Fatal("index", got)
	}

	// Duplicates are skipped (LOCAL implies IGNORE) with a warning each.
	ok = load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t (id, name, n)", "1\tdup\t1\n4\tfour\t40\n")
	if ok.AffectedRows != 1 || ok.Info != "Records: 2  Deleted: 0  Skipped: 1  Warnings: 1" {
		t.Fatalf("ok %+v", ok)
	}
	if w := warningsOf(t, s); w != "1062 Duplicate entry '1' for key 't.PRIMARY'" {
		t.Fatal(w)
	}
	// REPLACE replaces them.
	ok = load(t, s, "LOAD DATA LOCAL INFILE 'f' REPLACE INTO TABLE t (id, name, n)", "1\tone\t11\n5\tfive\t50\n")
	if ok.AffectedRows != 3 || ok.Info != "Records: 2  Deleted: 1  Skipped: 0  Warnings: 0" {
		t.Fatalf("ok %+v", ok)
	}
	if got := rowsOf(t, s, "SELECT id, name, n, d FROM t WHERE id IN (1, 5) ORDER BY id"); got != "1,one,11,1.50;5,five,50,1.50" {
		t.Fatal(got)
	}
	if got := rowsOf(t, s, "SELECT id FROM t WHERE name = 'a, b'"); got != "" {
		t.Fatal("stale index entry", got)
	}

	// Too few and too many fields, an empty number, NULL into NOT NULL.
	ok = load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", "6\tsix\n7\tseven\t\t3\textra\n8\teight\t\\N\t4\n")
	if ok.AffectedRows != 3 || ok.Info != "Records: 3  Deleted: 0  Skipped: 0  Warnings: 5" {
		t.Fatalf("ok %+v", ok)
	}
	want := strings.Join([]string{
		"1261 Row 1 doesn't contain data for all columns",
		"1261 Row 1 doesn't contain data for all columns",
		"1366 Incorrect integer value: '' for column 'n' at row 2",
		"1262 Row 2 was truncated; it contained more data than there were input columns",
		"1263 Column set to default value; NULL supplied to NOT NULL column 'n' at row 3",
	}, "\n")
	if w := warningsOf(t, s); w != want {
		t.Fatalf("warnings:\n%s\nwant:\n%s", w, want)
	}
	if got := rowsOf(t, s, "SELECT id, name, n, d FROM t WHERE id >= 6 ORDER BY id"); got != "6,six,0,1.50;7,seven,0,3.00;8,eight,0,4.00" {
		t.Fatal(got)
	}
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t (id, n)", "20\t1\n21\t2\n")
	if r := one(t, s, "SELECT ROW_COUNT()"); r.rows[0][0] != "2" {
		t.Fatal("ROW_COUNT", r.rows)
	}
}

func TestLoadDataSetAndVariables(t *testing.T) {
	s := loadSession(t, "ON", true)
	mustExec(t, s, "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(30), twice INT, src VARCHAR(5) DEFAULT 'file')")
	ok := load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t FIELDS TERMINATED BY ',' IGNORE 1 ROWS (@skip, @a, @b) SET label = CONCAT(@a, '-', @b), twice = @b * 2",
		"h1,h2,h3\nx,red,1\ny,blue,21\nz,\\N,\\N\n")
	if ok.AffectedRows != 3 || ok.Info != "Records: 3  Deleted: 0  Skipped: 0  Warnings: 0" {
		t.Fatalf("ok %+v", ok)
	}
	if got := rowsOf(t, s, "SELECT id, label, twice, src FROM t ORDER BY id"); got != "1,red-1,2,file;2,blue-21,42,file;3,NULL,NULL,file" {
		t.Fatal(got)
	}
	if r := one(t, s, "SELECT LAST_INSERT_ID(), @skip, @a"); fmt.Sprint(r.rows) != "[[1 z NULL]]" {
		t.Fatal(r.rows)
	}
	// SET sees columns loaded from the file; DEFAULT is the column default.
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t (id, twice) SET label = twice + 1, src = DEFAULT", "10\t5\n")
	if got := rowsOf(t, s, "SELECT id, label, twice, src FROM t WHERE id = 10"); got != "10,6,5,file" {
		t.Fatal(got)
	}
	// Auto-increment continues after the explicit id.
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t (label)", "next\n")
	if got := rowsOf(t, s, "SELECT id FROM t WHERE label = 'next'"); got != "11" {
		t.Fatal(got)
	}
}

func TestLoadDataCharset(t *testing.T) {
	s := loadSession(t, "ON", true)
	mustExec(t, s, "CREATE TABLE t (a VARCHAR(10), b VARCHAR(10))")
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t CHARACTER SET latin1", "caf\xe9\t\x80uro\n")
	if got := rowsOf(t, s, "SELECT a, b FROM t"); got != "café,€uro" {
		t.Fatal(got)
	}
}

func TestLoadDataTransactions(t *testing.T) {
	s := loadSession(t, "ON", true)
	mustExec(t, s, "CREATE TABLE t (a INT PRIMARY KEY)")
	var file strings.Builder
	for i := 1; i <= 12000; i++ {
		fmt.Fprintf(&file, "%d\n", i)
	}

	// Inside a transaction the load is one statement of it.
	mustExec(t, s, "BEGIN")
	load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", file.String())
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM t"); got != "12000" {
		t.Fatal(got)
	}
	mustExec(t, s, "ROLLBACK")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM t"); got != "0" {
		t.Fatal("rolled back load left", got)
	}

	// Autocommit: batches commit as they fill; a failure keeps the
	// batches before it.
	boom := errors.New("connection lost")
	r := io.MultiReader(strings.NewReader(file.String()[:len(file.String())-100]), iotest.ErrReader(boom))
	rs, sink := loadQuery(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", map[string]io.Reader{"f": r})
	if rs[0].err == nil || rs[0].err.Code != mysqldef.ErrNetReadError || sink.closed != 1 {
		t.Fatalf("read error: %+v closed %d", rs[0].err, sink.closed)
	}
	want := fmt.Sprint(2 * loadBatchRows)
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM t"); got != want {
		t.Fatalf("after a failed load: %s rows, want %s", got, want)
	}
	ok := load(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", file.String())
	if ok.AffectedRows != 12000-2*loadBatchRows || ok.Info != fmt.Sprintf("Records: 12000  Deleted: 0  Skipped: %d  Warnings: %d", 2*loadBatchRows, 2*loadBatchRows) {
		t.Fatalf("ok %+v", ok)
	}
	if r := one(t, s, "SHOW COUNT(*) WARNINGS"); r.rows[0][0] != want {
		t.Fatal("warning count", r.rows)
	}
	if r := one(t, s, "SHOW WARNINGS"); len(r.rows) != maxWarnings {
		t.Fatal("warnings kept", len(r.rows))
	}
}

// killingReader kills its session's statement after n bytes.
type killingReader struct {
	r    io.Reader
	s    *Session
	left int
}

func (k *killingReader) Read(p []byte) (int, error) {
	if k.left <= 0 {
		k.s.eng.Kill(uint64(k.s.id), true)
	}
	p = p[:min(len(p), 1000)]
	n, err := k.r.Read(p)
	k.left -= n
	return n, err
}

func TestLoadDataKilled(t *testing.T) {
	s := loadSession(t, "ON", true)
	mustExec(t, s, "CREATE TABLE t (a INT PRIMARY KEY, b VARCHAR(10))")
	var file bytes.Buffer
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&file, "%d\tv%d\n", i, i)
	}
	size := file.Len()
	kr := &killingReader{r: &file, s: s, left: 50000}
	rs, sink := loadQuery(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", map[string]io.Reader{"f": kr})
	if rs[0].err == nil || rs[0].err.Code != mysqldef.ErrQueryInterrupted {
		t.Fatalf("killed load: %+v", rs[0].err)
	}
	if sink.closed != 1 || sink.drained == 0 || file.Len() != 0 {
		t.Fatalf("closed %d drained %d of %d, left %d", sink.closed, sink.drained, size, file.Len())
	}
	// The session works afterwards.
	if got := rowsOf(t, s, "SELECT COUNT(*) < 20000 FROM t"); got != "1" {
		t.Fatal(got)
	}
}

// BenchmarkLoadDataStatement measures a whole LOAD DATA LOCAL into a table
// with a secondary index (Pebble in a temp dir, fsync per batch commit).
func BenchmarkLoadDataStatement(b *testing.B) {
	var file bytes.Buffer
	rows := 0
	for file.Len() < 8<<20 {
		fmt.Fprintf(&file, "%d,%d,\"name number %d\",%d.%02d,2024-01-%02d 12:34:56\n", rows, rows*7, rows, rows%1000, rows%100, rows%28+1)
		rows++
	}
	data := file.Bytes()
	s := loadSession(b, "ON", true)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		execTB(b, s, "DROP TABLE IF EXISTS t")
		execTB(b, s, "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(40), c DOUBLE, d DATETIME, KEY (a))")
		b.StartTimer()
		sink := &recorder{files: map[string]io.Reader{"f": bytes.NewReader(data)}}
		sql := "LOAD DATA LOCAL INFILE 'f' INTO TABLE t FIELDS TERMINATED BY ',' ENCLOSED BY '\"'"
		if ok := lastOK(b, sql, runQuery(s, sql, sink)); ok.AffectedRows != uint64(rows) {
			b.Fatalf("%+v", ok)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func TestLoadDataIgnoreRowsRewrite(t *testing.T) {
	s := loadSession(t, "ON", true)
	mustExec(t, s, "CREATE TABLE t (a INT)")
	// Without CLIENT_MULTI_STATEMENTS a second statement is a syntax error,
	// reported from the rewritten text's positions.
	s.multiStatements = false
	wantErr(t, s, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t IGNORE 1 ROWS; SELECT 1", mysqldef.ErrParse, "SELECT 1")
	if alt, ok := rewriteLoadDataRows("select 'ignore 1 rows'"); ok {
		t.Fatal("rewrote a non-LOAD statement:", alt)
	}
}

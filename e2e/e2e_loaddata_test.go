package e2e

// LOAD DATA LOCAL INFILE end to end, with the real clients and the
// transports they can combine: plain, zlib, zstd, TLS, TLS + zlib. Also a
// 100 MB result over compression.

import (
	"bufio"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gmclient "github.com/go-mysql-org/go-mysql/client"
	gmysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-sql-driver/mysql"
	"github.com/loopdb/loopdb/internal/myclient"
)

const loadTableDDL = "(id INT PRIMARY KEY, k INT NOT NULL, name VARCHAR(200), v DOUBLE, KEY (k))"

// writeCSV writes rows id,k,"name",v with the awkward cases in them:
// enclosed commas and doubled quotes, \N, an escaped newline, UTF-8.
func writeCSV(t testing.TB, path string, rows int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := 1; i <= rows; i++ {
		v := fmt.Sprintf("%d.25", i)
		if i%10 == 0 {
			v = `\N`
		}
		name := fmt.Sprintf(`name %d, "quoted"`, i)
		switch i % 7 {
		case 3:
			name = "line\\\nbreak ü " + fmt.Sprint(i)
		case 5:
			name = ""
		}
		fmt.Fprintf(w, "%d,%d,\"%s\",%s\n", i, (i*7919)%1000, strings.ReplaceAll(name, `"`, `""`), v)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

const loadStmt = `LOAD DATA LOCAL INFILE '%s' INTO TABLE %s FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"'`

// tableDigest is a row count and an MD5 over every row in id order.
func tableDigest(t testing.TB, db *sql.DB, table string) string {
	t.Helper()
	rows, err := db.Query("SELECT id, k, COALESCE(name, 'NULL'), COALESCE(v, -1) FROM " + table + " ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := md5.New()
	n := 0
	for rows.Next() {
		var id, k int
		var name string
		var v float64
		if err := rows.Scan(&id, &k, &name, &v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%d|%d|%s|%g\n", id, k, name, v)
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d rows, md5 %s", n, hex.EncodeToString(h.Sum(nil)))
}

// loadFixture starts a server with flags, writes a CSV of rows (none when
// rows is 0), and creates database d with the given tables (loadTableDDL).
// It returns the server, the CSV path and a root pool.
func loadFixture(t *testing.T, flags []string, rows int, tables ...string) (*server, string, *sql.DB) {
	t.Helper()
	s := startServer(t, flags...)
	csv := filepath.Join(t.TempDir(), "data.csv")
	if rows > 0 {
		writeCSV(t, csv, rows)
	}
	db := openDB(t, s.dsnTCP("root", "", ""))
	stmts := []string{"CREATE DATABASE d"}
	for _, table := range tables {
		stmts = append(stmts, "CREATE TABLE d."+table+" "+loadTableDDL)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return s, csv, db
}

var localInfile = []string{"--local-infile"}

func TestLoadDataMariadbCLI(t *testing.T) {
	t.Parallel()
	const rows = 20000
	s, csv, db := loadFixture(t, localInfile, rows)
	ca := filepath.Join(s.datadir, "ca.pem")
	modes := map[string][]string{
		"plain":    nil,
		"zlib":     {"--compress"},
		"tls":      {"--ssl", "--ssl-verify-server-cert", "--ssl-ca=" + ca},
		"tls_zlib": {"--ssl", "--ssl-ca=" + ca, "--compress"},
	}
	var want string
	for _, mode := range []string{"plain", "zlib", "tls", "tls_zlib"} {
		table := "d." + mode
		if _, err := db.Exec("CREATE TABLE " + table + " " + loadTableDDL); err != nil {
			t.Fatal(err)
		}
		args := append(append(s.tcpArgs(), "--local-infile=1", "-vvv"), modes[mode]...)
		res := runMariadb(t, fmt.Sprintf(loadStmt, csv, table)+";\n", args...)
		if res.exitCode != 0 || !strings.Contains(res.stdout, fmt.Sprintf("Records: %d  Deleted: 0  Skipped: 0  Warnings: 0", rows)) {
			t.Fatalf("%s: exit %d\n%s\n%s", mode, res.exitCode, res.stdout, res.stderr)
		}
		got := tableDigest(t, db, table)
		if want == "" {
			want = got
		} else if got != want {
			t.Fatalf("%s loaded %s; plain loaded %s", mode, got, want)
		}
	}
	if !strings.HasPrefix(want, fmt.Sprintf("%d rows", rows)) {
		t.Fatalf("loaded %s", want)
	}
	var name sql.NullString
	var v sql.NullFloat64
	if err := db.QueryRow("SELECT name, v FROM d.plain WHERE id = 20").Scan(&name, &v); err != nil ||
		name.String != `name 20, "quoted"` || v.Valid {
		t.Fatalf("row 20: %q %v (%v)", name.String, v, err)
	}
	if err := db.QueryRow("SELECT name FROM d.plain WHERE id = 3").Scan(&name); err != nil || name.String != "line\nbreak ü 3" {
		t.Fatalf("row 3: %q (%v)", name.String, err)
	}
}

// go-sql-driver streams from an io.Reader; with compress=true the file
// travels in zlib frames, with tls inside TLS.
func TestLoadDataGoDriver(t *testing.T) {
	t.Parallel()
	const rows = 100000
	s, csv, root := loadFixture(t, localInfile, rows)
	mysql.RegisterLocalFile(csv)
	tlsName := "loopdb-load-" + itoa(s.port)
	cfg := caConfig(t, s)
	cfg.ServerName = ""
	if err := mysql.RegisterTLSConfig(tlsName, cfg); err != nil {
		t.Fatal(err)
	}
	var want string
	for i, params := range [][]string{{}, {"compress=true"}, {"tls=" + tlsName, "compress=true"}} {
		table := fmt.Sprintf("d.t%d", i)
		if _, err := root.Exec("CREATE TABLE " + table + " " + loadTableDDL); err != nil {
			t.Fatal(err)
		}
		db := openDB(t, s.dsnTCP("root", "", "", append(params, "allowAllFiles=false")...))
		res, err := db.Exec(fmt.Sprintf(loadStmt, csv, table))
		if err != nil {
			t.Fatalf("%v: %v", params, err)
		}
		if n, _ := res.RowsAffected(); n != rows {
			t.Fatalf("%v: %d rows affected", params, n)
		}
		// The connection is in step afterwards.
		if statusOf(t, db, "Compression") == "" {
			t.Fatalf("%v: no status after LOAD DATA", params)
		}
		got := tableDigest(t, root, table)
		if want == "" {
			want = got
		} else if got != want {
			t.Fatalf("%v loaded %s; plain loaded %s", params, got, want)
		}
	}
}

// zstd with go-mysql's client, which checks compressed sequence ids.
func TestLoadDataZstd(t *testing.T) {
	t.Parallel()
	const rows = 50000
	s, csv, root := loadFixture(t, localInfile, rows, "z", "p")
	c := connectZstd(t, s.addr, "d", withLocalFiles)
	if got := compressionAlgorithm(t, c); got != "zstd" {
		t.Fatalf("Compression_algorithm %q", got)
	}
	r, err := c.ExecQueryRelayLocalInfile(fmt.Sprintf(loadStmt, csv, "z"), openLocalFile)
	if err != nil {
		t.Fatal(err)
	}
	if r.AffectedRows != rows {
		t.Fatalf("%d rows affected", r.AffectedRows)
	}
	if _, err := c.Execute("SELECT 1"); err != nil {
		t.Fatalf("after LOAD DATA: %v", err)
	}
	res := runMariadb(t, fmt.Sprintf(loadStmt, csv, "d.p")+";\n", append(s.tcpArgs(), "--local-infile=1")...)
	if res.exitCode != 0 {
		t.Fatal(res.stderr)
	}
	if a, b := tableDigest(t, root, "d.z"), tableDigest(t, root, "d.p"); a != b {
		t.Fatalf("zstd loaded %s, plain %s", a, b)
	}
}

func TestLoadDataRefusals(t *testing.T) {
	t.Parallel()
	s, csv, db := loadFixture(t, nil, 100, "t")
	cli := append(s.tcpArgs(), "--local-infile=1")
	load := fmt.Sprintf(loadStmt, csv, "d.t") + ";\n"
	// Off by default: 3948, and the file is not requested.
	if res := runMariadb(t, load, cli...); !strings.Contains(res.stderr, "ERROR 3948 (42000)") {
		t.Fatalf("local_infile off: %q", res.stderr)
	}
	// The server never reads its own files.
	if res := runMariadb(t, "LOAD DATA INFILE '/etc/passwd' INTO TABLE d.t;\n", cli...); !strings.Contains(res.stderr, "ERROR 1290") {
		t.Fatalf("LOAD DATA INFILE: %q", res.stderr)
	}
	if _, err := db.Exec("SET GLOBAL local_infile = ON"); err != nil {
		t.Fatal(err)
	}
	// A client that does not offer CLIENT_LOCAL_FILES: 3948 too, and the
	// file is not requested.
	rc, err := rawLogin(s, "")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if _, err := rc.Query(strings.TrimSuffix(load, ";\n")); myclient.ErrCode(err) != 3948 {
		t.Fatalf("client without CLIENT_LOCAL_FILES: %v", err)
	}
	if err := rc.Ping(); err != nil {
		t.Fatal(err)
	}
	// Errors found before the file is requested leave the connection usable;
	// duplicate keys in the file become warnings (LOCAL implies IGNORE).
	script := "LOAD DATA LOCAL INFILE '" + csv + "' INTO TABLE d.nosuch;\n" +
		"LOAD DATA LOCAL INFILE '" + csv + "' INTO TABLE d.t (id, nosuchcol);\n" +
		load + load + "SELECT COUNT(*) FROM d.t;\n"
	res := runMariadb(t, script, append(cli, "--force", "-vvv")...)
	for _, want := range []string{"ERROR 1146", "ERROR 1054", "Records: 100  Deleted: 0  Skipped: 0  Warnings: 0",
		"Records: 100  Deleted: 0  Skipped: 100  Warnings: 100", "| COUNT(*) |\n+----------+\n|      100 |"} {
		if !strings.Contains(res.stdout+res.stderr, want) {
			t.Fatalf("missing %q in:\n%s\n%s", want, res.stdout, res.stderr)
		}
	}
}

// A 100 MB result streams through zlib and zstd intact.
func TestLargeResultCompressed(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	root := openDB(t, s.dsnTCP("root", "", "", "multiStatements=true"))
	var sb strings.Builder
	sb.WriteString("CREATE DATABASE d; CREATE TABLE d.ids (id INT PRIMARY KEY); INSERT INTO d.ids VALUES (1)")
	for i := 2; i <= 1000; i++ {
		fmt.Fprintf(&sb, ",(%d)", i)
	}
	if _, err := root.Exec(sb.String()); err != nil {
		t.Fatal(err)
	}
	// 1000 rows of 3200 x 32 hex digits: 102 MB.
	const q = "SELECT id, REPEAT(MD5(id), 3200) FROM d.ids ORDER BY id"
	digest := func(db *sql.DB) string {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		h := md5.New()
		var id int
		var b []byte
		total := 0
		for rows.Next() {
			if err := rows.Scan(&id, &b); err != nil {
				t.Fatal(err)
			}
			fmt.Fprint(h, id)
			h.Write(b)
			total += len(b)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if total != 1000*3200*32 {
			t.Fatalf("got %d bytes", total)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	plain := digest(root)
	if zlib := digest(openDB(t, s.dsnTCP("root", "", "", "compress=true"))); zlib != plain {
		t.Fatal("zlib result differs from plain")
	}
	c := connectZstd(t, s.addr, "d")
	h := md5.New()
	var result gmysql.Result
	err := c.ExecuteSelectStreaming(q, &result, func(row []gmysql.FieldValue) error {
		fmt.Fprint(h, row[0].AsInt64())
		h.Write(row[1].AsString())
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(h.Sum(nil)) != plain {
		t.Fatal("zstd result differs from plain")
	}
}

// withLocalFiles lets go-mysql's client answer LOCAL INFILE requests.
func withLocalFiles(c *gmclient.Conn) error { return c.SetCapability(gmysql.CLIENT_LOCAL_FILES) }

// openLocalFile answers go-mysql's LOCAL INFILE request with the file,
// which it streams (an *os.File is a Seeker).
func openLocalFile(name []byte) (io.Reader, error) { return os.Open(string(name)) }

// A client that goes away in the middle of its file: the statement stops,
// the server carries on, and the batches already committed stay.
func TestLoadDataClientVanishesMidFile(t *testing.T) {
	t.Parallel()
	s, _, db := loadFixture(t, localInfile, 0, "t")
	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	rc.ExtraCaps = myclient.CapLocalFiles
	if err := rc.Login("root", "", ""); err != nil {
		t.Fatal(err)
	}
	if err := rc.Command(myclient.ComQuery, []byte(fmt.Sprintf(loadStmt, "whatever.csv", "d.t"))); err != nil {
		t.Fatal(err)
	}
	req, err := rc.ReadPacket()
	if err != nil || len(req) == 0 || req[0] != 0xfb || string(req[1:]) != "whatever.csv" {
		t.Fatalf("LOCAL INFILE request % x (%v)", req, err)
	}
	for i := range 3 {
		var chunk strings.Builder
		for j := 1; j <= 4000; j++ {
			id := i*4000 + j
			fmt.Fprintf(&chunk, "%d,%d,\"n%d\",1.5\n", id, id%100, id)
		}
		if err := rc.WritePacket([]byte(chunk.String())); err != nil {
			t.Fatal(err)
		}
	}
	rc.Close() // no terminating empty packet
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM d.t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n%5000 != 0 || n > 12000 {
		t.Fatalf("%d rows after the client vanished: want whole batches of 5000", n)
	}
}

// A 1 GB CSV through LOAD DATA LOCAL over zlib (mariadb --compress) and
// zstd (go-mysql's client): both tables must hold exactly what was
// generated (row count, SUM(k), and SUM(CRC32()) of the text columns
// computed by the generator), and the server must not hold the file in
// memory. (Plain loads of the same shape are compared byte for byte in
// the smaller tests above.) Slow
// (minutes), so it runs only with LOOPDB_E2E_1GB=1, which scripts/test.sh
// sets in a step of its own.
func TestLoadData1GBCompressed(t *testing.T) {
	if os.Getenv("LOOPDB_E2E_1GB") == "" {
		t.Skip("set LOOPDB_E2E_1GB=1 (scripts/test.sh does)")
	}
	s := startServer(t, "--local-infile")
	csv := filepath.Join(t.TempDir(), "1g.csv")
	want := writeSysbenchCSV(t, csv, 1<<30)
	db := openDB(t, s.dsnTCP("root", "", ""))
	if _, err := db.Exec("CREATE DATABASE d"); err != nil {
		t.Fatal(err)
	}
	ddl := " (id INT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, KEY (k))"
	stmt := "LOAD DATA LOCAL INFILE '" + csv + "' INTO TABLE %s FIELDS TERMINATED BY ','"
	peak := watchRSS(t, s.cmd.Process.Pid)
	for _, mode := range []string{"zlib", "zstd"} {
		table := "d." + mode
		if _, err := db.Exec("CREATE TABLE " + table + ddl); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		switch mode {
		case "zstd":
			c := connectZstd(t, s.addr, "", withLocalFiles)
			r, err := c.ExecQueryRelayLocalInfile(fmt.Sprintf(stmt, table), openLocalFile)
			if err != nil {
				t.Fatalf("zstd: %v", err)
			}
			if r.AffectedRows != uint64(want.rows) {
				t.Fatalf("zstd: %d rows affected, want %d", r.AffectedRows, want.rows)
			}
		default:
			args := append(s.tcpArgs(), "--local-infile=1")
			if mode == "zlib" {
				args = append(args, "--compress")
			}
			res := runMariadbFor(t, 10*time.Minute, fmt.Sprintf(stmt, table)+";\n", args...)
			if res.exitCode != 0 {
				t.Fatalf("%s: %s", mode, res.stderr)
			}
		}
		t.Logf("%s: %d rows (1 GiB) loaded in %v", mode, want.rows, time.Since(start).Round(time.Millisecond))
		var got csvDigest
		if err := db.QueryRow("SELECT COUNT(*), SUM(k), SUM(CRC32(c)), SUM(CRC32(pad)) FROM "+table).
			Scan(&got.rows, &got.sumK, &got.crcC, &got.crcPad); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("%s: loaded %+v, generated %+v", mode, got, want)
		}
	}
	// Pebble's memtables and block cache account for most of the peak;
	// holding the file would add a gigabyte.
	if p := peak(); p > 800<<10 {
		t.Fatalf("server RSS peaked at %d MB while loading a 1 GiB file", p>>10)
	} else {
		t.Logf("server RSS peak %d MB", p>>10)
	}
}

// csvDigest sums what a loaded table must reproduce.
type csvDigest struct{ rows, sumK, crcC, crcPad int64 }

// writeSysbenchCSV writes sysbench-shaped rows (id,k,c,pad) until size
// bytes and returns their digest (CRC32 is MySQL's, IEEE).
func writeSysbenchCSV(t testing.TB, path string, size int64) (d csvDigest) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	var written int64
	x := uint64(0x9e3779b97f4a7c15)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	var line []byte
	for written < size {
		d.rows++
		k := int64(next() % 1000000)
		d.sumK += k
		line = fmt.Appendf(line[:0], "%d,%d,", d.rows, k)
		cStart := len(line)
		line = appendDigitGroups(line, 10, next)
		d.crcC += int64(crc32.ChecksumIEEE(line[cStart:]))
		line = append(line, ',')
		padStart := len(line)
		line = appendDigitGroups(line, 5, next)
		d.crcPad += int64(crc32.ChecksumIEEE(line[padStart:]))
		line = append(line, '\n')
		n, err := w.Write(line)
		if err != nil {
			t.Fatal(err)
		}
		written += int64(n)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return d
}

// appendDigitGroups appends n dash-separated groups of 11 random digits,
// as sysbench fills c and pad.
func appendDigitGroups(b []byte, n int, next func() uint64) []byte {
	for g := range n {
		if g > 0 {
			b = append(b, '-')
		}
		b = fmt.Appendf(b, "%011d", next()%100000000000)
	}
	return b
}

// watchRSS samples a process's VmRSS every 100 ms until the test ends;
// the returned function reports the peak in KB.
func watchRSS(t testing.TB, pid int) func() int64 {
	var mu sync.Mutex
	var peak int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if kb, err := vmRSS(pid); err == nil {
				mu.Lock()
				peak = max(peak, kb)
				mu.Unlock()
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done })
	return func() int64 { mu.Lock(); defer mu.Unlock(); return peak }
}

func vmRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			return strconv.ParseInt(f[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS")
}

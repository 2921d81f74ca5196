package e2e

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"

	gmclient "github.com/go-mysql-org/go-mysql/client"
	gmysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/loopdb/loopdb/internal/myclient"
)

// The compressed protocol gives the same results as the plain one: small
// and large results, a statement over 16 MB (several frames and packets),
// prepared statements, with zlib (go-sql-driver compress=true) and zstd
// (go-mysql's client, which also checks the compressed sequence ids).
func TestCompressedProtocol(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	plain := openDB(t, s.dsnTCP("root", "", "", "multiStatements=true"))
	zlib := openDB(t, s.dsnTCP("root", "", "", "compress=true", "multiStatements=true"))
	ctx := ctxT(t, 120*time.Second)
	big := strings.Repeat("compressible data 0123456789 ", 600000) // ~17 MB: a packet chain
	sum := md5.Sum([]byte(big))
	want := hex.EncodeToString(sum[:])
	if _, err := plain.ExecContext(ctx, "CREATE DATABASE z; CREATE TABLE z.t (id INT PRIMARY KEY, v LONGTEXT)"); err != nil {
		t.Fatal(err)
	}
	// A >16 MB INSERT over zlib, read back over zlib and plain.
	if _, err := zlib.ExecContext(ctx, "INSERT INTO z.t VALUES (1, ?)", big); err != nil {
		t.Fatal(err)
	}
	if _, err := zlib.ExecContext(ctx, "INSERT INTO z.t VALUES (2, '"+big+"')"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int{1, 2} {
		var v string
		if err := zlib.QueryRowContext(ctx, "SELECT v FROM z.t WHERE id = ?", id).Scan(&v); err != nil || v != big {
			t.Fatalf("zlib read of row %d: %d bytes, %v", id, len(v), err)
		}
		var h string
		if err := plain.QueryRowContext(ctx, "SELECT MD5(v) FROM z.t WHERE id = ?", id).Scan(&h); err != nil || h != want {
			t.Fatalf("plain MD5 of row %d: %s %v", id, h, err)
		}
	}
	var algo, level string
	conn, err := zlib.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.QueryRowContext(ctx, "SHOW STATUS LIKE 'Compression_algorithm'").Scan(&algo, &level); err != nil || level != "zlib" {
		t.Fatalf("zlib status: %q %q %v", algo, level, err)
	}

	// zstd through go-mysql's client.
	c := connectZstd(t, s.addr, "z")
	if got := compressionAlgorithm(t, c); got != "zstd" {
		t.Fatalf("zstd status: %q", got)
	}
	for i := 0; i < 3; i++ { // several commands: sequence ids restart each time
		r, err := c.Execute("SELECT v, MD5(v) FROM t WHERE id = ?", 1)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := r.GetString(0, 0)
		h, _ := r.GetString(0, 1)
		if v != big || h != want {
			t.Fatalf("zstd read: %d bytes, md5 %s", len(v), h)
		}
	}
	if err := c.Ping(); err != nil {
		t.Fatalf("zstd ping: %v", err)
	}

	// The byte counters saw the big values go in and out, and shrink.
	counters := map[string]uint64{}
	rows, err := plain.QueryContext(ctx, "SHOW GLOBAL STATUS LIKE 'Compression_bytes%'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var v uint64
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		counters[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	n := uint64(len(big))
	if in, wire := counters["Compression_bytes_received_uncompressed"], counters["Compression_bytes_received"]; in < 2*n || wire == 0 || wire > in/5 {
		t.Fatalf("received counters: %d uncompressed, %d on the wire (%v)", in, wire, counters)
	}
	if out, wire := counters["Compression_bytes_sent_uncompressed"], counters["Compression_bytes_sent"]; out < 5*n || wire == 0 || wire > out/5 {
		t.Fatalf("sent counters: %d uncompressed, %d on the wire (%v)", out, wire, counters)
	}
}

// protocol_compression_algorithms restricts what the server offers: with
// zlib removed, a zlib client falls back to the plain protocol.
func TestCompressionAlgorithmsVariable(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	plain := openDB(t, s.dsnTCP("root", "", ""))
	ctx := ctxT(t, 30*time.Second)
	if _, err := plain.ExecContext(ctx, "SET GLOBAL protocol_compression_algorithms = 'zstd,uncompressed'"); err != nil {
		t.Fatal(err)
	}
	zlib := openDB(t, s.dsnTCP("root", "", "", "compress=true"))
	var name, value string
	if err := zlib.QueryRowContext(ctx, "SHOW STATUS LIKE 'Compression'").Scan(&name, &value); err != nil || value != "OFF" {
		t.Fatalf("zlib client with zlib not offered: Compression=%q %v", value, err)
	}
	if got := compressionAlgorithm(t, connectZstd(t, s.addr, "")); got != "zstd" {
		t.Fatalf("zstd still offered: %q", got)
	}
}

// connectZstd logs in as root with go-mysql's client asking for zstd; the
// connection closes with the test.
func connectZstd(t *testing.T, addr, db string, options ...gmclient.Option) *gmclient.Conn {
	t.Helper()
	c, err := gmclient.Connect(addr, "root", "", db, append(options, func(c *gmclient.Conn) error {
		return c.SetCapability(gmysql.CLIENT_ZSTD_COMPRESSION_ALGORITHM)
	})...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// compressionAlgorithm is the session's Compression_algorithm status.
func compressionAlgorithm(t *testing.T, c *gmclient.Conn) string {
	t.Helper()
	r, err := c.Execute("SHOW STATUS LIKE 'Compression_algorithm'")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := r.GetString(0, 1)
	return got
}

// Commands pipelined in one write on a compressed connection: the second
// is already decompressed when the first finishes, and must still run.
func TestCompressedPipelinedCommands(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rc, err := myclient.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	rc.ExtraCaps = myclient.CapCompress
	if err := rc.Login("root", "", ""); err != nil {
		t.Fatal(err)
	}
	// Two commands, each a stored frame (uncompressed length 0) with
	// compressed and inner sequence 0, in a single write.
	stored := func(cmd byte, arg string) []byte {
		inner := append([]byte{byte(1 + len(arg)), 0, 0, 0, cmd}, arg...)
		return append([]byte{byte(len(inner)), 0, 0, 0, 0, 0, 0}, inner...)
	}
	if _, err := rc.NetConn().Write(append(stored(myclient.ComQuery, "SELECT 1"), stored(myclient.ComPing, "")...)); err != nil {
		t.Fatal(err)
	}
	// Replies: the result set (ending in EOF), then the ping's OK.
	rc.NetConn().SetReadDeadline(time.Now().Add(10 * time.Second))
	var plain []byte
	var packets [][]byte
	sawEOF := false
	for {
		var hdr [7]byte
		if _, err := io.ReadFull(rc.Reader(), hdr[:]); err != nil {
			t.Fatalf("after %d packets: %v (pipelined command not run)", len(packets), err)
		}
		clen := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
		ulen := int(hdr[4]) | int(hdr[5])<<8 | int(hdr[6])<<16
		body := make([]byte, clen)
		if _, err := io.ReadFull(rc.Reader(), body); err != nil {
			t.Fatal(err)
		}
		if ulen > 0 {
			zr, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		plain = append(plain, body...)
		for len(plain) >= 4 {
			n := int(plain[0]) | int(plain[1])<<8 | int(plain[2])<<16
			if len(plain) < 4+n {
				break
			}
			p := plain[4 : 4+n]
			plain = plain[4+n:]
			packets = append(packets, p)
			if myclient.IsEOFPacket(p) {
				sawEOF = true
			} else if sawEOF && len(p) > 0 && p[0] == 0x00 {
				return // the ping's OK
			}
		}
	}
}

// The mariadb CLI with --compress (zlib through libmariadb): a result of
// many packets comes back identical to the plain protocol's.
func TestMariadbCLICompress(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	const q = "SELECT seq, REPEAT(CONCAT('row', seq), 20) FROM (" +
		"SELECT a.n * 100 + b.n AS seq FROM " +
		"(SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) a, " +
		"(SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b" +
		") d ORDER BY seq; SHOW STATUS LIKE 'Compression'"
	plain := runMariadb(t, "", append(s.tcpArgs(), "-N", "-e", q)...)
	comp := runMariadb(t, "", append(s.tcpArgs(), "--compress", "-N", "-e", q)...)
	if plain.exitCode != 0 || comp.exitCode != 0 {
		t.Fatalf("exit codes %d/%d: %s %s", plain.exitCode, comp.exitCode, plain.stderr, comp.stderr)
	}
	if !strings.HasSuffix(plain.stdout, "Compression\tOFF\n") || !strings.HasSuffix(comp.stdout, "Compression\tON\n") {
		t.Fatalf("Compression status: plain %q, compressed %q", plain.stdout[max(0, len(plain.stdout)-40):], comp.stdout[max(0, len(comp.stdout)-40):])
	}
	if strings.Count(plain.stdout, "\n") != 51 || strings.TrimSuffix(plain.stdout, "Compression\tOFF\n") != strings.TrimSuffix(comp.stdout, "Compression\tON\n") {
		t.Fatalf("compressed result differs from plain:\n%s\n---\n%s", plain.stdout, comp.stdout)
	}
}

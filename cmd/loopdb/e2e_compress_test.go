package main

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	gmclient "github.com/go-mysql-org/go-mysql/client"
	gmysql "github.com/go-mysql-org/go-mysql/mysql"
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
	c, err := gmclient.Connect(s.addr, "root", "", "z", func(c *gmclient.Conn) error {
		return c.SetCapability(gmysql.CLIENT_ZSTD_COMPRESSION_ALGORITHM)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Execute("SHOW STATUS LIKE 'Compression_algorithm'")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := r.GetString(0, 1); got != "zstd" {
		t.Fatalf("zstd status: %q", got)
	}
	for i := 0; i < 3; i++ { // several commands: sequence ids restart each time
		r, err = c.Execute("SELECT v, MD5(v) FROM t WHERE id = ?", 1)
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
	c, err := gmclient.Connect(s.addr, "root", "", "", func(c *gmclient.Conn) error {
		return c.SetCapability(gmysql.CLIENT_ZSTD_COMPRESSION_ALGORITHM)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Execute("SHOW STATUS LIKE 'Compression_algorithm'")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := r.GetString(0, 1); got != "zstd" {
		t.Fatalf("zstd still offered: %q", got)
	}
}

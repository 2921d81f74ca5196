package e2e

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A cursor over a large table (COM_STMT_EXECUTE with CURSOR_TYPE_READ_ONLY,
// then COM_STMT_FETCH in batches of 1000, as the C API and Connector/J with
// useCursorFetch do) returns every row while the server's memory stays
// flat: rows are read as they are fetched, not materialised.
func TestCursorFetchStreams(t *testing.T) {
	t.Parallel()
	rows, batch := envInt("LOOPDB_CURSOR_ROWS", 200000), 1000
	// A small block cache: otherwise reading the table fills Pebble's cache
	// and RSS grows with it, whatever the cursor does.
	s := startServer(t, "--cache-size=4M")
	db := openDB(t, s.dsnTCP("root", "", "", "multiStatements=true"))
	ctx := ctxT(t, 120*time.Second)
	if _, err := db.ExecContext(ctx, "CREATE DATABASE c; CREATE TABLE c.big (id INT PRIMARY KEY, pad VARCHAR(255))"); err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", 200)                // ~40 MB of rows in all
	for start := 1; start <= rows; start += 2000 { // rows is a multiple of 2000
		var b strings.Builder
		b.WriteString("INSERT INTO c.big VALUES ")
		for i := start; i < start+2000; i++ {
			if i > start {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "(%d,'%s')", i, pad)
		}
		if _, err := db.ExecContext(ctx, b.String()); err != nil {
			t.Fatal(err)
		}
	}
	rc := mustRawLogin(t, s, "c")
	rc.Bound(120 * time.Second)
	// PREPARE: OK packet, then the column definitions and EOFs.
	if err := rc.Command(0x16, []byte("SELECT id, pad FROM big WHERE id > ?")); err != nil {
		t.Fatal(err)
	}
	ok, err := rc.ReadPacket()
	if err != nil || ok[0] != 0 {
		t.Fatalf("prepare: % x %v", ok, err)
	}
	stmtID := binary.LittleEndian.Uint32(ok[1:])
	drain := func() { // skip packets up to and including the next EOF/OK-EOF
		for {
			p, err := rc.ReadPacket()
			if err != nil {
				t.Fatal(err)
			}
			if p[0] == 0xfe && len(p) < 9 || p[0] == 0xff {
				if p[0] == 0xff {
					t.Fatalf("error: %s", p[9:])
				}
				return
			}
		}
	}
	drain() // parameter definitions
	drain() // column definitions
	// EXECUTE with a cursor: id > 0, one BIGINT parameter.
	exec := binary.LittleEndian.AppendUint32(nil, stmtID)
	exec = append(exec, 0x01)                        // CURSOR_TYPE_READ_ONLY
	exec = binary.LittleEndian.AppendUint32(exec, 1) // iterations
	exec = append(exec, 0x00, 0x01, 0x08, 0x00)      // null bitmap, new params, LONGLONG
	exec = binary.LittleEndian.AppendUint64(exec, 0) // id > 0
	rssStart := serverRSS(t, s)                      // before EXECUTE: a cursor that materialises grows here
	if err := rc.Command(0x17, exec); err != nil {
		t.Fatal(err)
	}
	if p, err := rc.ReadPacket(); err != nil || p[0] != 2 { // two columns
		t.Fatalf("execute: % x %v", p, err)
	}
	drain() // column definitions + EOF with CURSOR_EXISTS
	fetched, peak := 0, serverRSS(t, s)
	for done := false; !done; {
		arg := binary.LittleEndian.AppendUint32(nil, stmtID)
		arg = binary.LittleEndian.AppendUint32(arg, uint32(batch))
		if err := rc.Command(0x1c, arg); err != nil {
			t.Fatal(err)
		}
		for {
			p, err := rc.ReadPacket()
			if err != nil {
				t.Fatal(err)
			}
			if p[0] == 0x00 {
				fetched++
				continue
			}
			if p[0] == 0xff {
				t.Fatalf("fetch error after %d rows: %s", fetched, p[9:])
			}
			status := binary.LittleEndian.Uint16(p[3:]) // EOF: fe, warnings(2), status(2)
			done = status&0x80 != 0                     // LAST_ROW_SENT
			break
		}
		if fetched%(50*batch) == 0 {
			peak = max(peak, serverRSS(t, s))
		}
	}
	if fetched != rows {
		t.Fatalf("fetched %d rows, want %d", fetched, rows)
	}
	// Materialising the rows would cost ~40 MB+; streaming holds one batch.
	if growth := peak - rssStart; growth > 20<<10 {
		t.Fatalf("server RSS grew %d KB while fetching (%d KB -> %d KB)", growth, rssStart, peak)
	}
	t.Logf("fetched %d rows; server RSS %d KB -> peak %d KB", fetched, rssStart, peak)
}

// serverRSS reads the server process's resident set in KB.
func serverRSS(t *testing.T, s *server) int {
	t.Helper()
	kb, err := vmRSS(s.cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	return int(kb)
}

// envInt reads a test size from the environment (bigger local runs).
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

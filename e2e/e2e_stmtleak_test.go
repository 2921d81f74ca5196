package e2e

import (
	"encoding/binary"
	"testing"
	"time"
)

// Preparing and closing statements over and over leaks nothing: after many
// cycles the server's RSS is where it was after the first ones, and
// Prepared_stmt_count is back to zero.
func TestPrepareCloseDoesNotLeak(t *testing.T) {
	t.Parallel()
	cycles := envInt("LOOPDB_PREPARE_CYCLES", 50000)
	s := startServer(t)
	rc := mustRawLogin(t, s, "")
	rc.Bound(120 * time.Second)
	cycle := func() {
		if err := rc.Command(0x16, []byte("SELECT ? + 1, CONCAT('a', ?)")); err != nil {
			t.Fatal(err)
		}
		ok, err := rc.ReadPacket()
		if err != nil || ok[0] != 0 {
			t.Fatalf("prepare: % x %v", ok, err)
		}
		id := binary.LittleEndian.Uint32(ok[1:])
		for eofs := 0; eofs < 2; { // parameter and column definitions, each ending in EOF
			p, err := rc.ReadPacket()
			if err != nil {
				t.Fatal(err)
			}
			if p[0] == 0xfe && len(p) < 9 {
				eofs++
			}
		}
		if err := rc.Command(0x19, binary.LittleEndian.AppendUint32(nil, id)); err != nil { // COM_STMT_CLOSE: no reply
			t.Fatal(err)
		}
	}
	for i := 0; i < 10000; i++ { // warm up: pools and caches reach their size
		cycle()
	}
	before := serverRSS(t, s)
	for i := 0; i < cycles; i++ {
		cycle()
	}
	after := serverRSS(t, s)
	rs, err := rc.Query("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'")
	if err != nil || len(rs.Rows) != 1 || *rs.Rows[0][1] != "0" {
		t.Fatalf("Prepared_stmt_count after closing everything: %+v %v", rs, err)
	}
	// A leak of 200 bytes per statement would show as ~10 MB.
	if after-before > 4<<10 {
		t.Fatalf("RSS grew %d KB over %d prepare/close cycles (%d -> %d KB)", after-before, cycles, before, after)
	}
	t.Logf("%d prepare/close cycles: RSS %d KB -> %d KB", cycles, before, after)
}

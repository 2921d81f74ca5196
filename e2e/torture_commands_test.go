package e2e

// Torture cases in the command phase: every command byte with random arguments,
// COM_STMT_EXECUTE that lies about its statement, parameter count and types, and compressed
// frames that lie about their lengths. See torture_test.go for the server and the prober.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/internal/myclient"
)

// tortureEveryCommandByte sends each command byte 0x00-0xFF with random arguments (empty,
// short, and up to 4 KB) on a logged-in connection, each followed by a sentinel query. The
// server must answer the command (or say nothing, for the commands that have no reply) and
// then the sentinel, or close the connection; never stall it. What each byte got is logged.
func tortureEveryCommandByte(t *testing.T, s *server, rng *rand.Rand) {
	const perByte = 4
	outcomes := map[string][]string{} // outcome -> command bytes
	var rc *myclient.Conn
	defer func() {
		if rc != nil {
			rc.Close()
		}
	}()
	for cmd := 0; cmd < 256; cmd++ {
		if cmd == myclient.ComShutdown {
			// COM_SHUTDOWN from root stops the server, as it should
			// (TestMariadbAdmin); without the privilege it is 1227 (same test).
			continue
		}
		seen := map[string]bool{}
		for i := 0; i < perByte; i++ {
			if rc == nil {
				var err error
				if rc, err = rawLogin(s, ""); err != nil {
					t.Fatalf("login before command 0x%02x: %v", cmd, err)
				}
			}
			arg := randPayload(rng, []int{0, 1 + rng.Intn(8), rng.Intn(64), rng.Intn(4096)}[i])
			if cmd == myclient.ComQuit {
				arg = nil
			}
			if cmd == 0x0c && len(arg) == 4 { // COM_PROCESS_KILL: never an id that exists
				arg[3] = 0xff
			}
			token := fmt.Sprintf("sentinel-%02x-%d", cmd, i)
			nc := rc.NetConn()
			req := append(myclient.Frame(0, append([]byte{byte(cmd)}, arg...)), sentinelQuery(token)...)
			if _, err := nc.Write(req); err != nil {
				t.Fatalf("command 0x%02x: write: %v", cmd, err)
			}
			before, closed, err := untilSentinel(nc, rc.Reader(), token, 10*time.Second)
			if err != nil {
				t.Errorf("command 0x%02x with %d random bytes (% x...): %v", cmd, len(arg), arg[:min(len(arg), 16)], err)
			}
			o := describeAnswer(before, closed)
			if !seen[o] {
				seen[o] = true
				outcomes[o] = append(outcomes[o], fmt.Sprintf("%02x", cmd))
			}
			if closed || err != nil {
				rc.Close()
				rc = nil
			}
		}
	}
	keys := make([]string, 0, len(outcomes))
	for k := range outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-28s commands %s", k, strings.Join(outcomes[k], " "))
	}
}

// describeAnswer names what the server sent before the sentinel's result.
func describeAnswer(before [][]byte, closed bool) string {
	var parts []string
	for _, p := range before {
		switch {
		case len(p) > 0 && p[0] == 0xff:
			parts = append(parts, fmt.Sprintf("ERR %d", myclient.ErrCode(myclient.ParseErr(p))))
		case len(p) > 0 && p[0] == 0x00 && len(parts) == 0:
			parts = append(parts, "OK")
		case myclient.IsEOFPacket(p) && len(parts) == 0:
			parts = append(parts, "EOF")
		case len(parts) == 0:
			parts = append(parts, "result")
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no reply")
	}
	if closed {
		parts = append(parts, "close")
	}
	return strings.Join(parts, ", ")
}

// tortureStmtExecute sends COM_STMT_EXECUTE payloads that lie: unknown ids, too few or too
// many parameters, unknown type codes, values cut short, no types on the first execute, and
// random bytes after a real id. Each must be refused in-band (the connection goes on).
func tortureStmtExecute(t *testing.T, s *server, rng *rand.Rand) {
	rc := loggedIn(t, s, 0)
	st, err := rc.Prepare("SELECT ? + ?, CONCAT(?, 'x')")
	if err != nil {
		t.Fatal(err)
	}
	st0, err := rc.Prepare("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	id := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	head := func(v uint32) []byte { return append(id(v), 0, 1, 0, 0, 0) } // no cursor, 1 iteration
	good := myclient.AppendExecute(nil, st.ID, []int64{1, 2}, []string{"a"})[1:]
	cases := []struct {
		name string
		arg  []byte
		want uint16 // 0: any ERR, or an answer
	}{
		{"unknown statement id", head(st.ID + 1000), 1243},
		{"statement id 0", head(0), 1243},
		{"id only", id(st.ID), 1835},
		{"nothing", nil, 1835},
		{"id, flags, no iteration count", append(id(st.ID), 0, 1), 1835},
		{"no parameters for three", head(st.ID), 1210},
		{"first execute without types", append(head(st.ID), 0, 0), 1210},
		{"types for one of three", append(head(st.ID), 0, 1, myclient.TypeLongLong, 0), 1210},
		{"values cut short", good[:len(good)-3], 1210},
		{"unknown type 0xee", append(append(head(st.ID), 0, 1, 0xee, 0, 0xee, 0, 0xee, 0), randPayload(rng, 24)...), 0},
		{"string longer than the packet", append(append(head(st.ID), 0, 1, 0xfd, 0, 0xfd, 0, 0xfd, 0), 0xfc, 0xff, 0xff, 'a'), 1210},
		{"lenenc 0xff", append(append(head(st.ID), 0, 1, 0xfd, 0, 0xfd, 0, 0xfd, 0), 0xff, 0xff, 0xff), 1210},
		{"extra bytes after the values", append(append([]byte{}, good...), randPayload(rng, 100)...), 0},
		{"parameters for a statement with none", good[4:], 0}, // id of... replaced below
		{"cursor on a SELECT", append(id(st0.ID), 1, 1, 0, 0, 0), 0},
		{"cursor flags 0xff", append(id(st0.ID), 0xff, 1, 0, 0, 0), 0},
		{"zero iterations", append(id(st0.ID), 0, 0, 0, 0, 0), 0},
		{"2^32-1 iterations", append(id(st0.ID), 0, 0xff, 0xff, 0xff, 0xff), 0},
	}
	for i := range cases {
		if cases[i].name == "parameters for a statement with none" {
			cases[i].arg = append(id(st0.ID), good[4:]...)
		}
	}
	for i := 0; i < 200; i++ { // random bytes after a real id
		target := []uint32{st.ID, st0.ID}[i%2]
		cases = append(cases, struct {
			name string
			arg  []byte
			want uint16
		}{fmt.Sprintf("random %d", i), append(id(target), randPayload(rng, rng.Intn(64))...), 0})
	}
	codes := map[string]int{}
	for i, c := range cases {
		token := fmt.Sprintf("stmt-%d", i)
		nc := rc.NetConn()
		nc.Write(append(myclient.Frame(0, append([]byte{myclient.ComStmtExecute}, c.arg...)), sentinelQuery(token)...))
		before, closed, err := untilSentinel(nc, rc.Reader(), token, 10*time.Second)
		if err != nil || closed {
			t.Fatalf("COM_STMT_EXECUTE %s (% x): closed %v, %v; want an in-band answer", c.name, c.arg, closed, err)
		}
		got := describeAnswer(before, false)
		codes[got]++
		if c.want != 0 && got != fmt.Sprintf("ERR %d", c.want) {
			t.Errorf("COM_STMT_EXECUTE %s: %s, want ERR %d", c.name, got, c.want)
		}
		if c.want != 0 || !strings.HasPrefix(c.name, "random") {
			t.Logf("COM_STMT_EXECUTE %s: %s", c.name, got)
		}
	}
	t.Logf("COM_STMT_EXECUTE answers over %d payloads: %v", len(cases), codes)
	// The statement still works.
	rc.NetConn().Write(append(myclient.Frame(0, append([]byte{myclient.ComStmtExecute}, good...)), sentinelQuery("stmt-good")...))
	before, closed, err := untilSentinel(rc.NetConn(), rc.Reader(), "stmt-good", 10*time.Second)
	if got := describeAnswer(before, closed); err != nil || got != "result" {
		t.Errorf("a good COM_STMT_EXECUTE after the lies: %s %v", got, err)
	}
}

// compressedFrame frames body as one compressed-protocol frame: compressed length, sequence,
// and the length the body claims to inflate to (0: stored, not compressed).
func compressedFrame(seq byte, body []byte, claimed int) []byte {
	n := len(body)
	return append([]byte{byte(n), byte(n >> 8), byte(n >> 16), seq, byte(claimed), byte(claimed >> 8), byte(claimed >> 16)}, body...)
}

func zlibBytes(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// tortureCompressedLies logs in with CLIENT_COMPRESS and sends frames that lie about their
// lengths or hold no zlib stream. Each must end in a close, at once or by wait_timeout.
func tortureCompressedLies(t *testing.T, s *server, rng *rand.Rand) {
	ping := []byte{1, 0, 0, 0, myclient.ComPing} // a plain COM_PING packet, seq 0
	small := zlibBytes(t, ping)
	bomb := zlibBytes(t, make([]byte, 8<<20))
	cases := []struct {
		name  string
		frame []byte
		idle  bool // the lie leaves the server waiting for bytes: wait_timeout ends it
	}{
		{"compressed length beyond the bytes sent", compressedFrame(0, small, len(ping))[:5], true},
		{"claims 1000 bytes, inflates to 5", compressedFrame(0, small, 1000), false},
		{"claims 3 bytes, inflates to 5", compressedFrame(0, small, 3), false},
		{"claims 16 MB (over max_allowed_packet)", compressedFrame(0, small, 0xffffff), false},
		{"claims 100, inflates to 8 MB", compressedFrame(0, bomb, 100), false},
		{"random bytes as zlib", compressedFrame(0, randPayload(rng, 200), 300), false},
		{"stored frame cut inside its packet", compressedFrame(0, []byte{40, 0, 0, 0, myclient.ComQuery, 'S'}, 0), true},
		{"compressed sequence 9", compressedFrame(9, ping, 0), false},
	}
	for _, c := range cases {
		rc := loggedIn(t, s, myclient.CapCompress)
		bound := connectBound
		if c.idle {
			// SET SESSION wait_timeout = 2 as a stored frame; its OK comes back stored too.
			q := append([]byte{myclient.ComQuery}, "SET SESSION wait_timeout = 2"...)
			rc.NetConn().Write(compressedFrame(0, myclient.Frame(0, q), 0))
			rc.NetConn().SetReadDeadline(time.Now().Add(10 * time.Second))
			var hdr [7]byte
			if _, err := rc.Reader().Read(hdr[:]); err != nil {
				t.Fatalf("%s: SET wait_timeout over compression: %v", c.name, err)
			}
			rc.Reader().Discard(rc.Reader().Buffered())
			bound = 2*time.Second + closeSlack
		}
		if c.name == "compressed sequence 9" {
			bound = 3 * time.Second // answered, not closed: no need to wait longer
		}
		rc.NetConn().Write(c.frame)
		v := awaitClose(rc.NetConn(), rc.Reader(), bound)
		switch {
		case c.name == "compressed sequence 9" && !v.closed:
			// MySQL checks only that compressed sequence ids follow each other within a
			// command; a server that answers is as right as one that closes.
			t.Logf("%s: answered (%v)", c.name, v)
		case !v.closed:
			t.Errorf("%s: %v, want a close within %v", c.name, v, bound)
		default:
			t.Logf("%s: closed after %v", c.name, v.took.Round(time.Millisecond))
		}
	}
}

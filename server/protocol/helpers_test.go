package protocol

import (
	"testing"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage/pebble"
)

// recordSink keeps every packet payload a command writes.
type recordSink struct {
	pkts  [][]byte
	buf   []byte
	start int
}

func (r *recordSink) Begin() []byte {
	var b []byte
	b, r.start = codec.BeginPacket(r.buf[:0])
	return b
}

func (r *recordSink) Commit(b []byte) error {
	r.pkts = append(r.pkts, append([]byte(nil), b[r.start+codec.HeaderSize:]...))
	r.buf = b[:0]
	return nil
}

// result is one decoded statement response.
type result struct {
	ok     *codec.OK
	err    *mysqldef.SQLError
	cols   []*codec.ColumnDef
	rows   [][]string // NULL as "NULL"
	status uint16
}

// decodeResults parses a command's packets as a client with
// CLIENT_DEPRECATE_EOF would.
func decodeResults(t *testing.T, pkts [][]byte) []result {
	t.Helper()
	var out []result
	for i := 0; i < len(pkts); {
		p := pkts[i]
		switch p[0] {
		case codec.HeaderOK:
			ok, err := codec.ParseOK(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, result{ok: ok, status: ok.Status})
			i++
			continue
		case codec.HeaderERR:
			e, err := codec.ParseErr(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, result{err: e})
			i++
			continue
		}
		n, _, _, err := codec.ReadLenEncInt(p)
		if err != nil {
			t.Fatal(err)
		}
		var r result
		i++
		for c := 0; c < int(n); c++ {
			def, err := codec.ParseColumnDef(pkts[i])
			if err != nil {
				t.Fatal(err)
			}
			r.cols = append(r.cols, def)
			i++
		}
		for ; pkts[i][0] != codec.HeaderEOF || len(pkts[i]) >= 0xffffff; i++ {
			vals, err := codec.ParseTextRow(pkts[i], int(n))
			if err != nil {
				t.Fatal(err)
			}
			row := make([]string, n)
			for j, v := range vals {
				if v == nil {
					row[j] = "NULL"
				} else {
					row[j] = string(v)
				}
			}
			r.rows = append(r.rows, row)
		}
		end, err := codec.ParseOK(pkts[i])
		if err != nil {
			t.Fatal(err)
		}
		r.status = end.Status
		i++
		out = append(out, r)
	}
	return out
}

// newTestConn is a logged-in connection (CLIENT_DEPRECATE_EOF and
// CLIENT_MULTI_STATEMENTS, as modern clients ask) on a fresh engine.
func newTestConn(t *testing.T) *Conn {
	t.Helper()
	return newTestConnCaps(t, codec.ClientDeprecateEOF|codec.ClientMultiStatements|codec.ClientProtocol41)
}

func newTestConnCaps(t *testing.T, caps uint32) *Conn {
	t.Helper()
	db, err := pebble.Open(t.TempDir(), pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	store := pebble.NewEngine(db, nil)
	t.Cleanup(func() { store.Close() })
	eng, err := exec.NewEngine(exec.Config{Version: "8.0.40-loopdb-test"}, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := eng.NewSession(7, "localhost", nil, nil)
	t.Cleanup(s.Close)
	s.Login("root", "localhost", SessionOptions(caps), "")
	return NewConn(s, caps&codec.ClientDeprecateEOF != 0)
}

// command runs one command packet and returns the packets written.
func command(c *Conn, payload []byte) [][]byte {
	var sink recordSink
	c.Dispatch(payload, &sink)
	return sink.pkts
}

func query(t *testing.T, c *Conn, sql string) []result {
	t.Helper()
	return decodeResults(t, command(c, append([]byte{codec.ComQuery}, sql...)))
}

// one runs sql and returns its only result, failing on an error.
func one(t *testing.T, c *Conn, sql string) result {
	t.Helper()
	rs := query(t, c, sql)
	if len(rs) != 1 {
		t.Fatalf("%s: %d results", sql, len(rs))
	}
	if rs[0].err != nil {
		t.Fatalf("%s: %v", sql, rs[0].err)
	}
	return rs[0]
}

func mustExec(t *testing.T, c *Conn, sqls ...string) {
	t.Helper()
	for _, q := range sqls {
		one(t, c, q)
	}
}

// Command floorserver is the protocol floor for benchmarks: a raw gnet v2 server with no state
// and no dispatch beyond a byte or two, answering from canned packets. Whatever loopdb costs
// above this figure is ours; what is below it is gnet, the kernel and the client.
//
// Without flags it answers every complete MySQL packet with the same 11-byte OK packet loopdb
// sends for COM_PING, with no handshake (bench/pingload -raw). With -mysql it plays just enough
// of a MySQL server for bench/manyconn (mysql.go): a greeting, an OK for any login, canned
// answers to COM_STMT_PREPARE and COM_STMT_EXECUTE of sbtest1's point select and insert, and
// OK for anything else, so the tool's own cost can be measured against a server that costs
// almost nothing.
//
//	floorserver -addr 127.0.0.1:3399
//	floorserver -addr 127.0.0.1:3399 -mysql
package main

import (
	"flag"
	"log"

	"github.com/panjf2000/gnet/v2"
)

// okPayload is the COM_PING answer: OK header, affected rows 0, insert id 0,
// status SERVER_STATUS_AUTOCOMMIT, 0 warnings.
var okPayload = [7]byte{0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}

type floor struct {
	gnet.BuiltinEventEngine
	mysql bool // greet, and answer by command (mysql.go)
}

// connState is per connection: the reply buffer, reused so the floor does not measure the
// allocator, and (with -mysql) whether the login is done.
type connState struct {
	out      []byte
	loggedIn bool
}

func (f *floor) OnOpen(c gnet.Conn) ([]byte, gnet.Action) {
	c.SetContext(&connState{})
	if f.mysql {
		return greeting, gnet.None
	}
	return nil, gnet.None
}

// OnTraffic answers each complete packet in the inbound buffer, in one write per wake-up (as a
// pipelining client would be served by a good server), and leaves a partial packet buffered.
func (f *floor) OnTraffic(c gnet.Conn) gnet.Action {
	buf, _ := c.Peek(-1)
	st := c.Context().(*connState)
	out := st.out[:0]
	used := 0
	closeConn := false
	for len(buf)-used >= 4 {
		n := int(buf[used]) | int(buf[used+1])<<8 | int(buf[used+2])<<16
		if len(buf)-used < 4+n {
			break
		}
		seq := buf[used+3]
		if f.mysql {
			var quit bool
			out, quit = answer(out, st, seq, buf[used+4:used+4+n])
			closeConn = closeConn || quit
		} else {
			out = appendOK(out, seq+1)
		}
		used += 4 + n
	}
	if used > 0 {
		c.Discard(used)
		if len(out) > 0 {
			c.Write(out)
		}
	}
	st.out = out
	if closeConn {
		return gnet.Close
	}
	return gnet.None
}

func appendOK(out []byte, seq byte) []byte {
	out = append(out, byte(len(okPayload)), 0, 0, seq)
	return append(out, okPayload[:]...)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:3399", "listen address (host:port)")
	mysql := flag.Bool("mysql", false, "greet, accept any login and answer prepared point selects and inserts from canned packets")
	flag.Parse()
	log.Printf("floorserver listening on %s (mysql=%v)", *addr, *mysql)
	err := gnet.Run(&floor{mysql: *mysql}, "tcp://"+*addr, gnet.WithMulticore(true), gnet.WithTCPNoDelay(gnet.TCPNoDelay), gnet.WithReusePort(false))
	if err != nil {
		log.Fatal(err)
	}
}

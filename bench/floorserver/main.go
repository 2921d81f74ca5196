// Command floorserver is the protocol floor for ping benchmarks: a raw gnet v2 server that
// answers every complete MySQL packet with the same 11-byte OK packet loopdb sends for COM_PING,
// with no handshake, no state and no dispatch. Whatever loopdb costs above this figure is ours;
// what is below it is gnet plus the kernel.
//
//	floorserver -addr 127.0.0.1:3399
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
}

// OnTraffic answers each complete packet in the inbound buffer, in one write per wake-up (as a
// pipelining client would be served by a good server), and leaves a partial packet buffered.
func (*floor) OnTraffic(c gnet.Conn) gnet.Action {
	buf, _ := c.Peek(-1)
	var out []byte
	if v, ok := c.Context().([]byte); ok {
		out = v[:0]
	}
	used := 0
	for len(buf)-used >= 4 {
		n := int(buf[used]) | int(buf[used+1])<<8 | int(buf[used+2])<<16
		if len(buf)-used < 4+n {
			break
		}
		seq := buf[used+3]
		out = append(out, byte(len(okPayload)), 0, 0, seq+1)
		out = append(out, okPayload[:]...)
		used += 4 + n
	}
	if used > 0 {
		c.Discard(used)
		c.Write(out)
	}
	c.SetContext(out) // reuse the reply buffer: the floor should not measure the allocator
	return gnet.None
}

func main() {
	addr := flag.String("addr", "127.0.0.1:3399", "listen address (host:port)")
	flag.Parse()
	log.Printf("floorserver listening on %s", *addr)
	err := gnet.Run(&floor{}, "tcp://"+*addr, gnet.WithMulticore(true), gnet.WithTCPNoDelay(gnet.TCPNoDelay), gnet.WithReusePort(false))
	if err != nil {
		log.Fatal(err)
	}
}

package reactor

import (
	"runtime"
	"sync/atomic"
	"time"

	"github.com/panjf2000/gnet/v2"
)

// Stats are the reactor's server-wide counters, read by SHOW GLOBAL STATUS
// and the metrics endpoint. Every field is an atomic bumped where the event
// happens: no lock, no map.
type Stats struct {
	// BytesReceived and BytesSent count bytes as they cross the socket
	// (after TLS and compression), as MySQL's Bytes_received/Bytes_sent.
	BytesReceived, BytesSent atomic.Uint64
	// LoopWakeups counts OnTraffic calls; LoopBusyNanos the time the loops
	// spent in them (framing, decrypting, hand-off: never SQL).
	LoopWakeups, LoopBusyNanos atomic.Uint64
	// Accepted counts connections the loops accepted (before any limit);
	// Refused those refused at once (max_connections, shutdown).
	Accepted, Refused atomic.Uint64
	// DrainChecks counts the loop's checks of a stalled writer's outbound
	// buffer (a slow reader's cost in wakeups).
	DrainChecks atomic.Uint64
}

// Stats returns the reactor's counters.
func (s *Server) Stats() *Stats { return &s.stats }

// EventLoops is the number of event loops serving connections (gnet's
// multicore mode runs one per CPU).
func (s *Server) EventLoops() int {
	if s.cfg.EventLoops > 0 {
		return s.cfg.EventLoops
	}
	return runtime.NumCPU()
}

// countSent counts bytes handed to gnet for the socket.
func (s *Server) countSent(n int) { s.stats.BytesSent.Add(uint64(n)) }

// trafficTimed runs one OnTraffic for cn and counts what it read: the bytes
// gnet buffered since the connection's last turn (only OnTraffic consumes
// input, so the difference is exactly what arrived) and the time spent.
func (s *Server) trafficTimed(cn *conn) gnet.Action {
	start := time.Now()
	arrived := cn.gc.InboundBuffered() - cn.inboundSeen
	act := cn.onTraffic()
	if act == gnet.None {
		cn.inboundSeen = cn.gc.InboundBuffered()
	}
	if arrived > 0 {
		s.stats.BytesReceived.Add(uint64(arrived))
	}
	s.stats.LoopWakeups.Add(1)
	s.stats.LoopBusyNanos.Add(uint64(time.Since(start)))
	return act
}

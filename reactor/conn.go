package reactor

import (
	"net"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/panjf2000/gnet/v2"
	"github.com/valyala/bytebufferpool"
)

// Connection phases, as the sweeper and the loop's own answers (COM_PING,
// COM_QUIT, the shutdown refusal; command phase only) see them.
const (
	phaseHandshake uint32 = iota // greeting sent, not yet authenticated
	phaseCommand                 // authenticated
	phaseReauth                  // authenticated, inside COM_CHANGE_USER's auth exchange
)

// preAuthPacketLimit bounds packets before authentication: a handshake
// response with connect attributes is a few hundred bytes.
const preAuthPacketLimit = 128 << 10

// conn is the per-connection state. Fields without atomics are touched only
// on the connection's loop.
type conn struct {
	srv  *Server
	gc   gnet.Conn
	sess Session
	link *Link
	in   inbound

	sec      *secState  // TLS; nil when off
	comp     *compState // compressed protocol; nil when off
	feed     *infeed    // a LOAD DATA LOCAL is reading the client's file
	busy     bool       // a worker owns the session
	closed   bool       // gnet closed the connection
	refusing bool       // an oversized packet was refused; draining it before closing

	// inboundSeen is what gnet still buffered when the last OnTraffic
	// returned (Stats.BytesReceived counts the growth from there).
	inboundSeen int

	phase       atomic.Uint32
	openedAt    int64
	lastActive  atomic.Int64 // unix nanoseconds of the last command's end
	waitTimeout atomic.Int64 // nanoseconds
	released    atomic.Bool
}

// Link lets other goroutines (KILL, the sweeper, shutdown) act on a
// connection safely.
type Link struct {
	gc     gnet.Conn
	id     uint32
	killed atomic.Bool
	quit   atomic.Bool // the client ended with COM_QUIT
}

// ID is the connection id (CONNECTION_ID()).
func (l *Link) ID() uint32 { return l.id }

// Close closes the connection from any goroutine. A command running on it
// sees write errors and Killed() == true.
func (l *Link) Close() {
	l.killed.Store(true)
	_ = l.gc.Close()
}

// Killed reports whether Close was called.
func (l *Link) Killed() bool { return l.killed.Load() }

// Quit reports whether the client said goodbye with COM_QUIT (a connection
// that ends otherwise counts in Aborted_clients).
func (l *Link) Quit() bool { return l.quit.Load() }

func (cn *conn) packetLimit() int {
	if cn.phase.Load() == phaseHandshake {
		return preAuthPacketLimit
	}
	return int(cn.srv.maxPacket.Load())
}

// onTraffic frames and dispatches every complete packet while the
// connection is idle.
func (cn *conn) onTraffic() gnet.Action {
	src, act := cn.input()
	if src == nil {
		return act
	}
	defer cn.recycleInput()
	if cn.refusing {
		if cn.in.dropRefused(src) {
			return gnet.Close
		}
		return gnet.None
	}
	if cn.feed != nil {
		return cn.feedFile(src)
	}
	for !cn.busy {
		payload, seq, owned, st := cn.in.next(src, cn.packetLimit())
		switch st {
		case frameNeedMore:
			return gnet.None
		case frameTooLarge:
			return cn.refuseOversized(src, seq)
		}
		if cn.phase.Load() == phaseCommand && len(payload) > 0 {
			switch payload[0] {
			case codec.ComPing:
				cn.in.consume(src)
				if cn.comp != nil {
					cn.comp.commandConsumed()
				}
				cn.writeNow(seq+1, codec.AppendOK(nil, &codec.OK{Status: cn.sess.Status()}))
				cn.lastActive.Store(time.Now().UnixNano())
				continue
			case codec.ComQuit:
				cn.link.quit.Store(true)
				return gnet.Close
			}
		}
		if cn.srv.draining.Load() && cn.phase.Load() == phaseCommand {
			cn.writeNow(seq+1, codec.AppendErr(nil, mysqldef.NewError(mysqldef.ErrServerShutdown,
				"Server shutdown in progress")))
			return gnet.Close
		}
		var pooled *bytebufferpool.ByteBuffer
		if !owned {
			pooled = packetPool.Get()
			pooled.B = append(pooled.B[:0], payload...)
			payload = pooled.B
			cn.in.consume(src)
		}
		if cn.comp != nil {
			cn.comp.commandConsumed()
		}
		cn.busy = true
		task := func() { cn.serve(payload, seq, pooled) }
		// The session is idle here (as for COM_PING above): its status
		// tells whether it holds a transaction open.
		if cn.phase.Load() == phaseCommand && cn.sess.Status()&mysqldef.StatusInTrans != 0 {
			cn.srv.exec.SubmitUrgent(task)
		} else {
			cn.srv.exec.Submit(task)
		}
	}
	// Busy: bytes pipelined behind the running command wait in gnet's
	// buffer, which cannot be paused; bound them.
	if cn.gc.InboundBuffered() > cn.srv.inboundCap() {
		cn.srv.log.Warn("closing connection: too much input while busy", "conn", cn.link.id)
		return gnet.Close
	}
	return gnet.None
}

// input runs what arrived through the connection's layers (TLS, then
// decompression) and returns what the packet framer reads from: nil while
// the TLS handshake is under way or when the connection must close.
func (cn *conn) input() (source, gnet.Action) {
	var src source = cn.gc
	if cn.sec != nil {
		if !cn.sec.ready {
			return nil, cn.sec.feedHandshake(cn)
		}
		if !cn.busy || cn.feed != nil {
			if err := cn.sec.decrypt(cn); err != nil {
				cn.srv.log.Debug("closing TLS connection", "conn", cn.link.id, "error", err)
				return nil, gnet.Close
			}
		}
		src = &cn.sec.plain
	}
	if cn.comp != nil {
		if e := cn.comp.pumpErr(cn, src); e != nil {
			cn.writeNow(cn.comp.outSeq, codec.AppendErr(nil, e))
			return nil, gnet.Close
		}
		src = &cn.comp.plain
	}
	return src, gnet.None
}

// recycleInput returns drained layer buffers to the pool.
func (cn *conn) recycleInput() {
	if cn.sec != nil {
		cn.sec.plain.giveBack()
	}
	if cn.comp != nil {
		cn.comp.plain.giveBack()
	}
}

// refuseOversized answers a packet over max_allowed_packet with 1153, then
// swallows the rest of it before closing: a client still writing the packet
// would otherwise get a reset instead of reading the error. The swallowing
// is bounded by the announced length (at most one 16 MB fragment) and by
// refuseDrainTime.
func (cn *conn) refuseOversized(src source, seq byte) gnet.Action {
	cn.writeNow(seq+1, codec.AppendErr(nil, mysqldef.NewError(mysqldef.ErrNetPacketTooLarge,
		"Got a packet bigger than 'max_allowed_packet' bytes")))
	cn.refusing = true
	if cn.in.dropRefused(src) {
		return gnet.Close
	}
	link := cn.link
	time.AfterFunc(refuseDrainTime, link.Close)
	return gnet.None
}

const refuseDrainTime = 5 * time.Second

var packetPool bytebufferpool.Pool

// serve runs on a worker. A panic in a session is a bug: it is logged and
// the connection closed, so one bad statement cannot wedge a connection in
// the busy state or take the server down.
func (cn *conn) serve(payload []byte, seq byte, pooled *bytebufferpool.ByteBuffer) {
	w := newPacketWriter(cn, seq+1)
	out := Outcome{Close: true}
	defer func() {
		if r := recover(); r != nil {
			cn.srv.log.Error("session panicked; closing connection", "conn", cn.link.id,
				"panic", r, "stack", string(debug.Stack()))
			out = Outcome{Close: true}
		}
		if pooled != nil {
			packetPool.Put(pooled)
		}
		w.finish(out)
	}()
	out = cn.sess.Serve(payload, seq, w)
}

// complete ends a command on the loop.
func (cn *conn) complete(out Outcome) {
	cn.busy = false
	if cn.feed != nil {
		// The statement ended without reading the client's whole file:
		// what is left would be taken for commands.
		cn.feed.fail(net.ErrClosed)
		cn.feed = nil
		out.Close = true
	}
	switch {
	case out.Authenticated:
		cn.phase.Store(phaseCommand)
	case out.Reauthenticating:
		cn.phase.Store(phaseReauth)
	}
	if out.WaitTimeout > 0 {
		cn.waitTimeout.Store(int64(out.WaitTimeout))
	}
	if out.StartTLS != nil && cn.sec == nil {
		cn.sec = &secState{stream: out.StartTLS}
	}
	if out.Compress != codec.CompressNone && cn.comp == nil {
		cn.comp = &compState{comp: codec.Compressor{Algo: out.Compress, Level: out.CompressLevel}, traffic: &cn.srv.traffic}
	}
	cn.lastActive.Store(time.Now().UnixNano())
	switch {
	case cn.closed:
		cn.releaseOnce()
	case out.Close, cn.srv.draining.Load():
		_ = cn.gc.Close()
	case cn.gc.InboundBuffered() > 0 || (cn.sec != nil && cn.sec.pendingInput()) ||
		(cn.comp != nil && cn.comp.plain.InboundBuffered() > 0):
		// Input that arrived while busy (perhaps already decrypted or
		// decompressed), or a ClientHello sent with the SSLRequest:
		// OnTraffic will not fire for it by itself.
		_ = cn.gc.Wake(nil)
	}
}

// writeNow writes one packet from the loop. Only valid while the
// connection is idle, so it cannot overtake a worker's packets. Nothing can
// be written in the middle of a TLS handshake.
func (cn *conn) writeNow(seq byte, payload []byte) {
	if cn.sec != nil && !cn.sec.ready {
		return
	}
	buf, _ := codec.AppendPacket(make([]byte, 0, len(payload)+codec.HeaderSize), seq, payload)
	if cn.comp != nil {
		buf = cn.comp.frame(make([]byte, 0, len(buf)/2+codec.CompressedHeaderSize), buf)
	}
	if cn.sec != nil {
		var err error
		if buf, err = cn.sec.seal(make([]byte, 0, len(buf)+len(buf)/64+64), buf); err != nil {
			return
		}
	}
	cn.srv.countSent(len(buf))
	_, _ = cn.gc.Write(buf)
}

// onClose runs on the loop when gnet closed the connection.
func (cn *conn) onClose() {
	cn.closed = true
	cn.link.killed.Store(true)
	if cn.sec != nil {
		cn.sec.stream.Close()
	}
	if cn.feed != nil {
		cn.feed.fail(net.ErrClosed)
	}
	if !cn.busy {
		cn.releaseOnce()
	}
}

func (cn *conn) releaseOnce() {
	if cn.released.CompareAndSwap(false, true) {
		cn.sess.Closed()
	}
}

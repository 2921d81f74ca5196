package reactor

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/panjf2000/gnet/v2"
	"github.com/valyala/bytebufferpool"
)

// Flow-control constants. A worker hands gnet one chunk at a time; the next
// chunk may go only once gnet's outbound buffer for the connection is below
// highWater (checked on the loop in the write callback) or, after a stall,
// has drained below lowWater. A slow reader therefore holds at most about
// highWater + slowChunkSize bytes and stalls only its own query.
//
// gnet has no drain event, so a stalled writer's loop re-checks the buffer
// on a timer. Fixed-rate polling woke a slow reader's loop dozens of times
// per stall (each wakeup costs far more in scheduler hand-offs than the
// check itself), so checks are scheduled from the rate the connection was
// seen draining at: the first stall of a command backs off from
// drainPollFirst until some bytes have left, after that each check is
// timed for when the buffer should be under lowWater, within
// [drainPollFirst, drainPollMax].
const (
	chunkSize      = 32 << 10
	highWater      = 256 << 10
	lowWater       = 64 << 10
	drainPollFirst = 200 * time.Microsecond
	drainPollMax   = 250 * time.Millisecond
)

// slowChunkSize is the chunk of a reply past its first chunk (a stream),
// and of any reply once its client has stalled the writer. Each hand-off
// to the loop costs an eventfd write, a loop wakeup and a credit round
// trip: a full-table SELECT at 32 KB per hand-off spent a tenth of its
// server CPU there, and four times the bytes per hand-off quarters it
// without changing the bound on what is held. The first chunk stays
// small, so most replies (one packet, a few rows) use small buffers.
const slowChunkSize = 4 * chunkSize

// ErrWriteTimeout is returned when a client has not read its results for
// net_write_timeout; the connection is closed.
var ErrWriteTimeout = errors.New("reactor: client stopped reading (net_write_timeout)")

// Response buffers come from two pools. chunkPool serves a command's first
// buffer: most replies are one small packet (an OK, a few rows), and
// bytebufferpool sizes its buffers by what it sees, so they stay small.
// Once a reply has filled a whole chunk it is a stream, and its next
// buffers come from streamPool at full chunk size: taking a small buffer
// and letting append double it up to chunkSize cost a dozen allocations
// and copies per chunk, and bytebufferpool then dropped the grown buffer
// as an outlier (a full-table SELECT spent a sixth of its CPU there).
var (
	chunkPool  bytebufferpool.Pool
	streamPool sync.Pool // *bytebufferpool.ByteBuffer with cap >= streamChunkCap
	slowPool   sync.Pool // *bytebufferpool.ByteBuffer with cap >= slowChunkCap
)

// streamChunkCap leaves room past chunkSize for the row that crosses it;
// slowChunkCap past slowChunkSize.
const (
	streamChunkCap = chunkSize + chunkSize/2
	slowChunkCap   = slowChunkSize + chunkSize/2
)

// getChunk returns an empty buffer: a full-size one for a reply already
// streaming, else a pooled one sized by what replies usually need.
func getChunk(streaming bool) *bytebufferpool.ByteBuffer {
	if !streaming {
		return chunkPool.Get()
	}
	return getPooled(&streamPool, streamChunkCap)
}

// getSlowChunk returns an empty buffer for a slow reader's chunk.
func getSlowChunk() *bytebufferpool.ByteBuffer { return getPooled(&slowPool, slowChunkCap) }

func getPooled(pool *sync.Pool, size int) *bytebufferpool.ByteBuffer {
	if b, ok := pool.Get().(*bytebufferpool.ByteBuffer); ok {
		return b
	}
	return &bytebufferpool.ByteBuffer{B: make([]byte, 0, size)}
}

// putChunk returns a buffer to the pool it fits: full-size ones (but not
// the few grown far past it by one huge row) to streamPool or slowPool.
func putChunk(b *bytebufferpool.ByteBuffer) {
	c := cap(b.B)
	switch {
	case c >= slowChunkCap && c <= 4*slowChunkCap:
		b.B = b.B[:0]
		slowPool.Put(b)
	case c >= streamChunkCap && c <= 4*streamChunkCap:
		b.B = b.B[:0]
		streamPool.Put(b)
	default:
		chunkPool.Put(b)
	}
}

// PacketWriter writes one command's response packets, in order, with flow
// control. It is used by one worker goroutine at a time.
//
// Encoders append straight into its buffer:
//
//	b := w.Begin()
//	b = codec.AppendOK(b, &ok)
//	err := w.Commit(b)
type PacketWriter struct {
	cn       *conn
	buf      *bytebufferpool.ByteBuffer
	start    int
	seq      byte
	inflight bool        // a chunk was handed to gnet and its credit is due
	stream   bool        // a full chunk was sent: the reply is a stream, chunks are slowChunkSize
	slow     atomic.Bool // the client stalled the writer: chunks are slowChunkSize
	credit   chan error  // granted from the loop
	err      error       // sticky: once writing failed, nothing more is sent

	// drainRate is how fast gnet's buffer emptied during earlier stalls
	// of this command, in bytes per second (0: not known yet). Only the
	// loop touches it, in drain checks.
	drainRate float64
}

func newPacketWriter(cn *conn, seq byte) *PacketWriter {
	return &PacketWriter{cn: cn, seq: seq, start: -1}
}

// Begin returns the writer's buffer with room reserved for a packet header;
// append the payload to it and pass the result to Commit.
func (w *PacketWriter) Begin() []byte {
	if w.buf == nil {
		if w.stream || w.slow.Load() {
			w.buf = getSlowChunk()
		} else {
			w.buf = getChunk(false)
		}
	}
	var b []byte
	b, w.start = codec.BeginPacket(w.buf.B)
	return b
}

// Commit completes the packet started by Begin. It may hand a full chunk to
// the network, waiting for flow-control credit first.
func (w *PacketWriter) Commit(b []byte) error {
	if w.start < 0 {
		panic("reactor: Commit without Begin")
	}
	w.buf.B, w.seq = codec.FinishPacket(b, w.start, w.seq)
	w.start = -1
	if n := len(w.buf.B); n >= chunkSize && (n >= slowChunkSize || !w.stream && !w.slow.Load()) {
		return w.Flush()
	}
	return w.err
}

// WritePacket writes payload as one packet.
func (w *PacketWriter) WritePacket(payload []byte) error {
	b := w.Begin()
	return w.Commit(append(b, payload...))
}

// Seq is the sequence id the next packet will carry.
func (w *PacketWriter) Seq() byte { return w.seq }

// SetSeq sets the sequence id of the next packet.
func (w *PacketWriter) SetSeq(seq byte) { w.seq = seq }

// Err reports why writing stopped (connection closed, client stalled).
func (w *PacketWriter) Err() error { return w.err }

// Killed reports whether the connection was closed or killed; long-running
// work should check it and stop.
func (w *PacketWriter) Killed() bool { return w.cn.link.Killed() }

// Flush hands what is buffered to the network now.
func (w *PacketWriter) Flush() error {
	if err := w.awaitCredit(); err != nil {
		return err
	}
	if w.buf == nil || len(w.buf.B) == 0 {
		return nil
	}
	if w.credit == nil {
		w.credit = make(chan error, 1)
	}
	chunk := w.buf
	w.buf = nil
	w.stream = true
	wire, held, err := w.wire(chunk)
	if err != nil {
		held.release()
		w.err = err
		return err
	}
	w.inflight = true
	w.cn.srv.countSent(len(wire))
	err = w.cn.gc.AsyncWrite(wire, func(c gnet.Conn, err error) error {
		held.release()
		if err != nil {
			w.grant(err)
		} else if c.OutboundBuffered() < highWater {
			w.grant(nil)
		} else {
			w.slow.Store(true)
			w.awaitDrain(c.OutboundBuffered())
		}
		return nil
	})
	if err != nil {
		w.inflight = false
		w.err = err
	}
	return w.err
}

// wire is what goes on the wire for a chunk of packets: the chunk itself,
// or its compressed frames, encrypted under TLS. Compression and
// encryption run here, on the worker, not on the loop, into pooled
// buffers. gnet writes from the returned slice later, on the loop, so
// every buffer behind it is held until AsyncWrite's callback releases
// them (on error, the caller releases them at once).
func (w *PacketWriter) wire(chunk *bytebufferpool.ByteBuffer) ([]byte, heldBufs, error) {
	held := heldBufs{n: 1}
	held.b[0] = chunk
	out := chunk.B
	if w.cn.comp != nil {
		b := getChunk(w.stream)
		b.B = w.cn.comp.frame(b.B[:0], out)
		held.b[held.n], held.n = b, held.n+1
		out = b.B
	}
	if w.cn.sec != nil {
		b := getChunk(w.stream)
		var err error
		b.B, err = w.cn.sec.seal(b.B[:0], out)
		held.b[held.n], held.n = b, held.n+1
		if err != nil {
			return nil, held, err
		}
		out = b.B
	}
	return out, held, nil
}

// heldBufs are the pooled buffers behind one write handed to gnet: the
// packets and, when the connection has them, their compressed and sealed
// forms.
type heldBufs struct {
	n int
	b [3]*bytebufferpool.ByteBuffer
}

func (h *heldBufs) release() {
	for i := range h.n {
		putChunk(h.b[i])
		h.b[i] = nil
	}
	h.n = 0
}

// grant gives the worker its credit (or the reason it will never get one).
func (w *PacketWriter) grant(err error) {
	select {
	case w.credit <- err:
	default:
	}
}

// awaitDrain runs on the loop when a write left buffered bytes in gnet at
// or above highWater; it grants the credit once they fall below lowWater,
// checking on timers scheduled by drainDelay. gnet has no drain event.
func (w *PacketWriter) awaitDrain(buffered int) {
	st := &drainStall{from: buffered, start: time.Now(), backoff: drainPollFirst}
	w.checkDrainAfter(st, w.drainDelay(st, buffered))
}

// drainStall is one stall's progress, touched only on the loop.
type drainStall struct {
	from    int       // bytes buffered when the stall began
	start   time.Time // when it began
	backoff time.Duration
}

// drainDelay is how long to wait before the next check of a stall that
// still has buffered bytes in gnet.
func (w *PacketWriter) drainDelay(st *drainStall, buffered int) time.Duration {
	rate := w.drainRate
	if drained := st.from - buffered; drained > 0 {
		if el := time.Since(st.start); el > 0 {
			rate = float64(drained) / el.Seconds()
		}
	}
	if rate <= 0 {
		d := st.backoff
		st.backoff = min(2*st.backoff, drainPollMax)
		return d
	}
	// Aim a little under lowWater, so that one check usually suffices
	// (in seconds first: a crawling rate must not overflow a Duration).
	secs := float64(buffered-lowWater+chunkSize) / rate
	if secs >= drainPollMax.Seconds() {
		return drainPollMax
	}
	return max(time.Duration(secs*float64(time.Second)), drainPollFirst)
}

func (w *PacketWriter) checkDrainAfter(st *drainStall, d time.Duration) {
	cn := w.cn
	time.AfterFunc(d, func() {
		err := cn.gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
			cn.srv.stats.DrainChecks.Add(1)
			if cn.closed {
				w.grant(net.ErrClosed)
				return nil
			}
			buffered := cn.gc.OutboundBuffered()
			if buffered < lowWater {
				if el := time.Since(st.start); el > 0 && st.from > buffered {
					w.drainRate = float64(st.from-buffered) / el.Seconds()
				}
				w.grant(nil)
				return nil
			}
			w.checkDrainAfter(st, w.drainDelay(st, buffered))
			return nil
		}))
		if err != nil {
			w.grant(err)
		}
	})
}

func (w *PacketWriter) awaitCredit() error {
	if w.err != nil || !w.inflight {
		return w.err
	}
	w.inflight = false
	var err error
	select {
	case err = <-w.credit:
	default:
		timer := time.NewTimer(w.cn.srv.cfg.NetWriteTimeout)
		select {
		case err = <-w.credit:
		case <-timer.C:
			err = ErrWriteTimeout
			w.cn.link.Close()
		}
		timer.Stop()
	}
	w.err = err
	return err
}

// finish sends what is left and completes the command on the loop: the
// connection becomes idle only after its last packet is in gnet's hands, so
// a reply the loop writes itself can never overtake it.
func (w *PacketWriter) finish(out Outcome) {
	if d := out.Delay; d > 0 {
		out.Delay = 0
		time.AfterFunc(d, func() { w.finish(out) })
		return
	}
	cn := w.cn
	_ = w.awaitCredit()
	done := func() { cn.complete(out) }
	var err error
	var wire []byte
	var held heldBufs
	if w.err == nil && w.buf != nil && len(w.buf.B) > 0 {
		chunk := w.buf
		w.buf = nil
		wire, held, w.err = w.wire(chunk)
	}
	if w.err != nil {
		out.Close = true // a stream that failed mid-reply cannot be trusted
	}
	if w.err == nil && len(wire) > 0 {
		cn.srv.countSent(len(wire))
		err = cn.gc.AsyncWrite(wire, func(gnet.Conn, error) error {
			held.release()
			done()
			return nil
		})
	} else {
		held.release()
		if w.buf != nil {
			putChunk(w.buf)
			w.buf = nil
		}
		err = cn.gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
			done()
			return nil
		}))
	}
	if err != nil {
		// The engine is stopping and the loop will not run our callback;
		// the connection is being torn down with it.
		cn.releaseOnce()
	}
}

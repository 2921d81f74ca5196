package reactor

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/panjf2000/gnet/v2"
	"github.com/valyala/bytebufferpool"
)

// LOAD DATA LOCAL INFILE: the one exchange where a worker reads from its
// connection. The worker sends the 0xFB request; the loop then frames the
// client's file packets (even though the connection is busy) into a
// bounded queue the worker reads; an empty packet ends the file. This is
// the mirror of PacketWriter's flow control: when the queue holds
// feedHighWater bytes the loop stops framing and stops reading the socket
// (readpause.go), so a fast client waits in TCP instead of in server
// memory, and the worker resumes it below feedLowWater. Where reading
// cannot be paused, input waits in gnet's buffer under feedHardCap.

const (
	feedHighWater = 1 << 20
	feedLowWater  = 256 << 10
	// feedReadTimeout is how long the worker waits for the next packet of
	// the file (MySQL's net_read_timeout default).
	feedReadTimeout = 30 * time.Second
	// feedHardCap bounds input buffered in gnet during a LOAD DATA when
	// reading cannot be paused.
	feedHardCap = 64 << 20
)

// ErrReadTimeout is returned when a client stops sending its file; it is
// a Timeout() error (the statement answers 1159 ER_NET_READ_INTERRUPTED).
var ErrReadTimeout error = readTimeout{}

type readTimeout struct{}

func (readTimeout) Error() string { return "reactor: client stopped sending (net_read_timeout)" }
func (readTimeout) Timeout() bool { return true }

// infeed is the queue between the loop and the worker.
type infeed struct {
	cn     *conn
	mu     sync.Mutex
	queue  []*bytebufferpool.ByteBuffer // file packets; nil marks the end
	queued int
	err    error // the connection went away
	// paused: the queue reached feedHighWater and the loop stopped
	// framing; the worker calls resume once it is below feedLowWater.
	paused bool
	resume func()        // runs the loop again (on the loop; see RequestLocalFile)
	notify chan struct{} // signalled when queue or err changes
	endSeq byte          // sequence id of the terminating empty packet
}

// push is called on the loop with one packet; an empty payload ends the
// file. It reports whether the loop may frame another packet now.
func (f *infeed) push(payload []byte, seq byte) bool {
	var b *bytebufferpool.ByteBuffer
	if len(payload) > 0 {
		b = packetPool.Get()
		b.B = append(b.B[:0], payload...)
	}
	f.mu.Lock()
	f.queue = append(f.queue, b)
	f.queued += len(payload)
	if b == nil {
		f.endSeq = seq
	}
	if f.queued >= feedHighWater {
		f.paused = true
	}
	more := !f.paused
	f.mu.Unlock()
	f.signal()
	return more
}

// stalled reports whether the loop must leave input unframed until the
// worker has read the queue down.
func (f *infeed) stalled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.paused
}

// fail ends the feed because the connection is gone.
func (f *infeed) fail(err error) {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.mu.Unlock()
	f.signal()
}

func (f *infeed) signal() {
	select {
	case f.notify <- struct{}{}:
	default:
	}
}

// next returns the next file packet (nil at the end of the file). The
// caller must put it back into packetPool.
func (f *infeed) next() (*bytebufferpool.ByteBuffer, bool, error) {
	timer := (*time.Timer)(nil)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		f.mu.Lock()
		if len(f.queue) > 0 {
			b := f.queue[0]
			f.queue[0] = nil
			f.queue = f.queue[1:]
			if b != nil {
				f.queued -= len(b.B)
			}
			resume := f.paused && f.queued < feedLowWater
			if resume {
				f.paused = false
			}
			f.mu.Unlock()
			if resume {
				f.resume()
			}
			return b, b == nil, nil
		}
		err := f.err
		f.mu.Unlock()
		if err != nil {
			return nil, false, err
		}
		if timer == nil {
			timer = time.NewTimer(feedReadTimeout)
		}
		select {
		case <-f.notify:
		case <-timer.C:
			f.cn.link.Close()
			return nil, false, ErrReadTimeout
		}
	}
}

// onLoop runs fn on the connection's loop.
func (cn *conn) onLoop(fn func()) {
	_ = cn.gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
		if !cn.closed {
			fn()
		}
		return nil
	}))
}

// feedFile frames file packets for a running LOAD DATA. Called on the loop
// instead of dispatching commands while cn.feed is set.
func (cn *conn) feedFile(src source) gnet.Action {
	f := cn.feed
	if cn.gc.InboundBuffered() > feedHardCap {
		// Pausing is unavailable (see readpause.go): bound memory the
		// hard way.
		f.fail(errors.New("reactor: LOAD DATA input over the buffer cap"))
		return gnet.Close
	}
	if f.stalled() {
		// gnet read more (it re-enables reading by itself after
		// flushing output) while the queue is full.
		pauseReading(cn.gc)
		return gnet.None
	}
	for {
		payload, seq, owned, st := cn.in.next(src, cn.packetLimit())
		switch st {
		case frameNeedMore:
			return gnet.None
		case frameTooLarge:
			// The statement is failing anyway; end the connection as
			// MySQL does when a packet exceeds max_allowed_packet.
			f.fail(errors.New("reactor: file packet over max_allowed_packet"))
			return cn.refuseOversized(src, seq)
		}
		more := f.push(payload, seq)
		if !owned {
			cn.in.consume(src)
		}
		if cn.comp != nil {
			cn.comp.commandConsumed()
		}
		if len(payload) == 0 {
			cn.feed = nil // the rest is the next command: wait for the worker
			return gnet.None
		}
		if !more {
			// Stop framing even where reading cannot be paused: the
			// input then waits in gnet's buffer, under feedHardCap.
			pauseReading(cn.gc)
			return gnet.None
		}
	}
}

// RequestLocalFile sends the LOCAL INFILE request for name and returns the
// file as the client streams it (server/protocol's LocalFileSink). Read
// returns io.EOF at the client's empty packet; Close drains whatever is
// left of the file and sets the sequence id for the statement's final
// reply.
func (w *PacketWriter) RequestLocalFile(name string) (io.ReadCloser, error) {
	b := append(w.Begin(), 0xFB)
	if err := w.Commit(append(b, name...)); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	cn := w.cn
	f := &infeed{cn: cn, notify: make(chan struct{}, 1)}
	f.resume = func() {
		cn.onLoop(func() {
			resumeReading(cn.gc)
			_ = cn.gc.Wake(nil) // input already buffered gets framed
		})
	}
	err := cn.gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
		if cn.closed {
			f.fail(net.ErrClosed)
			return nil
		}
		cn.feed = f
		_ = cn.gc.Wake(nil) // the file may already be buffered
		return nil
	}))
	if err != nil {
		return nil, err
	}
	return &fileReader{f: f, w: w}, nil
}

// fileReader is the worker's view of the streamed file.
type fileReader struct {
	f    *infeed
	w    *PacketWriter
	cur  *bytebufferpool.ByteBuffer
	off  int
	done bool
	err  error
}

func (r *fileReader) Read(p []byte) (int, error) {
	for r.cur == nil {
		if r.done {
			return 0, io.EOF
		}
		if r.err != nil {
			return 0, r.err
		}
		r.advance()
	}
	n := copy(p, r.cur.B[r.off:])
	r.off += n
	if r.off == len(r.cur.B) {
		r.drop()
	}
	return n, nil
}

// advance takes the next file packet, or notes the end or the error.
func (r *fileReader) advance() {
	b, end, err := r.f.next()
	switch {
	case err != nil:
		r.err = err
	case end:
		r.done = true
	default:
		r.cur, r.off = b, 0
	}
}

func (r *fileReader) drop() {
	if r.cur != nil {
		packetPool.Put(r.cur)
		r.cur = nil
	}
}

// Close reads to the end of the file so the connection stays in step,
// then numbers the final reply after the client's empty packet.
func (r *fileReader) Close() error {
	for r.drop(); !r.done && r.err == nil; r.drop() {
		r.advance()
	}
	if r.err != nil {
		return r.err
	}
	r.f.mu.Lock()
	r.w.SetSeq(r.f.endSeq + 1)
	r.f.mu.Unlock()
	return nil
}

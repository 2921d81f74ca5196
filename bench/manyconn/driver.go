package main

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/loopdb/loopdb/internal/myclient"
)

// busyConn is one querying connection as its driver sees it: a non-blocking socket that only
// the driver's goroutine touches.
type busyConn struct {
	fd       int
	stmt     uint32
	sched    schedule
	inflight int64 // due time of the request awaiting its answer; -1 when none
	parser   replyParser
	partial  []byte // the start of a packet whose rest has not arrived (rare: answers are small)
	dead     bool
}

// driver runs a share of the busy connections from one goroutine: its own epoll set, a heap of
// connections ordered by due time, and its own histograms and counters, merged after the run.
// One goroutine per thousand connections keeps the client's cost small and measurable.
type driver struct {
	cfg   *config
	conns []*busyConn
	epfd  int
	due   dueHeap
	rng   *rand.Rand
	out   []byte // the request being built, reused
	in    []byte // read buffer, reused
	start time.Time

	inflight int
	c        counters
	latency  histogram // from due time to the answer's last packet
	sendLag  histogram // from due time to the write: the client's own lateness
}

// counters are a run's totals; result adds them up over drivers and processes.
type counters struct {
	Sent       int64            `json:"sent"`
	Answered   int64            `json:"answered"`   // OK or result set
	Unanswered int64            `json:"unanswered"` // due before the end but never answered
	ErrCodes   map[string]int64 `json:"err_codes"`  // ERR answers by error number
	Dropped    map[string]int64 `json:"dropped"`    // busy connections lost mid-run, by cause
}

func newDriver(cfg *config, conns []*busyConn, seed uint64) (*driver, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	d := &driver{cfg: cfg, conns: conns, epfd: epfd, rng: rand.New(rand.NewPCG(seed, 0x6d616e79)),
		out: make([]byte, 0, 512), in: make([]byte, 64<<10)}
	d.c.ErrCodes, d.c.Dropped = map[string]int64{}, map[string]int64{}
	interval := cfg.interval()
	for i, c := range conns {
		ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP, Fd: int32(i)}
		if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, c.fd, &ev); err != nil {
			syscall.Close(epfd)
			return nil, err
		}
		c.sched = newSchedule(interval, d.rng)
		d.due.push(c)
	}
	return d, nil
}

func (d *driver) now() int64 { return int64(time.Since(d.start)) }

// run sends on schedule until cfg.duration, waits up to cfg.grace for answers still due, then
// counts what was never answered and closes every socket.
func (d *driver) run(start time.Time) {
	d.start = start
	end := int64(d.cfg.duration)
	hardEnd := end + int64(d.cfg.grace)
	events := make([]syscall.EpollEvent, 256)
	for {
		now := d.now()
		for len(d.due) > 0 && d.due.peek().sched.next <= now {
			c := d.due.pop()
			if !c.dead && c.sched.next < end {
				d.send(c, now)
			}
		}
		if now >= hardEnd || (now >= end && d.inflight == 0) {
			break
		}
		wake := hardEnd
		if len(d.due) > 0 && d.due.peek().sched.next < end {
			wake = d.due.peek().sched.next
		} else if d.inflight == 0 {
			wake = end // nothing to send or await: sleep until the run ends
		}
		n := epollWait(d.epfd, events, wake-now)
		for _, ev := range events[:n] {
			d.readable(d.conns[ev.Fd])
		}
	}
	d.finish(d.now())
}

// send writes the next request of c. A request is about 20 bytes into an empty socket buffer
// (the previous answer has arrived), so a short write means the connection is broken.
func (d *driver) send(c *busyConn, now int64) {
	due := c.sched.take()
	d.sendLag.record(now - due)
	d.out = append(d.out[:0], 0, 0, 0, 0) // header: length below, sequence 0
	if d.cfg.mode == modeInsert {
		d.out = myclient.AppendExecute(d.out, c.stmt, []int64{d.rng.Int64N(int64(d.cfg.tableSize)) + 1}, insertStrings[:])
	} else {
		d.out = myclient.AppendExecute(d.out, c.stmt, []int64{d.rng.Int64N(int64(d.cfg.tableSize)) + 1}, nil)
	}
	size := len(d.out) - 4
	d.out[0], d.out[1], d.out[2] = byte(size), byte(size>>8), byte(size>>16)
	n, err := syscall.Write(c.fd, d.out)
	if err != nil || n != len(d.out) {
		c.inflight = due // counted as unanswered by finish
		d.inflight++
		d.drop(c, "write")
		return
	}
	c.inflight = due
	d.inflight++
	d.c.Sent++
}

// insertStrings are the c and pad values of an insert: sysbench's sizes (120 and 60 bytes).
var insertStrings = [2]string{
	"68487932199-96439406143-93774651418-41631865787-96406072701-20604855487-25459966574-28203206787-41238978918-19503783441",
	"22195207048-70116052123-74140395089-76317954521-98694025897",
}

// readable drains c's socket and handles every complete answer in it.
func (d *driver) readable(c *busyConn) {
	if c.dead {
		return
	}
	for {
		n, err := syscall.Read(c.fd, d.in)
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EAGAIN {
			return
		}
		if err != nil || n == 0 {
			d.drop(c, "closed")
			return
		}
		data := d.in[:n]
		if len(c.partial) > 0 {
			c.partial = append(c.partial, data...)
			data = c.partial
		}
		used := d.consume(c, data)
		if c.dead {
			return
		}
		rest := data[used:]
		if len(rest) == 0 {
			c.partial = c.partial[:0]
		} else {
			// copy, not append: rest may already be c.partial's own bytes
			c.partial = append(c.partial[:0:0], rest...)
		}
		if n < len(d.in) {
			return
		}
	}
}

// consume handles the complete packets at the start of data and returns how many bytes they
// took.
func (d *driver) consume(c *busyConn, data []byte) int {
	used := 0
	for {
		p, n := nextPacket(data[used:])
		if n == 0 {
			return used
		}
		used += n
		if c.inflight < 0 {
			d.drop(c, "unasked-packet")
			return used
		}
		done, code, err := c.parser.packet(p)
		if err != nil {
			d.drop(c, "bad-reply")
			return used
		}
		if !done {
			continue
		}
		now := d.now()
		d.latency.record(now - c.inflight)
		if code != 0 {
			d.c.ErrCodes[errKey(code)]++
		} else {
			d.c.Answered++
		}
		c.inflight = -1
		d.inflight--
		if c.sched.next < int64(d.cfg.duration) {
			d.due.push(c)
		}
	}
}

// drop gives up on a connection that broke mid-run; what it still owed is counted by finish.
func (d *driver) drop(c *busyConn, why string) {
	if c.dead {
		return
	}
	if c.inflight >= 0 {
		d.inflight--
	}
	c.dead = true
	d.c.Dropped[why]++
	syscall.EpollCtl(d.epfd, syscall.EPOLL_CTL_DEL, c.fd, nil)
}

// finish records, for each request due before the end and never answered, its wait until now
// (so a stalled server's backlog shows in the percentiles), and closes every socket.
func (d *driver) finish(now int64) {
	end := int64(d.cfg.duration)
	for _, c := range d.conns {
		if c.inflight >= 0 {
			d.latency.record(now - c.inflight)
			d.c.Unanswered++
		}
		for missed := c.sched.missedBefore(end); missed > 0; missed-- {
			d.latency.record(now - c.sched.take())
			d.c.Unanswered++
		}
		syscall.Close(c.fd)
	}
	syscall.Close(d.epfd)
}

// sysEpollPwait2 is epoll_pwait2 (Linux 5.11), the same number on every architecture: it takes
// a nanosecond timeout, where epoll_wait's milliseconds would make sends up to 1 ms late.
const sysEpollPwait2 = 441

var noPwait2 atomic.Bool // set once the kernel says ENOSYS

// epollWait waits up to wait ns for events; it returns how many arrived (0 on EINTR).
func epollWait(epfd int, events []syscall.EpollEvent, wait int64) int {
	wait = max(wait, 0)
	if !noPwait2.Load() {
		ts := syscall.NsecToTimespec(wait)
		n, _, errno := syscall.Syscall6(sysEpollPwait2, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])),
			uintptr(len(events)), uintptr(unsafe.Pointer(&ts)), 0, 0)
		if errno == 0 {
			return int(n)
		}
		if errno != syscall.ENOSYS {
			return 0
		}
		noPwait2.Store(true)
	}
	n, err := syscall.EpollWait(epfd, events, int((wait+999_999)/1_000_000))
	if err != nil {
		return 0
	}
	return n
}

func errKey(code uint16) string { return fmt.Sprintf("mysql-%d", code) }

package workpool

import (
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Pool runs submitted tasks on a bounded number of running
// goroutines. Submit never blocks (it is called from event loops): tasks
// wait in FIFO queues whose length is bounded by the number of
// connections, since each connection has at most one command in flight.
//
// There are two queues. SubmitUrgent's tasks (the reactor uses it for a
// connection inside a transaction) start before Submit's: a transaction
// holds its row locks until COMMIT, and every statement of it that waits
// behind new work stretches that hold (MariaDB's thread pool orders its
// queues the same way). A Submit task that has waited kickup goes first
// anyway, so new work cannot starve.
//
// A task that blocks on a row lock gives up its place while it waits
// (Blocking): otherwise statements waiting for a lock could occupy every
// worker while the transaction holding the lock waits in the queue to
// COMMIT, and nothing would move until the lock wait timeout.
type Pool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	urgent  fifo // SubmitUrgent's tasks
	normal  fifo // Submit's tasks
	kickup  time.Duration
	size    int // workers allowed to run at once
	workers int // goroutines alive
	blocked int // of those, waiting in Blocking
	idle    int // of those, waiting in next for a task
	wakeups int // Signals sent to idle workers that have not woken yet
	closed  bool
	wg      sync.WaitGroup
	log     *slog.Logger

	// For Stats: tasks taken off the queue, their summed wait, and how many
	// waited at most WaitBounds[i] (the last bucket: longer).
	started   atomic.Uint64
	waitNanos atomic.Uint64
	waits     [len(WaitBounds) + 1]atomic.Uint64
}

// WaitBounds are the upper bounds of the queue-wait histogram's buckets.
var WaitBounds = [...]time.Duration{
	10 * time.Microsecond, 25 * time.Microsecond, 50 * time.Microsecond, 100 * time.Microsecond,
	250 * time.Microsecond, 500 * time.Microsecond, time.Millisecond, 2500 * time.Microsecond,
	5 * time.Millisecond, 10 * time.Millisecond, 25 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond, time.Second,
}

// DefaultKickup is how long a Submit task may wait behind SubmitUrgent ones
// before it goes first (MariaDB's thread pool waits as long by default).
const DefaultKickup = time.Second

// queued is a task and when it was submitted (for the wait time).
type queued struct {
	task func()
	at   int64 // unix nanoseconds
}

// fifo is a queue of tasks; guarded by Pool.mu.
type fifo struct {
	items []queued
	head  int
}

func (q *fifo) len() int { return len(q.items) - q.head }

func (q *fifo) push(x queued) { q.items = append(q.items, x) }

func (q *fifo) pop() queued {
	x := q.items[q.head]
	q.items[q.head] = queued{}
	q.head++
	if q.head == len(q.items) {
		// Drained: reuse the backing array from the start.
		q.items, q.head = q.items[:0], 0
	}
	return x
}

// Stats is a snapshot of the pool for monitoring.
type Stats struct {
	Workers   int           // workers allowed to run at once
	Queued    int           // tasks waiting for a worker now
	Blocked   int           // workers waiting in Blocking (lock waits, fsyncs)
	Started   uint64        // tasks taken off the queue since start
	WaitTotal time.Duration // their summed time in the queue
	// Waits[i] counts tasks that waited at most WaitBounds[i] and more
	// than the bound before it; the last entry, longer than every bound.
	Waits [len(WaitBounds) + 1]uint64
}

// Stats reports the pool's size, queue depth and queue wait so far.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	st := Stats{Workers: p.size, Queued: p.urgent.len() + p.normal.len(), Blocked: p.blocked}
	p.mu.Unlock()
	st.Started = p.started.Load()
	st.WaitTotal = time.Duration(p.waitNanos.Load())
	for i := range p.waits {
		st.Waits[i] = p.waits[i].Load()
	}
	return st
}

// New starts n workers.
func New(n int, log *slog.Logger) *Pool {
	p := &Pool{log: log, size: n, kickup: DefaultKickup}
	p.cond = sync.NewCond(&p.mu)
	p.mu.Lock()
	for i := 0; i < n; i++ {
		p.spawnLocked()
	}
	p.mu.Unlock()
	return p
}

func (p *Pool) spawnLocked() {
	p.workers++
	p.wg.Add(1)
	go p.work()
}

// Submit queues task. It never waits for a worker: the task runs when
// one is free, after the tasks queued before it and after SubmitUrgent's
// (unless it waited kickup).
func (p *Pool) Submit(task func()) { p.submit(&p.normal, task) }

// SubmitUrgent is Submit for a task that should start before Submit's: one
// that ends a wait other work may be stuck behind (a statement of an open
// transaction, which holds row locks). Urgent tasks run in their own FIFO
// order.
func (p *Pool) SubmitUrgent(task func()) { p.submit(&p.urgent, task) }

func (p *Pool) submit(q *fifo, task func()) {
	now := time.Now().UnixNano()
	p.mu.Lock()
	q.push(queued{task: task, at: now})
	p.startLocked()
	p.mu.Unlock()
}

// startLocked makes sure a worker will take the queue's head: an idle one
// is woken, or, when fewer than size are running (the others wait in
// Blocking), a new one starts. Without the second case a task submitted
// while every worker waits on a row lock would wait with them, and if it
// is the COMMIT that releases the lock, until the lock wait timeout.
func (p *Pool) startLocked() {
	switch {
	case p.idle > p.wakeups:
		p.wakeups++
		p.cond.Signal()
	case p.workers-p.blocked-(p.idle-p.wakeups) < p.size && !p.closed:
		p.spawnLocked()
	}
}

// Blocking runs fn, a wait that may be long (a row lock), without holding
// one of the pool's running places: if work is queued, another worker
// takes it meanwhile. Only a task running on the pool may call it (it
// counts the caller as one of the pool's workers); on a nil pool it just
// runs fn.
func (p *Pool) Blocking(fn func() error) error {
	if p == nil {
		return fn()
	}
	p.mu.Lock()
	p.blocked++
	if p.urgent.len()+p.normal.len() > 0 {
		p.startLocked()
	}
	p.mu.Unlock()
	err := fn()
	p.mu.Lock()
	p.blocked--
	p.mu.Unlock()
	return err
}

// Close lets the workers finish the queued tasks and stop.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
	p.wg.Wait()
}

// next waits for a task; ok is false when the worker should exit (the
// pool closed, or it has more running workers than its size).
func (p *Pool) next() (func(), bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var from *fifo
	var now int64
	for {
		now = time.Now().UnixNano()
		if from = p.pick(now); from != nil {
			break
		}
		if p.closed || p.workers-p.blocked > p.size {
			p.workers--
			return nil, false
		}
		p.idle++
		p.cond.Wait()
		p.idle--
		if p.wakeups > 0 {
			p.wakeups--
		}
	}
	q := from.pop()
	p.started.Add(1)
	wait := time.Duration(max(now-q.at, 0))
	p.waitNanos.Add(uint64(wait))
	b := 0
	for b < len(WaitBounds) && wait > WaitBounds[b] {
		b++
	}
	p.waits[b].Add(1)
	return q.task, true
}

// pick chooses the queue whose head runs next, or nil when both are
// empty: the urgent queue first, unless Submit's oldest task has waited
// kickup.
func (p *Pool) pick(now int64) *fifo {
	if p.normal.len() > 0 && (p.urgent.len() == 0 || now-p.normal.items[p.normal.head].at >= int64(p.kickup)) {
		return &p.normal
	}
	if p.urgent.len() > 0 {
		return &p.urgent
	}
	return nil
}

func (p *Pool) work() {
	defer p.wg.Done()
	for {
		task, ok := p.next()
		if !ok {
			return
		}
		p.run(task)
	}
}

// run isolates a task's panic: it is a bug, logged with its stack, and the
// worker survives. The task's connection is left to its own cleanup path.
func (p *Pool) run(task func()) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("worker task panicked", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	task()
}

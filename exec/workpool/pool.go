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
// wait in a FIFO queue whose length is bounded by the number of
// connections, since each connection has at most one command in flight.
//
// A task that blocks on a row lock gives up its place while it waits
// (Blocking): otherwise statements waiting for a lock could occupy every
// worker while the transaction holding the lock waits in the queue to
// COMMIT, and nothing would move until the lock wait timeout.
type Pool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []queued
	head    int
	size    int // workers allowed to run at once
	workers int // goroutines alive
	blocked int // of those, waiting in Blocking
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

// queued is a task and when it was submitted (for the wait time).
type queued struct {
	task func()
	at   int64 // unix nanoseconds
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
	st := Stats{Workers: p.size, Queued: len(p.queue) - p.head, Blocked: p.blocked}
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
	p := &Pool{log: log, size: n}
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
// one is free, after the tasks queued before it.
func (p *Pool) Submit(task func()) {
	now := time.Now().UnixNano()
	p.mu.Lock()
	p.queue = append(p.queue, queued{task: task, at: now})
	p.mu.Unlock()
	p.cond.Signal()
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
	if p.workers-p.blocked < p.size && p.head < len(p.queue) {
		p.spawnLocked()
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
	for p.head == len(p.queue) {
		if p.closed || p.workers-p.blocked > p.size {
			p.workers--
			return nil, false
		}
		p.cond.Wait()
	}
	q := p.queue[p.head]
	p.queue[p.head] = queued{}
	p.head++
	if p.head == len(p.queue) {
		// Drained: reuse the backing array from the start.
		p.queue, p.head = p.queue[:0], 0
	}
	p.started.Add(1)
	wait := time.Duration(max(time.Now().UnixNano()-q.at, 0))
	p.waitNanos.Add(uint64(wait))
	b := 0
	for b < len(WaitBounds) && wait > WaitBounds[b] {
		b++
	}
	p.waits[b].Add(1)
	return q.task, true
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

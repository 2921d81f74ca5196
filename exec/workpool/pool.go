package workpool

import (
	"log/slog"
	"runtime/debug"
	"sync"
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
	queue   []func()
	head    int
	size    int // workers allowed to run at once
	workers int // goroutines alive
	blocked int // of those, waiting in Blocking
	closed  bool
	wg      sync.WaitGroup
	log     *slog.Logger
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
	p.mu.Lock()
	p.queue = append(p.queue, task)
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
	task := p.queue[p.head]
	p.queue[p.head] = nil
	p.head++
	if p.head == len(p.queue) {
		// Drained: reuse the backing array from the start.
		p.queue, p.head = p.queue[:0], 0
	}
	return task, true
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

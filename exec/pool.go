package exec

import (
	"log/slog"
	"runtime/debug"
	"sync"
)

// WorkerPool runs submitted tasks on a fixed number of goroutines. Submit
// never blocks (it is called from event loops): tasks wait in a FIFO queue
// whose length is bounded by the number of connections, since each
// connection has at most one command in flight.
type WorkerPool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []func()
	head   int
	closed bool
	wg     sync.WaitGroup
	log    *slog.Logger
}

// NewWorkerPool starts n workers.
func NewWorkerPool(n int, log *slog.Logger) *WorkerPool {
	p := &WorkerPool{log: log}
	p.cond = sync.NewCond(&p.mu)
	p.wg.Add(n)
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

// Submit queues task.
func (p *WorkerPool) Submit(task func()) {
	p.mu.Lock()
	p.queue = append(p.queue, task)
	p.mu.Unlock()
	p.cond.Signal()
}

// Close lets the workers finish the queued tasks and stop.
func (p *WorkerPool) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
	p.wg.Wait()
}

func (p *WorkerPool) next() (func(), bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.head == len(p.queue) {
		if p.closed {
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

func (p *WorkerPool) work() {
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
func (p *WorkerPool) run(task func()) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("worker task panicked", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	task()
}

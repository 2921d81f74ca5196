package workpool

import (
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// No more than size tasks run at once, however many are queued.
func TestPoolBoundsConcurrency(t *testing.T) {
	const size, tasks = 3, 50
	p := New(size, quietLog())
	defer p.Close()
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < tasks; i++ {
		wg.Add(1)
		p.Submit(func() {
			defer wg.Done()
			n := running.Add(1)
			for {
				m := peak.Load()
				if n <= m || peak.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			running.Add(-1)
		})
	}
	wg.Wait()
	if got := peak.Load(); got > size {
		t.Fatalf("%d tasks ran at once, want at most %d", got, size)
	}
}

// With one worker, tasks run in the order they were submitted.
func TestPoolRunsInSubmitOrder(t *testing.T) {
	p := New(1, quietLog())
	defer p.Close()
	gate := make(chan struct{})
	p.Submit(func() { <-gate }) // hold the worker so the rest queue up
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		p.Submit(func() {
			defer wg.Done()
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		})
	}
	close(gate)
	wg.Wait()
	for i, got := range order {
		if got != i {
			t.Fatalf("task %d ran at position %d: %v", got, i, order)
		}
	}
}

// Submit does not wait for a worker: with every worker busy it returns at
// once, and the queued task runs when one frees up.
func TestPoolSubmitNeverBlocks(t *testing.T) {
	p := New(1, quietLog())
	defer p.Close()
	gate := make(chan struct{})
	p.Submit(func() { <-gate })
	ran := make(chan struct{})
	submitted := make(chan struct{})
	go func() {
		for i := 0; i < 1000; i++ {
			p.Submit(func() {})
		}
		p.Submit(func() { close(ran) })
		close(submitted)
	}()
	select {
	case <-submitted:
	case <-time.After(5 * time.Second):
		t.Fatal("Submit blocked while the workers were busy")
	}
	close(gate)
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("queued task never ran")
	}
}

// Every task submitted from many goroutines at once runs exactly once.
func TestPoolLosesNoTask(t *testing.T) {
	p := New(4, quietLog())
	const submitters, each = 8, 500
	var ran [submitters * each]atomic.Int32
	var wg sync.WaitGroup
	for s := 0; s < submitters; s++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				slot := &ran[s*each+i]
				p.Submit(func() { slot.Add(1) })
			}
		}()
	}
	wg.Wait()
	p.Close()
	for i := range ran {
		if n := ran[i].Load(); n != 1 {
			t.Fatalf("task %d ran %d times", i, n)
		}
	}
}

// Close runs what is still queued, waits for it, and leaves no worker
// behind.
func TestPoolCloseDrainsQueue(t *testing.T) {
	p := New(2, quietLog())
	gate := make(chan struct{})
	var done atomic.Int32
	for i := 0; i < 20; i++ {
		p.Submit(func() { <-gate; done.Add(1) })
	}
	closed := make(chan struct{})
	go func() { p.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned with tasks still running")
	case <-time.After(20 * time.Millisecond):
	}
	close(gate)
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if n := done.Load(); n != 20 {
		t.Fatalf("%d of 20 queued tasks ran before Close returned", n)
	}
	p.mu.Lock()
	workers := p.workers
	p.mu.Unlock()
	if workers != 0 {
		t.Fatalf("%d workers alive after Close", workers)
	}
}

// A panicking task is logged and its worker keeps serving the queue.
func TestPoolSurvivesPanic(t *testing.T) {
	p := New(1, quietLog())
	defer p.Close()
	p.Submit(func() { panic("bug") })
	ran := make(chan struct{})
	p.Submit(func() { close(ran) })
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("the worker died with the panicking task")
	}
}

// Blocking on a nil pool (an engine used without one, as in tests) just
// runs the function.
func TestNilPoolBlockingRunsFn(t *testing.T) {
	var p *Pool
	called := false
	if err := p.Blocking(func() error { called = true; return nil }); err != nil || !called {
		t.Fatalf("called %v err %v", called, err)
	}
}

package workpool

import (
	"log/slog"
	"sync"
	"testing"
	"time"
)

// A task blocked in Blocking must not keep queued work from running: with
// one worker, a task waiting for a later task's signal still completes.
func TestPoolBlockingLetsQueuedWorkRun(t *testing.T) {
	p := New(1, slog.Default())
	defer p.Close()
	release := make(chan struct{})
	done := make(chan struct{})
	p.Submit(func() {
		_ = p.Blocking(func() error { <-release; return nil })
		close(done)
	})
	p.Submit(func() { close(release) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("blocked task starved the queue")
	}
}

// After the blocking ends, extra workers retire: the pool goes back to
// its size.
func TestPoolShrinksBack(t *testing.T) {
	p := New(2, slog.Default())
	defer p.Close()
	var wg sync.WaitGroup
	gates := make([]chan struct{}, 4)
	for i := range gates {
		gates[i] = make(chan struct{})
		wg.Add(1)
		g := gates[i]
		p.Submit(func() { defer wg.Done(); _ = p.Blocking(func() error { <-g; return nil }) })
	}
	time.Sleep(50 * time.Millisecond)
	for _, g := range gates {
		close(g)
	}
	wg.Wait()
	for i := 0; i < 4; i++ { // wake idle workers so surplus ones exit
		p.Submit(func() {})
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		p.mu.Lock()
		n := p.workers
		p.mu.Unlock()
		if n <= 2 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d workers still alive, want 2", n)
		}
		p.cond.Broadcast()
		time.Sleep(10 * time.Millisecond)
	}
}

// A task submitted while every worker waits in Blocking still runs: with
// one worker, blocked on a gate that only a later task opens (a row lock
// held by a transaction whose COMMIT is that later task), the later task
// gets a worker of its own. The queue is empty when the wait begins.
func TestPoolTaskSubmittedDuringBlockingRuns(t *testing.T) {
	p := New(1, slog.Default())
	defer p.Close()
	release := make(chan struct{})
	waiting := make(chan struct{})
	done := make(chan struct{})
	p.Submit(func() {
		_ = p.Blocking(func() error { close(waiting); <-release; return nil })
		close(done)
	})
	<-waiting
	p.Submit(func() { close(release) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the task that ends the wait never ran")
	}
}

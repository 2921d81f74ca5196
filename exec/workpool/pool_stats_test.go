package workpool

import (
	"runtime"
	"sync"
	"testing"
)

// Stats sees the queue while tasks wait and counts every task once in the
// wait histogram when a worker takes it.
func TestPoolStatsCountQueueAndWaits(t *testing.T) {
	p := New(1, quietLog())
	defer p.Close()
	release := make(chan struct{})
	var done sync.WaitGroup
	done.Add(4)
	p.Submit(func() { <-release; done.Done() }) // holds the only worker
	for i := 0; i < 3; i++ {
		p.Submit(func() { done.Done() })
	}
	// The first task may still be on its way to the worker: wait until
	// only the three behind it are queued.
	for p.Stats().Queued != 3 {
		runtime.Gosched()
	}
	close(release)
	done.Wait()
	st := p.Stats()
	if st.Started != 4 || st.Queued != 0 || st.Workers != 1 {
		t.Fatalf("stats %+v, want 4 started, none queued, 1 worker", st)
	}
	var inBuckets uint64
	for _, n := range st.Waits {
		inBuckets += n
	}
	if inBuckets != st.Started {
		t.Errorf("histogram holds %d tasks, %d were started", inBuckets, st.Started)
	}
	if st.WaitTotal <= 0 {
		t.Errorf("WaitTotal = %v for tasks that queued behind a busy worker", st.WaitTotal)
	}
}

package workpool

import (
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// runOrder holds the pool's only worker on a gate while submit queues
// tasks, then releases it and returns the order the queued tasks ran in.
func runOrder(t *testing.T, p *Pool, submit func(record func(string) func())) []string {
	t.Helper()
	gate := make(chan struct{})
	started := make(chan struct{})
	p.Submit(func() { close(started); <-gate })
	<-started
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	record := func(name string) func() {
		wg.Add(1)
		return func() {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			wg.Done()
		}
	}
	submit(record)
	close(gate)
	wg.Wait()
	return order
}

// Urgent tasks (statements of open transactions) start before tasks queued
// earlier with Submit, each queue in its own FIFO order.
func TestPoolUrgentGoesFirst(t *testing.T) {
	p := New(1, slog.Default())
	defer p.Close()
	order := runOrder(t, p, func(record func(string) func()) {
		p.Submit(record("n1"))
		p.SubmitUrgent(record("u1"))
		p.Submit(record("n2"))
		p.SubmitUrgent(record("u2"))
	})
	if got := fmt.Sprint(order); got != "[u1 u2 n1 n2]" {
		t.Fatalf("ran %s, want [u1 u2 n1 n2]", got)
	}
}

// A Submit task that has waited kickup goes ahead of urgent ones, so a
// steady stream of urgent work cannot starve new work.
func TestPoolKickupStopsStarvation(t *testing.T) {
	p := New(1, slog.Default())
	defer p.Close()
	p.mu.Lock()
	p.kickup = 250 * time.Millisecond
	p.mu.Unlock()
	order := runOrder(t, p, func(record func(string) func()) {
		p.Submit(record("old"))
		time.Sleep(500 * time.Millisecond)
		p.Submit(record("young"))
		p.SubmitUrgent(record("u1"))
	})
	if got := fmt.Sprint(order); got != "[old u1 young]" {
		t.Fatalf("ran %s, want [old u1 young]", got)
	}
}

package main

import (
	"math/rand/v2"
	"testing"
)

func TestScheduleIsFixedByPhaseAndInterval(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const interval = 500
	seen := map[int64]bool{}
	for range 200 {
		s := newSchedule(interval, rng)
		phase := s.next
		if phase < 0 || phase >= interval {
			t.Fatalf("phase %d outside [0, %d)", phase, interval)
		}
		seen[phase/50] = true
		for k := int64(0); k < 5; k++ {
			if got := s.take(); got != phase+k*interval {
				t.Fatalf("send %d due at %d, want %d", k, got, phase+k*interval)
			}
		}
	}
	if len(seen) < 8 {
		t.Errorf("phases fall in %d of 10 slices of the interval: connections would fire together", len(seen))
	}
}

func TestMissedBefore(t *testing.T) {
	s := schedule{interval: 10, next: 5}
	for end, want := range map[int64]int64{5: 0, 6: 1, 15: 1, 16: 2, 100: 10} {
		if got := s.missedBefore(end); got != want {
			t.Errorf("missedBefore(%d) with next 5, interval 10 = %d, want %d", end, got, want)
		}
	}
}

// TestLateAnswerKeepsTimetable simulates a server that stalls: one connection, a send due
// every 10 ms, answers taking 1 ms except one that takes 35 ms. The sends after the stall go
// out back to back until the timetable is caught up, and each latency counts from its due time,
// so the stall shows in every request it delayed (as coordinated omission would hide).
func TestLateAnswerKeepsTimetable(t *testing.T) {
	s := schedule{interval: 10, next: 0}
	now := int64(0)
	var lat []int64
	for range 6 {
		due := s.take()
		now = max(now, due) // send at the due time, or at once when late
		took := int64(1)
		if due == 10 {
			took = 35
		}
		now += took
		lat = append(lat, now-due)
	}
	want := []int64{1, 35, 26, 17, 8, 1}
	for i := range want {
		if lat[i] != want[i] {
			t.Fatalf("latencies %v, want %v", lat, want)
		}
	}
}

func TestDueHeapOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var h dueHeap
	for range 1000 {
		h.push(&busyConn{sched: schedule{next: rng.Int64N(1e6)}})
	}
	last := int64(-1)
	for len(h) > 0 {
		c := h.pop()
		if c.sched.next < last {
			t.Fatalf("popped %d after %d", c.sched.next, last)
		}
		last = c.sched.next
	}
}

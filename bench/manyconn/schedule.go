package main

import "math/rand/v2"

// schedule is one connection's open-loop timetable: sends are due at phase, phase+interval,
// phase+2*interval, ... (ns from the start of the run), whatever happened to earlier requests.
// A late reply therefore never moves later sends, and latency is measured from the due time, so
// a server that stalls shows its stall in the percentiles instead of slowing the client down
// (coordinated omission). The random phase keeps connections from firing in lockstep.
type schedule struct {
	interval int64
	next     int64 // due time of the next send
}

func newSchedule(interval int64, rng *rand.Rand) schedule {
	return schedule{interval: interval, next: rng.Int64N(interval)}
}

// take returns the due time of the next send and moves on to the one after it.
func (s *schedule) take() int64 {
	t := s.next
	s.next += s.interval
	return t
}

// missedBefore counts the sends due before end that were never taken.
func (s *schedule) missedBefore(end int64) int64 {
	if s.next >= end {
		return 0
	}
	return (end-s.next-1)/s.interval + 1
}

// dueHeap orders waiting connections by their next due time (a binary min-heap; a driver's
// thousand connections make a few thousand pushes and pops a second).
type dueHeap []*busyConn

func (h *dueHeap) push(c *busyConn) {
	*h = append(*h, c)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if s[p].sched.next <= s[i].sched.next {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func (h dueHeap) peek() *busyConn { return h[0] }

func (h *dueHeap) pop() *busyConn {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s[last] = nil
	s = s[:last]
	for i := 0; ; {
		l, small := 2*i+1, i
		if l < len(s) && s[l].sched.next < s[small].sched.next {
			small = l
		}
		if r := l + 1; r < len(s) && s[r].sched.next < s[small].sched.next {
			small = r
		}
		if small == i {
			break
		}
		s[i], s[small] = s[small], s[i]
		i = small
	}
	*h = s
	return top
}

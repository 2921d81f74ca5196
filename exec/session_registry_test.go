package exec

import (
	"sync"
	"testing"
)

func TestSessionRegistry(t *testing.T) {
	var r sessionRegistry
	const n = 1000
	sessions := make([]*Session, n)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				sessions[i] = &Session{id: uint32(i + 1)}
				r.store(uint32(i+1), sessions[i])
				r.each(func(*Session) bool { return true }) // concurrent walks
			}
		}()
	}
	wg.Wait()
	seen := map[uint32]bool{}
	r.each(func(s *Session) bool { seen[s.id] = true; return true })
	if len(seen) != n {
		t.Fatalf("each saw %d sessions, want %d", len(seen), n)
	}
	if s, ok := r.load(7); !ok || s != sessions[6] {
		t.Fatalf("load(7) = %v, %v", s, ok)
	}
	if !r.remove(7) || r.remove(7) {
		t.Fatal("remove(7) should succeed once")
	}
	if _, ok := r.load(7); ok {
		t.Fatal("7 still there after remove")
	}
	count := 0
	r.each(func(*Session) bool { count++; return count < 10 })
	if count != 10 {
		t.Fatalf("each went on after false: %d calls", count)
	}
}

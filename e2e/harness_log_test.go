package e2e

import "testing"

// The panic check must see a "session panicked" line wherever the writes of the server's
// output split it, and after the tail that keeps the log for the failure dump has cut it.
func TestTailBufferCountsSessionPanics(t *testing.T) {
	line := "level=ERROR msg=\"session panicked; closing connection\" conn=7\n"
	for split := 0; split <= len(line); split++ {
		b := &tailBuffer{max: 64}
		b.Write([]byte("level=INFO msg=start\n"))
		b.Write([]byte(line[:split]))
		b.Write([]byte(line[split:]))
		for i := 0; i < 20; i++ { // push the line out of the kept tail
			b.Write([]byte("level=DEBUG msg=\"query ok\"\n"))
		}
		if got := b.sessionPanics(); got != 1 {
			t.Fatalf("split at %d: counted %d session panics, want 1", split, got)
		}
	}
	b := &tailBuffer{max: 1 << 10}
	for _, c := range []byte(line + line) { // one byte per write
		b.Write([]byte{c})
	}
	if got := b.sessionPanics(); got != 2 {
		t.Fatalf("byte-at-a-time writes: counted %d session panics, want 2", got)
	}
}

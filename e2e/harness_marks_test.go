package e2e

import "testing"

// The panic and race checks must see a "session panicked" line wherever the writes of the server's
// output split it, and after the tail that keeps the log for the failure dump has cut it.
func TestTailBufferCountsFailMarks(t *testing.T) {
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
	race := "==================\nWARNING: DATA RACE\nWrite at 0x00c000 by goroutine 7:\n"
	for _, c := range []byte(line + race + line) { // one byte per write
		b.Write([]byte{c})
	}
	if got := b.sessionPanics(); got != 2 {
		t.Fatalf("byte-at-a-time writes: counted %d session panics, want 2", got)
	}
	if got := b.count(dataRaceMark); got != 1 {
		t.Fatalf("byte-at-a-time writes: counted %d data races, want 1", got)
	}
	if got := b.failures(); got != `"session panicked" 2 time(s), "WARNING: DATA RACE" 1 time(s)` {
		t.Fatalf("failures() = %s", got)
	}
	clean := &tailBuffer{max: 1 << 10}
	clean.Write([]byte("level=INFO msg=\"panic-free\" note=\"session\" panicked=0\n"))
	if got := clean.failures(); got != "" {
		t.Fatalf("a clean log reports %s", got)
	}
}

package exec

import (
	"testing"
	"unsafe"
)

// Every connection holds a Session from login on, so its size is part of
// what an idle connection costs (bench/RESULTS.md, idle connections). The
// runtime rounds it up to a size class, after an 8-byte allocation header
// (Go puts one in every object over 512 bytes that holds pointers): 768
// bytes now, so the struct may have 760; the next class is 896. A field added past the limit should go where the rarely used
// state lives (sessionCold, txnExtras) or be allocated at first use, as
// hotVars and textCache are.
func TestSessionStaysInItsSizeClass(t *testing.T) {
	if size := unsafe.Sizeof(Session{}); size+8 > 768 {
		t.Fatalf("Session is %d bytes, with its allocation header over the 768-byte size class", size)
	}
}

package codec

import (
	"bytes"
	"testing"
)

func TestParseHeader(t *testing.T) {
	n, seq, ok := ParseHeader(unhex(t, `
		09 00 00 | payload length 9
		00       | sequence id 0`))
	if !ok || n != 9 || seq != 0 {
		t.Fatalf("got %d %d %v", n, seq, ok)
	}
	if _, _, ok := ParseHeader([]byte{1, 0, 0}); ok {
		t.Fatal("3 bytes parsed as a header")
	}
}

func TestBeginFinishPacket(t *testing.T) {
	buf, start := BeginPacket([]byte("xx"))
	buf = append(buf, ComQuery)
	buf = append(buf, "SELECT 1"...)
	buf, next := FinishPacket(buf, start, 3)
	want := unhex(t, `
		78 78                     | bytes already in the buffer
		09 00 00 03               | length 9, seq 3
		03                        | COM_QUERY
		53 45 4c 45 43 54 20 31   | "SELECT 1"`)
	if !bytes.Equal(buf, want) || next != 4 {
		t.Fatalf("got % x next %d", buf, next)
	}
}

// A payload of exactly MaxPayload bytes must be followed by an empty packet,
// and sequence ids wrap at 255.
func TestSplitLargePayload(t *testing.T) {
	for _, size := range []int{MaxPayload - 1, MaxPayload, MaxPayload + 1, 2*MaxPayload + 10} {
		payload := bytes.Repeat([]byte{0xab}, size)
		buf, start := BeginPacket(nil)
		buf = append(buf, payload...)
		buf, next := FinishPacket(buf, start, 255)
		wantPackets := size/MaxPayload + 1
		if next != byte(255+wantPackets) {
			t.Errorf("size %d: next seq %d, want %d", size, next, byte(255+wantPackets))
		}
		if len(buf) != size+HeaderSize*wantPackets {
			t.Errorf("size %d: framed length %d", size, len(buf))
		}
		got, consumed, last, ok := SplitPackets(buf)
		if !ok || consumed != len(buf) || !bytes.Equal(got, payload) {
			t.Errorf("size %d: reassembly ok=%v consumed=%d", size, ok, consumed)
		}
		if last != byte(255+wantPackets-1) {
			t.Errorf("size %d: last seq %d", size, last)
		}
		// Every prefix short of the whole chain is incomplete.
		if _, _, _, ok := SplitPackets(buf[:len(buf)-1]); ok {
			t.Errorf("size %d: truncated chain reported complete", size)
		}
	}
}

func TestSplitPacketsStopsAtFirst(t *testing.T) {
	b := unhex(t, `
		01 00 00 00 0e   | COM_PING, seq 0
		01 00 00 00 01   | COM_QUIT, seq 0`)
	p, n, _, ok := SplitPackets(b)
	if !ok || n != 5 || !bytes.Equal(p, []byte{ComPing}) {
		t.Fatalf("got %x %d %v", p, n, ok)
	}
}

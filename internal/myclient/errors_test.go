package myclient

import (
	"fmt"
	"testing"
)

func TestParseErr(t *testing.T) {
	err := ParseErr(append([]byte{0xff, 0x15, 0x04, '#', '2', '8', '0', '0', '0'}, "Access denied"...))
	e, ok := err.(*Error)
	if !ok || e.Code != 1045 || e.State != "28000" || e.Msg != "Access denied" {
		t.Fatalf("ParseErr = %#v", err)
	}
	if got := ErrCode(fmt.Errorf("login: %w", err)); got != 1045 {
		t.Errorf("ErrCode through a wrap = %d", got)
	}
	if e := ParseErr([]byte{0xff, 0x10, 0x04, 'T', 'o', 'o'}).(*Error); e.State != "" || e.Msg != "Too" {
		t.Errorf("ERR without SQLSTATE: %#v", e)
	}
	for _, p := range [][]byte{nil, {0xff, 1}, {0x00, 1, 2}} {
		if err := ParseErr(p); ErrCode(err) != 0 {
			t.Errorf("ParseErr(% x) = %v, want a non-*Error", p, err)
		}
	}
}

func TestFrameAndEOF(t *testing.T) {
	if got := Frame(3, []byte("ab")); string(got) != "\x02\x00\x00\x03ab" {
		t.Errorf("Frame = % x", got)
	}
	if !IsEOFPacket([]byte{0xfe, 0, 0, 2, 0}) || IsEOFPacket([]byte{0xfe, 1, 2, 3, 4, 5, 6, 7, 8}) || IsEOFPacket(nil) {
		t.Error("IsEOFPacket")
	}
}

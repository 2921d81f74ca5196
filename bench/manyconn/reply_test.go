package main

import "testing"

func frame(seq byte, p []byte) []byte {
	return append([]byte{byte(len(p)), byte(len(p) >> 8), byte(len(p) >> 16), seq}, p...)
}

// feed runs every complete packet of stream through a parser and reports each answer's end.
func feed(t *testing.T, stream []byte) (answers int, codes []uint16) {
	t.Helper()
	var p replyParser
	for len(stream) > 0 {
		payload, n := nextPacket(stream)
		if n == 0 {
			t.Fatalf("stream ends in a partial packet: % x", stream)
		}
		stream = stream[n:]
		done, code, err := p.packet(payload)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			answers++
			codes = append(codes, code)
		}
	}
	return answers, codes
}

func TestReplyParser(t *testing.T) {
	eof := []byte{0xfe, 0, 0, 2, 0}
	var stream []byte
	stream = append(stream, frame(1, []byte{0, 0, 0, 2, 0, 0, 0})...) // OK (an insert)
	stream = append(stream, frame(1, []byte{1})...)                   // a one-column result set
	stream = append(stream, frame(2, []byte("column definition"))...)
	stream = append(stream, frame(3, eof)...)
	stream = append(stream, frame(4, []byte{0, 0, 3, 'a', 'b', 'c'})...) // a binary row
	stream = append(stream, frame(5, eof)...)
	stream = append(stream, frame(1, []byte{1})...) // a result set with no rows
	stream = append(stream, frame(2, []byte("column definition"))...)
	stream = append(stream, frame(3, eof)...)
	stream = append(stream, frame(4, eof)...)
	stream = append(stream, frame(1, []byte{0xff, 0x7a, 0x04, '#', '4', '2', 'S', '0', '2', 'x'})...) // ERR 1146
	answers, codes := feed(t, stream)
	if answers != 4 || codes[0] != 0 || codes[1] != 0 || codes[2] != 0 || codes[3] != 1146 {
		t.Errorf("answers %d, codes %v; want 4 answers, the last ERR 1146", answers, codes)
	}
}

func TestReplyParserRejectsNonsense(t *testing.T) {
	var p replyParser
	if _, _, err := p.packet([]byte{0xfb, 'f'}); err == nil {
		t.Error("a LOCAL INFILE request is not an answer to COM_STMT_EXECUTE")
	}
	p = replyParser{}
	p.packet([]byte{1})
	p.packet([]byte("col"))
	if done, _, err := p.packet([]byte{0, 1}); !done || err == nil {
		t.Error("a row where the EOF after the columns belongs must fail the answer")
	}
}

func TestNextPacketPartial(t *testing.T) {
	whole := frame(0, []byte("hello"))
	for i := range len(whole) {
		if _, n := nextPacket(whole[:i]); n != 0 {
			t.Errorf("%d of %d bytes taken as a packet", i, len(whole))
		}
	}
	if p, n := nextPacket(append(whole, 1, 2)); n != len(whole) || string(p) != "hello" {
		t.Errorf("nextPacket = %q, %d", p, n)
	}
}

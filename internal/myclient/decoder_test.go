package myclient

import (
	"io"
	"testing"
)

func TestDecoderFields(t *testing.T) {
	p := []byte{
		7,          // u8
		0x34, 0x12, // u16
		1, 0, 0, 0x80, // u32
		'a', 'b', 0, // nul string
		0xfc, 0x02, 0x01, // lenenc 0x102
		0xfd, 1, 2, 3, // lenenc 0x030201
		0xfe, 1, 0, 0, 0, 0, 0, 0, 0x10, // lenenc 8 bytes
		3, 'x', 'y', 'z', // lenenc string
		9, 9, // rest
	}
	d := NewDecoder(p)
	if v := d.U8(); v != 7 {
		t.Errorf("U8 = %d", v)
	}
	if v := d.U16(); v != 0x1234 {
		t.Errorf("U16 = %#x", v)
	}
	if v := d.U32(); v != 0x80000001 {
		t.Errorf("U32 = %#x", v)
	}
	if v := d.NulString(); v != "ab" {
		t.Errorf("NulString = %q", v)
	}
	if v := d.Lenenc(); v != 0x102 {
		t.Errorf("Lenenc(fc) = %#x", v)
	}
	if v := d.Lenenc(); v != 0x030201 {
		t.Errorf("Lenenc(fd) = %#x", v)
	}
	if v := d.Lenenc(); v != 0x1000000000000001 {
		t.Errorf("Lenenc(fe) = %#x", v)
	}
	if v := d.Peek(); v != 3 {
		t.Errorf("Peek = %d", v)
	}
	if v := d.LenencBytes(); string(v) != "xyz" {
		t.Errorf("LenencBytes = %q", v)
	}
	if v := d.Rest(); len(v) != 2 || d.Peek() != 0 {
		t.Errorf("Rest = %v, then Peek %d", v, d.Peek())
	}
	if d.Err != nil {
		t.Errorf("Err = %v", d.Err)
	}
}

// Every short or malformed read must set Err and return zero values, never panic or read past
// the packet.
func TestDecoderBounds(t *testing.T) {
	cases := map[string]func(d *Decoder){
		"U8 on empty":             func(d *Decoder) { d.U8() },
		"U16 on 1 byte":           func(d *Decoder) { d.U16() },
		"U32 on 1 byte":           func(d *Decoder) { d.U32() },
		"Bytes negative":          func(d *Decoder) { d.Bytes(-1) },
		"NulString without NUL":   func(d *Decoder) { d.NulString() },
		"Lenenc 0xfb (NULL)":      func(d *Decoder) { d.Lenenc() },
		"Lenenc 0xff":             func(d *Decoder) { d.Lenenc() },
		"Lenenc fd short":         func(d *Decoder) { d.Lenenc() },
		"Lenenc fe short":         func(d *Decoder) { d.Lenenc() },
		"LenencBytes past end":    func(d *Decoder) { d.LenencBytes() },
		"LenencBytes huge length": func(d *Decoder) { d.LenencBytes() },
	}
	input := map[string][]byte{
		"U8 on empty":             nil,
		"U16 on 1 byte":           {1},
		"U32 on 1 byte":           {1},
		"Bytes negative":          {1, 2},
		"NulString without NUL":   {'a', 'b'},
		"Lenenc 0xfb (NULL)":      {0xfb},
		"Lenenc 0xff":             {0xff},
		"Lenenc fd short":         {0xfd, 1},
		"Lenenc fe short":         {0xfe, 1, 2, 3},
		"LenencBytes past end":    {5, 'a', 'b'},
		"LenencBytes huge length": {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 'a'},
	}
	for name, read := range cases {
		d := NewDecoder(input[name])
		read(d)
		if d.Err != io.ErrUnexpectedEOF {
			t.Errorf("%s: Err = %v, want io.ErrUnexpectedEOF", name, d.Err)
		}
		// After a failure everything reads as zero and the error stays.
		if d.U8() != 0 || d.U32() != 0 || d.NulString() != "" || d.LenencBytes() != nil || len(d.B) != 0 {
			t.Errorf("%s: reads after a failure return data", name)
		}
	}
}

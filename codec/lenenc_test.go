package codec

import (
	"bytes"
	"math"
	"testing"
)

func TestLenEncInt(t *testing.T) {
	cases := []struct {
		v    uint64
		wire string
	}{
		{0, "00"},
		{250, "fa"},
		{251, "fc fb 00"},
		{0xffff, "fc ff ff"},
		{0x10000, "fd 00 00 01"},
		{0xffffff, "fd ff ff ff"},
		{0x1000000, "fe 00 00 00 01 00 00 00 00"},
		{math.MaxUint64, "fe ff ff ff ff ff ff ff ff"},
	}
	for _, c := range cases {
		want := unhex(t, c.wire)
		got := AppendLenEncInt(nil, c.v)
		if !bytes.Equal(got, want) {
			t.Errorf("encode %d: % x, want % x", c.v, got, want)
		}
		if LenEncIntSize(c.v) != len(want) {
			t.Errorf("size %d: %d", c.v, LenEncIntSize(c.v))
		}
		v, isNull, n, err := ReadLenEncInt(want)
		if err != nil || isNull || n != len(want) || v != c.v {
			t.Errorf("decode % x: %d %v %d %v", want, v, isNull, n, err)
		}
		if _, _, _, err := ReadLenEncInt(want[:len(want)-1]); len(want) > 1 && err == nil {
			t.Errorf("truncated % x decoded", want[:len(want)-1])
		}
	}
	if _, isNull, n, err := ReadLenEncInt([]byte{0xfb}); !isNull || n != 1 || err != nil {
		t.Error("0xfb is NULL")
	}
	if _, _, _, err := ReadLenEncInt([]byte{0xff}); err == nil {
		t.Error("0xff is not a length")
	}
}

func TestLenEncBytes(t *testing.T) {
	b := unhex(t, `03 61 62 63 | "abc"
	               ff          | trailing byte not consumed`)
	s, _, n, err := ReadLenEncBytes(b)
	if err != nil || string(s) != "abc" || n != 4 {
		t.Fatalf("%q %d %v", s, n, err)
	}
	if _, _, _, err := ReadLenEncBytes(unhex(t, "05 61 62")); err == nil {
		t.Fatal("length past the end accepted")
	}
}

func TestReadNullString(t *testing.T) {
	s, n, err := ReadNullString([]byte("root\x00rest"))
	if err != nil || string(s) != "root" || n != 5 {
		t.Fatalf("%q %d %v", s, n, err)
	}
	if _, _, err := ReadNullString([]byte("root")); err == nil {
		t.Fatal("unterminated string accepted")
	}
}

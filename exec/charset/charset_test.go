package charset

import (
	"testing"
	"unicode/utf8"
)

func TestLatin1IsMySQLs(t *testing.T) {
	cases := []struct {
		b    byte
		want rune
	}{
		{0xE9, 'é'}, {0x80, '€'}, {0x9F, 'Ÿ'}, {0xA0, 0xA0}, {0xFF, 'ÿ'},
		// undefined in cp1252: MySQL keeps the C1 control
		{0x81, 0x81}, {0x8D, 0x8D}, {0x8F, 0x8F}, {0x90, 0x90}, {0x9D, 0x9D},
	}
	for _, c := range cases {
		got := ToUTF8(Latin1, []byte{c.b})
		if got != string(c.want) {
			t.Errorf("latin1 %#x: got %q, want %q", c.b, got, string(c.want))
		}
		back := AppendFromUTF8(nil, Latin1, got)
		if len(back) != 1 || back[0] != c.b {
			t.Errorf("latin1 %#x: back to % x", c.b, back)
		}
	}
}

func TestConversions(t *testing.T) {
	if got := ToUTF8(ASCII, []byte("a\xE9b")); got != "a?b" {
		t.Errorf("ascii in: %q", got)
	}
	if got := string(AppendFromUTF8(nil, Latin1, "caf\u00e9 中 €")); got != "caf\xE9 ? \x80" {
		t.Errorf("latin1 out: %q", got)
	}
	if got := string(AppendFromUTF8(nil, ASCII, "café")); got != "caf?" {
		t.Errorf("ascii out: %q", got)
	}
	if got := string(AppendFromUTF8(nil, Latin1, "a\xffb")); got != "a?b" {
		t.Errorf("bad utf-8 out: %q", got)
	}
	for _, c := range []ID{UTF8MB4, UTF8MB3, Binary} {
		if got := ToUTF8(c, []byte("\xE9")); got != "\xE9" {
			t.Errorf("%s in changed bytes: %q", c.Name(), got)
		}
		if got := string(AppendFromUTF8(nil, c, "中")); got != "中" {
			t.Errorf("%s out changed bytes: %q", c.Name(), got)
		}
	}
	if at, n := FirstUnrepresentable(Latin1, "abé中x"); at != 4 || n != 3 {
		t.Errorf("FirstUnrepresentable = %d, %d", at, n)
	}
	if at, _ := FirstUnrepresentable(Latin1, "abé€"); at != -1 {
		t.Errorf("FirstUnrepresentable of latin1 text = %d", at)
	}
	if at, _ := FirstUnrepresentable(UTF8MB4, "中"); at != -1 {
		t.Errorf("utf8mb4 cannot hold 中?")
	}
}

func TestNames(t *testing.T) {
	if c, ok := ByName("UTF8"); !ok || c != UTF8MB3 {
		t.Errorf("utf8 = %v %v", c, ok)
	}
	if _, ok := ByName("koi8r"); ok {
		t.Error("koi8r known")
	}
	if c, ok := ByCollationID(8); !ok || c.Charset != Latin1 {
		t.Errorf("collation 8 = %+v", c)
	}
	if c, ok := ByCollationName("utf8_general_ci"); !ok || c.ID != 33 {
		t.Errorf("utf8_general_ci = %+v", c)
	}
	if CharsetOfCollationID(63) != Binary || CharsetOfCollationID(9999) != UTF8MB4 {
		t.Error("CharsetOfCollationID")
	}
}

// The UTF-8 fast path allocates nothing beyond the string itself.
func TestNoConversionAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendFromUTF8(buf[:0], UTF8MB4, "héllo") }); n != 0 {
		t.Errorf("utf8mb4 out allocates %v", n)
	}
}

// FuzzLatin1 decodes arbitrary client bytes: every byte round-trips and the
// result is valid UTF-8.
func FuzzLatin1(f *testing.F) {
	f.Add([]byte("caf\xE9 \x80\x81"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, c := range []ID{Latin1, ASCII} {
			s := ToUTF8(c, b)
			if !utf8.ValidString(s) {
				t.Fatalf("%s: invalid UTF-8 %q", c.Name(), s)
			}
			back := AppendFromUTF8(nil, c, s)
			if c == Latin1 && string(back) != string(b) {
				t.Fatalf("latin1 round trip: % x -> % x", b, back)
			}
			if len(back) != len(b) {
				t.Fatalf("%s: %d bytes back from %d", c.Name(), len(back), len(b))
			}
		}
	})
}

package storage

import (
	"bytes"
	"testing"
)

// Fuzz targets for every decoder of the keyspace: each must reject (never
// panic on) arbitrary bytes, and what it accepts must be exactly what the
// encoder writes, so a decoded key re-encodes to the same bytes.

func FuzzDecodeMetaKey(f *testing.F) {
	f.Add(MetaKey("acct", "%", "root"))
	f.Add(MetaKey("table", "d\x00b", ""))
	f.Add(MetaKindPrefix("db"))
	f.Add([]byte{MetaPrefix})
	f.Add([]byte{MetaPrefix, 'a', 0x00})
	f.Add([]byte{TablePrefix, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, key []byte) {
		kind, parts, err := DecodeMetaKey(key)
		if err != nil {
			return
		}
		if again := MetaKey(kind, parts...); !bytes.Equal(again, key) {
			t.Fatalf("DecodeMetaKey(%x) = %q %q, which encodes to %x", key, kind, parts, again)
		}
	})
}

func FuzzMetaKeyRoundTrip(f *testing.F) {
	f.Add("acct", "localhost", "root", uint8(2))
	f.Add("", "\x00\x01\xff", "\x00", uint8(1))
	f.Add("seq", "", "", uint8(0))
	f.Fuzz(func(t *testing.T, kind, a, b string, n uint8) {
		parts := []string{a, b}[:n%3]
		gotKind, gotParts, err := DecodeMetaKey(MetaKey(kind, parts...))
		if err != nil {
			t.Fatalf("MetaKey(%q, %q) does not decode: %v", kind, parts, err)
		}
		if gotKind != kind || len(gotParts) != len(parts) {
			t.Fatalf("MetaKey(%q, %q) decodes to %q %q", kind, parts, gotKind, gotParts)
		}
		for i := range parts {
			if gotParts[i] != parts[i] {
				t.Fatalf("MetaKey(%q, %q) decodes to %q %q", kind, parts, gotKind, gotParts)
			}
		}
	})
}

func FuzzDecodeBytes(f *testing.F) {
	f.Add(AppendBytes(nil, []byte("a\x00b")))
	f.Add([]byte{0x00})
	f.Add([]byte{0x00, 0x02})
	f.Add([]byte("no terminator"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, rest, err := DecodeBytes(b)
		if err != nil {
			if !bytes.Equal(rest, b) {
				t.Fatalf("DecodeBytes(%x) failed but consumed input", b)
			}
			return
		}
		consumed := b[:len(b)-len(rest)]
		if again := AppendBytes(nil, out); !bytes.Equal(again, consumed) {
			t.Fatalf("DecodeBytes(%x) = %x, which encodes to %x", consumed, out, again)
		}
	})
}

// FuzzBytesOrder checks the property the whole keyspace rests on: encoded
// strings, even followed by more key, sort like the strings.
func FuzzBytesOrder(f *testing.F) {
	f.Add([]byte("a"), []byte("a\x00"), []byte{0xff})
	f.Add([]byte(""), []byte("\x00"), []byte{})
	f.Fuzz(func(t *testing.T, a, b, tail []byte) {
		ka := append(AppendBytes(nil, a), tail...)
		kb := AppendBytes(nil, b)
		want := bytes.Compare(a, b)
		if want == 0 {
			return // equal strings: the tail decides
		}
		if got := bytes.Compare(ka, kb); got != want {
			t.Fatalf("order of %x vs %x: encoded %d, want %d", a, b, got, want)
		}
	})
}

func FuzzDecodeInts(f *testing.F) {
	f.Add(AppendInt64(nil, -1))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		u, urest, uerr := DecodeUint64(b)
		i, irest, ierr := DecodeInt64(b)
		if (uerr == nil) != (len(b) >= 8) || (ierr == nil) != (len(b) >= 8) {
			t.Fatalf("len %d: errors %v, %v", len(b), uerr, ierr)
		}
		if uerr != nil {
			return
		}
		if !bytes.Equal(AppendUint64(nil, u), b[:8]) || !bytes.Equal(urest, b[8:]) {
			t.Fatalf("DecodeUint64(%x) = %d does not round-trip", b, u)
		}
		if !bytes.Equal(AppendInt64(nil, i), b[:8]) || !bytes.Equal(irest, b[8:]) {
			t.Fatalf("DecodeInt64(%x) = %d does not round-trip", b, i)
		}
	})
}

package storage

import (
	"bytes"
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestUint64RoundTripAndOrder(t *testing.T) {
	values := []uint64{0, 1, 255, 256, 1 << 32, math.MaxUint64 - 1, math.MaxUint64}
	for i, v := range values {
		enc := AppendUint64([]byte("x"), v)
		got, rest, err := DecodeUint64(enc[1:])
		if err != nil || got != v || len(rest) != 0 {
			t.Fatalf("decode %d: got %d rest %x err %v", v, got, rest, err)
		}
		if i > 0 && bytes.Compare(AppendUint64(nil, values[i-1]), AppendUint64(nil, v)) >= 0 {
			t.Fatalf("%d does not sort before %d", values[i-1], v)
		}
	}
	if _, _, err := DecodeUint64([]byte{1, 2, 3}); err == nil {
		t.Fatal("short input decoded")
	}
}

func TestInt64Order(t *testing.T) {
	values := []int64{math.MinInt64, -1 << 40, -2, -1, 0, 1, 2, 1 << 40, math.MaxInt64}
	for i, v := range values {
		got, rest, err := DecodeInt64(AppendInt64(nil, v))
		if err != nil || got != v || len(rest) != 0 {
			t.Fatalf("decode %d: got %d err %v", v, got, err)
		}
		if i > 0 && bytes.Compare(AppendInt64(nil, values[i-1]), AppendInt64(nil, v)) >= 0 {
			t.Fatalf("%d does not sort before %d", values[i-1], v)
		}
	}
}

func TestBytesRoundTrip(t *testing.T) {
	cases := [][]byte{{}, {0}, {0, 0}, {1}, {0xFF}, {0, 1}, {0, 0xFF}, []byte("hello\x00world")}
	for _, c := range cases {
		enc := AppendBytes(nil, c)
		enc = append(enc, 0xAB) // trailing data must be left alone
		got, rest, err := DecodeBytes(enc)
		if err != nil || !bytes.Equal(got, c) || !bytes.Equal(rest, []byte{0xAB}) {
			t.Fatalf("%x: got %x rest %x err %v", c, got, rest, err)
		}
	}
}

func TestDecodeBytesRejectsMalformed(t *testing.T) {
	bad := [][]byte{nil, {'a'}, {0}, {'a', 0}, {0, 2}, {0, 0xFF}, {0, 0xFE, 0, 1}}
	for _, b := range bad {
		if _, _, err := DecodeBytes(b); err == nil {
			t.Fatalf("%x decoded without error", b)
		}
	}
}

// The encoding must sort exactly like the raw byte strings, including when
// one string is a prefix of another or contains 0x00 and 0xFF.
func TestBytesOrderProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{0x00, 0x01, 0x02, 0xFE, 0xFF, 'a'}
	randomString := func() []byte {
		s := make([]byte, rng.IntN(6))
		for i := range s {
			s[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return s
	}
	for range 20000 {
		a, b := randomString(), randomString()
		want := bytes.Compare(a, b)
		got := bytes.Compare(AppendBytes(nil, a), AppendBytes(nil, b))
		if want != got {
			t.Fatalf("order of %x vs %x: raw %d encoded %d", a, b, want, got)
		}
	}
}

// Composite keys (string, then uint64) must sort by the first component,
// then the second, regardless of string lengths.
func TestCompositeOrderProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	type pair struct {
		s []byte
		n uint64
	}
	pairs := make([]pair, 2000)
	for i := range pairs {
		s := make([]byte, rng.IntN(4))
		for j := range s {
			s[j] = byte(rng.IntN(3)) // lots of 0x00 and prefixes
		}
		pairs[i] = pair{s, rng.Uint64N(5)}
	}
	encode := func(p pair) []byte { return AppendUint64(AppendBytes(nil, p.s), p.n) }
	byValue := slices.Clone(pairs)
	slices.SortFunc(byValue, func(x, y pair) int {
		if c := bytes.Compare(x.s, y.s); c != 0 {
			return c
		}
		return cmp.Compare(x.n, y.n)
	})
	byKey := slices.Clone(pairs)
	slices.SortFunc(byKey, func(x, y pair) int { return bytes.Compare(encode(x), encode(y)) })
	for i := range byValue {
		if !bytes.Equal(encode(byValue[i]), encode(byKey[i])) {
			t.Fatalf("position %d: value order %v, key order %v", i, byValue[i], byKey[i])
		}
	}
}

func TestPrefixEnd(t *testing.T) {
	cases := []struct{ in, want []byte }{
		{[]byte("ab"), []byte("ac")},
		{[]byte{'a', 0xFF}, []byte("b")},
		{[]byte{0xFF, 0xFF}, nil},
		{nil, nil},
	}
	for _, c := range cases {
		if got := PrefixEnd(c.in); !bytes.Equal(got, c.want) || (c.want == nil) != (got == nil) {
			t.Fatalf("PrefixEnd(%x) = %x, want %x", c.in, got, c.want)
		}
	}
}

func TestMetaKey(t *testing.T) {
	key := MetaKey("acct", "local\x00host", "root")
	kind, parts, err := DecodeMetaKey(key)
	if err != nil || kind != "acct" || !slices.Equal(parts, []string{"local\x00host", "root"}) {
		t.Fatalf("got %q %q %v", kind, parts, err)
	}
	prefix := MetaKindPrefix("acct")
	if !bytes.HasPrefix(key, prefix) {
		t.Fatal("key lacks its kind prefix")
	}
	if bytes.HasPrefix(MetaKey("acctx"), prefix) {
		t.Fatal("kind acctx falls inside kind acct")
	}
	if bytes.Equal(MetaKey("k", "a", "bc"), MetaKey("k", "ab", "c")) {
		t.Fatal("parts are not self-delimiting")
	}
	if _, _, err := DecodeMetaKey([]byte("t123")); err == nil {
		t.Fatal("non-meta key decoded")
	}
}

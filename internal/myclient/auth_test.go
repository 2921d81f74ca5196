package myclient

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// knownScramble is a 20-byte salt with published known-answer vectors for
// caching_sha2_password's scramble.
var knownScramble = []byte{10, 47, 74, 111, 75, 73, 34, 48, 88, 76, 114, 74, 37, 13, 3, 80, 82, 2, 23, 21}

func TestScrambleCachingSHA2KnownVectors(t *testing.T) {
	for _, v := range []struct{ pass, want string }{
		{"secret", "f490e76f66d9d86665ce54d98c78d0acfe2fb0b08b423da807144873d30b312c"},
		{"secret2", "abc3934a012cf342e876071c8ee202de51785b430258a7a0138bc79c4d800bc6"},
	} {
		if got := fmt.Sprintf("%x", ScrambleCachingSHA2(v.pass, knownScramble)); got != v.want {
			t.Errorf("ScrambleCachingSHA2(%q) = %s, want %s", v.pass, got, v.want)
		}
	}
}

// TestScrambleNativeServerCheck verifies the response the way a server does, from the stored
// hash alone: PASSWORD('password') is *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19 (MySQL's
// documented example), and response XOR SHA1(scramble || stored) must be a value whose SHA1
// is the stored hash.
func TestScrambleNativeServerCheck(t *testing.T) {
	stored, _ := hex.DecodeString("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19")
	resp := ScrambleNative("password", knownScramble)
	if len(resp) != 20 {
		t.Fatalf("response is %d bytes, want 20", len(resp))
	}
	mask := sha1.Sum(append(append([]byte{}, knownScramble...), stored...))
	for i := range resp {
		resp[i] ^= mask[i]
	}
	if got := sha1.Sum(resp); !bytes.Equal(got[:], stored) {
		t.Errorf("server-side check fails: SHA1(recovered) = %X, want %X", got, stored)
	}
}

// TestScrambleCachingSHA2ServerCheck is the fast path's check from the cached
// SHA256(SHA256(pw)).
func TestScrambleCachingSHA2ServerCheck(t *testing.T) {
	s1 := sha256.Sum256([]byte("Root-pw"))
	cached := sha256.Sum256(s1[:])
	resp := ScrambleCachingSHA2("Root-pw", knownScramble)
	mask := sha256.Sum256(append(cached[:], knownScramble...))
	for i := range resp {
		resp[i] ^= mask[i]
	}
	if got := sha256.Sum256(resp); got != cached {
		t.Errorf("server-side check fails")
	}
}

func TestScrambleEmptyPassword(t *testing.T) {
	if ScrambleNative("", knownScramble) != nil || ScrambleCachingSHA2("", knownScramble) != nil {
		t.Error("an empty password must give an empty auth response")
	}
}

func TestXorPasswordRoundTrips(t *testing.T) {
	pw := strings.Repeat("long-password-", 3) // longer than the scramble: it repeats
	x := xorPassword(pw, knownScramble)
	if len(x) != len(pw)+1 {
		t.Fatalf("len %d, want %d (NUL-terminated)", len(x), len(pw)+1)
	}
	for i := range x {
		x[i] ^= knownScramble[i%len(knownScramble)]
	}
	if string(x) != pw+"\x00" {
		t.Errorf("XOR twice gives %q", x)
	}
}

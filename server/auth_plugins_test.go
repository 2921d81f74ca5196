package server

import (
	"bytes"
	"strings"
	"testing"
)

func TestAuthHashPasswordNative(t *testing.T) {
	// Known MySQL value: SELECT PASSWORD('123') on MySQL 5.7.
	got, err := HashPassword(PluginNativePassword, "123")
	if err != nil || got != "*23AE809DDACAF96AF0FD78ED04B6A265E05AA257" {
		t.Fatalf("got %q %v", got, err)
	}
	if got, _ := HashPassword(PluginNativePassword, ""); got != "" {
		t.Fatalf("empty password hashed to %q", got)
	}
	scramble := NewScramble()
	if !checkNativeScramble(got, scramble, clientNativeReply("123", scramble)) {
		t.Fatal("native scramble check failed")
	}
}

func TestAuthHashPasswordSha2(t *testing.T) {
	got, err := HashPassword(PluginCachingSha2, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 70 || !strings.HasPrefix(got, "$A$005$") || !validSha2Hash(got) {
		t.Fatalf("hash %q has the wrong shape", got)
	}
	if !checkSha2Password(got, []byte("s3cret")) || checkSha2Password(got, []byte("s3cre")) {
		t.Fatal("sha2 check wrong")
	}
	if again, _ := HashPassword(PluginCachingSha2, "s3cret"); again == got {
		t.Fatal("salt is not random")
	}
	if empty, _ := HashPassword(PluginCachingSha2, ""); empty != "" {
		t.Fatalf("empty password hashed to %q", empty)
	}
	if _, err := HashPassword("ed25519", "x"); err == nil {
		t.Fatal("unknown plugin accepted")
	}
	if _, err := HashPassword(PluginCachingSha2, strings.Repeat("x", MaxPasswordLength+1)); err == nil {
		t.Fatal("over-long password accepted")
	}
}

func TestSha2CheckRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"$A$005$", "$A$005$aa$" + strings.Repeat("a", 60), "$A$005$" + strings.Repeat("a", 64), "$B$005$" + strings.Repeat("a", 63), "$A$zzz$" + strings.Repeat("a", 63)} {
		if checkSha2Password(h, []byte("x")) || validSha2Hash(h) {
			t.Errorf("malformed hash %q accepted", h)
		}
	}
}

func TestSha2FastReply(t *testing.T) {
	scramble := NewScramble()
	stage2 := sha2Stage2([]byte("pw"))
	if !checkSha2FastReply(stage2, scramble, clientSha2Reply("pw", scramble)) {
		t.Fatal("correct reply rejected")
	}
	if checkSha2FastReply(stage2, scramble, clientSha2Reply("pW", scramble)) {
		t.Fatal("wrong reply accepted")
	}
	if checkSha2FastReply(stage2, scramble, clientSha2Reply("pw", scramble)[:31]) {
		t.Fatal("short reply accepted")
	}
}

func TestSha2Cache(t *testing.T) {
	c := NewSha2Cache()
	a := &Account{User: "u", Host: "%", AuthString: "hash1"}
	stage2 := sha2Stage2([]byte("pw"))
	if _, ok := c.Get(a, a.AuthString); ok {
		t.Fatal("empty cache hit")
	}
	c.Put(a, a.AuthString, stage2)
	if got, ok := c.Get(a, a.AuthString); !ok || !bytes.Equal(got[:], stage2[:]) {
		t.Fatal("cache miss after Put")
	}
	changed := *a
	changed.AuthString = "hash2"
	if _, ok := c.Get(&changed, changed.AuthString); ok {
		t.Fatal("entry survived a password change")
	}
	// A retained secondary password keeps an entry of its own.
	changed.SecondaryAuth = "hash1"
	older := sha2Stage2([]byte("old"))
	c.Put(&changed, "hash2", older)
	if got, ok := c.Get(&changed, changed.SecondaryAuth); !ok || got != stage2 {
		t.Fatal("secondary entry lost when the primary's was added")
	}
	if got, ok := c.Get(&changed, changed.AuthString); !ok || got != older {
		t.Fatal("primary entry missing")
	}
	c.Delete("u", "")
	if _, ok := c.Get(a, a.AuthString); ok || c.Len() != 0 {
		t.Fatal("entry survived Delete")
	}
}

func TestScramble(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		s := NewScramble()
		if len(s) != ScrambleLength {
			t.Fatalf("length %d", len(s))
		}
		for _, c := range s {
			if c == 0 || c == '$' || c >= 0x80 {
				t.Fatalf("forbidden byte %#x in %q", c, s)
			}
		}
		seen[string(s)] = true
	}
	if len(seen) != 1000 {
		t.Fatal("scrambles repeat")
	}
}

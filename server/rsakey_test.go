package server

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestRSAKeyCreatedOnceAndReused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	k1, err := LoadOrCreateRSAKey(dir, quietLogger)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, rsaPrivateKeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("private key file: %v %v", info, err)
	}
	pub, err := os.ReadFile(filepath.Join(dir, rsaPublicKeyFile))
	if err != nil || !bytes.Equal(pub, k1.PublicKeyPEM()) || !bytes.HasPrefix(pub, []byte("-----BEGIN PUBLIC KEY-----")) {
		t.Fatalf("public key file %q: %v", pub, err)
	}
	if k1.Size() != 256 {
		t.Fatalf("key size %d bytes", k1.Size())
	}

	os.Remove(filepath.Join(dir, rsaPublicKeyFile)) // must be recreated
	k2, err := LoadOrCreateRSAKey(dir, quietLogger)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1.PublicKeyPEM(), k2.PublicKeyPEM()) {
		t.Fatal("key regenerated instead of reused")
	}
	if _, err := os.Stat(filepath.Join(dir, rsaPublicKeyFile)); err != nil {
		t.Fatal("public key file not recreated")
	}
}

func TestRSAKeyAcceptsPKCS8(t *testing.T) {
	dir := t.TempDir()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	os.WriteFile(filepath.Join(dir, rsaPrivateKeyFile), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	key, err := LoadOrCreateRSAKey(dir, quietLogger)
	if err != nil {
		t.Fatal(err)
	}
	scramble := NewScramble()
	ct := clientRSAEncrypt(t, key.PublicKeyPEM(), "pkcs8", scramble)
	if pw, err := key.DecryptPassword(ct, scramble); err != nil || string(pw) != "pkcs8" {
		t.Fatalf("decrypt: %q %v", pw, err)
	}
}

func TestRSAKeyRejectsGarbageFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, rsaPrivateKeyFile), []byte("not a key"), 0o600)
	if _, err := LoadOrCreateRSAKey(dir, quietLogger); err == nil {
		t.Fatal("garbage key file accepted")
	}
}

func TestRSADecryptPassword(t *testing.T) {
	key := testRSAKey()
	scramble := NewScramble()
	long := string(bytes.Repeat([]byte("p"), 100)) // longer than the scramble: XOR repeats it
	for _, pw := range []string{"", "x", "hunter2", long} {
		ct := clientRSAEncrypt(t, key.PublicKeyPEM(), pw, scramble)
		got, err := key.DecryptPassword(ct, scramble)
		if err != nil || string(got) != pw {
			t.Fatalf("password %q: got %q %v", pw, got, err)
		}
	}
	ct := clientRSAEncrypt(t, key.PublicKeyPEM(), "pw", scramble)
	if _, err := key.DecryptPassword(ct[:100], scramble); err == nil {
		t.Fatal("short ciphertext accepted")
	}
	if _, err := key.DecryptPassword(ct, nil); err == nil {
		t.Fatal("empty scramble accepted")
	}
	if _, err := key.DecryptPassword(make([]byte, 256), scramble); err == nil {
		t.Fatal("zero ciphertext accepted")
	}
	// Decrypting with another scramble leaves no trailing NUL.
	if got, err := key.DecryptPassword(ct, NewScramble()); err == nil && string(got) == "pw" {
		t.Fatal("wrong scramble gave the password")
	}
}

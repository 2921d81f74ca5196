package server

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // the caching_sha2 protocol fixes OAEP to SHA-1
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// Key files in the data directory, named as MySQL names them.
const (
	rsaPrivateKeyFile = "private_key.pem"
	rsaPublicKeyFile  = "public_key.pem"
	rsaKeyBits        = 2048
)

// RSAKey is the key pair caching_sha2_password uses to receive a password
// over an unencrypted connection.
type RSAKey struct {
	private   *rsa.PrivateKey
	publicPEM []byte
}

// LoadOrCreateRSAKey loads private_key.pem from datadir, or generates a
// 2048-bit key pair there at first start (like MySQL's
// caching_sha2_password_auto_generate_rsa_keys). public_key.pem is rewritten
// if it is missing or does not match the private key.
func LoadOrCreateRSAKey(datadir string, logger *slog.Logger) (*RSAKey, error) {
	if logger == nil {
		logger = slog.Default()
	}
	privPath := filepath.Join(datadir, rsaPrivateKeyFile)
	pubPath := filepath.Join(datadir, rsaPublicKeyFile)

	priv, err := readRSAPrivateKey(privPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if priv, err = createRSAPrivateKey(datadir, privPath); err != nil {
			return nil, err
		}
		logger.Info("generated RSA key pair for caching_sha2_password", "path", privPath)
	case err != nil:
		return nil, err
	}

	key, err := newRSAKey(priv)
	if err != nil {
		return nil, err
	}
	existing, err := os.ReadFile(pubPath)
	if err == nil && bytes.Equal(existing, key.publicPEM) {
		return key, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", pubPath, err)
	}
	if err == nil {
		logger.Warn("public key file does not match the private key; rewriting it", "path", pubPath)
	}
	if err := writeFileAtomic(pubPath, key.publicPEM, 0o644); err != nil {
		return nil, err
	}
	return key, nil
}

func newRSAKey(priv *rsa.PrivateKey) (*RSAKey, error) {
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("encode RSA public key: %w", err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	return &RSAKey{private: priv, publicPEM: pubPEM}, nil
}

// readRSAPrivateKey accepts PKCS#1 ("RSA PRIVATE KEY", what MySQL writes) and
// PKCS#8 ("PRIVATE KEY").
func readRSAPrivateKey(path string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s: no PEM block", path)
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		priv, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return priv, nil
	case "PRIVATE KEY":
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		priv, ok := parsed.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%s: not an RSA key", path)
		}
		return priv, nil
	default:
		return nil, fmt.Errorf("%s: unexpected PEM block %q", path, block.Type)
	}
}

func createRSAPrivateKey(datadir, path string) (*rsa.PrivateKey, error) {
	if err := os.MkdirAll(datadir, 0o750); err != nil {
		return nil, fmt.Errorf("create %s: %w", datadir, err)
	}
	priv, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		return nil, fmt.Errorf("generate RSA key: %w", err)
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)})
	if err := writeFileAtomic(path, data, 0o600); err != nil {
		return nil, err
	}
	return priv, nil
}

// writeFileAtomic writes through a temporary file and a rename so a crash
// never leaves a half-written key behind.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	cleanup := func(err error) error {
		tmp.Close()
		os.Remove(tmpName)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return cleanup(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return cleanup(err)
	}
	if err := tmp.Sync(); err != nil {
		return cleanup(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// PublicKeyPEM returns the public key as PEM SubjectPublicKeyInfo
// ("BEGIN PUBLIC KEY"), the form clients parse.
func (k *RSAKey) PublicKeyPEM() []byte {
	return k.publicPEM
}

// Size is the RSA modulus size in bytes: the length of every ciphertext.
func (k *RSAKey) Size() int {
	return k.private.Size()
}

// DecryptPassword recovers a password the client sent as
// RSA-OAEP(SHA-1, MGF1-SHA-1)((password || NUL) XOR scramble repeated).
func (k *RSAKey) DecryptPassword(ciphertext, scramble []byte) ([]byte, error) {
	if len(scramble) == 0 {
		return nil, errors.New("empty scramble")
	}
	if len(ciphertext) != k.Size() {
		return nil, fmt.Errorf("ciphertext is %d bytes, want %d", len(ciphertext), k.Size())
	}
	plain, err := rsa.DecryptOAEP(sha1.New(), nil, k.private, ciphertext, nil)
	if err != nil {
		return nil, err
	}
	for i := range plain {
		plain[i] ^= scramble[i%len(scramble)]
	}
	if len(plain) == 0 || plain[len(plain)-1] != 0 {
		return nil, errors.New("decrypted password is not NUL-terminated")
	}
	return plain[:len(plain)-1], nil
}

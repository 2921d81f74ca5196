package server

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // protocol-defined
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"sync"
	"testing"
)

// The client side of the login exchanges, written from the protocol
// description the way go-sql-driver, libmariadb and PyMySQL compute it.

func clientNativeReply(password string, scramble []byte) []byte {
	if password == "" {
		return nil
	}
	stage1 := sha1.Sum([]byte(password))
	stage2 := sha1.Sum(stage1[:])
	h := sha1.New()
	h.Write(scramble)
	h.Write(stage2[:])
	mask := h.Sum(nil)
	for i := range mask {
		mask[i] ^= stage1[i]
	}
	return mask
}

func clientSha2Reply(password string, scramble []byte) []byte {
	if password == "" {
		return nil
	}
	stage1 := sha256.Sum256([]byte(password))
	stage2 := sha256.Sum256(stage1[:])
	h := sha256.New()
	h.Write(stage2[:])
	h.Write(scramble)
	mask := h.Sum(nil)
	for i := range mask {
		mask[i] ^= stage1[i]
	}
	return mask
}

func clientRSAEncrypt(t *testing.T, publicPEM []byte, password string, scramble []byte) []byte {
	t.Helper()
	block, _ := pem.Decode(publicPEM)
	if block == nil || block.Type != "PUBLIC KEY" {
		t.Fatalf("server sent no PUBLIC KEY PEM: %q", publicPEM)
	}
	parsed, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	pub, ok := parsed.(*rsa.PublicKey)
	if !ok {
		t.Fatalf("public key is %T", parsed)
	}
	plain := append([]byte(password), 0)
	for i := range plain {
		plain[i] ^= scramble[i%len(scramble)]
	}
	ct, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, pub, plain, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ct
}

func clientAuthData(plugin, password string, scramble []byte) []byte {
	switch plugin {
	case PluginNativePassword:
		return clientNativeReply(password, scramble)
	case PluginCachingSha2:
		return clientSha2Reply(password, scramble)
	}
	return []byte("garbage-for-unknown-plugin")
}

// testClient is one login attempt as a real client drives it.
type testClient struct {
	user, host, password, plugin string
	secure                       bool
	knowsPublicKey               []byte // set: skip the 0x02 request, like --server-public-key-path
}

// login runs the whole exchange and returns the final step and a trace of
// what the server said along the way.
func (c testClient) login(t *testing.T, a *Authenticator) (AuthStep, []string) {
	t.Helper()
	scramble := NewScramble()
	plugin := c.plugin
	x, step := a.Begin(AuthRequest{
		User: c.user, ClientHost: c.host, Secure: c.secure, ClientPlugin: plugin,
		AuthResponse: clientAuthData(plugin, c.password, scramble), Scramble: scramble,
	})
	var trace []string
	for range 10 {
		reply := step.Reply
		var next []byte
		switch {
		case reply == nil:
		case reply[0] == 0xFE:
			name, data, ok := bytes.Cut(reply[1:], []byte{0})
			if !ok || len(data) != ScrambleLength+1 || data[ScrambleLength] != 0 {
				t.Fatalf("malformed AuthSwitchRequest %q", reply)
			}
			plugin, scramble = string(name), data[:ScrambleLength]
			trace = append(trace, "switch:"+plugin)
			next = clientAuthData(plugin, c.password, scramble)
		case bytes.Equal(reply, []byte{1, 3}):
			trace = append(trace, "fast-ok")
		case bytes.Equal(reply, []byte{1, 4}):
			trace = append(trace, "full")
			switch {
			case c.secure:
				next = append([]byte(c.password), 0)
			case c.knowsPublicKey != nil:
				next = clientRSAEncrypt(t, c.knowsPublicKey, c.password, scramble)
			default:
				next = []byte{2}
			}
		case reply[0] == 1 && bytes.HasPrefix(reply[1:], []byte("-----BEGIN PUBLIC KEY-----")):
			trace = append(trace, "pubkey")
			next = clientRSAEncrypt(t, reply[1:], c.password, scramble)
		default:
			t.Fatalf("unexpected server payload %q", reply)
		}
		if step.Done {
			return step, trace
		}
		step = x.Next(next)
	}
	t.Fatal("exchange did not finish")
	return step, trace
}

// testRSAKey is generated once per test binary, on first use: key
// generation is slow.
var testRSAKey = sync.OnceValue(func() *RSAKey {
	priv, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		panic(fmt.Sprintf("generate test key: %v", err))
	}
	key, err := newRSAKey(priv)
	if err != nil {
		panic(err)
	}
	return key
})

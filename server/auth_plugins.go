package server

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // mysql_native_password is defined over SHA-1
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/auth"
)

// Authentication plugins loopdb implements.
const (
	PluginNativePassword = "mysql_native_password"
	PluginCachingSha2    = "caching_sha2_password"
)

// DefaultAuthPlugin is the plugin for new accounts and the one advertised in
// HandshakeV10: every target client supports it (see ARCHITECTURE.md, "Protocol facts").
const DefaultAuthPlugin = PluginCachingSha2

// MaxPasswordLength bounds a cleartext password. MySQL's caching_sha2 plugin
// has the same limit; it also caps the SHA-crypt cost an attacker can cause.
const MaxPasswordLength = 256

const (
	nativeHashLength = 41 // '*' + 40 hex digits
	sha2HashLength   = 70 // "$A$005$" + 20-byte salt + 43-char digest
	sha2HashPrefix   = "$A$"
	sha2SaltLength   = 20
)

// KnownPlugin reports whether loopdb can authenticate accounts using plugin.
func KnownPlugin(plugin string) bool {
	return plugin == PluginNativePassword || plugin == PluginCachingSha2
}

// HashPassword returns the stored authentication string for password under
// plugin, in MySQL's formats: "*"+hex(SHA1(SHA1(pw))) for native and
// "$A$005$"+salt+digest (SHA256-crypt, 5000 rounds) for caching_sha2. An
// empty password gives "" for both.
func HashPassword(plugin, password string) (string, error) {
	if len(password) > MaxPasswordLength {
		return "", fmt.Errorf("password longer than %d bytes", MaxPasswordLength)
	}
	switch plugin {
	case PluginNativePassword:
		return auth.EncodePassword(password), nil
	case PluginCachingSha2:
		if password == "" {
			return "", nil
		}
		return auth.NewHashPassword(password, PluginCachingSha2), nil
	default:
		return "", fmt.Errorf("unknown authentication plugin %q", plugin)
	}
}

// validAuthString reports whether authString is a well-formed stored hash
// for plugin (the empty string means "no password").
func validAuthString(plugin, authString string) bool {
	if authString == "" {
		return true
	}
	switch plugin {
	case PluginNativePassword:
		_, ok := nativeStage2(authString)
		return ok
	case PluginCachingSha2:
		return validSha2Hash(authString)
	}
	return false
}

// nativeStage2 decodes "*"+40 hex into SHA1(SHA1(pw)).
func nativeStage2(authString string) ([]byte, bool) {
	if len(authString) != nativeHashLength || authString[0] != '*' {
		return nil, false
	}
	stage2, err := hex.DecodeString(authString[1:])
	if err != nil {
		return nil, false
	}
	return stage2, true
}

// checkNativeScramble verifies a mysql_native_password reply:
// reply = SHA1(pw) XOR SHA1(scramble || SHA1(SHA1(pw))).
func checkNativeScramble(authString string, scramble, reply []byte) bool {
	stage2, ok := nativeStage2(authString)
	if !ok || len(reply) != sha1.Size {
		return false
	}
	return auth.CheckScrambledPassword(scramble, stage2, reply)
}

// validSha2Hash checks the "$A$<hex iterations>$<20-byte salt><43 chars>"
// shape before the TiDB checker (which slices without bounds checks) sees it.
func validSha2Hash(authString string) bool {
	if len(authString) != sha2HashLength || !strings.HasPrefix(authString, sha2HashPrefix) {
		return false
	}
	parts := strings.Split(authString, "$")
	if len(parts) != 4 || len(parts[2]) != 3 || len(parts[3]) < sha2SaltLength {
		return false
	}
	_, err := hex.DecodeString("0" + parts[2])
	return err == nil
}

// checkSha2Password verifies a cleartext password against a stored
// caching_sha2 hash (SHA256-crypt; costs ~1 ms, do not call on an event loop).
func checkSha2Password(authString string, password []byte) bool {
	if authString == "" {
		return len(password) == 0
	}
	if !validSha2Hash(authString) || len(password) > MaxPasswordLength {
		return false
	}
	ok, err := auth.CheckHashingPassword([]byte(authString), string(password), PluginCachingSha2)
	return err == nil && ok
}

// sha2Stage2 is SHA256(SHA256(pw)), what the fast path is checked against.
func sha2Stage2(password []byte) [32]byte {
	stage1 := sha256.Sum256(password)
	return sha256.Sum256(stage1[:])
}

// checkSha2FastReply verifies the 32-byte fast-path reply
// SHA256(pw) XOR SHA256(stage2 || scramble) against a cached stage2.
func checkSha2FastReply(stage2 [32]byte, scramble, reply []byte) bool {
	if len(reply) != sha256.Size {
		return false
	}
	h := sha256.New()
	h.Write(stage2[:])
	h.Write(scramble)
	mask := h.Sum(nil)
	stage1 := make([]byte, sha256.Size)
	for i := range stage1 {
		stage1[i] = reply[i] ^ mask[i]
	}
	candidate := sha256.Sum256(stage1)
	return subtle.ConstantTimeCompare(candidate[:], stage2[:]) == 1
}

// authSwitchRequest builds the AuthSwitchRequest payload: 0xFE, plugin name,
// NUL, then the scramble and a NUL (libmariadb insists on exactly 21 bytes).
func authSwitchRequest(plugin string, scramble []byte) []byte {
	var b bytes.Buffer
	b.Grow(1 + len(plugin) + 1 + len(scramble) + 1)
	b.WriteByte(0xFE)
	b.WriteString(plugin)
	b.WriteByte(0)
	b.Write(scramble)
	b.WriteByte(0)
	return b.Bytes()
}

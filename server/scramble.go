package server

import "crypto/rand"

// ScrambleLength is the size of the nonce sent in HandshakeV10 and
// AuthSwitchRequest (followed on the wire by a NUL the clients expect).
const ScrambleLength = 20

// NewScramble returns a fresh 20-byte nonce for one authentication. Like
// MySQL's generator it uses 7-bit bytes and avoids 0x00 and '$': clients
// treat the scramble as a C string, and '$' is the separator of the
// caching_sha2 hash format.
func NewScramble() []byte {
	scramble := make([]byte, ScrambleLength)
	var one [1]byte
	for i := range scramble {
		for {
			// crypto/rand.Read never fails (it aborts the process instead).
			_, _ = rand.Read(one[:])
			c := one[0] & 0x7f
			if c != 0 && c != '$' {
				scramble[i] = c
				break
			}
		}
	}
	return scramble
}

package server

import "sync"

// Sha2Cache holds SHA256(SHA256(password)) per account after a successful
// caching_sha2 full authentication, so later logins can use the fast path.
// It lives in memory only: persisting it would allow cheap offline guessing.
type Sha2Cache struct {
	mu      sync.Mutex
	entries map[sha2CacheKey][32]byte
}

type accountKey struct {
	user, host string
}

// sha2CacheKey names an entry by the stored hash it was verified against
// as well as the account: a password change (ALTER USER, DROP + CREATE)
// invalidates the entry by itself even if nobody calls Delete, and an
// account with a secondary password (RETAIN CURRENT PASSWORD) has an
// entry for each of its two passwords, so clients still on the old one
// and clients on the new one both keep the fast path.
type sha2CacheKey struct {
	accountKey
	authString string
}

// NewSha2Cache returns an empty cache.
func NewSha2Cache() *Sha2Cache {
	return &Sha2Cache{entries: make(map[sha2CacheKey][32]byte)}
}

// Get returns the cached stage2 verified against authString, one of the
// account's stored hashes.
func (c *Sha2Cache) Get(a *Account, authString string) ([32]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	stage2, ok := c.entries[sha2CacheKey{accountKey{a.User, a.Host}, authString}]
	return stage2, ok
}

// Put records stage2 after a successful full authentication against
// authString, one of the account's stored hashes.
func (c *Sha2Cache) Put(a *Account, authString string, stage2 [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[sha2CacheKey{accountKey{a.User, a.Host}, authString}] = stage2
}

// Delete forgets the account (call on DROP USER / password change, like
// MySQL does; entries for other hashes are never returned by Get).
func (c *Sha2Cache) Delete(user, host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	acct := accountKey{user, normalizeAccountHost(host)}
	for k := range c.entries {
		if k.accountKey == acct {
			delete(c.entries, k)
		}
	}
}

// Len reports the number of cached entries.
func (c *Sha2Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

package server

import "sync"

// Sha2Cache holds SHA256(SHA256(password)) per account after a successful
// caching_sha2 full authentication, so later logins can use the fast path.
// It lives in memory only: persisting it would allow cheap offline guessing.
type Sha2Cache struct {
	mu      sync.Mutex
	entries map[accountKey]sha2CacheEntry
}

type accountKey struct {
	user, host string
}

// sha2CacheEntry remembers which stored hash stage2 was verified against, so
// a password change (ALTER USER, DROP + CREATE) invalidates the entry by
// itself even if nobody calls Delete.
type sha2CacheEntry struct {
	authString string
	stage2     [32]byte
}

// NewSha2Cache returns an empty cache.
func NewSha2Cache() *Sha2Cache {
	return &Sha2Cache{entries: make(map[accountKey]sha2CacheEntry)}
}

// Get returns the cached stage2 for the account, if its stored hash is still
// the one the entry was verified against.
func (c *Sha2Cache) Get(a *Account) ([32]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[accountKey{a.User, a.Host}]
	if !ok || e.authString != a.AuthString {
		return [32]byte{}, false
	}
	return e.stage2, true
}

// Put records stage2 for the account after a successful full authentication.
func (c *Sha2Cache) Put(a *Account, stage2 [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[accountKey{a.User, a.Host}] = sha2CacheEntry{authString: a.AuthString, stage2: stage2}
}

// Delete forgets the account (call on DROP USER / password change, like
// MySQL does; stale entries are also ignored by Get).
func (c *Sha2Cache) Delete(user, host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, accountKey{user, normalizeAccountHost(host)})
}

// Len reports the number of cached accounts.
func (c *Sha2Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

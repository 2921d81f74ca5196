package server

import (
	"slices"

	"github.com/loopdb/loopdb/exec/privs"
)

// Privileges live in each account's record (Account.Privs) and in memory
// as one immutable snapshot of every account's grants.

// bootstrapUser is the account name the server creates at first start
// (EnsureRoot). Its records written before privileges existed carry none:
// they load as every privilege, so upgrading a data directory keeps root
// working. Any other account without stored privileges has USAGE only.
const bootstrapUser = "root"

// loadGrants decodes a's stored privileges.
func (a *Account) loadGrants() error {
	if a.Privs == nil {
		if a.User == bootstrapUser {
			a.grants = privs.Superuser
		} else {
			a.grants = privs.Superuser.WithoutAll()
		}
		return nil
	}
	g, err := a.Privs.Load()
	if err != nil {
		return err
	}
	a.grants = g
	return nil
}

// setGrants sets both the durable and the decoded form of a's privileges.
func (a *Account) setGrants(g *privs.Grants) {
	a.grants = g
	a.Privs = g.Store()
}

// Grants returns every account's current privileges.
func (s *AccountStore) Grants() *privs.Snapshot { return s.grants.Load() }

// EditGrants replaces the privileges of 'user'@'host' with what edit makes
// of them, durably; found is false (and nothing changes) when there is no
// such account.
func (s *AccountStore) EditGrants(user, host string, edit func(*privs.Grants) *privs.Grants) (found bool, err error) {
	host = normalizeAccountHost(host)
	if _, ok := s.Get(user, host); !ok {
		return false, nil
	}
	return true, s.update(user, host, func(a *Account) { a.setGrants(edit(a.grants)) })
}

// publishGrantsLocked rebuilds the snapshot from byUser; s.mu is held.
func (s *AccountStore) publishGrantsLocked() {
	m := make(map[privs.AccountName]*privs.Grants)
	for _, list := range s.byUser {
		for _, a := range list {
			m[privs.AccountName{User: a.User, Host: a.Host}] = a.grants
		}
	}
	s.grants.Store(privs.NewSnapshot(m))
}

// withoutRole returns copies of the accounts that hold role (granted or
// as a default role), with it removed; the caller holds writeMu.
func (s *AccountStore) withoutRole(role privs.AccountName) []*Account {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*Account
	for _, list := range s.byUser {
		for _, a := range list {
			if a.grants.HasRole(role) || slices.Contains(a.grants.Defaults, role) {
				changed := *a
				changed.setGrants(a.grants.WithoutRole(role))
				out = append(out, &changed)
			}
		}
	}
	return out
}

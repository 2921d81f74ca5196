package server

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/internal/jsoncodec"

	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Account is one 'user'@'host' login. Host is stored lower-cased ('%' for
// any host). New fields (RequireSSL, locks, expiry) can be added with
// omitempty JSON tags without migrating stored accounts.
type Account struct {
	User       string `json:"user"`
	Host       string `json:"host"`
	Plugin     string `json:"plugin"`
	AuthString string `json:"auth_string"`
	// Require is the account's transport requirement (mysql.user.ssl_type):
	// "" for none, RequireSSL or RequireX509.
	Require string `json:"require,omitempty"`
	// Locked refuses every login with 3118 (ACCOUNT LOCK), after the
	// password was verified, so a lock does not tell a guesser anything.
	Locked bool `json:"locked,omitempty"`
	// PasswordChanged is when the password was last set, in Unix seconds
	// (mysql.user.password_last_changed); 0 in records written before it
	// was kept.
	PasswordChanged int64 `json:"pw_changed,omitempty"`
	// SecondaryAuth is the hash of the password kept by RETAIN CURRENT
	// PASSWORD (same plugin as AuthString); a login may use either until
	// DISCARD OLD PASSWORD. "" when there is none.
	SecondaryAuth string `json:"auth_string2,omitempty"`
	// Limits are the WITH options (mysql.user max_questions, max_updates,
	// max_connections, max_user_connections); zero is no limit.
	MaxQuestions       int64 `json:"max_questions,omitempty"`
	MaxUpdates         int64 `json:"max_updates,omitempty"`
	MaxConnections     int64 `json:"max_connections,omitempty"`
	MaxUserConnections int64 `json:"max_user_connections,omitempty"`
	// Expired: PASSWORD EXPIRE; the next login runs in sandbox mode until
	// the password is set again (mysql.user.password_expired).
	Expired bool `json:"expired,omitempty"`
	// Lifetime is PASSWORD EXPIRE INTERVAL n DAY (n > 0), NEVER (-1) or
	// DEFAULT (0, default_password_lifetime applies; mysql.user shows NULL).
	Lifetime int64 `json:"lifetime,omitempty"`
	// Privs are the account's grants, stored in the same record so a
	// change of account and grants is one write and DROP USER removes
	// both. Absent in records written before privileges existed.
	Privs *privs.Stored `json:"privs,omitempty"`

	grants *privs.Grants // Privs decoded; immutable, shared by copies
}

// passwords are the stored hashes a login may match: the primary one
// and, after RETAIN CURRENT PASSWORD, the secondary one (never "").
func (a *Account) passwords() []string {
	switch {
	case a.AuthString == "":
		return nil // no password: only an empty answer logs in (no secondary can exist)
	case a.SecondaryAuth == "":
		return []string{a.AuthString}
	}
	return []string{a.AuthString, a.SecondaryAuth}
}

// Transport requirements (CREATE/ALTER USER ... REQUIRE).
const (
	RequireSSL  = "ANY"
	RequireX509 = "X509"
)

// accountKind is the catalog kind under which accounts are stored:
// MetaKey("acct", host, user) -> JSON(Account).
const accountKind = "acct"

// AccountStore keeps every account in memory for lock-light lookups at login
// and persists changes in the storage engine. A change is committed (synced)
// to storage before it becomes visible in memory.
type AccountStore struct {
	eng storage.Engine

	// writeMu serialises changes so check-then-write is atomic without
	// holding mu (and blocking logins) across a disk sync.
	writeMu sync.Mutex

	mu sync.RWMutex
	// byUser lists each user's accounts, most specific host first. Slices are
	// replaced on change, never modified in place.
	byUser map[string][]*Account

	// grants is every account's privileges, rebuilt whenever an account
	// changes; sessions read it without a lock on every statement.
	grants atomic.Pointer[privs.Snapshot]

	// shared is set over a store other front ends write too
	// (accounts_shared.go).
	shared sharedVersion
}

// OpenAccountStore loads all accounts from eng.
func OpenAccountStore(eng storage.Engine) (*AccountStore, error) {
	byUser, err := loadAccounts(eng)
	if err != nil {
		return nil, err
	}
	s := &AccountStore{eng: eng, byUser: byUser}
	s.publishGrantsLocked()
	return s, nil
}

// loadAccounts reads every stored account, each user's most specific host
// first.
func loadAccounts(eng storage.Engine) (map[string][]*Account, error) {
	byUser := make(map[string][]*Account)
	prefix := storage.MetaKindPrefix(accountKind)
	it, err := eng.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		a, err := decodeAccount(it.Key(), it.Value())
		if err != nil {
			return nil, err
		}
		byUser[a.User] = append(byUser[a.User], a)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	for user, list := range byUser {
		byUser[user] = sortByHostSpecificity(list)
	}
	return byUser, nil
}

func accountStorageKey(user, host string) []byte {
	return storage.MetaKey(accountKind, host, user)
}

func decodeAccount(key, value []byte) (*Account, error) {
	_, parts, err := storage.DecodeMetaKey(key)
	if err != nil || len(parts) != 2 {
		return nil, fmt.Errorf("accounts: malformed key %x", key)
	}
	var a Account
	if err := jsoncodec.Unmarshal(value, &a); err != nil {
		return nil, fmt.Errorf("accounts: decode %q@%q: %w", parts[1], parts[0], err)
	}
	if a.Host != parts[0] || a.User != parts[1] {
		return nil, fmt.Errorf("accounts: key %q@%q holds account %q@%q", parts[1], parts[0], a.User, a.Host)
	}
	if err := a.loadGrants(); err != nil {
		return nil, fmt.Errorf("accounts: %q@%q: %w", a.User, a.Host, err)
	}
	return &a, nil
}

func sortByHostSpecificity(list []*Account) []*Account {
	slices.SortFunc(list, func(a, b *Account) int { return compareHostSpecificity(a.Host, b.Host) })
	return list
}

// Lookup finds the account a client logging in as user from clientHost
// ("localhost" for the unix socket, else its IP) authenticates against: the
// most specific matching host, with an exact literal match first. The result
// is a copy.
func (s *AccountStore) Lookup(user, clientHost string) (*Account, bool) {
	client := normalizeClientHost(clientHost)
	s.mu.RLock()
	defer s.mu.RUnlock()
	list := s.byUser[user]
	for _, a := range list {
		if a.Host == client {
			return new(*a), true
		}
	}
	for _, a := range list {
		if hostMatches(a.Host, client) {
			return new(*a), true
		}
	}
	return nil, false
}

// Get returns a copy of the account 'user'@'host' exactly as named.
func (s *AccountStore) Get(user, host string) (*Account, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if a := s.findLocked(user, normalizeAccountHost(host)); a != nil {
		return new(*a), true
	}
	return nil, false
}

func (s *AccountStore) findLocked(user, host string) *Account {
	for _, a := range s.byUser[user] {
		if a.Host == host {
			return a
		}
	}
	return nil
}

// List returns copies of all accounts ordered by user, then host.
func (s *AccountStore) List() []Account {
	s.mu.RLock()
	out := make([]Account, 0, len(s.byUser))
	for _, list := range s.byUser {
		for _, a := range list {
			out = append(out, *a)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b Account) int {
		return cmp.Or(cmp.Compare(a.User, b.User), cmp.Compare(a.Host, b.Host))
	})
	return out
}

// Create stores a new account (CREATE USER). An empty Plugin means the
// default plugin; AuthString must already be hashed (HashPassword). If the
// account exists, it fails with 1396, or with ifNotExists returns the note
// (3163) the caller should add as a warning.
func (s *AccountStore) Create(a Account, ifNotExists bool) (note *mysqldef.SQLError, err error) {
	a.Host = normalizeAccountHost(a.Host)
	if a.Plugin == "" {
		a.Plugin = DefaultAuthPlugin
	}
	if verr := validateAccount(&a); verr != nil {
		return nil, verr
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, exists := s.Get(a.User, a.Host); exists {
		if ifNotExists {
			return mysqldef.NewError(mysqldef.ErrUserAlreadyExists,
				"Authorization ID '%s'@'%s' already exists.", a.User, a.Host), nil
		}
		return nil, mysqldef.NewError(mysqldef.ErrCannotUser, "Operation CREATE USER failed for '%s'@'%s'", a.User, a.Host)
	}
	a.setGrants(privs.Superuser.WithoutAll()) // USAGE only, as in MySQL
	if a.PasswordChanged == 0 {
		a.PasswordChanged = time.Now().Unix()
	}
	if err := s.persist(&a); err != nil {
		return nil, err
	}
	s.publish(a.User, func(list []*Account) []*Account { return append(list, &a) })
	return nil, nil
}

// Drop removes 'user'@'host' (DROP USER). A missing account fails with 1396,
// or with ifExists returns the note (3162) the caller should add as a warning.
func (s *AccountStore) Drop(user, host string, ifExists bool) (note *mysqldef.SQLError, err error) {
	host = normalizeAccountHost(host)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, exists := s.Get(user, host); !exists {
		if ifExists {
			return mysqldef.NewError(mysqldef.ErrUserDoesNotExist, "Authorization ID '%s'@'%s' does not exist.", user, host), nil
		}
		return nil, mysqldef.NewError(mysqldef.ErrCannotUser, "Operation DROP USER failed for '%s'@'%s'", user, host)
	}
	// MySQL revokes a dropped account everywhere it was granted as a
	// role, in the same change.
	scrubbed := s.withoutRole(privs.AccountName{User: user, Host: host})
	values := make([][]byte, len(scrubbed))
	for i, a := range scrubbed {
		if values[i], err = jsoncodec.Marshal(a); err != nil {
			return nil, fmt.Errorf("accounts: encode: %w", err)
		}
	}
	if err := s.write(func(tx storage.Txn) error {
		for i, a := range scrubbed {
			if err := tx.Set(accountStorageKey(a.User, a.Host), values[i]); err != nil {
				return err
			}
		}
		return tx.Delete(accountStorageKey(user, host))
	}); err != nil {
		return nil, err
	}
	s.publish(user, func(list []*Account) []*Account {
		return slices.DeleteFunc(list, func(a *Account) bool { return a.Host == host })
	})
	for _, a := range scrubbed {
		s.publish(a.User, func(list []*Account) []*Account {
			for i, old := range list {
				if old.Host == a.Host {
					list[i] = a
				}
			}
			return list
		})
	}
	return nil, nil
}

// SetPassword replaces the plugin and stored hash of 'user'@'host' (ALTER
// USER ... IDENTIFIED). An empty plugin keeps the account's current one.
func (s *AccountStore) SetPassword(user, host, plugin, authString string) error {
	return s.ChangePassword(user, host, plugin, authString, false)
}

// ChangePassword is SetPassword with MySQL 8's dual passwords: retain
// (RETAIN CURRENT PASSWORD) keeps the current password as the secondary
// one. Without it an existing secondary password stays, as in MySQL; a
// change of plugin or an empty new password drops it. Setting a password
// ends PASSWORD EXPIRE.
func (s *AccountStore) ChangePassword(user, host, plugin, authString string, retain bool) error {
	return s.updateChecked(user, host, func(a *Account) *mysqldef.SQLError {
		pluginChanged := plugin != "" && plugin != a.Plugin
		if retain {
			switch {
			case pluginChanged:
				return mysqldef.NewError(mysqldef.ErrPasswordCannotBeRetainedOnPluginChange,
					"Current password can not be retained for user '%s'@'%s' because authentication plugin is being changed.", a.User, a.Host)
			case a.AuthString == "":
				return mysqldef.NewError(mysqldef.ErrSecondPasswordCannotBeEmpty,
					"Empty password can not be retained as second password for user '%s'@'%s'.", a.User, a.Host)
			case authString == "":
				return mysqldef.NewError(mysqldef.ErrCurrentPasswordCannotBeRetained,
					"Current password can not be retained for user '%s'@'%s' because new password is empty.", a.User, a.Host)
			}
			a.SecondaryAuth = a.AuthString
		}
		if pluginChanged || authString == "" {
			a.SecondaryAuth = ""
		}
		if plugin != "" {
			a.Plugin = plugin
		}
		a.AuthString = authString
		a.PasswordChanged = time.Now().Unix()
		a.Expired = false
		return nil
	})
}

// DiscardOldPassword drops the secondary password (DISCARD OLD PASSWORD).
func (s *AccountStore) DiscardOldPassword(user, host string) error {
	return s.update(user, host, func(a *Account) { a.SecondaryAuth = "" })
}

// SetLimits changes the account's resource limits; a field below zero
// stays as it is.
func (s *AccountStore) SetLimits(user, host string, l Limits) error {
	return s.update(user, host, func(a *Account) { a.setLimits(a.limits().with(l)) })
}

// SetExpiry changes the account's password expiry: expire (PASSWORD
// EXPIRE) marks the password expired now; lifetime, unless nil, is the
// new PASSWORD EXPIRE DEFAULT (0) / NEVER (-1) / INTERVAL n DAY (n).
func (s *AccountStore) SetExpiry(user, host string, expire bool, lifetime *int64) error {
	return s.update(user, host, func(a *Account) {
		if expire {
			a.Expired = true
		}
		if lifetime != nil {
			a.Lifetime = *lifetime
		}
	})
}

// SetRequire changes an account's transport requirement (ALTER USER ...
// REQUIRE).
func (s *AccountStore) SetRequire(user, host, require string) error {
	return s.update(user, host, func(a *Account) { a.Require = require })
}

// SetLocked locks or unlocks an account (ACCOUNT LOCK / UNLOCK).
func (s *AccountStore) SetLocked(user, host string, locked bool) error {
	return s.update(user, host, func(a *Account) { a.Locked = locked })
}

// Rename moves 'user'@'host' to 'newUser'@'newHost' with its password,
// grants and lock (RENAME USER), in one storage transaction. It fails with
// 1396 when the old account is missing or the new one exists.
func (s *AccountStore) Rename(user, host, newUser, newHost string) error {
	host, newHost = normalizeAccountHost(host), normalizeAccountHost(newHost)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	current, exists := s.Get(user, host)
	_, taken := s.Get(newUser, newHost)
	if !exists || taken {
		return mysqldef.NewError(mysqldef.ErrCannotUser, "Operation RENAME USER failed for '%s'@'%s'", user, host)
	}
	moved := *current
	moved.User, moved.Host = newUser, newHost
	if verr := validateAccount(&moved); verr != nil {
		return verr
	}
	value, err := jsoncodec.Marshal(&moved)
	if err != nil {
		return fmt.Errorf("accounts: encode: %w", err)
	}
	if err := s.write(func(tx storage.Txn) error {
		if err := tx.Delete(accountStorageKey(user, host)); err != nil {
			return err
		}
		return tx.Set(accountStorageKey(newUser, newHost), value)
	}); err != nil {
		return err
	}
	s.publish(user, func(list []*Account) []*Account {
		return slices.DeleteFunc(list, func(a *Account) bool { return a.Host == host })
	})
	s.publish(newUser, func(list []*Account) []*Account { return append(list, &moved) })
	return nil
}

// update applies edit to a copy of an account, then stores and publishes it.
func (s *AccountStore) update(user, host string, edit func(*Account)) error {
	return s.updateChecked(user, host, func(a *Account) *mysqldef.SQLError {
		edit(a)
		return nil
	})
}

// updateChecked is update with an edit that may refuse the change.
func (s *AccountStore) updateChecked(user, host string, edit func(*Account) *mysqldef.SQLError) error {
	host = normalizeAccountHost(host)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	current, exists := s.Get(user, host)
	if !exists {
		return mysqldef.NewError(mysqldef.ErrCannotUser, "Operation ALTER USER failed for '%s'@'%s'", user, host)
	}
	updated := *current
	if err := edit(&updated); err != nil {
		return err
	}
	if verr := validateAccount(&updated); verr != nil {
		return verr
	}
	if err := s.persist(&updated); err != nil {
		return err
	}
	s.publish(user, func(list []*Account) []*Account {
		for i, a := range list {
			if a.Host == host {
				list[i] = &updated
			}
		}
		return list
	})
	return nil
}

// EnsureRoot creates the first account at first start (when no account
// exists): 'root'@'%' with caching_sha2_password if password is set, else a
// password-less 'root'@'localhost' reachable only over the socket or
// loopback. Once any account exists it does nothing.
func (s *AccountStore) EnsureRoot(password string) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.mu.RLock()
	empty := len(s.byUser) == 0
	s.mu.RUnlock()
	if !empty {
		return nil
	}
	root := Account{User: "root", Host: "localhost", Plugin: PluginCachingSha2}
	root.setGrants(privs.Superuser)
	root.PasswordChanged = time.Now().Unix()
	if password != "" {
		hash, err := HashPassword(PluginCachingSha2, password)
		if err != nil {
			return fmt.Errorf("accounts: root password: %w", err)
		}
		root.Host, root.AuthString = "%", hash
	}
	if err := s.persist(&root); err != nil {
		return err
	}
	s.publish(root.User, func(list []*Account) []*Account { return append(list, &root) })
	return nil
}

func (s *AccountStore) persist(a *Account) error {
	value, err := jsoncodec.Marshal(a)
	if err != nil {
		return fmt.Errorf("accounts: encode: %w", err)
	}
	return s.write(func(tx storage.Txn) error { return tx.Set(accountStorageKey(a.User, a.Host), value) })
}

// write commits one change in a storage transaction of its own, durably
// (sync), before memory is updated. writeMu serialises the writers, so the
// transaction takes no row locks.
func (s *AccountStore) write(change func(storage.Txn) error) error {
	tx := s.eng.Begin(storage.TxnOptions{})
	if err := change(tx); err != nil {
		tx.Rollback()
		return fmt.Errorf("accounts: %w", err)
	}
	if s.shared != nil {
		if err := s.shared.BumpSharedVersion(tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("accounts: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("accounts: commit: %w", err)
	}
	return nil
}

// publish swaps in a new list for user; edit works on a private copy.
func (s *AccountStore) publish(user string, edit func([]*Account) []*Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := sortByHostSpecificity(edit(slices.Clone(s.byUser[user])))
	if len(list) == 0 {
		delete(s.byUser, user)
	} else {
		s.byUser[user] = list
	}
	s.publishGrantsLocked()
}

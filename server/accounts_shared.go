package server

import "github.com/loopdb/loopdb/storage"

// Accounts across front ends. Over a store several loopdb processes share
// (--store=tikv://), each keeps every account in memory as over Pebble. An
// account change also moves the shared version (the key the catalog uses
// for schema changes, see exec/table's catalog_sync.go) in its own
// transaction; a front end that sees the version move reloads its
// accounts. It looks before every statement (exec's catalog sync, which
// runs the reload as a hook) and before every login, so CREATE USER,
// GRANT, REVOKE, ALTER USER and DROP USER on one front end hold on the
// others from their next statement or login, as on one MySQL server. The
// check rides on the schema version read each statement already pays for.

// sharedVersion is what the account store needs from exec's engine.
type sharedVersion interface {
	// SyncShared catches up with other front ends' changes (a no-op
	// over an unshared store) and runs the OnSharedChange hooks.
	SyncShared() error
	OnSharedChange(fn func() error)
	// BumpSharedVersion makes tx's commit visible to the others' syncs.
	BumpSharedVersion(tx storage.Txn) error
}

// shareVia makes the store keep its accounts in step with other front
// ends through v; call it once, before the server accepts connections, and
// only over a shared store.
func (s *AccountStore) shareVia(v sharedVersion) {
	s.shared = v
	v.OnSharedChange(s.Reload)
}

// syncShared brings the accounts up to date before a login.
func (s *AccountStore) syncShared() error {
	if s.shared == nil {
		return nil
	}
	return s.shared.SyncShared()
}

// Reload replaces the accounts in memory with what is stored. It waits
// for a change in progress here, whose commit it then includes.
func (s *AccountStore) Reload() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	byUser, err := loadAccounts(s.eng)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byUser = byUser
	s.publishGrantsLocked()
	return nil
}

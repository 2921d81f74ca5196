package exec

import "github.com/loopdb/loopdb/storage"

// State several front ends share over one store (--store=tikv://) beside
// the catalog: the account store keeps itself in step through these (see
// server's accounts_shared.go). Over Pebble they cost nothing.

// SyncShared catches up with schema and shared-state changes other front
// ends committed, as each statement does before it runs.
func (e *Engine) SyncShared() error { return e.catalog.Sync() }

// OnSharedChange registers fn to run when a sync sees another front end's
// change (the account store's reload).
func (e *Engine) OnSharedChange(fn func() error) { e.catalog.OnSharedChange(fn) }

// BumpSharedVersion makes a change tx commits reach the other front ends'
// next sync.
func (e *Engine) BumpSharedVersion(tx storage.Txn) error { return e.catalog.BumpSharedVersion(tx) }

// SharedStore reports whether other front ends write this store.
func (e *Engine) SharedStore() bool { return e.catalog.Shared() }

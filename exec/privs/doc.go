// Package privs is loopdb's privilege model: which privileges exist and at
// which levels (global *.*, database db.*, table db.t, columns of db.t,
// procedure db.p),
// an account's grants as an immutable value (with the roles granted to it
// and its default roles), the edits GRANT and REVOKE make to it, and the
// snapshot of every account's grants that sessions check each statement
// against (merged with their active roles' by Snapshot.Effective).
//
// It owns no storage and no sessions: the server stores grants with the
// accounts (Stored is their durable form) and publishes a new Snapshot on
// every change; exec decides what a statement needs and asks the session's
// Grants. A check is a few bit operations and map lookups, with no
// allocation, so it can run on every statement.
package privs

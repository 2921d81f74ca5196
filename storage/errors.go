package storage

import "errors"

// Errors a backend returns, so that exec can map them onto MySQL's errors
// with errors.Is whatever the backend. A backend may wrap them.

// ErrNotFound is returned by Get when the key is absent.
var ErrNotFound = errors.New("storage: key not found")

// ErrClosed is returned when an engine or iterator is used after Close.
var ErrClosed = errors.New("storage: used after close")

// ErrTxnDone is returned when a transaction is used after Commit or Rollback.
var ErrTxnDone = errors.New("storage: transaction already committed or rolled back")

// ErrDeadlock is returned by Txn.Lock when waiting would close a cycle of
// transactions waiting on each other. The caller rolls back the whole
// transaction, like InnoDB (MySQL error 1213).
var ErrDeadlock = errors.New("storage: deadlock found when trying to get lock")

// ErrLockWaitTimeout is returned by Txn.Lock when the lock stayed held by
// another transaction for the whole wait. Only the statement needs to be
// rolled back (MySQL error 1205).
var ErrLockWaitTimeout = errors.New("storage: lock wait timeout exceeded")

// ErrRangeInStatement is returned by a RangeDeleter asked to delete a range
// while a statement is open: statement rollback could not restore it.
var ErrRangeInStatement = errors.New("storage: range deletion inside a statement")

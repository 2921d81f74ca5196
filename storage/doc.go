// Package storage is the seam between the SQL layer and a storage backend.
// It owns the interfaces exec programs against (Engine, Txn, Reader,
// Iterator, the optional RangeDeleter), the errors a backend returns, and
// the keyspace layout (order-preserving key encodings, the 'm' catalog and
// 't' table namespaces). It holds no backend: the embedded one is
// storage/pebble, and only the server's wiring and tests choose one. exec
// imports this package and never a backend.
//
// # What a backend must provide
//
// Transactions. Everything exec writes, rows and catalog alike, goes
// through Engine.Begin and Txn.Commit; nothing writes keys past this seam.
//
// Isolation. A Txn's Get and NewIter are consistent reads. Begun with
// TxnOptions.Snapshot they all see one snapshot of the committed state,
// taken at the first of them (or at TakeSnapshot), plus the txn's own
// writes (REPEATABLE READ); RefreshSnapshot lets the next read take a new
// one (READ COMMITTED's snapshot per statement). Without it each Get or new
// iterator sees the latest committed state (one autocommit statement needs
// no more, and must not pay for a snapshot). Current() reads the latest
// committed state plus own writes whatever the txn's snapshot: exec gets
// serialisable row updates ("no lost update") from locks, not snapshots:
// it Locks a row key, then reads and writes that row through Current (a
// backend with snapshot reads, TiKV's start_ts, reads there at a
// for_update_ts). Own writes shadow the snapshot: a key the txn deleted is
// absent from its consistent reads even if the snapshot holds it. A
// snapshot is released when the txn ends and, after RefreshSnapshot, when
// the last iterator opened on it closes. Reads through Engine itself see
// the latest committed state.
//
// Locks. Lock is exclusive per key, held until Commit or Rollback,
// re-entrant, and waits in the caller's goroutine up to the given time.
// Waiting that would close a cycle of waiting transactions fails at once
// with ErrDeadlock (exec then rolls back the whole transaction, MySQL 1213);
// a wait that runs out fails with ErrLockWaitTimeout (exec rolls back the
// statement, 1205); a cancelled context ends the wait with ctx.Err().
// Errors are matched with errors.Is, so a backend may wrap them. Set and
// Delete without a prior Lock must work too: the catalog serialises its own
// writers and does not lock.
//
// Statements. BeginStatement/EndStatement/RollbackStatement give every
// statement atomicity inside a longer transaction: RollbackStatement
// restores every key the statement wrote to what the txn saw before, and
// keeps the locks taken (as InnoDB does).
//
// Savepoints. Savepoint marks the writes so far; RollbackToSavepoint
// restores every key written inside statements since then to what the txn
// saw before, keeps the locks and leaves earlier savepoints usable (SQL's
// SAVEPOINT / ROLLBACK TO SAVEPOINT; names are exec's business).
//
// Iterators. Bounds are [lower, upper), nil meaning unbounded, and are
// copied. Key and Value are owned by the iterator and valid only until it
// moves or closes; callers copy what they keep. Every iterator is closed
// by its user before the Txn ends, though Commit and Rollback close any
// left open. An inverted range is empty, not an error.
//
// Commit. All writes of a Txn become visible atomically. Unless the Txn
// was begun with TxnOptions.NoSync, they are on stable storage (survive
// kill -9 and power loss) when Commit returns nil. A failed Commit
// finishes the Txn and releases its locks; its writes are lost. A
// read-only or fully undone Txn commits without touching storage.
// A commit the disk refused (full, I/O error) fails with a *WriteFault
// (fault.go); the backend then refuses every later commit with one whose
// Stopped is set, keeps serving reads, and takes writes again only after
// it is reopened.
//
// Batched reads. A Reader may implement BatchGetter to read many keys in
// one request (storage.BatchGet falls back to one Get per key); the
// planner uses it for IN lists on unique keys when CanBatch says it pays.
//
// Shared stores. An Engine that other processes write too implements
// Shared; exec then checks its catalog cache before each command.
//
// Change marks. A Txn may implement ChangeMarker: a mark that moves when
// any transaction of this process commits (after its writes are visible,
// before its locks are released) and when this txn writes. A table writer
// that found the table's last row key skips the duplicate-key lookup for
// keys after it while the mark stays put (exec/table/writer_tail.go). A
// backend that other processes write too (Shared) must not implement it:
// their commits would not move the mark.
//
// Size estimates. An Engine may implement SizeEstimator: the bytes its
// on-disk data holds in a key range. The planner compares a wide secondary
// index range with its whole index to choose a full scan instead
// (exec/plan/range_cost.go); without it, index ranges are always taken.
//
// Range deletion. DeleteRange(tx, start, end) removes every key in
// [start, end), committed or written earlier in tx, when tx commits; it is
// how DROP TABLE, TRUNCATE and DROP INDEX delete data. A backend that can
// do this cheaply implements RangeDeleter on its Txn; otherwise DeleteRange
// deletes key by key through an iterator. It is only used outside
// statements, under an exclusive metadata lock, so it takes no locks and
// is not undone by RollbackStatement.
package storage

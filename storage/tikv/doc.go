// Package tikv is loopdb's distributed storage backend: storage.Engine over
// a TiKV cluster through client-go's transactional API (txnkv), so that
// several stateless loopdb front ends can serve one database.
//
// It owns: Engine (one client-go store per front end: region cache, PD
// and TiKV connections, request counters in Stats); Txn, one loopdb
// transaction over a pessimistic client-go transaction; the iterators
// (client-go scanners go one way, iter.go turns them around; source.go
// merges a transaction's own writes over a snapshot); the value tag that
// lets the seam's empty values through (value.go); and the mapping of
// client-go's errors onto storage's (1205, 1213). It does not own keys,
// the catalog or SQL. tikvmock starts client-go's in-process mock cluster
// for tests.
//
// # How the seam maps onto TiKV
//
//   - Begin costs nothing. The client-go transaction, with its start_ts
//     from PD, is created at the first write, lock or savepoint, reusing a
//     timestamp the txn already read at when there is one.
//   - Consistent reads of a Snapshot txn read a snapshot at the timestamp
//     of its first consistent read (REPEATABLE READ); RefreshSnapshot makes
//     the next one take a new timestamp (READ COMMITTED). Without
//     snapshot reads they read the current snapshot.
//   - Current reads a "current" snapshot: a fresh timestamp per statement,
//     replaced by each lock's for_update_ts, so a row read after its Lock
//     is its latest committed version (TiKV refuses the lock while a newer
//     version exists; Lock then retries at a newer timestamp).
//   - Own writes live in client-go's write buffer; reads look there first
//     and iterators merge a copy of the buffered range over the snapshot.
//   - Lock is a pessimistic lock; TiKV's waiter queue and deadlock
//     detector give 1205 and 1213. KILL QUERY stops a wait.
//   - Statement and savepoint rollback use the write buffer's staging
//     buffers (undo.go); locks stay held.
//   - Commit is client-go's two-phase commit, with async commit and 1PC on
//     (Options turns them off). NoSync is ignored: TiKV is always durable
//     (Raft). A write conflict at commit (only on keys written without a
//     lock) is reported as a deadlock, so the client retries the txn.
//   - There is no range delete inside a transaction: DROP TABLE and
//     TRUNCATE delete key by key through storage.DeleteRange's fallback,
//     so their size is bounded by TiKV's transaction size limit.
//
// What a point select costs in requests, what a front end keeps in memory
// and what happens when PD or a store is lost: docs/tikv.md.
//
// # What the mock cluster cannot show
//
// client-go's mock store checks every prewrite against the txn's start_ts,
// also for keys the txn holds pessimistic locks on, where real TiKV checks
// nothing (the lock taken at for_update_ts is the guarantee). So in the
// mock, a txn that waited for a row lock and then writes that row fails at
// commit with a write conflict (1213 here); the conformance suite skips
// NoLostUpdateAfterWait for the mock, and says so. Lock waits in the mock
// are client-go's backoff loop polling the lock, not TiKV's waiter queue.
package tikv

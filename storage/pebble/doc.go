// Package pebble is loopdb's embedded storage backend: storage.Engine over
// a Pebble database on local disk.
//
// It owns, bottom up: DB, the key-value layer (Pebble behind the KV, Batch,
// Snapshot and storage.Iterator interfaces, with Pebble's logging routed to
// slog); the lock table (exclusive row locks, FIFO waiters, deadlock
// detection by walking the wait-for chain); Txn (an indexed write batch
// that reads its own writes over a snapshot or the latest committed state,
// plus its locks and an undo log for statements and savepoints); TxnManager (creates transactions, counts
// them); and Engine, the storage.Engine the server wires into exec.
//
// It does not own the keyspace layout or the meaning of keys (package
// storage and exec do), nor any SQL.
//
// Commit is one atomic Pebble batch, synced unless the txn was begun with
// NoSync; concurrent commits meet in Pebble's commit pipeline and share
// fsyncs (group commit). A small batch that writes a key more than once
// commits only the last write per key (batch_collapse.go), so overwritten
// versions never reach the memtable for range scans to step over; and when
// scans keep stepping over obsolete versions anyway (rows rewritten by
// other transactions), the memtable is flushed early, which drops them
// (stale_flush.go).
//
// # When the disk refuses a write
//
// A WAL write or fsync that fails (disk full, EIO) makes Pebble's commit
// call Logger.Fatalf, and later commits panic inside Pebble with its commit
// mutex held. The seam (write_fault.go, logger.go) catches both on the
// committing goroutine: that commit returns a storage.WriteFault with the
// file and errno (exec answers MySQL 3), and every later commit is refused
// before it reaches Pebble (WriteFault.Stopped; exec answers 1030). A
// memtable flush or compaction that cannot write its table is reported
// through Pebble's BackgroundError and stops writes the same way (the data
// is still in the WAL). Reads keep serving, and may see the failed
// commit's rows (Pebble applied the batch to the memtable before the fsync
// failed): like any commit that answered an error, its outcome is unknown
// until a restart. Close after a failure is bounded (5 s). Reopening on a
// healthy disk replays the WAL: every acknowledged commit is there, and
// writes work again. Options.FS exists so tests can inject these faults.
package pebble

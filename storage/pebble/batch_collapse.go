package pebble

import (
	"bytes"
	"slices"
	"sync"

	pebbledb "github.com/cockroachdb/pebble/v2"
)

// Commit-time rewriting of a batch: the last write per key, in key order.
//
// A Pebble batch keeps every write it was given, and Commit puts each one
// into the memtable under its own sequence number. A transaction that
// writes one key several times (sysbench's DELETE then INSERT of the same
// id; UPDATE then DELETE; a statement rollback writing the old value back)
// would leave all those versions in the memtable, and every range scan
// over the key steps over the obsolete ones until a flush drops them. Only
// the last write is visible to anyone once the batch is committed
// atomically, so only the last is committed.
//
// A large batch (a LOAD DATA or a multi-row INSERT: rows in key order, each
// with index entries scattered over other key ranges) is rewritten in key
// order even without repeated keys: the memtable's skiplist inserts a
// batch's keys one after the other starting from where the previous one
// went, so keys in order each cost a step instead of a search from the top.
// Sorting 10,000 entries costs less than that search did (a 300,000-row
// LOAD DATA: about 15 % less server CPU).

// collapseMaxEntries is the largest batch committed as it is when no key
// repeats: OLTP transactions write a handful of keys, and copying them
// would cost more than the order saves.
const collapseMaxEntries = 256

// rewriteMaxBytes bounds the batches rewritten at all: one past half the
// memtable size goes to Pebble as a flushable batch, which keeps no
// skiplist (and a copy of a huge batch would double its memory).
const rewriteMaxBytes = 8 << 20

// maxPooledEntries keeps a huge batch's sort buffer out of the pool.
const maxPooledEntries = 1 << 16

// batchEntry is one write of a batch; key and value point into the batch.
type batchEntry struct {
	key, value []byte
	kind       pebbledb.InternalKeyKind
	pos        int // order in the batch: a later write wins
}

// entryScratch recycles the sort buffer so that a commit allocates nothing
// for it.
var entryScratch = sync.Pool{New: func() any { s := make([]batchEntry, 0, 32); return &s }}

// collapsed returns a new batch of db holding only the last write to each
// key of b, in key order, or nil when b should be committed as it is: b
// holds at most collapseMaxEntries writes and no key twice, b is larger
// than rewriteMaxBytes, or b holds
// anything other than point sets and deletes (a range deletion's effect
// depends on its order relative to the point writes). The caller commits
// the new batch instead of b, then closes both (the new batch holds
// copies).
func collapsed(db *pebbledb.DB, b *pebbledb.Batch) *pebbledb.Batch {
	n := b.Count()
	if n < 2 || b.Len() > rewriteMaxBytes {
		return nil
	}
	sp := entryScratch.Get().(*[]batchEntry)
	entries := (*sp)[:0]
	defer func() {
		if cap(entries) > maxPooledEntries {
			return
		}
		clear(entries) // drop the references into b before pooling
		*sp = entries[:0]
		entryScratch.Put(sp)
	}()

	r := b.Reader()
	for pos := 0; ; pos++ {
		kind, key, value, ok, err := r.Next()
		if err != nil {
			return nil // let Commit report the corrupt batch
		}
		if !ok {
			break
		}
		if kind != pebbledb.InternalKeyKindSet && kind != pebbledb.InternalKeyKindDelete {
			return nil
		}
		entries = append(entries, batchEntry{key: key, value: value, kind: kind, pos: pos})
	}
	slices.SortFunc(entries, func(a, b batchEntry) int {
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		return a.pos - b.pos
	})
	dups := 0
	for i := 1; i < len(entries); i++ {
		if bytes.Equal(entries[i-1].key, entries[i].key) {
			dups++
		}
	}
	if dups == 0 && n <= collapseMaxEntries {
		return nil
	}

	out := db.NewBatchWithSize(len(b.Repr()))
	for i, e := range entries {
		if i+1 < len(entries) && bytes.Equal(e.key, entries[i+1].key) {
			continue // overwritten later in the batch
		}
		var err error
		if e.kind == pebbledb.InternalKeyKindSet {
			err = out.Set(e.key, e.value, nil)
		} else {
			err = out.Delete(e.key, nil)
		}
		if err != nil {
			_ = out.Close()
			return nil
		}
	}
	return out
}

package tikv

import (
	"bytes"
	"context"

	tikverr "github.com/tikv/client-go/v2/error"
	"github.com/tikv/client-go/v2/tikv"
	"github.com/tikv/client-go/v2/txnkv/transaction"
	"github.com/tikv/client-go/v2/txnkv/txnsnapshot"

	"github.com/loopdb/loopdb/storage"
)

// Txn is one loopdb transaction over a pessimistic TiKV transaction.
//
// The client-go transaction (its start timestamp, its write buffer, its
// locks) is created on the first write, lock or savepoint: a read-only
// statement never asks for one. Consistent reads go to readSnap (a
// snapshot at the timestamp of the txn's first consistent read) when the
// txn has snapshot reads, else to the current snapshot; Current reads go
// to the current snapshot, whose timestamp is the last lock's for_update_ts
// or a fresh one per statement, so a row read after its Lock is the latest
// committed version (nobody else can commit it while we hold the lock).
type Txn struct {
	e  *Engine
	id uint64
	kv *transaction.KVTxn

	snapReads bool
	readSnap  *txnsnapshot.KVSnapshot // nil until the first consistent read
	curSnap   *txnsnapshot.KVSnapshot // nil: take a fresh timestamp on the next current read
	readTS    uint64                  // readSnap's timestamp
	curTS     uint64                  // curSnap's timestamp

	held  map[string]struct{}
	iters map[*iter]struct{}

	writes int  // Set/Delete calls not undone
	depth  int  // staging buffers open in kv's write buffer (undo.go)
	stmt   stmt // the open statement
	done   bool
}

type stmt struct {
	active bool
	handle int // its staging buffer; 0 until kv exists
	writes int // t.writes when it began
}

var _ storage.Txn = (*Txn)(nil)

// ID is unique within the engine and increases with Begin.
func (t *Txn) ID() uint64 { return t.id }

// ensureKV starts the client-go transaction (one timestamp from PD).
func (t *Txn) ensureKV() error {
	if t.kv != nil {
		return nil
	}
	var opts []tikv.TxnOption
	switch {
	case t.curSnap != nil:
		// A timestamp this txn already read at serves as its start_ts:
		// one request to PD fewer.
		opts = append(opts, tikv.WithStartTS(t.curTS))
	case t.readSnap != nil:
		opts = append(opts, tikv.WithStartTS(t.readTS))
	default:
		t.e.stats.TSO.Add(1)
	}
	kv, err := t.e.store.Begin(opts...)
	if err != nil {
		return mapErr(err)
	}
	kv.SetPessimistic(true)
	kv.SetEnableAsyncCommit(!t.e.opts.NoAsyncCommit)
	kv.SetEnable1PC(!t.e.opts.No1PC)
	t.kv = kv
	if t.stmt.active {
		t.stmt.handle = t.stage()
	}
	return nil
}

// snapshotSource is what consistent reads see (committed part only).
func (t *Txn) snapshotSource() (*snapSource, error) {
	if !t.snapReads {
		return t.currentSource()
	}
	if t.readSnap == nil {
		ts, err := t.e.ts()
		if err != nil {
			return nil, err
		}
		t.readSnap, t.readTS = t.e.store.GetSnapshot(ts), ts
	}
	return &snapSource{e: t.e, snap: t.readSnap}, nil
}

// currentSource is the latest committed state as this statement sees it.
func (t *Txn) currentSource() (*snapSource, error) {
	if t.curSnap == nil {
		ts, err := t.e.ts()
		if err != nil {
			return nil, err
		}
		t.curSnap, t.curTS = t.e.store.GetSnapshot(ts), ts
	}
	return &snapSource{e: t.e, snap: t.curSnap}, nil
}

// Get is a consistent read: own writes over the snapshot (or the latest
// committed state without snapshot reads).
func (t *Txn) Get(key []byte) ([]byte, error) {
	if t.done {
		return nil, storage.ErrTxnDone
	}
	src, err := t.snapshotSource()
	if err != nil {
		return nil, err
	}
	return t.get(src, key)
}

// get looks in the write buffer first: one RPC only for keys the txn has
// not written.
func (t *Txn) get(src *snapSource, key []byte) ([]byte, error) {
	if t.kv != nil {
		v, err := t.kv.GetMemBuffer().Get(context.Background(), key)
		switch {
		case err == nil && len(v.Value) == 0:
			return nil, storage.ErrNotFound // deleted by this txn
		case err == nil:
			// The write buffer's memory is client-go's (a statement
			// rollback may reuse it): Get's contract is a copy.
			dv, err := decodeValue(v.Value)
			return bytes.Clone(dv), err
		case !tikverr.IsErrNotFound(err):
			return nil, mapErr(err)
		}
	}
	t.e.stats.Gets.Add(1)
	v, err := src.snap.Get(context.Background(), key)
	if err != nil {
		return nil, mapErr(err)
	}
	return decodeValue(v.Value)
}

// NewIter iterates [lower, upper) as consistent reads see it, with the
// txn's writes made so far.
func (t *Txn) NewIter(lower, upper []byte) (storage.Iterator, error) {
	if t.done {
		return nil, storage.ErrTxnDone
	}
	src, err := t.snapshotSource()
	if err != nil {
		return nil, err
	}
	return t.iterOver(src, lower, upper), nil
}

func (t *Txn) iterOver(src *snapSource, lower, upper []byte) *iter {
	var s source = src
	if t.kv != nil {
		s = &unionSource{snap: src, mem: t.kv.GetMemBuffer()}
	}
	it := newIter(s, lower, upper)
	if t.iters == nil {
		t.iters = make(map[*iter]struct{})
	}
	t.iters[it] = struct{}{}
	it.onClose = func(it *iter) { delete(t.iters, it) }
	return it
}

// Current reads the latest committed state plus own writes.
func (t *Txn) Current() storage.Reader { return currentReader{t} }

type currentReader struct{ t *Txn }

func (c currentReader) Get(key []byte) ([]byte, error) {
	if c.t.done {
		return nil, storage.ErrTxnDone
	}
	src, err := c.t.currentSource()
	if err != nil {
		return nil, err
	}
	return c.t.get(src, key)
}

func (c currentReader) NewIter(lower, upper []byte) (storage.Iterator, error) {
	if c.t.done {
		return nil, storage.ErrTxnDone
	}
	src, err := c.t.currentSource()
	if err != nil {
		return nil, err
	}
	return c.t.iterOver(src, lower, upper), nil
}

// TakeSnapshot turns on snapshot reads and takes the snapshot now.
func (t *Txn) TakeSnapshot() error {
	if t.done {
		return storage.ErrTxnDone
	}
	t.snapReads = true
	_, err := t.snapshotSource()
	return err
}

// RefreshSnapshot makes the next consistent read take a new snapshot;
// open iterators keep theirs.
func (t *Txn) RefreshSnapshot() { t.readSnap = nil }

// Set writes key=value in the txn's write buffer.
func (t *Txn) Set(key, value []byte) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if err := t.ensureKV(); err != nil {
		return err
	}
	if err := t.kv.Set(key, encodeValue(value)); err != nil {
		return mapErr(err)
	}
	t.writes++
	return nil
}

// Delete removes key in the txn's write buffer.
func (t *Txn) Delete(key []byte) error {
	if t.done {
		return storage.ErrTxnDone
	}
	if err := t.ensureKV(); err != nil {
		return err
	}
	if err := t.kv.Delete(key); err != nil {
		return mapErr(err)
	}
	t.writes++
	return nil
}

// Dirty reports whether there are writes to commit.
func (t *Txn) Dirty() bool { return t.writes > 0 }

// Locked reports whether this txn holds the lock on key.
func (t *Txn) Locked(key []byte) bool {
	_, ok := t.held[string(key)]
	return ok
}

// Commit prewrites and commits the writes (one round trip with 1PC when
// they all live in one region, else prewrite plus an asynchronous or
// synchronous commit), then the locks are gone. A txn without writes only
// releases its pessimistic locks.
func (t *Txn) Commit() error {
	if t.done {
		return storage.ErrTxnDone
	}
	t.finish()
	if t.kv == nil {
		t.e.stats.ReadCommit.Add(1)
		return nil
	}
	if t.writes == 0 {
		t.e.stats.ReadCommit.Add(1)
		_ = t.kv.Rollback() // releases pessimistic locks, if any
		return nil
	}
	t.e.stats.Commits.Add(1)
	if err := t.kv.Commit(context.Background()); err != nil {
		t.e.log.Error("tikv: commit failed", "txn", t.id, "err", err)
		return mapErr(err)
	}
	return nil
}

// Rollback discards the writes and releases the locks.
func (t *Txn) Rollback() {
	if t.done {
		return
	}
	t.finish()
	if t.kv != nil {
		_ = t.kv.Rollback()
	}
}

// finish closes iterators left open and marks the txn done.
func (t *Txn) finish() {
	for it := range t.iters {
		it.onClose = nil
		_ = it.Close()
	}
	t.iters = nil
	t.done = true
}

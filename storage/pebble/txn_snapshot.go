package pebble

import (
	"errors"

	"github.com/loopdb/loopdb/storage"
)

// Snapshot reads (REPEATABLE READ). A txn begun with snapshot reads takes a
// Pebble snapshot at its first consistent read; its Get and NewIter then
// read its own writes over that snapshot. Pebble has no reader that layers a
// batch over a snapshot, so the txn does it: a key the txn wrote (set or
// deleted, known from ownWrites) is read from the batch, any other from the
// snapshot; an iterator merges the snapshot without the written keys with
// the batch's own writes (mergeIter). Current reads the batch over the
// latest state, as every read did before snapshots.

// txnSnapshot is a Pebble snapshot shared by the txn and the iterators
// opened on it; the last of them to let go closes it, so RefreshSnapshot
// cannot pull it from under an open iterator.
type txnSnapshot struct {
	snap Snapshot
	refs int
	m    *TxnManager
}

func (s *txnSnapshot) release() {
	s.refs--
	if s.refs == 0 {
		_ = s.snap.Close()
		s.m.snapshots.Add(-1)
	}
}

// currentReader is Txn.Current: own writes over the latest committed state.
type currentReader struct{ t *Txn }

func (c *currentReader) Get(key []byte) ([]byte, error) {
	if c.t.done {
		return nil, storage.ErrTxnDone
	}
	return c.t.reader().Get(key)
}

func (c *currentReader) NewIter(lower, upper []byte) (storage.Iterator, error) {
	if c.t.done {
		return nil, storage.ErrTxnDone
	}
	it, err := c.t.reader().NewIter(lower, upper)
	if err != nil {
		return nil, err
	}
	return c.t.track(it, nil), nil
}

// Current reads the txn's own writes over the latest committed state.
func (t *Txn) Current() storage.Reader { return &t.current }

// TakeSnapshot turns snapshot reads on and takes the snapshot unless the
// txn has one.
func (t *Txn) TakeSnapshot() error {
	if t.done {
		return storage.ErrTxnDone
	}
	t.snapReads = true
	_, err := t.snapshot()
	return err
}

// RefreshSnapshot lets the next consistent read take a new snapshot.
func (t *Txn) RefreshSnapshot() {
	if t.snap != nil {
		t.snap.release()
		t.snap = nil
	}
}

// snapshot returns the txn's snapshot, taking it first if needed.
func (t *Txn) snapshot() (*txnSnapshot, error) {
	if t.snap != nil {
		return t.snap, nil
	}
	snap := t.m.eng.NewSnapshot()
	if _, ok := snap.(closedSnapshot); ok {
		return nil, storage.ErrClosed
	}
	t.m.snapshots.Add(1)
	t.snap = &txnSnapshot{snap: snap, refs: 1, m: t.m}
	return t.snap, nil
}

// ownIndexed brings the own-writes index up to date and reports whether
// the txn has written anything at all.
func (t *Txn) ownIndexed() (bool, error) {
	if t.batch == nil {
		return false, nil
	}
	if err := t.own.catchUp(t.batch); err != nil {
		return false, err
	}
	return t.own.seq > 0, nil
}

// snapshotGet reads key at the snapshot, or from the batch if the txn
// wrote it.
func (t *Txn) snapshotGet(key []byte) ([]byte, error) {
	s, err := t.snapshot()
	if err != nil {
		return nil, err
	}
	wrote, err := t.ownIndexed()
	if err != nil {
		return nil, err
	}
	if wrote && t.own.writtenBy(key, t.own.seq) {
		return t.batch.Get(key) // the batch's write shadows the state under it
	}
	return s.snap.Get(key)
}

// snapshotIter opens an iterator over the snapshot merged with the txn's
// own writes as they are now.
func (t *Txn) snapshotIter(lower, upper []byte) (storage.Iterator, error) {
	s, err := t.snapshot()
	if err != nil {
		return nil, err
	}
	wrote, err := t.ownIndexed()
	if err != nil {
		return nil, err
	}
	if !wrote {
		it, err := s.snap.NewIter(lower, upper)
		if err != nil {
			return nil, err
		}
		return t.track(it, s), nil
	}
	own, seq := &t.own, t.own.seq
	base, err := s.snap.NewIterSkipping(lower, upper, func(key []byte) bool { return own.writtenBy(key, seq) })
	if err != nil {
		return nil, err
	}
	mine, err := t.batch.NewOwnIter(lower, upper)
	if err != nil {
		return nil, errors.Join(err, base.Close())
	}
	return t.track(newMergeIter(base, mine), s), nil
}

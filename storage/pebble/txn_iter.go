package pebble

import "github.com/loopdb/loopdb/storage"

// txnIter is an iterator handed out by a Txn. The txn keeps track of it so
// Commit/Rollback can close it before closing the batch it reads: a batch
// closed under an open iterator would leave it reading recycled memory.
type txnIter struct {
	storage.Iterator
	txn  *Txn
	snap *txnSnapshot // the snapshot it reads, released at Close; nil: none
}

// track registers it; snap, if not nil, is the snapshot it reads, which it
// holds a reference to until it is closed.
func (t *Txn) track(it storage.Iterator, snap *txnSnapshot) *txnIter {
	if snap != nil {
		snap.refs++
	}
	ti := &txnIter{Iterator: it, txn: t, snap: snap}
	if t.iters == nil {
		t.iters = make(map[*txnIter]struct{})
	}
	t.iters[ti] = struct{}{}
	return ti
}

// SetBounds implements storage.Rebounder when the iterator it wraps does.
func (i *txnIter) SetBounds(lower, upper []byte) bool {
	r, ok := i.Iterator.(storage.Rebounder)
	return ok && r.SetBounds(lower, upper)
}

// Close closes the iterator; a second Close returns storage.ErrClosed.
func (i *txnIter) Close() error {
	delete(i.txn.iters, i)
	err := i.Iterator.Close()
	if i.snap != nil {
		i.snap.release()
		i.snap = nil
	}
	return err
}

// closeIters closes iterators the caller left open.
func (t *Txn) closeIters() {
	if len(t.iters) > 0 {
		t.m.log.Debug("transaction closed open iterators", "txn", t.id, "count", len(t.iters))
	}
	for it := range t.iters {
		_ = it.Close()
	}
}

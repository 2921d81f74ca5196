package table

import (
	"bytes"

	"github.com/loopdb/loopdb/storage"
)

// Appending after the table's last row key.
//
// A new row's primary key is looked up before it is written, to report a
// duplicate. For a bulk load in key order (LOAD DATA, a multi-row INSERT of
// new ids, AUTO_INCREMENT) every lookup misses, and each one was a third of
// LOAD DATA's CPU: a read through the statement's batch, the memtables and
// each level's bloom filter. A writer that has inserted a row already
// finds the table's last row key once instead, and then skips the lookup
// for every key that sorts after it, for as long as the transaction's
// change mark (storage.ChangeMarker) says nothing else was written.
//
// Why that is enough: the key being inserted is locked first. Any other
// transaction that wrote it held that lock until after its commit had moved
// the mark; so if the mark still reads as it did when the last key was
// found, nobody has committed the key since, and it was not there then
// (it sorts after the last key). This transaction's own writes move the
// mark too; the writer's own inserts, which it knows, carry the hint along.

// tailHint is what a Writer knows about its table's last row key.
type tailHint struct {
	last    []byte // no row key of the table sorts after it, as of mark
	mark    storage.ChangeMark
	valid   bool
	inserts int // primary keys checked by this writer
	retryAt int // after the hint went stale, when to look for the last key again
}

// tailRetry is how many inserts a writer waits before it looks for the
// last key again once its hint went stale: under concurrent inserts the
// mark moves all the time, and finding the last key costs a lookup too.
const tailRetry = 64

// pastTail reports whether key, locked by this transaction, sorts after
// every row key of the table, so that it cannot be a duplicate.
func (tw *Writer) pastTail(key []byte) bool {
	cm, ok := tw.tx.(storage.ChangeMarker)
	if !ok {
		return false
	}
	h := &tw.tail
	h.inserts++
	if h.valid {
		if m, ok := cm.ChangeMark(); ok && m == h.mark && bytes.Compare(key, h.last) > 0 {
			return true
		}
		h.valid = false
		h.retryAt = h.inserts + tailRetry
		return false
	}
	// A single-row INSERT does not pay for finding the last key.
	if h.inserts < 2 || h.inserts < h.retryAt {
		return false
	}
	m, ok := cm.ChangeMark()
	if !ok {
		return false
	}
	last, err := tw.lastRowKey()
	if err != nil {
		return false
	}
	h.last, h.mark, h.valid = append(h.last[:0], last...), m, true
	return bytes.Compare(key, h.last) > 0
}

// FindTail looks for the table's last row key now, for a caller about to
// insert many rows that likely sort after it (LOAD DATA). pastTail would
// look at the second insert, reading through the transaction's writes;
// looking before the first write reads the committed state only and leaves
// the write batch unindexed (storage/pebble indexes a batch on its first
// read), which a load that never reads again then never pays for.
func (tw *Writer) FindTail() {
	cm, ok := tw.tx.(storage.ChangeMarker)
	if !ok {
		return
	}
	m, ok := cm.ChangeMark()
	if !ok {
		return
	}
	last, err := tw.lastRowKey()
	if err != nil {
		return
	}
	h := &tw.tail
	h.last, h.mark, h.valid = append(h.last[:0], last...), m, true
}

// appended carries the hint past a row pastTail let through, once it is
// written: its key is now the last, and the mark moved by this
// transaction's own writes only. Had another transaction committed in the
// meantime, the hint is dropped instead.
func (tw *Writer) appended(key []byte) {
	h := &tw.tail
	m, ok := tw.tx.(storage.ChangeMarker).ChangeMark()
	if !ok || m.Commits != h.mark.Commits {
		h.valid = false
		h.retryAt = h.inserts + tailRetry
		return
	}
	h.last, h.mark = append(h.last[:0], key...), m
}

// lastRowKey returns the greatest row key of the table as the transaction's
// consistent read sees it (the read the duplicate check makes), or the row
// prefix itself when the table has no rows.
func (tw *Writer) lastRowKey() ([]byte, error) {
	prefix := tw.t.RowPrefix()
	it, err := tw.tx.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return nil, err
	}
	var last []byte
	if it.Last() {
		last = append([]byte(nil), it.Key()...)
	} else {
		last = append([]byte(nil), prefix...)
	}
	if err := it.Error(); err != nil {
		_ = it.Close()
		return nil, err
	}
	return last, it.Close()
}

package storage

// RangeDeleter is the optional capability of a Txn to delete a whole key
// range at once (Pebble writes one range tombstone). DROP TABLE, TRUNCATE
// and ALTER TABLE ... DROP INDEX use it through DeleteRange.
type RangeDeleter interface {
	// DeleteRange deletes every key in [start, end) as of Commit: committed
	// keys and keys written earlier in this txn. It is not undoable by
	// RollbackStatement, so it is refused with ErrRangeInStatement while a
	// statement is open. Takes no locks: the caller excludes other writers
	// of the range (exclusive metadata lock on the table).
	DeleteRange(start, end []byte) error
}

// DeleteRange deletes every key in [start, end) in tx: with one range
// deletion when the backend offers RangeDeleter, else key by key through an
// iterator, which has the same result at a cost linear in the range.
func DeleteRange(tx Txn, start, end []byte) error {
	if rd, ok := tx.(RangeDeleter); ok {
		return rd.DeleteRange(start, end)
	}
	it, err := tx.NewIter(start, end)
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		if err := tx.Delete(it.Key()); err != nil {
			_ = it.Close()
			return err
		}
	}
	if err := it.Error(); err != nil {
		_ = it.Close()
		return err
	}
	return it.Close()
}

// Compacter is the optional capability of an Engine to rewrite a key range
// so that deleted keys and overwritten versions stop taking space and
// stop being stepped over by scans (OPTIMIZE TABLE).
type Compacter interface {
	Compact(start, end []byte) error
}

package tikv

import (
	"bytes"

	"github.com/tikv/client-go/v2/tikv"

	"github.com/loopdb/loopdb/storage"
)

// iter is storage.Iterator over a source. client-go's scanners go one
// way, so changing direction (Prev after Next, Next after Last) opens a
// new scanner from the current key; exec's scans rarely turn around.
type iter struct {
	src          source
	lower, upper []byte
	cur          tikv.Iterator
	reverse      bool
	err          error
	closed       bool
	onClose      func(*iter)
}

func newIter(src source, lower, upper []byte) *iter {
	return &iter{src: src, lower: bytes.Clone(lower), upper: bytes.Clone(upper)}
}

// open replaces the scanner with one over [lower, upper) in a direction.
func (it *iter) open(lower, upper []byte, reverse bool) bool {
	it.drop()
	if it.closed {
		it.err = storage.ErrClosed
		return false
	}
	if lower != nil && upper != nil && bytes.Compare(lower, upper) >= 0 {
		return false // an empty (or inverted) range
	}
	var err error
	if reverse {
		it.cur, err = it.src.rev(lower, upper)
	} else {
		it.cur, err = it.src.fwd(lower, upper)
	}
	if err != nil {
		it.err = err
		it.cur = nil
		return false
	}
	it.reverse = reverse
	return it.Valid()
}

func (it *iter) drop() {
	if it.cur != nil {
		it.cur.Close()
		it.cur = nil
	}
}

func (it *iter) First() bool { return it.open(it.lower, it.upper, false) }
func (it *iter) Last() bool  { return it.open(it.lower, it.upper, true) }

func (it *iter) SeekGE(key []byte) bool {
	lower := it.lower
	if lower == nil || bytes.Compare(key, lower) > 0 {
		lower = bytes.Clone(key)
	}
	return it.open(lower, it.upper, false)
}

func (it *iter) Next() bool {
	if !it.Valid() {
		return false
	}
	if it.reverse {
		// Turn around: the first key after the current one.
		from := append(bytes.Clone(it.cur.Key()), 0)
		return it.open(from, it.upper, false)
	}
	return it.step()
}

func (it *iter) Prev() bool {
	if !it.Valid() {
		return false
	}
	if !it.reverse {
		// Turn around: the last key before the current one.
		return it.open(it.lower, bytes.Clone(it.cur.Key()), true)
	}
	return it.step()
}

func (it *iter) step() bool {
	if err := it.cur.Next(); err != nil {
		it.err = mapErr(err)
		it.drop()
		return false
	}
	return it.Valid()
}

func (it *iter) Valid() bool { return it.err == nil && it.cur != nil && it.cur.Valid() }

func (it *iter) Key() []byte {
	if !it.Valid() {
		return nil
	}
	return it.cur.Key()
}

func (it *iter) Value() []byte {
	if !it.Valid() {
		return nil
	}
	v, err := decodeValue(it.cur.Value())
	if err != nil {
		it.err = err
		return nil
	}
	return v
}

func (it *iter) Error() error { return it.err }

func (it *iter) Close() error {
	if it.closed {
		return nil
	}
	it.drop()
	it.closed = true
	if it.onClose != nil {
		it.onClose(it)
	}
	return nil
}

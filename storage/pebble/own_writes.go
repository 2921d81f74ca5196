package pebble

// ownWrites indexes which keys a transaction has written (set or deleted),
// so that its snapshot reads can leave those keys to the write batch. It is
// built lazily from the batch itself (Batch.WrittenKeys), only when a
// snapshot read meets a batch with writes it has not indexed yet: a
// transaction that reads first and writes afterwards (the usual OLTP
// shape) never builds it, and writes pay nothing for it.
type ownWrites struct {
	pos    int            // batch position indexed up to
	seq    int            // writes indexed so far; the next one gets seq+1
	keys   map[string]int // key -> seq of its first write
	ranges []ownRange     // range deletions
}

type ownRange struct {
	start, end []byte
	seq        int
}

// catchUp indexes the writes b gained since the last call.
func (o *ownWrites) catchUp(b Batch) error {
	pos, err := b.WrittenKeys(o.pos, func(key, end []byte) {
		o.seq++
		if end != nil {
			o.ranges = append(o.ranges, ownRange{start: cloneBytes(key), end: cloneBytes(end), seq: o.seq})
			return
		}
		if o.keys == nil {
			o.keys = make(map[string]int)
		}
		if _, ok := o.keys[string(key)]; !ok {
			o.keys[string(key)] = o.seq
		}
	})
	o.pos = pos
	return err
}

// writtenBy reports whether key was written by one of the first seq
// indexed writes. An iterator asks with the seq of its opening, so writes
// made while it is open do not change its answers.
func (o *ownWrites) writtenBy(key []byte, seq int) bool {
	if s, ok := o.keys[string(key)]; ok && s <= seq {
		return true
	}
	for _, r := range o.ranges {
		if r.seq <= seq && string(key) >= string(r.start) && string(key) < string(r.end) {
			return true
		}
	}
	return false
}

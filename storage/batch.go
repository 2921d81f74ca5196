package storage

// BatchGetter is the optional capability of a Reader (an engine, a txn, a
// txn's Current reader) to read many keys in one request: a distributed
// backend sends one RPC per region instead of one per key. A backend
// without it is read one Get at a time, which for an embedded store costs
// the same.
type BatchGetter interface {
	// BatchGet returns the values of the keys that exist, keyed by
	// string(key), as the reader's Get would see each of them. The values
	// are copies.
	BatchGet(keys [][]byte) (map[string][]byte, error)
}

// CanBatch reports whether r reads many keys in one request.
func CanBatch(r Reader) bool {
	_, ok := r.(BatchGetter)
	return ok
}

// BatchGet reads keys through r: in one request when r is a BatchGetter,
// else with one Get per key. Absent keys are absent from the map.
func BatchGet(r Reader, keys [][]byte) (map[string][]byte, error) {
	if b, ok := r.(BatchGetter); ok {
		return b.BatchGet(keys)
	}
	out := make(map[string][]byte, len(keys))
	for _, k := range keys {
		v, err := r.Get(k)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[string(k)] = v
	}
	return out, nil
}

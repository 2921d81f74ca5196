package tikv

import (
	"bytes"
	"context"

	tikverr "github.com/tikv/client-go/v2/error"

	"github.com/loopdb/loopdb/storage"
)

var (
	_ storage.BatchGetter = (*Engine)(nil)
	_ storage.BatchGetter = (*Txn)(nil)
	_ storage.BatchGetter = currentReader{}
)

// BatchGet reads the latest committed values of keys: one timestamp, then
// one BatchGet RPC per region the keys fall in.
func (e *Engine) BatchGet(keys [][]byte) (map[string][]byte, error) {
	ts, err := e.ts()
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(keys))
	return out, batchFromSnap(&snapSource{e: e, snap: e.store.GetSnapshot(ts)}, keys, out)
}

// BatchGet is Get for many keys, as consistent reads see them.
func (t *Txn) BatchGet(keys [][]byte) (map[string][]byte, error) {
	if t.done {
		return nil, storage.ErrTxnDone
	}
	src, err := t.snapshotSource()
	if err != nil {
		return nil, err
	}
	return t.batchGet(src, keys)
}

// BatchGet is Current().Get for many keys.
func (c currentReader) BatchGet(keys [][]byte) (map[string][]byte, error) {
	if c.t.done {
		return nil, storage.ErrTxnDone
	}
	src, err := c.t.currentSource()
	if err != nil {
		return nil, err
	}
	return c.t.batchGet(src, keys)
}

// batchGet answers keys the txn wrote from its write buffer and sends the
// rest in one batch.
func (t *Txn) batchGet(src *snapSource, keys [][]byte) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	rest := keys
	if t.kv != nil {
		rest = make([][]byte, 0, len(keys))
		mem := t.kv.GetMemBuffer()
		for _, k := range keys {
			v, err := mem.Get(context.Background(), k)
			switch {
			case err == nil && len(v.Value) == 0:
				// deleted by this txn
			case err == nil:
				dv, err := decodeValue(v.Value)
				if err != nil {
					return nil, err
				}
				out[string(k)] = bytes.Clone(dv)
			case tikverr.IsErrNotFound(err):
				rest = append(rest, k)
			default:
				return nil, mapErr(err)
			}
		}
	}
	return out, batchFromSnap(src, rest, out)
}

func batchFromSnap(src *snapSource, keys [][]byte, out map[string][]byte) error {
	if len(keys) == 0 {
		return nil
	}
	src.e.stats.BatchGets.Add(1)
	got, err := src.snap.BatchGet(context.Background(), keys)
	if err != nil {
		return mapErr(err)
	}
	for k, v := range got {
		dv, err := decodeValue(v.Value)
		if err != nil {
			return err
		}
		out[k] = dv
	}
	return nil
}

package plan

import (
	"sync"
	"time"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
)

// Index range or full scan.
//
// A secondary index range costs a row lookup (a random read) for every
// entry it yields, a full scan one sequential step per row: about 6 us
// against 0.8 us per row on sysbench's table, so an index range over most
// of a table was several times slower than reading all of it. Without
// statistics of its own, the planner measures when a range might be wide:
//
//  1. It counts the range's committed index entries, up to probeEntries.
//     A range that ends sooner stays on the index: its own scan steps
//     over the same entries, so the count costs little beside the
//     lookups.
//  2. Otherwise it asks the storage how many bytes of the index the
//     ranges cover (storage.SizeEstimator: the on-disk tables, at block
//     granularity). Past wideRangeShare of the whole index, the full scan
//     is cheaper and is chosen, as MySQL's range optimizer, which dives
//     into the index for the same estimate, turns to a table scan.
//
// The whole index's size is cached per index for indexSizeTTL (an estimate
// reads the boundary tables' properties: ~100 us, too much for every
// statement), unless it is under minEstimatedIndex. Under minEstimatedIndex bytes on disk the estimate is too
// coarse to act on and the table cheap either way; writes still in
// memtables are not in the estimate, so a freshly loaded table keeps its
// index paths until its first flush. Equality-only paths are assumed
// selective and never measured.
const (
	probeEntries      = 256
	wideRangeShare    = 0.2
	minEstimatedIndex = 256 << 10
	indexSizeTTL      = 10 * time.Second
	maxCachedIndexes  = 4096
)

// rangeTooWide reports an index range path better served by a full scan.
func (pl *Planner) rangeTooWide(t *table.Table, path AccessPath) bool {
	n := 0
	for _, rg := range path.Ranges {
		c, ok := pl.Env.CountKeys(rg.lo, rg.hi, probeEntries-n)
		if !ok {
			return false
		}
		if n += c; n >= probeEntries {
			break
		}
	}
	if n < probeEntries {
		return false
	}
	whole, ok := pl.indexSize(t.IndexPrefix(path.Index))
	if !ok || whole < minEstimatedIndex {
		return false
	}
	var covered uint64
	for _, rg := range path.Ranges {
		c, ok := pl.Env.EstimateSize(rg.lo, rg.hi)
		if !ok {
			return false
		}
		covered += c
	}
	return float64(covered) > wideRangeShare*float64(whole)
}

// indexSizes caches each index's estimated size, by key prefix, for all
// sessions.
var indexSizes = struct {
	sync.Mutex
	m map[string]indexSizeEntry
}{m: map[string]indexSizeEntry{}}

type indexSizeEntry struct {
	size uint64
	at   time.Time
}

// indexSize estimates the bytes under an index's key prefix, from the
// cache while it is fresh.
func (pl *Planner) indexSize(prefix []byte) (uint64, bool) {
	now := time.Now()
	indexSizes.Lock()
	e, hit := indexSizes.m[string(prefix)]
	indexSizes.Unlock()
	if hit && now.Sub(e.at) < indexSizeTTL {
		return e.size, true
	}
	size, ok := pl.Env.EstimateSize(prefix, storage.PrefixEnd(prefix))
	if !ok {
		return 0, false
	}
	if size < minEstimatedIndex {
		// Not cached: a size this small is mostly writes still in
		// memtables, which a flush may put on disk any moment.
		return size, true
	}
	indexSizes.Lock()
	if len(indexSizes.m) >= maxCachedIndexes {
		clear(indexSizes.m) // dropped tables' entries, in the long run
	}
	indexSizes.m[string(prefix)] = indexSizeEntry{size: size, at: now}
	indexSizes.Unlock()
	return size, true
}

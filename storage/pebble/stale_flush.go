package pebble

import (
	"sync"
	"sync/atomic"
)

// Early memtable flushes when range scans keep stepping over obsolete
// versions.
//
// Every write is a new entry in the memtable, and the memtable keeps every
// version of a key until it is flushed; only the flush (with no snapshot
// pinning them) drops the versions nobody can read any more. The memtable is
// large (DefaultMemTableSize) because bulk loads need it, so under an OLTP
// mix whose writes and range scans meet on the same hot rows (sysbench's
// default skew puts 75% of both on 1% of the ids) a 100-row scan came to
// step over tens of entries per row returned. Scans report what they
// stepped over; once they have wasted enough steps for what was written
// since the last flush (more waste for a memtable that took little,
// none for one that took nothing), the memtable is flushed. Bulk loads,
// which do not scan what they write, keep the large memtable.

const (
	// flushAfterWastedSteps is how many entries scans may step over without
	// returning them before an early flush: a few hundred 100-row scans
	// over hot rows, against a flush of a few MB.
	flushAfterWastedSteps = 200_000
	// flushMinWritten is the least a memtable must have taken since the last
	// early flush, so that scans over obsolete versions that live in
	// sstables (which a flush cannot help) cannot cause a flush per scan.
	// In BenchmarkRangeScanAfterWrites 1 MB left 2.6 entries stepped per
	// row returned, 4 MB 6.4, no early flush 17.6.
	flushMinWritten = 1 << 20
	// flushIdleWastedSteps is how much waste justifies flushing a memtable
	// that took less than flushMinWritten: a read-only phase after writes
	// otherwise keeps stepping over the versions the last writes left in
	// it (oltp_read_only run after oltp_read_write), since nothing more is
	// written to trigger the flush. Ten times the usual waste bounds these
	// flushes to one per few thousand 100-row scans. With nothing written
	// since the last flush there is no flush at all (the waste then
	// lies in sstables). Every completed flush, Pebble's own included,
	// starts both counts again.
	flushIdleWastedSteps = 10 * flushAfterWastedSteps
)

// staleFlusher counts what scans step over in vain and bytes committed,
// and starts an early flush when both are high enough.
type staleFlusher struct {
	wasted   atomic.Int64 // entries stepped over, not returned, since the last flush
	written  atomic.Int64 // bytes committed since the last flush
	inFlight atomic.Bool
	wg       sync.WaitGroup // the flush goroutine, which Close waits for
}

// committed records a committed batch of n bytes.
func (f *staleFlusher) committed(n int) { f.written.Add(int64(n)) }

// flushed records a completed flush (Pebble's own or an early one). Bytes
// committed while it ran are forgotten too: the count only decides when to
// flush, and a memtable that keeps taking writes soon counts again.
func (f *staleFlusher) flushed() {
	f.wasted.Store(0)
	f.written.Store(0)
}

// scanned records a closed iterator that returned rows entries after its
// merging iterator visited points internal entries.
func (f *staleFlusher) scanned(db *DB, rows int, points uint64) {
	waste := int64(points) - int64(rows)
	if waste <= 0 {
		return
	}
	wasted, written := f.wasted.Add(waste), f.written.Load()
	need := int64(flushAfterWastedSteps)
	if written < flushMinWritten {
		need = flushIdleWastedSteps
	}
	if written == 0 || wasted < need {
		return
	}
	if !f.inFlight.CompareAndSwap(false, true) {
		return
	}
	f.wasted.Store(0)
	f.written.Store(0)
	f.wg.Add(1)
	// In the background: rotating the memtable takes Pebble's commit lock
	// and may wait out a write stall, which a reader must not.
	go func() {
		defer f.wg.Done()
		defer f.inFlight.Store(false)
		if db.closed.Load() {
			return
		}
		// An error leaves the memtable to flush when full, as without
		// this; there is nothing else to do about it.
		_, _ = db.db.AsyncFlush()
	}()
}

package pebble

import (
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	pebbledb "github.com/cockroachdb/pebble/v2"

	"github.com/loopdb/loopdb/storage"
)

// How Pebble v2 reacts to a disk that refuses a write, and what this file
// makes of it (read from Pebble's db.go, commit.go, record/log_writer.go and
// compaction.go):
//
//   - WAL write or fsync fails: the WAL's flusher goroutine keeps the error
//     (sticky) and hands it to every commit waiting for that sync. The
//     batch is by then applied to the memtable and visible; DB.Apply calls
//     Logger.Fatalf("pebble: fatal commit error"), and any later commit's
//     WriteRecord returns the sticky error, on which Pebble panics while
//     holding its commit pipeline's mutex (so every commit after that would
//     block forever, and so would DB.Close).
//   - A memtable flush or compaction fails to write its table: Pebble calls
//     EventListener.BackgroundError and retries the flush at once; the data
//     is safe in the WAL, but memtables pile up until writes stall.
//
// writeGuard turns all of these into one state: the first failure is
// returned to the commit that hit it as a storage.WriteFault, and from then
// on every commit is refused before it reaches Pebble (Stopped set). Reads
// keep working. Restarting the server, once the disk is fixed, replays the
// WAL: what was synced is there, the rest is not.
type writeGuard struct {
	failed atomic.Pointer[storage.WriteFault]
	log    *slog.Logger
	// background counts background errors, logged once each second at most
	// (Pebble retries a failed flush in a tight loop).
	background  atomic.Int64
	lastLogNano atomic.Int64
}

// refusal is the error for a commit arriving after a failure, nil while
// writes are allowed.
func (g *writeGuard) refusal() error {
	f := g.failed.Load()
	if f == nil {
		return nil
	}
	refused := *f
	refused.Stopped = true
	return &refused
}

// fail records cause as the failure that stops writes (the first one wins)
// and returns the error for the commit that hit it.
func (g *writeGuard) fail(cause error) error {
	f := storage.NewWriteFault(cause)
	if g.failed.CompareAndSwap(nil, f) {
		g.log.Error("storage write failed: refusing writes until restart", "err", cause)
	}
	return f
}

// backgroundError is Pebble's EventListener.BackgroundError: a flush or
// compaction could not write its table.
func (g *writeGuard) backgroundError(err error) {
	n := g.background.Add(1)
	now := time.Now().UnixNano()
	if last := g.lastLogNano.Load(); now-last >= int64(time.Second) && g.lastLogNano.CompareAndSwap(last, now) {
		g.log.Error("storage background write failed", "err", err, "count", n)
	}
	if isDiskFault(err) {
		g.fail(err)
	}
}

// isDiskFault tells a disk refusing a write (an OS error) from Pebble's own
// errors (a cancelled compaction and the like), which stop nothing.
func isDiskFault(err error) bool {
	f := storage.NewWriteFault(err)
	return f.Errno != 0 || f.Path != ""
}

// fatalCommitFormat is the format Pebble's DB.Apply hands Logger.Fatalf when
// the commit pipeline returned an error: only the WAL's write or fsync can
// produce one for a valid batch.
const fatalCommitFormat = "pebble: fatal commit error: %v"

// commitFailure is what pebbleLogger.Fatalf panics with for a failed
// commit, so that commitGuarded (on the same goroutine, inside
// Batch.Commit) turns it into the stopped state instead of an exit.
type commitFailure struct{ err error }

// commitGuarded commits batch unless writes are stopped, and turns the ways
// Pebble reports a failed WAL write (a Fatalf, a panic with the error) into
// a storage.WriteFault. Other panics propagate.
func (p *DB) commitGuarded(batch *pebbledb.Batch, wo *pebbledb.WriteOptions) (err error) {
	if refused := p.guard.refusal(); refused != nil {
		return refused
	}
	// Counted once the batch is visible (or the commit failed, when part
	// of it may be): see storage.ChangeMarker.
	defer p.commits.Add(1)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch v := r.(type) {
		case commitFailure:
			err = p.guard.fail(v.err)
		case error:
			err = p.guard.fail(v)
		default:
			panic(r)
		}
	}()
	return batch.Commit(wo)
}

// closeAfterFailure closes Pebble after writes stopped: a panic inside
// Pebble's commit may have left its commit mutex held, on which Close would
// block forever, so it gets a bounded wait. The process's exit releases the
// directory lock either way.
func (p *DB) closeAfterFailure() error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("storage: close after a failed write: %v", r)
			}
		}()
		done <- p.db.Close()
	}()
	select {
	case err := <-done:
		return errors.Join(p.guard.refusal(), err)
	case <-time.After(closeAfterFailureWait):
		return errors.Join(p.guard.refusal(), errors.New("storage: close after a failed write did not finish; abandoned"))
	}
}

var closeAfterFailureWait = 5 * time.Second

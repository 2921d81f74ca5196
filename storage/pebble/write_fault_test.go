package pebble

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"

	"github.com/loopdb/loopdb/storage"
)

// diskFault injects errno into the file operations of kinds on files whose
// name ends in suffix (".log": the WAL, ".sst": tables), while on.
type diskFault struct {
	on     atomic.Bool
	suffix string
	kinds  []errorfs.OpKind
	errno  syscall.Errno
	hits   atomic.Int64
}

func (f *diskFault) MaybeError(op errorfs.Op) error {
	if !f.on.Load() || !strings.HasSuffix(op.Path, f.suffix) {
		return nil
	}
	for _, k := range f.kinds {
		if op.Kind == k {
			f.hits.Add(1)
			return &os.PathError{Op: "write", Path: op.Path, Err: f.errno}
		}
	}
	return nil
}

func (f *diskFault) String() string { return "diskFault" }

var (
	walWrite = []errorfs.OpKind{errorfs.OpFileWrite, errorfs.OpFileWriteAt}
	walSync  = []errorfs.OpKind{errorfs.OpFileSync, errorfs.OpFileSyncData, errorfs.OpFileSyncTo}
	sstWrite = []errorfs.OpKind{errorfs.OpCreate, errorfs.OpFileWrite, errorfs.OpFileWriteAt, errorfs.OpFileSync, errorfs.OpFileSyncData, errorfs.OpFileSyncTo}
)

func openFaulty(t *testing.T, dir string, fault *diskFault) *DB {
	t.Helper()
	db, err := Open(dir, Options{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		FS:     errorfs.Wrap(vfs.Default, fault),
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func setKey(db *DB, key string) error {
	b := db.NewBatch()
	defer b.Close()
	if err := b.Set([]byte(key), []byte("v-"+key)); err != nil {
		return err
	}
	return b.Commit(true)
}

// wantFault checks err is a WriteFault carrying errno, stopped or not.
func wantFault(t *testing.T, err error, errno syscall.Errno, stopped bool) {
	t.Helper()
	var f *storage.WriteFault
	if !errors.As(err, &f) {
		t.Fatalf("want a storage.WriteFault, got %v", err)
	}
	if f.Errno != errno || f.Stopped != stopped {
		t.Fatalf("fault %v: errno %d stopped %v, want %d %v", f, f.Errno, f.Stopped, errno, stopped)
	}
}

// TestWALFaultStopsWritesKeepsReads: a WAL write or fsync that fails gives
// the committing batch a WriteFault with the OS errno, refuses every later
// commit, keeps reads serving, and after a reopen on a healthy disk every
// acknowledged commit is there and writes work again.
func TestWALFaultStopsWritesKeepsReads(t *testing.T) {
	cases := []struct {
		name  string
		kinds []errorfs.OpKind
		errno syscall.Errno
	}{
		{"sync ENOSPC", walSync, syscall.ENOSPC},
		{"sync EIO", walSync, syscall.EIO},
		{"write ENOSPC", walWrite, syscall.ENOSPC},
		{"write EIO", walWrite, syscall.EIO},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			fault := &diskFault{suffix: ".log", kinds: tc.kinds, errno: tc.errno}
			db := openFaulty(t, dir, fault)
			var acked []string
			for i := 0; i < 20; i++ {
				k := fmt.Sprintf("before-%02d", i)
				if err := setKey(db, k); err != nil {
					t.Fatal(err)
				}
				acked = append(acked, k)
			}
			fault.on.Store(true)
			wantFault(t, setKey(db, "during"), tc.errno, false)
			if fault.hits.Load() == 0 {
				t.Fatal("the fault was never injected")
			}
			// The disk is healthy again, but what reached it is unknown:
			// writes stay stopped until a reopen.
			fault.on.Store(false)
			wantFault(t, setKey(db, "after"), tc.errno, true)
			for _, k := range acked {
				if got := mustGet(t, db, k); got != "v-"+k {
					t.Fatalf("%s = %q after the fault", k, got)
				}
			}
			closed := make(chan error, 1)
			go func() { closed <- db.Close() }()
			select {
			case <-closed: // an error is expected: the WAL could not be closed cleanly
			case <-time.After(10 * time.Second):
				t.Fatal("Close hung after the fault")
			}

			db = openTest(t, dir)
			defer db.Close()
			for _, k := range acked {
				if got := mustGet(t, db, k); got != "v-"+k {
					t.Fatalf("acknowledged %s = %q after reopen", k, got)
				}
			}
			mustAbsent(t, db, "after")
			if err := setKey(db, "reopened"); err != nil {
				t.Fatalf("write after reopen: %v", err)
			}
			mustGet(t, db, "reopened")
		})
	}
}

// TestFlushFaultStopsWrites: a memtable flush that cannot write its table
// (disk full, I/O error) stops writes; the commits before it were in the WAL
// and survive a reopen.
func TestFlushFaultStopsWrites(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EIO} {
		t.Run(errno.Error(), func(t *testing.T) {
			dir := t.TempDir()
			fault := &diskFault{suffix: ".sst", kinds: sstWrite, errno: errno}
			db := openFaulty(t, dir, fault)
			var acked []string
			for i := 0; i < 50; i++ {
				k := fmt.Sprintf("row-%02d", i)
				if err := setKey(db, k); err != nil {
					t.Fatal(err)
				}
				acked = append(acked, k)
			}
			fault.on.Store(true)
			if _, err := db.db.AsyncFlush(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			var err error
			for err = setKey(db, "probe"); err == nil; err = setKey(db, "probe") {
				if time.Now().After(deadline) {
					t.Fatal("writes still accepted 10s after the flush failed")
				}
				time.Sleep(10 * time.Millisecond)
			}
			wantFault(t, err, errno, true)
			mustGet(t, db, acked[0])
			// Clear the fault so that Pebble's retried flush can finish and
			// Close does not wait on it.
			fault.on.Store(false)
			_ = db.Close()

			db = openTest(t, dir)
			defer db.Close()
			for _, k := range acked {
				mustGet(t, db, k)
			}
			if err := setKey(db, "reopened"); err != nil {
				t.Fatalf("write after reopen: %v", err)
			}
		})
	}
}

// TestWALFaultUnderConcurrentCommits: commits sharing fsyncs when the WAL
// fsync starts failing all return (none hangs or crashes the process);
// each either succeeded before the fault or got a WriteFault, and every one
// that succeeded is there after a reopen.
func TestWALFaultUnderConcurrentCommits(t *testing.T) {
	dir := t.TempDir()
	fault := &diskFault{suffix: ".log", kinds: walSync, errno: syscall.EIO}
	db := openFaulty(t, dir, fault)
	const workers = 8
	type outcome struct {
		acked []string
		err   error
	}
	results := make(chan outcome, workers)
	for w := 0; w < workers; w++ {
		go func(w int) {
			var o outcome
			for i := 0; ; i++ {
				k := fmt.Sprintf("w%d-%04d", w, i)
				if err := setKey(db, k); err != nil {
					o.err = err
					break
				}
				o.acked = append(o.acked, k)
			}
			results <- o
		}(w)
	}
	time.Sleep(50 * time.Millisecond)
	fault.on.Store(true)
	var acked []string
	for w := 0; w < workers; w++ {
		select {
		case o := <-results:
			var f *storage.WriteFault
			if !errors.As(o.err, &f) {
				t.Fatalf("worker stopped with %v, want a WriteFault", o.err)
			}
			acked = append(acked, o.acked...)
		case <-time.After(10 * time.Second):
			t.Fatal("a commit hung after the WAL fault")
		}
	}
	fault.on.Store(false)
	closed := make(chan struct{})
	go func() { _ = db.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hung")
	}
	db = openTest(t, dir)
	defer db.Close()
	for _, k := range acked {
		mustGet(t, db, k)
	}
	t.Logf("%d commits acknowledged before the fault, all present after reopen", len(acked))
}

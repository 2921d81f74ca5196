package exec

import (
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage/pebble"
)

// walSyncFault fails every fsync of the WAL with ENOSPC while on.
type walSyncFault struct{ on atomic.Bool }

func (f *walSyncFault) String() string { return "walSyncFault" }

func (f *walSyncFault) MaybeError(op errorfs.Op) error {
	if !f.on.Load() || !strings.HasSuffix(op.Path, ".log") {
		return nil
	}
	switch op.Kind {
	case errorfs.OpFileSync, errorfs.OpFileSyncData, errorfs.OpFileSyncTo:
		return &os.PathError{Op: "sync", Path: op.Path, Err: syscall.ENOSPC}
	}
	return nil
}

func sessionOn(t *testing.T, db *pebble.DB) (*Session, *pebble.Engine) {
	t.Helper()
	store := pebble.NewEngine(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	eng, err := NewEngine(Config{Version: "8.0.40-loopdb-test"}, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := eng.NewSession(1, "localhost", nil, nil)
	s.Login("root", "localhost", ClientOptions{}, "")
	return s, store
}

// TestDiskFullAtCommit: the INSERT whose WAL fsync fails gets 3 "Error
// writing file ... (errno: 28 - No space left on device)", every later
// write 1030, reads keep answering, and after a restart on a healthy disk
// every acknowledged row is there and writes work.
func TestDiskFullAtCommit(t *testing.T) {
	dir := t.TempDir()
	fault := &walSyncFault{}
	db, err := pebble.Open(dir, pebble.Options{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		FS:     errorfs.Wrap(vfs.Default, fault),
	})
	if err != nil {
		t.Fatal(err)
	}
	s, store := sessionOn(t, db)
	mustExec(t, s, "CREATE DATABASE d", "USE d", "CREATE TABLE t (id INT PRIMARY KEY, v INT, KEY (v))",
		"INSERT INTO t VALUES (1, 10), (2, 20)", "INSERT INTO t VALUES (3, 30)")

	fault.on.Store(true)
	wantErr(t, s, "INSERT INTO t VALUES (4, 40)", mysqldef.ErrErrorOnWrite, "(errno: 28 - No space left on device)")
	fault.on.Store(false)
	wantErr(t, s, "UPDATE t SET v = v + 1", mysqldef.ErrGetErrno, "Got error 28")
	wantErr(t, s, "CREATE TABLE u (a INT)", mysqldef.ErrGetErrno, "restart the server")
	if got := rowsOf(t, s, "SELECT id, v FROM t WHERE id <= 3 ORDER BY id"); got != "1,10;2,20;3,30" {
		t.Fatalf("reads after the fault: %s", got)
	}
	_ = store.Close()

	db, err = pebble.Open(dir, pebble.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s, store = sessionOn(t, db)
	defer store.Close()
	mustExec(t, s, "USE d")
	if got := rowsOf(t, s, "SELECT id, v FROM t WHERE id <= 3 ORDER BY id"); got != "1,10;2,20;3,30" {
		t.Fatalf("acknowledged rows after restart: %s", got)
	}
	mustExec(t, s, "INSERT INTO t VALUES (5, 50)")
}

package server

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/storage"
	"github.com/loopdb/loopdb/storage/pebble"
)

// TestCheckDataDir: a fresh datadir checks clean; a row key of a table no
// descriptor has is reported.
func TestCheckDataDir(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	if n, err := CheckDataDir(dir, &out); err != nil || n != 0 {
		t.Fatalf("fresh datadir: %d problems, %v: %s", n, err, out.String())
	}
	db, err := pebble.Open(filepath.Join(dir, "pebble"), pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := db.NewBatch()
	orphan := append(storage.AppendUint64([]byte{storage.TablePrefix}, 4242), 'r', 1)
	if err := b.Set(orphan, []byte{1}); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	n, err := CheckDataDir(dir, &out)
	if err != nil || n != 1 || !strings.Contains(out.String(), "dropped table") {
		t.Fatalf("orphan row: %d problems, %v: %q", n, err, out.String())
	}
}

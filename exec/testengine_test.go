package exec

import (
	"testing"

	"github.com/loopdb/loopdb/storage"
	"github.com/loopdb/loopdb/storage/pebble"
)

// openTestStore opens the Pebble backend in a temp dir for one test; it is
// closed when the test ends. exec's own code never picks a backend.
func openTestStore(tb testing.TB) storage.Engine {
	tb.Helper()
	db, err := pebble.Open(tb.TempDir(), pebble.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	store := pebble.NewEngine(db, nil)
	tb.Cleanup(func() { store.Close() })
	return store
}

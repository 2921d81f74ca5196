package server

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/storage/pebble"
)

// CheckDataDir opens the embedded store of a stopped server's datadir,
// loads its catalog and checks every table key against it, writing one
// line per problem to out (at most 100). It returns how many problems it
// found; an error means the store or the catalog did not open.
func CheckDataDir(dataDir string, out io.Writer) (int, error) {
	db, err := pebble.Open(filepath.Join(dataDir, "pebble"), pebble.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return 0, err
	}
	store := pebble.NewEngine(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer store.Close()
	problems, err := exec.CheckKeyspace(store, 100)
	if err != nil {
		return 0, fmt.Errorf("catalog: %w", err)
	}
	for _, p := range problems {
		fmt.Fprintln(out, p.String())
	}
	return len(problems), nil
}

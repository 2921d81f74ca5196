package exec

import (
	"errors"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
)

// CheckKeyspace loads the catalog from store (an error if it does not
// load) and checks every table key against it (table.CheckKeyspace): what
// `loopdb check --datadir` runs on a stopped server's data, for example
// after a crash. At most limit problems are returned (0: all).
func CheckKeyspace(store storage.Engine, limit int) ([]table.KeyspaceProblem, error) {
	catalog, err := table.OpenCatalog(store)
	if err != nil {
		return nil, err
	}
	if stale, err := catalog.TextKeysStale(); err != nil || stale {
		if err == nil {
			err = errors.New("text keys are in an older build's form: start the server on this data once to rewrite them")
		}
		return nil, err
	}
	return table.CheckKeyspace(store, catalog.AllTables(), limit)
}

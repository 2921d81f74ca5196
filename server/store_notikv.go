//go:build arm || 386

package server

import (
	"errors"
	"log/slog"

	"github.com/loopdb/loopdb/storage"
)

// openTiKV: 32-bit builds carry no TiKV client (it does not compile for
// them); such a binary serves the embedded store only.
func openTiKV([]string, *slog.Logger) (storage.Engine, error) {
	return nil, errors.New("this 32-bit build of loopdb has no TiKV client; use a 64-bit binary for --store=tikv://")
}

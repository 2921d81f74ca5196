//go:build !arm && !386

package server

import (
	"log/slog"

	"github.com/loopdb/loopdb/storage"
	"github.com/loopdb/loopdb/storage/tikv"
)

// openTiKV connects to a TiKV cluster through its PD endpoints. The TiKV
// client is built into 64-bit binaries only: it does not compile for 32-bit
// targets, and a 32-bit gateway has no use for a cluster client.
func openTiKV(pd []string, log *slog.Logger) (storage.Engine, error) {
	return tikv.Open(pd, tikv.Options{Logger: log})
}

package server

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/loopdb/loopdb/storage"
	"github.com/loopdb/loopdb/storage/pebble"
)

// storeChoice is a parsed --store value.
type storeChoice struct {
	tikvPD []string // PD endpoints; nil means the embedded Pebble store
}

// parseStore reads --store: "pebble" or "tikv://pd1:2379,pd2:2379".
func parseStore(s string) (storeChoice, error) {
	if s == "" || s == "pebble" {
		return storeChoice{}, nil
	}
	if rest, ok := strings.CutPrefix(s, "tikv://"); ok {
		var pd []string
		for _, a := range strings.Split(rest, ",") {
			if a = strings.TrimSpace(a); a != "" {
				pd = append(pd, a)
			}
		}
		if len(pd) > 0 {
			return storeChoice{tikvPD: pd}, nil
		}
	}
	return storeChoice{}, fmt.Errorf("--store must be pebble or tikv://host:port[,host:port...], not %q", s)
}

// openStore is the one place a backend is chosen: everything above sees
// storage.Engine.
func openStore(cfg *Config, log *slog.Logger) (storage.Engine, error) {
	choice, err := parseStore(cfg.Store)
	if err != nil {
		return nil, err
	}
	if choice.tikvPD != nil {
		store, err := openTiKV(choice.tikvPD, log.With("component", "tikv"))
		if err != nil {
			return nil, fmt.Errorf("opening storage: %w", err)
		}
		log.Info("storage: TiKV cluster shared with other front ends", "pd", choice.tikvPD)
		return store, nil
	}
	db, err := pebble.Open(filepath.Join(cfg.DataDir, "pebble"), pebble.Options{Logger: log.With("component", "pebble"), CacheSize: int64(cfg.CacheSize),
		MemTableSize: uint64(cfg.MemTableSize)})
	if err != nil {
		return nil, fmt.Errorf("opening storage: %w", err)
	}
	return pebble.NewEngine(db, log), nil
}

package pebble

import (
	"context"
	"fmt"
	"log/slog"
	"os"
)

// pebbleLogger routes Pebble's printf-style logging through slog, so nothing
// reaches stderr behind the server's back. Pebble's Info lines (WAL replay,
// compactions) are chatty, hence debug level.
type pebbleLogger struct {
	log *slog.Logger
}

func (l pebbleLogger) Infof(format string, args ...any) {
	l.emit(slog.LevelDebug, format, args)
}

func (l pebbleLogger) Errorf(format string, args ...any) {
	l.emit(slog.LevelError, format, args)
}

// Fatalf is only called by Pebble on unrecoverable corruption or invariant
// failure; continuing could damage data, so log and exit like Pebble's own
// default logger does.
func (l pebbleLogger) Fatalf(format string, args ...any) {
	l.emit(slog.LevelError, format, args)
	os.Exit(1)
}

func (l pebbleLogger) emit(level slog.Level, format string, args []any) {
	ctx := context.Background()
	if !l.log.Enabled(ctx, level) {
		return
	}
	l.log.Log(ctx, level, fmt.Sprintf(format, args...), "component", "pebble")
}

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

// Fatalf is called by Pebble on unrecoverable corruption or invariant
// failure; continuing could damage data, so log and exit like Pebble's own
// default logger does. The one exception is a commit whose WAL write or
// fsync failed: that Fatalf runs on the committing goroutine, inside
// DB.commitGuarded, which recovers the panic and stops writes instead
// (write_fault.go), so a full disk does not take the reads down with it.
func (l pebbleLogger) Fatalf(format string, args ...any) {
	l.emit(slog.LevelError, format, args)
	if format == fatalCommitFormat && len(args) == 1 {
		if err, ok := args[0].(error); ok {
			panic(commitFailure{err: err})
		}
	}
	os.Exit(1)
}

func (l pebbleLogger) emit(level slog.Level, format string, args []any) {
	ctx := context.Background()
	if !l.log.Enabled(ctx, level) {
		return
	}
	l.log.Log(ctx, level, fmt.Sprintf(format, args...), "component", "pebble")
}

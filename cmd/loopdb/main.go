// Command loopdb is a MySQL-compatible database server.
//
//	loopdb                      # 127.0.0.1:3306, /tmp/loopdb.sock, ./loopdb-data
//	loopdb --port=3307 --datadir=/var/lib/loopdb --root-password=secret
//	loopdb --config=/etc/loopdb.cnf
//	loopdb backup --to /var/backups/loopdb-2026-12-05   # online copy of a running server
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	loopdb "github.com/loopdb/loopdb/server"
)

func main() {
	os.Exit(run())
}

func run() int {
	if len(os.Args) > 1 && os.Args[1] == "backup" {
		return runBackup(os.Args[2:], os.Stdout, os.Stderr)
	}
	if len(os.Args) > 1 && os.Args[1] == "check" {
		return runCheck(os.Args[2:], os.Stdout, os.Stderr)
	}
	cfg, err := loopdb.ParseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loopdb:", err)
		return 2
	}
	if cfg.ShowHelpMarkdown {
		fmt.Print(loopdb.FlagsMarkdown())
		return 0
	}
	if cfg.ShowVersion {
		fmt.Printf("loopdb %s (MySQL protocol, server version %s) %s\n", loopdb.Version, loopdb.ServerVersion, buildTarget())
		return 0
	}
	log, err := newLogger(cfg.LogLevel, cfg.LogFormat)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loopdb:", err)
		return 2
	}
	srv, err := loopdb.New(cfg, log)
	if err != nil {
		log.Error("cannot start", "error", err)
		return 1
	}
	// LOOPDB_CPUPROFILE=file writes a Go CPU profile of the whole run
	// (for `go tool pprof`); a development aid, off by default.
	if path := os.Getenv("LOOPDB_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if err := pprof.StartCPUProfile(f); err == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := srv.Run(ctx); err != nil {
		log.Error("server stopped", "error", err)
		return 1
	}
	return 0
}

func newLogger(level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
}

// buildTarget says what the binary was built from and for: the commit the
// go command stamped (with "+dirty" for uncommitted changes) and the target
// platform, so a binary copied onto a gateway can be told apart.
func buildTarget() string {
	target := runtime.GOOS + "/" + runtime.GOARCH
	if runtime.GOARCH == "arm" {
		if v := buildSetting("GOARM"); v != "" {
			target += "v" + v
		}
	}
	commit := buildSetting("vcs.revision")
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit == "" {
		commit = "unknown commit"
	} else if buildSetting("vcs.modified") == "true" {
		commit += "+dirty"
	}
	return commit + " " + target + " " + runtime.Version()
}

func buildSetting(key string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

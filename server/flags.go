package server

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet defines loopdb's flags over c (whose values are the
// defaults). The usage strings are the configuration reference: README's
// table is generated from them (FlagsMarkdown, `loopdb --help-markdown`),
// and a test fails when the two differ.
func newFlagSet(c *Config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("loopdb", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.Port, "port", c.Port, "TCP port")
	fs.StringVar(&c.BindAddress, "bind-address", c.BindAddress, "TCP address (empty: no TCP)")
	fs.StringVar(&c.Socket, "socket", c.Socket, "unix socket (empty: none)")
	fs.StringVar(&c.DataDir, "datadir", c.DataDir, "data directory (created if missing): Pebble files, RSA key pair, generated TLS certificates")
	fs.StringVar(&c.RootPassword, "root-password", "", "password of `root` created at first start (default: env `LOOPDB_ROOT_PASSWORD`; none: `'root'@'localhost'` without a password)")
	fs.IntVar(&c.MaxConnections, "max-connections", c.MaxConnections, "client connections; past it clients get error 1040 (also `SET GLOBAL max_connections`)")
	fs.Var(byteSize{&c.MaxAllowedPacket}, "max-allowed-packet", "largest packet/statement (K/M/G suffixes); past it error 1153 (also `SET GLOBAL`)")
	fs.Var(seconds{&c.WaitTimeout}, "wait-timeout", "seconds an idle connection is kept (`SET SESSION wait_timeout` per connection)")
	fs.Var(seconds{&c.ConnectTimeout}, "connect-timeout", "seconds a client has to log in")
	fs.Var(seconds{&c.NetWriteTimeout}, "net-write-timeout", "seconds a client may stop reading a result before it is disconnected")
	fs.Var(seconds{&c.ShutdownTimeout}, "shutdown-timeout", "seconds running commands get to finish after SIGTERM/SIGINT")
	fs.IntVar(&c.FlushLogAtCommit, "innodb-flush-log-at-trx-commit", c.FlushLogAtCommit, "1: every commit is fsynced before its OK (survives `kill -9` and power loss); 0 or 2: no fsync per commit, so a crash can lose the last commits but never corrupts data")
	fs.Var(byteSize{&c.CacheSize}, "cache-size", "storage block cache (Pebble), bytes with K/M/G suffixes")
	fs.Var(byteSize{&c.MemTableSize}, "memtable-size", "storage memtable cap (Pebble), bytes with K/M/G suffixes (0: 32M); two may fill before writes wait, so lower it on small machines")
	fs.StringVar(&c.Store, "store", c.Store, "storage backend: `pebble` (embedded, in `--datadir`) or `tikv://pd1:2379,pd2:2379` (a TiKV cluster shared by several front ends, see \"Scaling out\"; 64-bit builds only)")
	fs.BoolVar(&c.TLS, "tls", c.TLS, "offer TLS (`--tls=false`: plaintext only, `have_ssl` = DISABLED)")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "server certificate (PEM); default: generated once into the data directory and reused")
	fs.StringVar(&c.TLSKey, "tls-key", "", "server private key (PEM), with `--tls-cert`")
	fs.StringVar(&c.TLSCA, "tls-ca", "", "CA (PEM) that client certificates must chain to (`REQUIRE X509`); default: the generated CA")
	fs.IntVar(&c.TLSHandshakes, "tls-handshakes", 0, "TLS handshakes computing at once (0: half the CPUs, at least 1); waiting for a slow client does not hold a slot")
	fs.BoolVar(&c.RequireSecureTransport, "require-secure-transport", false, "refuse logins over plaintext TCP with 3159 (the unix socket counts as secure); also `SET GLOBAL require_secure_transport`")
	fs.StringVar(&c.AuditLog, "audit-log", "", "audit log file (JSON lines): logins, DDL, account and privilege changes; never a password (empty: off)")
	fs.BoolVar(&c.LocalInfile, "local-infile", false, "allow `LOAD DATA LOCAL INFILE` (also `SET GLOBAL local_infile`)")
	fs.IntVar(&c.EventLoops, "event-loops", 0, "gnet event loops (0: one per CPU)")
	fs.IntVar(&c.Workers, "workers", 0, "SQL worker goroutines (0: max(32, 16×CPUs))")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "slog level: debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "slog format: text or json")
	fs.StringVar(&c.SlowQueryLog, "slow-query-log", "", "write statements slower than `--long-query-time` to this file in MySQL's slow log format (relative: in the data directory; empty: off until `SET GLOBAL slow_query_log = ON`, which writes `loopdb-slow.log` there)")
	fs.Float64Var(&c.LongQueryTime, "long-query-time", c.LongQueryTime, "seconds (fractions allowed) after which a statement counts in `Slow_queries` and goes to the slow log (also `SET GLOBAL long_query_time`)")
	fs.StringVar(&c.AdminAddress, "admin-address", c.AdminAddress, "HTTP listener for `/metrics` (Prometheus) and `/debug/pprof/` (empty: off)")
	fs.StringVar(&c.ConfigFile, "config", "", "option file: `name = value` lines in a `[loopdb]` or `[mysqld]` section")
	fs.BoolVar(&c.ShowVersion, "version", false, "print the version and exit")
	fs.BoolVar(&c.ShowHelpMarkdown, "help-markdown", false, "print this configuration reference as a Markdown table and exit")
	fs.Usage = func() {
		// flag.PrintDefaults would take a `quoted` word of the usage for
		// the value's name; the usages quote code for Markdown instead.
		fmt.Fprintln(fs.Output(), "Usage: loopdb [flags]")
		fs.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(fs.Output(), "  --%s (default %q)\n    \t%s\n", f.Name, f.DefValue, strings.ReplaceAll(f.Usage, "`", ""))
		})
	}
	return fs
}

// FlagsMarkdown is the configuration reference as the Markdown table
// README.md carries: every flag, its default and its meaning, by name.
func FlagsMarkdown() string {
	var b strings.Builder
	b.WriteString("| flag | default | meaning |\n|---|---|---|\n")
	newFlagSet(defaultConfig(), io.Discard).VisitAll(func(f *flag.Flag) {
		def := f.DefValue
		if def != "" {
			def = "`" + def + "`"
		}
		fmt.Fprintf(&b, "| `--%s` | %s | %s |\n", f.Name, def, strings.ReplaceAll(f.Usage, "|", `\|`))
	})
	return b.String()
}

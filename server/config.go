package server

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the server's configuration. Flags are named like mysqld's where
// one exists; an option file (--config) may set the same names.
type Config struct {
	Port             int
	BindAddress      string
	Socket           string
	DataDir          string
	RootPassword     string
	MaxConnections   int
	MaxAllowedPacket int
	WaitTimeout      time.Duration
	ConnectTimeout   time.Duration
	NetWriteTimeout  time.Duration
	ShutdownTimeout  time.Duration
	// FlushLogAtCommit is innodb_flush_log_at_trx_commit: 1 syncs the log at
	// every commit (durable); 0 and 2 leave syncing to Pebble's background
	// (faster; a crash can lose the last commits, never corrupt data).
	FlushLogAtCommit int
	// CacheSize is the storage block cache in bytes.
	CacheSize int
	// MemTableSize caps one storage memtable in bytes (0: the engine's
	// default, 32 MB). Up to two fill before writes stall, so a small box
	// lowers it along with CacheSize (README, "Small machines").
	MemTableSize int
	// Store picks the storage backend: "pebble" (embedded, in DataDir) or
	// "tikv://pd1:2379,pd2:2379" (a TiKV cluster shared with other front
	// ends; see store.go).
	Store string
	// TLS is on unless disabled; certificates come from TLSCert/TLSKey
	// (and TLSCA for client certificates) or are generated into DataDir.
	TLS                    bool
	TLSCert, TLSKey, TLSCA string
	// TLSHandshakes bounds handshakes computing at once (0: half the CPUs).
	TLSHandshakes          int
	RequireSecureTransport bool
	// AuditLog is the audit log file (JSON lines; "" = off): logins, DDL,
	// account and privilege changes, never a password.
	AuditLog string
	// LocalInfile allows LOAD DATA LOCAL INFILE (the local_infile variable).
	LocalInfile bool
	EventLoops  int
	Workers     int
	LogLevel    string
	LogFormat   string
	// SlowQueryLog is the slow query log file ("" leaves the log off; SET
	// GLOBAL slow_query_log = ON then writes to loopdb-slow.log in DataDir).
	// LongQueryTime is long_query_time.
	SlowQueryLog  string
	LongQueryTime float64
	// AdminAddress is host:port of the HTTP listener for /metrics and
	// /debug/pprof/ ("" turns it off).
	AdminAddress string
	ConfigFile   string
	ShowVersion  bool
	// ShowHelpMarkdown prints FlagsMarkdown and exits.
	ShowHelpMarkdown bool
}

// byteSize is a flag value in bytes that accepts K, M and G suffixes, as
// mysqld's size options do.
type byteSize struct{ p *int }

func (b byteSize) String() string {
	if b.p == nil {
		return ""
	}
	n := *b.p
	for _, u := range []struct {
		suffix string
		size   int
	}{{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.Itoa(n/u.size) + u.suffix
		}
	}
	return strconv.Itoa(n)
}

func (b byteSize) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	*b.p = n
	return nil
}

func parseByteSize(s string) (int, error) {
	s = strings.TrimSpace(s)
	mult := 1
	if s != "" {
		switch s[len(s)-1] {
		case 'k', 'K':
			mult = 1 << 10
		case 'm', 'M':
			mult = 1 << 20
		case 'g', 'G':
			mult = 1 << 30
		}
		if mult > 1 {
			s = s[:len(s)-1]
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > math.MaxInt/mult {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return n * mult, nil
}

// seconds is a flag value in whole seconds, as mysqld's timeouts are.
type seconds struct{ p *time.Duration }

func (d seconds) String() string {
	if d.p == nil {
		return ""
	}
	return strconv.Itoa(int(d.p.Seconds()))
}

func (d seconds) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return fmt.Errorf("invalid number of seconds %q", s)
	}
	*d.p = time.Duration(n) * time.Second
	return nil
}

// defaultConfig is the configuration without flags.
func defaultConfig() *Config {
	return &Config{
		Port: 3306, BindAddress: "127.0.0.1", Socket: "/tmp/loopdb.sock", DataDir: "./loopdb-data",
		MaxConnections: 10000, MaxAllowedPacket: 64 << 20,
		WaitTimeout: 28800 * time.Second, ConnectTimeout: 10 * time.Second,
		NetWriteTimeout: 60 * time.Second, ShutdownTimeout: 30 * time.Second, FlushLogAtCommit: 1, CacheSize: 128 << 20,
		Store: "pebble", LogLevel: "info", LogFormat: "text", TLS: true, AdminAddress: "127.0.0.1:9104",
		LongQueryTime: 10,
	}
}

// ParseFlags reads the command line, then the option file it names (values
// on the command line win), then LOOPDB_ROOT_PASSWORD if no password was
// given.
func ParseFlags(args []string, stderr io.Writer) (*Config, error) {
	c := defaultConfig()
	fs := newFlagSet(c, stderr)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.ConfigFile != "" {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if err := applyOptionFile(fs, c.ConfigFile, set); err != nil {
			return nil, err
		}
	}
	if c.RootPassword == "" {
		c.RootPassword = os.Getenv("LOOPDB_ROOT_PASSWORD")
	}
	return c, c.validate()
}

func (c *Config) validate() error {
	switch {
	case c.Port < 0 || c.Port > 65535:
		return fmt.Errorf("--port %d out of range", c.Port)
	case c.MaxConnections < 1:
		return fmt.Errorf("--max-connections must be at least 1")
	case c.MaxAllowedPacket < 1024 || c.MaxAllowedPacket > 1<<30:
		return fmt.Errorf("--max-allowed-packet must be between 1K and 1G")
	case c.BindAddress == "" && c.Socket == "":
		return fmt.Errorf("nothing to listen on: --bind-address and --socket are both empty")
	case c.FlushLogAtCommit < 0 || c.FlushLogAtCommit > 2:
		return fmt.Errorf("--innodb-flush-log-at-trx-commit must be 0, 1 or 2")
	case c.LongQueryTime < 0 || c.LongQueryTime > 31536000:
		return fmt.Errorf("--long-query-time must be between 0 and 31536000 seconds")
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("--log-format must be text or json")
	case (c.TLSCert == "") != (c.TLSKey == ""):
		return fmt.Errorf("--tls-cert and --tls-key go together")
	case c.RequireSecureTransport && !c.TLS && c.Socket == "":
		return fmt.Errorf("--require-secure-transport needs TLS or a unix socket")
	}
	if _, err := parseStore(c.Store); err != nil {
		return err
	}
	return nil
}

// applyOptionFile reads a my.cnf-style file: lines "name = value" or
// "name" (boolean on) in [loopdb] or [mysqld] sections (or before any
// section); '#' and ';' start comments; '_' and '-' are interchangeable.
func applyOptionFile(fs *flag.FlagSet, path string, alreadySet map[string]bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	section, lineNo := "", 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			section = strings.ToLower(strings.TrimSpace(line[1 : len(line)-1]))
			continue
		}
		if section != "" && section != "loopdb" && section != "mysqld" {
			continue
		}
		name, value, hasValue := strings.Cut(line, "=")
		name = strings.ReplaceAll(strings.TrimSpace(name), "_", "-")
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		if !hasValue {
			value = "true"
		}
		if fs.Lookup(name) == nil || name == "config" {
			return fmt.Errorf("%s:%d: unknown option %q", path, lineNo, name)
		}
		if alreadySet[name] {
			continue
		}
		if err := fs.Set(name, value); err != nil {
			return fmt.Errorf("%s:%d: %v", path, lineNo, err)
		}
	}
	return sc.Err()
}

package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/workpool"
	"github.com/loopdb/loopdb/reactor"
	"github.com/loopdb/loopdb/server/admin"
	"github.com/loopdb/loopdb/storage"
	"github.com/loopdb/loopdb/storage/pebble"
	looptls "github.com/loopdb/loopdb/tls"
)

// Version is loopdb's own version; ServerVersion is what clients see.
const (
	Version       = "0.1.0"
	ServerVersion = "8.0.40-loopdb-" + Version
)

// Server is a running loopdb instance.
type Server struct {
	cfg      *Config
	log      *slog.Logger
	version  string
	store    storage.Engine
	pebble   *pebble.Engine // the same store when it is Pebble, for its metrics; nil otherwise
	gcPacer  *gcPacer       // paces the collector around Pebble's buffers (gc_pacer.go); nil: off
	accounts *AccountStore
	auth     *Authenticator
	sql      *exec.Engine
	pool     *workpool.Pool
	loops    *reactor.Server
	// offered is the capabilities greetings advertise; SET GLOBAL of
	// protocol_compression_algorithms or local_infile changes it
	// (applyGlobal, under capsMu).
	offered     atomic.Uint32
	capsMu      sync.Mutex
	algorithms  string
	localInfile bool

	admin *admin.Server // nil: --admin-address is empty

	tls           *looptls.Provider // nil: TLS off
	tlsGate       *looptls.Gate
	tlsAccepts    atomic.Uint64 // SSLRequests taken up
	tlsFinished   atomic.Uint64 // logins completed over TLS
	requireSecure atomic.Bool
	throttle      *loginThrottle
	hosts         *hostCache     // max_connect_errors (host_cache.go)
	resources     *userResources // per-account limits (user_resources.go)
	shutdownReq   chan struct{}  // closed by SHUTDOWN / COM_SHUTDOWN
	shutdownOnce  sync.Once
	audit         *slog.Logger // nil: no audit log
	auditFile     *os.File
}

// New opens the data directory and prepares a server; Run starts it.
func New(cfg *Config, log *slog.Logger) (*Server, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	store, err := openStore(cfg, log)
	if err != nil {
		return nil, err
	}
	return NewWithStore(cfg, log, store)
}

// NewWithStore prepares a server over an open storage engine, which it
// then owns (tests use it to run several front ends on one mock TiKV
// cluster); New opens the engine --store names.
func NewWithStore(cfg *Config, log *slog.Logger, store storage.Engine) (*Server, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		store.Close()
		return nil, fmt.Errorf("data directory: %w", err)
	}
	s := &Server{cfg: cfg, log: log, version: ServerVersion, store: store}
	if p, ok := store.(*pebble.Engine); ok {
		s.pebble = p
	}
	if err := s.init(); err != nil {
		store.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) init() error {
	cfg := s.cfg
	accounts, err := OpenAccountStore(s.store)
	if err != nil {
		return fmt.Errorf("loading accounts: %w", err)
	}
	firstStart := len(accounts.List()) == 0
	if err := accounts.EnsureRoot(cfg.RootPassword); err != nil {
		return fmt.Errorf("creating root account: %w", err)
	}
	if firstStart {
		if cfg.RootPassword == "" {
			s.log.Warn("created 'root'@'localhost' WITHOUT A PASSWORD: only local clients (unix socket, loopback) can log in as root; set one with ALTER USER or start a fresh data directory with --root-password")
		} else {
			s.log.Info("created 'root'@'%' with the given password")
		}
	}
	key, err := LoadOrCreateRSAKey(cfg.DataDir, s.log)
	if err != nil {
		return fmt.Errorf("RSA key: %w", err)
	}
	cache := NewSha2Cache()
	s.accounts = accounts
	s.auth = NewAuthenticator(accounts, cache, key)
	tlsGlobals, err := s.setupTLS()
	if err != nil {
		return err
	}
	s.requireSecure.Store(cfg.RequireSecureTransport)
	s.shutdownReq = make(chan struct{})
	s.throttle = newLoginThrottle(throttleDefaultThreshold, throttleDefaultMinDelay, throttleDefaultMaxDelay)
	s.hosts = newHostCache(maxConnectErrorsDefault)
	s.resources = newUserResources()
	if cfg.AuditLog != "" {
		f, err := os.OpenFile(cfg.AuditLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return fmt.Errorf("audit log: %w", err)
		}
		s.auditFile, s.audit = f, slog.New(slog.NewJSONHandler(f, nil))
	}
	s.algorithms, s.localInfile = "zlib,zstd,uncompressed", cfg.LocalInfile
	s.offered.Store(capabilitiesFor(s.algorithms, s.tls != nil, s.localInfile))

	absData, _ := filepath.Abs(cfg.DataDir)
	globals := map[string]string{
		"max_connections":                strconv.Itoa(cfg.MaxConnections),
		"max_allowed_packet":             strconv.Itoa(cfg.MaxAllowedPacket),
		"wait_timeout":                   strconv.Itoa(int(cfg.WaitTimeout.Seconds())),
		"connect_timeout":                strconv.Itoa(int(cfg.ConnectTimeout.Seconds())),
		"net_write_timeout":              strconv.Itoa(int(cfg.NetWriteTimeout.Seconds())),
		"port":                           strconv.Itoa(cfg.Port),
		"socket":                         cfg.Socket,
		"bind_address":                   cfg.BindAddress,
		"datadir":                        absData + "/",
		"innodb_flush_log_at_trx_commit": strconv.Itoa(cfg.FlushLogAtCommit),
		"require_secure_transport":       onOff(cfg.RequireSecureTransport),
		"local_infile":                   onOff(cfg.LocalInfile),
		"slow_query_log":                 onOff(cfg.SlowQueryLog != ""),
		"slow_query_log_file":            slowLogPath(absData, cfg.SlowQueryLog),
		"long_query_time":                strconv.FormatFloat(cfg.LongQueryTime, 'f', -1, 64),
		"innodb_buffer_pool_size":        strconv.Itoa(cfg.CacheSize), // the store's block cache stands for it
	}
	for k, v := range tlsGlobals {
		globals[k] = v
	}
	s.sql, err = exec.NewEngine(exec.Config{
		Version:            s.version,
		Logger:             s.log,
		Globals:            globals,
		NoSync:             cfg.FlushLogAtCommit != 1,
		OnGlobalChange:     s.applyGlobal,
		FlushHosts:         s.hosts.flush,
		FlushUserResources: s.resources.flush,
		ExtraStatus:        s.reactorStatus,
		Backup:             backupHook(newBackupper(cfg.DataDir, s.store)),
		Audit:              s.audit,
		Shutdown:           s.requestShutdown,
		Persist:            newPersistFile(cfg.DataDir),
	}, s.store, &sqlAccounts{store: accounts, cache: cache, resources: s.resources})
	if err != nil {
		return err
	}
	workers := cfg.Workers
	if workers <= 0 {
		// Workers block on fsync and (later) row locks, so there are more
		// of them than cores; the queue absorbs the rest.
		workers = max(32, 16*runtime.NumCPU())
	}
	s.pool = workpool.New(workers, s.log)
	s.sql.UsePool(s.pool)
	if s.sql.SharedStore() {
		accounts.shareVia(s.sql) // account changes of other front ends
	}
	tcp := ""
	if cfg.BindAddress != "" {
		tcp = net.JoinHostPort(cfg.BindAddress, strconv.Itoa(cfg.Port))
	}
	s.loops = reactor.New(reactor.Config{
		TCPAddr:          tcp,
		SocketPath:       cfg.Socket,
		EventLoops:       cfg.EventLoops,
		MaxConnections:   cfg.MaxConnections,
		MaxAllowedPacket: cfg.MaxAllowedPacket,
		ConnectTimeout:   cfg.ConnectTimeout,
		WaitTimeout:      cfg.WaitTimeout,
		NetWriteTimeout:  cfg.NetWriteTimeout,
		Logger:           s.log,
	}, s, s.pool)
	// Persisted settings (SET PERSIST) override the command line: the
	// engine applied them to its variables, the reactor gets them here.
	for _, name := range s.sql.PersistedNames() {
		if v, ok := s.sql.GlobalVar(name); ok {
			s.log.Info("persisted setting overrides the command line", "variable", name, "value", string(v.AppendText(nil)))
			s.applyGlobal(name, v)
		}
	}
	if cfg.AdminAddress != "" {
		s.admin, err = admin.Listen(cfg.AdminAddress, s.metricSources(), s.log)
		if err != nil {
			return fmt.Errorf("admin listener (--admin-address): %w", err)
		}
	}
	return nil
}

// reactorStatus is the reactor's counters as SHOW STATUS rows.
func (s *Server) reactorStatus() map[string]string {
	t := s.loops.Traffic()
	st := s.loops.Stats()
	u := func(n uint64) string { return strconv.FormatUint(n, 10) }
	return map[string]string{
		"Bytes_received":                          u(st.BytesReceived.Load()),
		"Bytes_sent":                              u(st.BytesSent.Load()),
		"Ssl_accepts":                             u(s.tlsAccepts.Load()),
		"Connection_control_delay_generated":      u(s.throttle.delayed.Load()),
		"Ssl_finished_accepts":                    u(s.tlsFinished.Load()),
		"Compression_bytes_received":              u(t.WireIn.Load()),
		"Compression_bytes_received_uncompressed": u(t.PlainIn.Load()),
		"Compression_bytes_sent":                  u(t.WireOut.Load()),
		"Compression_bytes_sent_uncompressed":     u(t.PlainOut.Load()),
	}
}

// applyGlobal makes SET GLOBAL of a limit take effect in the reactor or the
// greeting.
func (s *Server) applyGlobal(name string, v expr.Value) {
	switch name {
	case "max_connections":
		s.loops.SetMaxConnections(int(v.Int()))
	case "max_allowed_packet":
		s.loops.SetMaxAllowedPacket(int(v.Int()))
	case "connect_timeout":
		s.loops.SetConnectTimeout(time.Duration(v.Int()) * time.Second)
	case "wait_timeout":
		s.loops.SetWaitTimeout(time.Duration(v.Int()) * time.Second)
	case "protocol_compression_algorithms", "local_infile":
		s.capsMu.Lock()
		if name == "local_infile" {
			s.localInfile = v.Int() != 0
		} else {
			s.algorithms = v.Str()
		}
		s.offered.Store(capabilitiesFor(s.algorithms, s.tls != nil, s.localInfile))
		s.capsMu.Unlock()
	case "require_secure_transport":
		s.requireSecure.Store(v.Int() != 0)
	case "max_connect_errors":
		s.hosts.maxErrors.Store(uint64(v.Int()))
	case "max_user_connections":
		s.resources.maxUserConnections.Store(v.Int())
	case "connection_control_failed_connections_threshold":
		s.throttle.threshold.Store(v.Int())
	case "connection_control_min_connection_delay":
		s.throttle.minDelay.Store(v.Int())
	case "connection_control_max_connection_delay":
		s.throttle.maxDelay.Store(v.Int())
	}
}

// slowLogPath is the slow log file: the flag's, relative to the data
// directory as in MySQL, or loopdb-slow.log there.
func slowLogPath(dataDir, flagValue string) string {
	switch {
	case flagValue == "":
		return filepath.Join(dataDir, "loopdb-slow.log")
	case filepath.IsAbs(flagValue):
		return flagValue
	}
	return filepath.Join(dataDir, flagValue)
}

func onOff(b bool) string {
	if b {
		return "ON"
	}
	return "OFF"
}

// Run serves until ctx is cancelled, then shuts down gracefully: no new
// connections or commands, running commands get ShutdownTimeout to finish.
func (s *Server) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.loops.Run() }()
	select {
	case err := <-errc:
		s.close()
		return err
	case <-s.loops.Ready():
	}
	s.log.Info("ready for connections", "version", s.version, "tcp", s.tcpAddr(), "socket", s.cfg.Socket,
		"datadir", s.cfg.DataDir, "tls", s.tls != nil, "admin", s.cfg.AdminAddress)
	if s.admin != nil {
		go s.admin.Serve()
		defer s.admin.Close()
	}
	if s.pebble != nil {
		s.gcPacer = startGCPacer(s.pebble.GoHeapBytes) // stopped by close, before the store closes
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
wait:
	select {
	case err := <-errc:
		s.close()
		return err
	case <-hup:
		s.reloadTLS()
		goto wait
	case <-ctx.Done():
	case <-s.shutdownReq:
		s.log.Info("SHUTDOWN requested by a client")
	}
	s.log.Info("shutting down", "connections", s.loops.Connections())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := s.loops.Shutdown(sctx)
	<-errc
	s.close()
	s.log.Info("shutdown complete")
	return err
}

func (s *Server) tcpAddr() string {
	if s.cfg.BindAddress == "" {
		return ""
	}
	return net.JoinHostPort(s.cfg.BindAddress, strconv.Itoa(s.cfg.Port))
}

func (s *Server) close() {
	// Connections are closed by now, so statements see Killed() and stop;
	// still, never hang the exit on a stuck worker.
	done := make(chan struct{})
	go func() { s.pool.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.log.Error("workers still busy 10s after the connections closed; exiting anyway")
		return
	}
	if err := s.sql.Close(); err != nil {
		s.log.Error("saving AUTO_INCREMENT counters", "error", err)
	}
	s.gcPacer.stop() // it asks the store for its sizes
	if err := s.store.Close(); err != nil {
		s.log.Error("closing storage", "error", err)
	}
	if s.auditFile != nil {
		_ = s.auditFile.Close()
	}
}

// requestShutdown makes Run shut down as on SIGTERM (SHUTDOWN statement,
// COM_SHUTDOWN). It returns at once: the shutdown drains the very session
// that asked.
func (s *Server) requestShutdown() {
	s.shutdownOnce.Do(func() { close(s.shutdownReq) })
}

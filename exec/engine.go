package exec

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/exec/workpool"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser"
)

// Accounts is the account management the SQL layer needs (CREATE USER and
// friends); the server implements it over its account store.
type Accounts interface {
	// CreateUser creates an account; require is "", "ANY" (REQUIRE SSL) or
	// "X509", as mysql.user.ssl_type.
	CreateUser(user, host, plugin, password, require string, ifNotExists bool) (existed bool, err error)
	DropUser(user, host string, ifExists bool) (missing bool, err error)
	// ChangePassword sets the account's password (ALTER USER ...
	// IDENTIFIED, SET PASSWORD); retain keeps the current one as the
	// secondary password (RETAIN CURRENT PASSWORD). It ends PASSWORD EXPIRE.
	ChangePassword(user, host, plugin, password string, retain bool) error
	// DiscardOldPassword drops the secondary password (DISCARD OLD PASSWORD).
	DiscardOldPassword(user, host string) error
	// SetLimits changes the account's resource limits (fields below zero
	// stay as they are).
	SetLimits(user, host string, l ResourceLimits) error
	// SetPasswordExpiry marks the password expired (PASSWORD EXPIRE) and/or
	// sets its lifetime (nil: unchanged; 0 DEFAULT, -1 NEVER, n days).
	SetPasswordExpiry(user, host string, expire bool, lifetime *int64) error
	// PluginOf returns the account's authentication plugin ("" if none).
	PluginOf(user, host string) string
	// SetLocked locks or unlocks the account (ACCOUNT LOCK / UNLOCK).
	SetLocked(user, host string, locked bool) error
	// RenameUser moves an account, with its password and grants, to a new
	// name (RENAME USER); 1396 when it is missing or the new name is taken.
	RenameUser(user, host, newUser, newHost string) error
	// SetRequire changes the account's transport requirement.
	SetRequire(user, host, require string) error
	// RequireOf returns the account's transport requirement.
	RequireOf(user, host string) string
	// Privileges returns every account's current grants (an immutable
	// snapshot, replaced on each change).
	Privileges() *privs.Snapshot
	// EditGrants durably replaces the grants of user@host with edit's
	// result; found is false when there is no such account.
	EditGrants(user, host string, edit func(*privs.Grants) *privs.Grants) (found bool, err error)
	// List returns every account (roles included) as mysql.user shows it.
	List() []AccountInfo
}

// AccountInfo is what mysql.user shows of an account beyond its grants.
type AccountInfo struct {
	User, Host string
	Plugin     string
	AuthString string // the stored hash, as mysql.user.authentication_string
	Require    string // mysql.user.ssl_type: "", "ANY" or "X509"
	Locked     bool
	// PasswordChanged is when the password was last set; zero for
	// accounts stored before loopdb recorded it (shown as NULL).
	PasswordChanged time.Time
	// SecondaryAuth is the hash of a password kept by RETAIN CURRENT
	// PASSWORD ("" none): User_attributes' additional_password.
	SecondaryAuth string
	Limits        ResourceLimits
	// Expired is mysql.user.password_expired; Lifetime is
	// password_lifetime: 0 default (NULL), -1 never (0), n days.
	Expired  bool
	Lifetime int64
}

// Config is what the SQL engine needs to know about the server.
type Config struct {
	Version string
	Logger  *slog.Logger
	// Globals seeds global system variables from the server's configuration
	// (name -> value as text), e.g. "max_connections" -> "151".
	Globals map[string]string
	// NoSync skips the fsync at commit: faster, but a crash may lose the
	// last committed transactions.
	NoSync bool
	// OnGlobalChange is called after SET GLOBAL changed a variable, so the
	// server can apply it (e.g. max_connections to the reactor).
	OnGlobalChange func(name string, v expr.Value)
	// FlushHosts empties the server's host cache (FLUSH HOSTS), unblocking
	// hosts blocked by max_connect_errors; nil: nothing to flush.
	FlushHosts func()
	// FlushUserResources restarts every account's hourly resource
	// counters (FLUSH USER_RESOURCES); nil: nothing to flush.
	FlushUserResources func()
	// ExtraStatus adds the server's own counters (name -> value) to SHOW
	// STATUS, e.g. the reactor's compression byte counts.
	ExtraStatus func() map[string]string
	// Backup writes a consistent copy of the server's data into dir, an
	// absolute path that must not exist yet (BACKUP DATABASE *). Nil: the
	// server cannot back up online (1235).
	Backup func(dir string) (BackupReport, error)
	// Shutdown, when set, asks the server to shut down as on SIGTERM
	// (SHUTDOWN, COM_SHUTDOWN); it must not wait for the shutdown, which
	// drains the sessions, this one included. Nil: SHUTDOWN answers 1235.
	Shutdown func()
	// Audit, when set, receives the audit log's statement lines (DDL,
	// accounts, privileges; see audit.go).
	Audit *slog.Logger
	// Persist keeps SET PERSIST's settings across restarts (persist.go).
	// Nil: SET PERSIST answers 1235.
	Persist PersistStore
}

// Engine is the SQL engine shared by all sessions.
type Engine struct {
	cfg       Config
	log       *slog.Logger
	store     storage.Engine
	catalog   *table.Catalog
	vars      *sysVarStore
	accounts  Accounts
	txnOpts   storage.TxnOptions
	pool      *workpool.Pool // for giving up a worker's place during lock waits
	gate      *txnGate       // transaction admission under lock contention (txn_gate.go)
	userLocks userLockTable  // GET_LOCK's named locks (userlock.go)
	started   time.Time
	parsers   sync.Pool
	sessions  sessionRegistry // connection id -> *Session
	persist   persisted

	preparedCount  atomic.Int64 // prepared statements open on all connections
	questions      atomic.Uint64
	handler        handlerTotals // Handler_* (status_handler.go)
	slowQuery      atomic.Uint64
	connects       atomic.Uint64
	abortedCon     atomic.Uint64
	threads        atomic.Int64
	maxThreads     atomic.Int64
	threadsMade    atomic.Uint64 // sessions created (Threads_created)
	tempIDs        atomic.Uint64 // temporary table ids handed out, above table.TempIDBase
	tempTablesOpen atomic.Int64  // temporary tables alive in all sessions
	abortedCli     atomic.Uint64 // logged-in connections that ended without COM_QUIT
	com            [numComKinds]atomic.Uint64
	slow           slowLog
}

// NewEngine opens the SQL engine over store.
func NewEngine(cfg Config, store storage.Engine, accounts Accounts) (*Engine, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cat, err := table.OpenCatalog(store)
	if err != nil {
		return nil, err
	}
	if err := cat.UpgradeTextKeys(cfg.Logger); err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, log: cfg.Logger, store: store, catalog: cat, accounts: accounts, started: time.Now(), gate: newTxnGate(store),
		txnOpts: storage.TxnOptions{NoSync: cfg.NoSync}}
	e.vars, err = newSysVarStore(cfg.Version, cfg.Globals)
	if err != nil {
		return nil, err
	}
	if err := e.loadPersisted(); err != nil {
		return nil, err
	}
	e.parsers.New = func() any { return parser.New() }
	if err := e.cleanOrphanTempData(); err != nil {
		return nil, err
	}
	if err := e.configureSlowLog(); err != nil {
		return nil, err
	}
	return e, nil
}

// newTxn starts a transaction for statements (the catalog starts its own,
// always durable).
func (e *Engine) newTxn() storage.Txn { return e.store.Begin(e.txnOpts) }

// newSnapshotTxn starts a multi-statement transaction: its consistent reads
// see one snapshot (REPEATABLE READ), or one per statement when the session
// refreshes it (READ COMMITTED).
func (e *Engine) newSnapshotTxn() storage.Txn {
	opts := e.txnOpts
	opts.Snapshot = true
	return e.store.Begin(opts)
}

// UsePool tells the engine which pool runs its statements, so that lock
// waits can let other work run (see workpool.Pool.Blocking).
func (e *Engine) UsePool(p *workpool.Pool) { e.pool = p }

// Close saves what a clean restart needs (exact AUTO_INCREMENT counters).
// Call it after the last statement finished, before closing storage.
func (e *Engine) Close() error {
	e.slow.close()
	return e.catalog.SaveExactIDs()
}

// Uptime is how long the engine has been running.
func (e *Engine) Uptime() time.Duration { return time.Since(e.started) }

// GlobalVar returns a global system variable's value.
func (e *Engine) GlobalVar(name string) (expr.Value, bool) {
	return e.vars.global(name)
}

// Kill ends connection id (queryOnly: just its running statement), as KILL
// and COM_PROCESS_KILL do.
func (e *Engine) Kill(id uint64, queryOnly bool) *mysqldef.SQLError {
	target, ok := e.sessions.load(uint32(id))
	if !ok || id > uint64(^uint32(0)) {
		return mysqldef.NewError(mysqldef.ErrNoSuchThread, "Unknown thread id: %d", id)
	}
	target.killQuery.Store(true)
	if cancel := target.cancelRef.Load(); cancel != nil {
		(*cancel)() // wakes a lock wait
	}
	if !queryOnly && target.closeConn != nil {
		target.closeConn()
	}
	return nil
}

// reserveStmt counts a new prepared statement against
// max_prepared_stmt_count; false when the limit is reached.
func (e *Engine) reserveStmt() bool {
	limit := e.maxStmts()
	if e.preparedCount.Add(1) > limit {
		e.preparedCount.Add(-1)
		return false
	}
	return true
}

func (e *Engine) releaseStmt() { e.preparedCount.Add(-1) }

func (e *Engine) maxStmts() int64 {
	if v, ok := e.GlobalVar("max_prepared_stmt_count"); ok {
		return v.Int()
	}
	return 16382
}

// CountAbortedConnect counts a failed login (status Aborted_connects).
func (e *Engine) CountAbortedConnect() { e.abortedCon.Add(1) }

// CountAbortedClient counts a logged-in connection that ended without
// COM_QUIT: killed, timed out, or dropped by its client (Aborted_clients).
func (e *Engine) CountAbortedClient() { e.abortedCli.Add(1) }

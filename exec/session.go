package exec

import (
	"context"
	"github.com/loopdb/loopdb/exec/charset"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Session is one client's SQL state: identity, current database, variables,
// warnings and transaction status. A worker uses it for one command at a
// time; the atomics are read by other sessions (SHOW PROCESSLIST, KILL).
type Session struct {
	eng *Engine
	// The small fields sit together: scattered, their padding took the
	// struct past a size class (an idle connection pays it).
	id                 uint32
	nextStmtID         uint32 // the next COM_STMT_PREPARE id (stmts below)
	status             uint16
	clientCS           charset.ID    // character_set_client, cached for the protocol layer
	resultsCS          charset.ID    // character_set_results (Binary: NULL, no conversion)
	spExpr             bool          // the next statement is a procedure's expression (startStmt)
	pwExpired          bool          // logged in with an expired password: sandbox mode
	opts               ClientOptions // what the client asked for at login
	multiStatements    bool          // CLIENT_MULTI_STATEMENTS, or SET OPTION
	waitTimeoutChanged bool          // SET wait_timeout: the protocol layer re-reads it
	killQuery          atomic.Bool

	user       string // login name
	clientHost string // "localhost" or the client's IP
	acctHost   string // host part of the matched account
	db         string
	vars       map[string]expr.Value // SET SESSION values
	// loginGlobals are the globals when the session logged in (or was
	// reset): its session variables' values until it sets them.
	loginGlobals *globalValues
	userVars     map[string]expr.Value
	warnings     []Warning
	conds        uint32 // diagnostics raised, also those past maxWarnings (saturating)
	errors       uint32

	lastInsertID uint64
	rowCount     int64
	foundRows    uint64
	plainStmt    ast.StmtNode // the last DML statement found to hold no subquery (query.go)
	stmtStart    time.Time
	loc          *time.Location
	evalCtx      *expr.EvalCtx
	planner      plan.Planner  // plans and runs SELECTs; its env is this session
	hs           connCharset   // the handshake's connection charset (session_charset.go)
	c            *sessionCold  // state few connections ever use (cold)
	priv         privState     // privilege cache and scratch (priv_check.go)
	gate         StatementGate // the account's hourly limits (user_resources.go); nil: none

	stmts           map[uint32]*PreparedStmt   // COM_STMT_PREPARE'd statements
	text            *textCache                 // COM_QUERY statements kept for reuse (textcache.go); nil until the first query
	hotVars         *hotVars                   // variables read on every statement, decoded (sysvar_hot.go); nil until the first
	txn             storage.Txn                // open transaction (BEGIN or autocommit=0)
	txs             txnState                   // its characteristics and savepoints (txn_mode.go)
	mdlHeld         map[*table.Shared]struct{} // metadata locks held until the transaction ends
	temp            tempTables                 // CREATE TEMPORARY TABLE's tables (temptable.go)
	stmtEnd         []func()                   // run when the current statement ends
	stmtCtx         context.Context
	cancelStmt      context.CancelFunc
	cancelRef       atomic.Pointer[context.CancelFunc] // for KILL from other sessions
	closeConn       func()
	connGone        func() bool                 // the connection is closed: stop working
	timeout         atomic.Pointer[stmtTimeout] // the running SELECT's max_execution_time (stmt_timeout.go)
	rowsSent        uint64                      // by the current command (slow log)
	examinedAtStart uint64                      // evalCtx.RowsExamined when it began
	handler         expr.HandlerCounts          // Handler_* of this session (status_handler.go)

	// For SHOW PROCESSLIST.
	command  atomic.Pointer[string]
	info     atomic.Pointer[string]
	cmdStart atomic.Int64
	dbShown  atomic.Pointer[string]
}

// sessionCold holds session state that most connections never touch
// (stored programs, views being expanded, SQL PREPARE names, LOCK TABLES,
// the transport's description): allocated on first use, so that an idle
// connection's Session stays in a smaller size class (tens of thousands of
// them are open at once on a gateway).
type sessionCold struct {
	viewDepth        int                    // views being read inside views (ddl_view.go)
	spStack          []*table.Routine       // procedures being called, outermost first (sp_exec.go)
	alterView        *ast.CreateViewStmt    // the CREATE OR REPLACE VIEW an ALTER VIEW became
	pwClauses        map[int]passwordClause // dual-password clauses of the running statement (password_clauses.go)
	roleAdmin        bool                   // the running GRANT of roles said WITH ADMIN OPTION (role_admin.go)
	named            map[string]*namedStmt  // SQL PREPARE name
	compression      string                 // "zlib", "zstd" or "" (status Compression_algorithm)
	tlsVersion       string                 // "TLSv1.3" or "" (status Ssl_version)
	tlsCipher        string                 // OpenSSL-style suite name or "" (status Ssl_cipher)
	compressionLevel int
	tableLocks       map[*table.Shared]heldLock // LOCK TABLES; nil when none
	userLocks        map[string]int             // GET_LOCK holds by case-folded name (userlock.go)
	handlerReported  expr.HandlerCounts         // what the server-wide totals have of it
}

// cold returns the session's cold state, allocating it on first use.
func (s *Session) cold() *sessionCold {
	if s.c == nil {
		s.c = new(sessionCold)
	}
	return s.c
}

// Warning is one entry of SHOW WARNINGS.
type Warning struct {
	Level   string // "Note", "Warning" or "Error"
	Code    uint16
	Message string
}

// maxWarnings is max_error_count: at most this many diagnostics are kept.
const maxWarnings = 1024

var (
	cmdSleep   = "Sleep"
	cmdQuery   = "Query"
	cmdConnect = "Connect"
)

// NewSession creates a session for connection id. closeConn closes the
// connection (KILL); connGone reports that it is closed, so a running
// statement can stop early. Either may be nil.
func (e *Engine) NewSession(id uint32, clientHost string, closeConn func(), connGone func() bool) *Session {
	s := &Session{eng: e, id: id, clientHost: clientHost, closeConn: closeConn, connGone: connGone,
		status: mysqldef.StatusAutocommit}
	s.planner.Env = plannerEnv{s}
	s.command.Store(&cmdConnect)
	s.cmdStart.Store(time.Now().UnixNano())
	e.sessions.store(id, s)
	// Connections counts attempts, successful or not, as in MySQL (and a
	// COM_CHANGE_USER is not a new one).
	e.connects.Add(1)
	e.threadsMade.Add(1)
	n := e.threads.Add(1)
	for {
		m := e.maxThreads.Load()
		if n <= m || e.maxThreads.CompareAndSwap(m, n) {
			break
		}
	}
	return s
}

// Login records who the session is after authentication and what the
// client asked for.
func (s *Session) Login(user, accountHost string, opts ClientOptions, db string) {
	s.user, s.acctHost, s.opts = user, accountHost, opts
	s.priv.snap, s.priv.grants = nil, nil // COM_CHANGE_USER: another account's grants
	s.activateLoginRoles()
	s.loginGlobals = s.eng.vars.current()
	s.varsChanged()
	s.multiStatements = opts.MultiStatements
	s.setHandshakeCollation(opts.Collation)
	s.setDB(db)
	s.command.Store(&cmdSleep)
}

// Close unregisters the session, rolls back an open transaction and frees
// its prepared statements.
func (s *Session) Close() {
	s.unlockTables()
	s.ReleaseAllLocks()
	s.closeTxn()
	s.dropAllTempTables()
	s.closeAllStmts()
	s.reportHandler()
	if s.eng.sessions.remove(s.id) {
		s.eng.threads.Add(-1)
	}
}

// SetCompression records the connection's compressed protocol for SHOW
// STATUS (algorithm "" when off).
func (s *Session) SetCompression(algorithm string, level int) {
	s.cold().compression, s.cold().compressionLevel = algorithm, level
}

// SetTLS records the connection's TLS version and cipher suite for SHOW
// STATUS (Ssl_version, Ssl_cipher; "" when plaintext).
func (s *Session) SetTLS(version, cipher string) {
	s.cold().tlsVersion, s.cold().tlsCipher = version, cipher
}

// ID is the connection id.
func (s *Session) ID() uint32 { return s.id }

// Status returns the server status flags for OK and EOF packets.
func (s *Session) Status() uint16 { return s.status }

// WarningCount is the last statement's warning count as OK and EOF
// packets carry it (at most 65535).
func (s *Session) WarningCount() uint16 { return s.warnings16() }

// EvalCtx is the evaluation context values are converted with: the
// running statement's, or an open cursor's while it is fetched from.
func (s *Session) EvalCtx() *expr.EvalCtx { return s.evalCtx }

// DB is the current database ("" for none).
func (s *Session) DB() string { return s.db }

func (s *Session) setDB(db string) {
	s.db = db
	s.dbShown.Store(&db)
}

// WaitTimeout returns the session's wait_timeout if SET changed it since
// the last call.
func (s *Session) WaitTimeout() (time.Duration, bool) {
	if !s.waitTimeoutChanged {
		return 0, false
	}
	s.waitTimeoutChanged = false
	v, err := s.SystemVar("wait_timeout", false)
	if err != nil {
		return 0, false
	}
	return time.Duration(v.Int()) * time.Second, true
}

// SessionEnv implementation for the expression engine.

func (s *Session) CurrentDB() string { return s.db }

func (s *Session) User() string { return s.user + "@" + s.clientHost }

func (s *Session) CurrentUser() string { return s.user + "@" + s.acctHost }

func (s *Session) ConnectionID() uint64 { return uint64(s.id) }

func (s *Session) LastInsertID() uint64 { return s.lastInsertID }

func (s *Session) SetLastInsertID(id uint64) { s.lastInsertID = id }

func (s *Session) RowCount() int64 { return s.rowCount }

func (s *Session) FoundRows() uint64 { return s.foundRows }

func (s *Session) UserVar(name string) expr.Value {
	return s.userVars[strings.ToLower(name)]
}

func (s *Session) SetUserVar(name string, v expr.Value) {
	if s.userVars == nil {
		s.userVars = make(map[string]expr.Value)
	}
	s.userVars[strings.ToLower(name)] = v
}

func (s *Session) AddWarning(code uint16, msg string) {
	s.addDiag("Warning", code, msg)
}

// Killed reports that the running statement must stop: KILL QUERY, its
// connection closed, or its max_execution_time passed.
func (s *Session) Killed() bool {
	return s.killQuery.Load() || (s.connGone != nil && s.connGone()) || s.stmtTimedOut()
}

func (s *Session) addDiag(level string, code uint16, msg string) {
	if level == "Error" && s.errors < math.MaxUint32 {
		s.errors++
	}
	if s.conds < math.MaxUint32 {
		s.conds++
	}
	if len(s.warnings) < maxWarnings {
		s.warnings = append(s.warnings, Warning{Level: level, Code: code, Message: msg})
	}
}

// warningCount is @@warning_count: every diagnostic the statement raised,
// including those past max_error_count that SHOW WARNINGS no longer lists
// (a LOAD DATA can raise millions).
func (s *Session) warningCount() int { return int(s.conds) }

func (s *Session) errorCount() int { return int(s.errors) }

func (s *Session) clearDiagnostics() {
	s.warnings = s.warnings[:0]
	s.conds, s.errors = 0, 0
}

// location is the session's time zone for NOW() and friends.
func (s *Session) location() *time.Location {
	if s.loc != nil {
		return s.loc
	}
	tz, _ := s.SystemVar("time_zone", false)
	s.loc = parseTimeZone(tz.Str())
	return s.loc
}

// parseTimeZone resolves @@time_zone; SET validated it, so a miss
// (never expected) falls back to the system zone.
func parseTimeZone(name string) *time.Location {
	if loc, ok := expr.ParseTimeZone(name); ok {
		return loc
	}
	return time.Local
}

// Reset implements COM_RESET_CONNECTION: the session keeps its login and
// database but loses variables, user variables, warnings and any
// transaction.
func (s *Session) Reset() {
	s.unlockTables()
	s.ReleaseAllLocks()
	s.rollbackTxn()
	s.dropAllTempTables()
	s.closeAllStmts()
	s.vars, s.userVars = nil, nil
	s.loginGlobals = s.eng.vars.current()
	s.varsChanged()
	s.clearDiagnostics()
	s.lastInsertID, s.rowCount, s.foundRows = 0, 0, 0
	s.plainStmt = nil
	s.status = mysqldef.StatusAutocommit
	s.loc = nil
	s.refreshConnCharsets()
	s.multiStatements = s.opts.MultiStatements
	s.waitTimeoutChanged = true
}

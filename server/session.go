package server

import (
	"slices"
	"strings"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/reactor"
	"github.com/loopdb/loopdb/server/protocol"
	looptls "github.com/loopdb/loopdb/tls"
)

// Capabilities loopdb advertises: only what works (ARCHITECTURE.md, "Protocol facts").
const serverCapabilities = codec.ClientLongPassword | codec.ClientFoundRows | codec.ClientLongFlag |
	codec.ClientConnectWithDB | codec.ClientNoSchema | codec.ClientODBC | codec.ClientIgnoreSpace |
	codec.ClientProtocol41 | codec.ClientInteractive | codec.ClientIgnoreSigpipe |
	codec.ClientTransactions | codec.ClientSecureConnection | codec.ClientMultiStatements |
	codec.ClientMultiResults | codec.ClientPSMultiResults | codec.ClientPluginAuth |
	codec.ClientConnectAttrs | codec.ClientPluginAuthLenencClientData | codec.ClientDeprecateEOF |
	codec.ClientCompress | codec.ClientZstdCompressionAlgorithm | codec.ClientCanHandleExpiredPasswords

type loginPhase uint8

const (
	awaitingResponse loginPhase = iota // greeting sent
	authenticating                     // an auth exchange is under way
	commands                           // logged in
	changingUser                       // COM_CHANGE_USER exchange under way
)

// connSession is one connection above framing: the login, then commands
// handed to the SQL session. It implements reactor.Session.
type connSession struct {
	srv      *Server
	info     reactor.ConnInfo
	link     *reactor.Link
	scramble []byte
	phase    loginPhase
	caps     uint32
	db       string // database requested at login or COM_CHANGE_USER
	// collation the client named at login or COM_CHANGE_USER: the
	// connection's character sets (exec.ClientOptions.Collation)
	collation uint16
	exch      *AuthExchange
	// loginAnswered: the first login got its OK or ERR; a connection that
	// closes before is a handshake error for max_connect_errors.
	loginAnswered bool
	sql           *exec.Session
	cmds          *protocol.Conn // the command phase, from login on
	compress      byte           // algorithm agreed in the handshake (codec.Compress*)
	level         int
	tls           *looptls.Stream // nil on a plaintext connection
	// authDelay holds the answer of the login under way (loginThrottle):
	// the same for success and failure.
	authDelay time.Duration
	authUser  string
	// usage is the logged-in account's resource record, its connection
	// counted until the session ends or changes user (user_resources.go).
	usage *resourceUsage
}

// capabilitiesFor is serverCapabilities, plus CLIENT_SSL and
// CLIENT_LOCAL_FILES when they are on, less the compression algorithms a
// protocol_compression_algorithms value (normalised by SET: lower case,
// comma-separated) does not allow.
func capabilitiesFor(algorithms string, tls, localInfile bool) uint32 {
	caps := uint32(serverCapabilities)
	if tls {
		caps |= codec.ClientSSL
	}
	if localInfile {
		caps |= codec.ClientLocalFiles
	}
	allowed := strings.Split(algorithms, ",")
	if !slices.Contains(allowed, "zlib") {
		caps &^= codec.ClientCompress
	}
	if !slices.Contains(allowed, "zstd") {
		caps &^= codec.ClientZstdCompressionAlgorithm
	}
	return caps
}

// Open implements reactor.Handler.
func (s *Server) Open(info reactor.ConnInfo, link *reactor.Link) (reactor.Session, *mysqldef.SQLError) {
	if !exemptFromHostCache(info.Local, info.Addr.Addr()) && s.hosts.isBlocked(info.Addr.Addr()) {
		return nil, mysqldef.NewError(mysqldef.ErrHostIsBlocked,
			"Host '%s' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'", info.Host())
	}
	return &connSession{
		srv:      s,
		info:     info,
		link:     link,
		scramble: NewScramble(),
		sql:      s.sql.NewSession(info.ID, info.Host(), link.Close, link.Killed),
	}, nil
}

func (cs *connSession) Greeting(dst []byte) []byte {
	return codec.AppendHandshake(dst, &codec.Handshake{
		ServerVersion: cs.srv.version,
		ConnectionID:  cs.info.ID,
		Scramble:      cs.scramble,
		Capabilities:  cs.srv.offered.Load(),
		Collation:     uint8(mysqldef.CollationUTF8MB40900),
		Status:        mysqldef.StatusAutocommit,
		AuthPlugin:    DefaultAuthPlugin,
	})
}

func (cs *connSession) Status() uint16 { return cs.sql.Status() }

func (cs *connSession) Closed() {
	if cs.phase == commands && !cs.link.Quit() {
		cs.srv.sql.CountAbortedClient()
	}
	if !cs.loginAnswered && !exemptFromHostCache(cs.info.Local, cs.info.Addr.Addr()) {
		// Gone before its login was answered: a handshake error.
		if cs.srv.hosts.handshakeFailed(cs.info.Addr.Addr(), time.Now()) {
			cs.srv.log.Warn("host blocked: too many connections ended before their login finished (max_connect_errors); FLUSH HOSTS unblocks it",
				"host", cs.info.Host(), "max_connect_errors", cs.srv.hosts.maxErrors.Load())
		}
	}
	if cs.usage != nil {
		cs.usage.logout()
	}
	cs.sql.Close()
}

func (cs *connSession) Serve(payload []byte, seq byte, w *reactor.PacketWriter) reactor.Outcome {
	// seq is the last fragment's of a packet sent in 16 MB pieces; the first one's counts.
	first := seq - byte(len(payload)/codec.MaxPayload)
	if want, checked := cs.expectedSeq(); checked && first != want {
		// MySQL (and MariaDB) answer a packet out of sequence with 1156 and close: the
		// client and the server no longer agree on where a command starts.
		return cs.refuse(w, mysqldef.NewError(mysqldef.ErrNetPacketsOutOfOrder, "Got packets out of order"))
	}
	switch cs.phase {
	case awaitingResponse:
		return cs.handshakeResponse(payload, w)
	case authenticating, changingUser:
		return cs.authStep(cs.exch.Next(payload), w)
	}
	if len(payload) > 0 && payload[0] == codec.ComChangeUser {
		return cs.changeUser(payload[1:], w)
	}
	out := reactor.Outcome{Close: cs.cmds.Dispatch(payload, w)}
	if d, changed := cs.sql.WaitTimeout(); changed {
		out.WaitTimeout = d
	}
	return out
}

// expectedSeq is the sequence id the packet starting the next exchange must carry: 1 for the
// handshake response (2 inside TLS, after the SSLRequest), 0 for a command. Packets inside
// an auth exchange are not checked. Neither are commands on a compressed connection: there
// the compressed frames carry the sequence that counts, and their inner packets are not
// checked by MySQL either.
func (cs *connSession) expectedSeq() (want byte, checked bool) {
	switch {
	case cs.phase == awaitingResponse && cs.tls != nil:
		return 2, true
	case cs.phase == awaitingResponse:
		return 1, true
	case cs.phase == commands && cs.compress == codec.CompressNone:
		return 0, true
	}
	return 0, false
}

func (cs *connSession) handshakeResponse(payload []byte, w *reactor.PacketWriter) reactor.Outcome {
	if codec.IsSSLRequest(payload) {
		// Nothing is answered: the client's next bytes are its ClientHello.
		if cs.srv.tls == nil || cs.tls != nil {
			return cs.refuse(w, mysqldef.NewError(mysqldef.ErrHandshake, "Bad handshake"))
		}
		cs.srv.tlsAccepts.Add(1)
		cs.tls = looptls.NewStream(cs.srv.tls.ServerConfig(), cs.srv.tlsGate)
		return reactor.Outcome{StartTLS: cs.tls}
	}
	resp, err := codec.ParseHandshakeResponse(payload)
	if err != nil {
		return cs.refuse(w, mysqldef.NewError(mysqldef.ErrHandshake, "Bad handshake"))
	}
	if cs.tls == nil && !cs.info.Local && cs.srv.requireSecure.Load() {
		return cs.refuse(w, mysqldef.NewError(mysqldef.ErrSecureTransportRequired,
			"Connections using insecure transport are prohibited while --require_secure_transport=ON."))
	}
	cs.caps = resp.Capabilities & cs.srv.offered.Load()
	cs.db = resp.Database
	cs.collation = uint16(resp.Collation)
	// A client that asks for both gets zlib, as in MySQL.
	switch {
	case cs.caps&codec.ClientCompress != 0:
		cs.compress, cs.level = codec.CompressZlib, 6
	case cs.caps&codec.ClientZstdCompressionAlgorithm != 0:
		cs.compress, cs.level = codec.CompressZstd, resp.ZstdLevel
		if cs.level < 1 || cs.level > 22 {
			cs.level = 3 // MySQL's default zstd level
		}
	}
	if cs.caps&codec.ClientConnectWithDB == 0 {
		cs.db = ""
	}
	return cs.beginAuth(resp.User, resp.AuthPlugin, resp.AuthResponse, authenticating, w)
}

// beginAuth starts an auth exchange for a login or COM_CHANGE_USER.
func (cs *connSession) beginAuth(user, plugin string, authResp []byte, phase loginPhase, w *reactor.PacketWriter) reactor.Outcome {
	if cs.caps&codec.ClientPluginAuth == 0 {
		// Clients from before pluggable auth answer with the 4.1 native
		// scramble and cannot follow an auth switch.
		plugin = PluginNativePassword
	}
	cs.authUser = user
	cs.authDelay = cs.srv.throttle.delay(user, cs.info.Host())
	x, step := cs.srv.auth.Begin(AuthRequest{
		User: user, ClientHost: cs.info.Host(), Secure: cs.tls != nil || cs.localTransport(),
		ClientPlugin: plugin, AuthResponse: authResp, Scramble: cs.scramble,
	})
	cs.exch = x
	cs.phase = phase
	return cs.authStep(step, w)
}

func (cs *connSession) authStep(step AuthStep, w *reactor.PacketWriter) reactor.Outcome {
	out := cs.authOutcome(step, w)
	if step.Done {
		out.Delay = cs.authDelay
	}
	return out
}

// authOutcome sends an auth step's reply and, when the exchange is done,
// its OK or ERR.
func (cs *connSession) authOutcome(step AuthStep, w *reactor.PacketWriter) reactor.Outcome {
	if step.Reply != nil {
		if err := w.WritePacket(step.Reply); err != nil {
			return reactor.Outcome{Close: true}
		}
	}
	if !step.Done {
		return reactor.Outcome{}
	}
	cs.exch = nil
	cs.loginAnswered = true
	if step.Err != nil {
		cs.srv.sql.CountAbortedConnect()
		cs.srv.log.Debug("login failed", "conn", cs.info.ID, "host", cs.info.Host(), "error", step.Err.Message)
		if step.Err.Code == mysqldef.ErrAccessDenied {
			cs.loginFailed()
		}
		cs.auditLogin(cs.authUser, "", step.Err.Code)
		return cs.refuse(w, step.Err)
	}
	cs.srv.throttle.succeeded(cs.authUser, cs.info.Host())
	if !exemptFromHostCache(cs.info.Local, cs.info.Addr.Addr()) {
		cs.srv.hosts.loggedIn(cs.info.Addr.Addr())
	}
	if step.Account.Locked {
		cs.srv.sql.CountAbortedConnect()
		cs.auditLogin(step.Account.User, step.Account.Host, mysqldef.ErrAccountLocked)
		return cs.refuse(w, mysqldef.NewError(mysqldef.ErrAccountLocked,
			"Access denied for user '%s'@'%s'. Account is locked.", step.Account.User, step.Account.Host))
	}
	if cs.info.AdminOnly {
		g := cs.srv.accounts.Grants().Of(step.Account.User, step.Account.Host)
		if !g.GlobalHas(privs.ConnectionAdmin) && !g.GlobalHas(privs.Super) {
			return cs.refuse(w, mysqldef.NewError(mysqldef.ErrConCount, "Too many connections"))
		}
	}
	if e := cs.checkTransportRequirement(step.Account); e != nil {
		cs.srv.sql.CountAbortedConnect()
		return cs.refuse(w, e)
	}
	expired := step.Account.passwordExpired(time.Now())
	if expired && cs.caps&codec.ClientCanHandleExpiredPasswords == 0 {
		// MySQL (disconnect_on_expired_password=ON) refuses a client that
		// cannot run in sandbox mode.
		cs.srv.sql.CountAbortedConnect()
		return cs.refuse(w, mysqldef.NewError(mysqldef.ErrMustChangePasswordLogin,
			"Your password has expired. To log in you must change it using a client that supports expired passwords."))
	}
	usage := cs.srv.resources.usage(step.Account)
	if e := usage.login(cs.srv.resources.maxUserConnections.Load()); e != nil {
		cs.srv.sql.CountAbortedConnect()
		cs.auditLogin(step.Account.User, step.Account.Host, e.Code)
		return cs.refuse(w, e)
	}
	if cs.usage != nil {
		cs.usage.logout() // COM_CHANGE_USER: the previous account's connection ends
	}
	cs.usage = usage
	changing := cs.phase == changingUser
	if changing {
		cs.sql.Reset()
	}
	opts := protocol.SessionOptions(cs.caps)
	opts.Collation = cs.collation
	cs.sql.Login(step.Account.User, step.Account.Host, opts, "")
	cs.sql.SetStatementGate(usage)
	cs.sql.SetPasswordExpired(expired)
	cs.cmds = protocol.NewConn(cs.sql, cs.caps&codec.ClientDeprecateEOF != 0)
	if cs.db != "" {
		if err := cs.sql.UseDatabase(cs.db); err != nil {
			return cs.refuse(w, err.(*mysqldef.SQLError))
		}
	}
	cs.phase = commands
	cs.auditLogin(step.Account.User, step.Account.Host, 0)
	b := w.Begin()
	if err := w.Commit(codec.AppendOK(b, &codec.OK{Status: cs.sql.Status()})); err != nil {
		return reactor.Outcome{Close: true}
	}
	out := reactor.Outcome{Authenticated: true}
	if d, ok := cs.sql.WaitTimeout(); ok {
		out.WaitTimeout = d
	}
	if !changing && cs.tls != nil {
		st := cs.tls.State()
		cs.sql.SetTLS(looptls.VersionName(st.Version), looptls.CipherName(st.CipherSuite))
		cs.srv.tlsFinished.Add(1)
	}
	if !changing && cs.compress != codec.CompressNone {
		// Compression starts after this OK, which goes out plain.
		out.Compress, out.CompressLevel = cs.compress, cs.level
		cs.sql.SetCompression(map[byte]string{codec.CompressZlib: "zlib", codec.CompressZstd: "zstd"}[cs.compress], cs.level)
	}
	return out
}

// changeUser runs COM_CHANGE_USER: a new login on the same connection,
// verified against the scramble of the original greeting. A failed change
// closes the connection, as MySQL does.
func (cs *connSession) changeUser(arg []byte, w *reactor.PacketWriter) reactor.Outcome {
	req, err := codec.ParseChangeUser(arg, cs.caps)
	if err != nil {
		return cs.refuse(w, mysqldef.NewError(mysqldef.ErrHandshake, "Bad handshake"))
	}
	cs.db = req.Database
	if req.Collation != 0 { // a client that sends none keeps the login's
		cs.collation = req.Collation
	}
	out := cs.beginAuth(req.User, req.AuthPlugin, req.AuthResponse, changingUser, w)
	// More auth packets to come (an auth switch, caching_sha2's full path):
	// the reactor must hand them to Serve rather than read them as commands.
	out.Reauthenticating = !out.Close && cs.phase == changingUser
	return out
}

// checkTransportRequirement enforces an account's REQUIRE SSL or REQUIRE
// X509: MySQL denies such logins with 1045, as for a wrong password.
func (cs *connSession) checkTransportRequirement(a *Account) *mysqldef.SQLError {
	ok := true
	switch a.Require {
	case RequireSSL:
		ok = cs.tls != nil
	case RequireX509:
		ok = cs.tls != nil && cs.srv.tls.VerifyClientChain(cs.tls.State().PeerCertificates)
	}
	if ok {
		return nil
	}
	return mysqldef.NewError(mysqldef.ErrAccessDenied, "Access denied for user '%s'@'%s' (using password: YES)",
		a.User, cs.info.Host())
}

// localTransport reports whether a password sent in clear stays on this
// machine: a unix socket, or TCP over loopback. MySQL counts only the
// socket, but loopback traffic never leaves the kernel either, and Debian's
// libmariadb sends the password in clear on any connection where it merely
// asked for TLS, so refusing it would lock the mariadb CLI out without
// protecting anything. Remote plaintext TCP still needs the RSA exchange.
func (cs *connSession) localTransport() bool {
	return cs.info.Local || cs.info.Addr.Addr().Unmap().IsLoopback()
}

// auditLogin writes a login's line to the audit log: the user name sent,
// the account it matched (when one did) and the error code (0: success).
func (cs *connSession) auditLogin(user, acctHost string, code uint16) {
	log := cs.srv.audit
	if log == nil {
		return
	}
	event := "connect"
	if cs.phase == changingUser {
		event = "change_user"
	}
	attrs := []any{"conn", cs.info.ID, "user", user, "host", cs.info.Host(), "tls", cs.tls != nil}
	if acctHost != "" {
		attrs = append(attrs, "account", user+"@"+acctHost)
	}
	if code == 0 {
		log.Info(event, attrs...)
		return
	}
	log.Warn(event, append(attrs, "error", code)...)
}

// loginFailed counts a wrong password (or unknown account) for the
// throttle, and logs once when an account starts being throttled.
func (cs *connSession) loginFailed() {
	host := cs.info.Host()
	n := cs.srv.throttle.failed(cs.authUser, host)
	if n > 0 && n == cs.srv.throttle.threshold.Load() {
		cs.srv.log.Warn("login throttled: consecutive failed logins, further attempts are delayed",
			"user", cs.authUser, "host", host, "failures", n)
	}
	if cs.srv.throttle.addressThrottled(host) {
		cs.srv.log.Warn("login throttled: failed logins from this address across account names, its further attempts are delayed",
			"host", host, "failures", cs.srv.throttle.threshold.Load()*addressFactor)
	}
}

func (cs *connSession) refuse(w *reactor.PacketWriter, e *mysqldef.SQLError) reactor.Outcome {
	_ = w.Commit(codec.AppendErr(w.Begin(), e))
	return reactor.Outcome{Close: true}
}

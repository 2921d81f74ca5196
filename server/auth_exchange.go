package server

import (
	"bytes"

	"github.com/loopdb/loopdb/mysqldef"
)

// AuthRequest is what the network layer learned from HandshakeResponse41
// (or COM_CHANGE_USER) about one login attempt.
type AuthRequest struct {
	User         string
	ClientHost   string // "localhost" for the unix socket, else the client's IP
	Secure       bool   // TLS or unix socket: a cleartext password may be sent
	ClientPlugin string // client_plugin_name from the handshake ("" if absent)
	AuthResponse []byte // auth data from the handshake
	Scramble     []byte // the 20-byte scramble the server sent
}

// AuthStep tells the network layer what to do next.
type AuthStep struct {
	// Reply is the payload of the next packet to send (nil: nothing); the
	// caller adds the header and keeps counting sequence ids.
	Reply []byte
	// Done ends the exchange: with Err == nil the caller sends OK (after
	// Reply, if any); otherwise it sends Err as an ERR packet and closes.
	Done    bool
	Err     *mysqldef.SQLError
	Account *Account // the authenticated account, on success
}

// Authenticator checks logins against the account store. It is safe for
// concurrent use; each login gets its own AuthExchange.
type Authenticator struct {
	accounts *AccountStore
	cache    *Sha2Cache
	rsa      *RSAKey
}

// NewAuthenticator wires the account store, the caching_sha2 fast-path cache
// and the RSA key (nil disables password exchange over plain TCP for
// caching_sha2 full authentication).
func NewAuthenticator(accounts *AccountStore, cache *Sha2Cache, key *RSAKey) *Authenticator {
	if cache == nil {
		cache = NewSha2Cache()
	}
	return &Authenticator{accounts: accounts, cache: cache, rsa: key}
}

type exchangeState uint8

const (
	stateAwaitSwitchResponse exchangeState = iota // sent AuthSwitchRequest
	stateSha2FullAuth                             // sent 01 04 (or the public key)
	stateDone
)

// maxExchangeSteps bounds Next calls: switch response, public key request,
// encrypted password, plus one spare.
const maxExchangeSteps = 4

// caching_sha2_password AuthMoreData payloads (0x01 prefix + status).
var (
	sha2FastAuthOK  = []byte{0x01, 0x03}
	sha2PerformFull = []byte{0x01, 0x04}
)

const sha2RequestPublicKey = 0x02

// AuthExchange is the state of one login. It is not safe for concurrent use
// (one connection drives it). Next may cost milliseconds (SHA-crypt, RSA):
// run it off the event loop.
type AuthExchange struct {
	auth          *Authenticator
	user          string
	clientHost    string
	secure        bool
	scramble      []byte
	account       *Account
	state         exchangeState
	steps         int
	usedPassword  bool
	publicKeySent bool
}

// Begin starts a login. The returned exchange is never nil; if the step is
// not Done, feed the client's next packet payload to Next.
func (a *Authenticator) Begin(req AuthRequest) (*AuthExchange, AuthStep) {
	x := &AuthExchange{
		auth:         a,
		user:         req.User,
		clientHost:   normalizeClientHost(req.ClientHost),
		secure:       req.Secure,
		scramble:     bytes.Clone(trimScramble(req.Scramble)),
		usedPassword: len(req.AuthResponse) > 0,
	}
	if len(x.scramble) != ScrambleLength {
		return x, x.fail(mysqldef.NewError(mysqldef.ErrHandshake, "Bad handshake"))
	}
	if err := a.accounts.syncShared(); err != nil {
		return x, x.fail(mysqldef.NewError(mysqldef.ErrUnknownError, "Cannot read accounts: %v", err))
	}
	account, ok := a.accounts.Lookup(req.User, req.ClientHost)
	if !ok || !KnownPlugin(account.Plugin) {
		return x, x.deny()
	}
	x.account = account
	if req.ClientPlugin != account.Plugin {
		x.state = stateAwaitSwitchResponse
		return x, AuthStep{Reply: authSwitchRequest(account.Plugin, x.scramble)}
	}
	return x, x.checkFirstResponse(req.AuthResponse)
}

// Next consumes the client's next packet payload.
func (x *AuthExchange) Next(payload []byte) AuthStep {
	if x.state == stateDone {
		return AuthStep{Done: true, Err: mysqldef.NewError(mysqldef.ErrHandshake, "Bad handshake")}
	}
	x.steps++
	if x.steps > maxExchangeSteps {
		return x.fail(mysqldef.NewError(mysqldef.ErrHandshake, "Bad handshake"))
	}
	switch x.state {
	case stateAwaitSwitchResponse:
		x.usedPassword = len(payload) > 0
		return x.checkFirstResponse(payload)
	case stateSha2FullAuth:
		return x.sha2FullAuth(payload)
	}
	return x.fail(mysqldef.NewError(mysqldef.ErrHandshake, "Bad handshake"))
}

// checkFirstResponse verifies the auth data produced for the account's own
// plugin (from the handshake or the AuthSwitchResponse).
func (x *AuthExchange) checkFirstResponse(resp []byte) AuthStep {
	switch x.account.Plugin {
	case PluginNativePassword:
		return x.nativeResponse(resp)
	case PluginCachingSha2:
		return x.sha2FirstResponse(resp)
	}
	return x.deny()
}

func (x *AuthExchange) nativeResponse(resp []byte) AuthStep {
	if x.account.AuthString == "" && len(resp) == 0 {
		return x.succeed(nil)
	}
	for _, stored := range x.account.passwords() {
		if checkNativeScramble(stored, x.scramble, resp) {
			return x.succeed(nil)
		}
	}
	return x.deny()
}

// sha2FirstResponse handles the 32-byte fast-path reply (or an empty one for
// an empty password).
func (x *AuthExchange) sha2FirstResponse(resp []byte) AuthStep {
	empty := len(resp) == 0 || (len(resp) == 1 && resp[0] == 0)
	if empty {
		x.usedPassword = false
		if x.account.AuthString == "" {
			return x.succeed(nil)
		}
		return x.deny()
	}
	passwords := x.account.passwords()
	if len(passwords) == 0 || len(resp) != 32 {
		return x.deny()
	}
	for _, stored := range passwords {
		if stage2, ok := x.auth.cache.Get(x.account, stored); ok && checkSha2FastReply(stage2, x.scramble, resp) {
			return x.succeed(sha2FastAuthOK)
		}
	}
	// Cache miss or mismatch: ask for the password itself.
	x.state = stateSha2FullAuth
	return AuthStep{Reply: sha2PerformFull}
}

// sha2FullAuth takes the password in clear (secure transport only), a
// public-key request, or the RSA-encrypted password.
func (x *AuthExchange) sha2FullAuth(payload []byte) AuthStep {
	key := x.auth.rsa
	if len(payload) == 1 && payload[0] == sha2RequestPublicKey {
		if key == nil || x.publicKeySent {
			return x.deny()
		}
		x.publicKeySent = true
		reply := make([]byte, 0, 1+len(key.PublicKeyPEM()))
		reply = append(append(reply, 0x01), key.PublicKeyPEM()...)
		return AuthStep{Reply: reply}
	}
	if key != nil && len(payload) == key.Size() {
		if password, err := key.DecryptPassword(payload, x.scramble); err == nil {
			return x.sha2CheckPassword(password)
		}
		// Not a valid ciphertext; on secure transport it may still be a
		// cleartext password of exactly that length.
	}
	if !x.secure || len(payload) == 0 || payload[len(payload)-1] != 0 {
		// Never accept a cleartext password over an insecure connection.
		return x.deny()
	}
	return x.sha2CheckPassword(payload[:len(payload)-1])
}

func (x *AuthExchange) sha2CheckPassword(password []byte) AuthStep {
	if len(password) > MaxPasswordLength {
		return x.deny()
	}
	if x.account.AuthString == "" && len(password) == 0 {
		return x.succeed(nil)
	}
	for _, stored := range x.account.passwords() {
		if checkSha2Password(stored, password) {
			x.auth.cache.Put(x.account, stored, sha2Stage2(password))
			return x.succeed(nil)
		}
	}
	return x.deny()
}

func (x *AuthExchange) succeed(reply []byte) AuthStep {
	x.state = stateDone
	return AuthStep{Reply: reply, Done: true, Account: x.account}
}

// deny ends the exchange with MySQL's 1045, the same for an unknown user and
// a wrong password so the reply does not reveal which accounts exist.
func (x *AuthExchange) deny() AuthStep {
	using := "NO"
	if x.usedPassword {
		using = "YES"
	}
	return x.fail(mysqldef.NewError(mysqldef.ErrAccessDenied,
		"Access denied for user '%s'@'%s' (using password: %s)", x.user, x.clientHost, using))
}

func (x *AuthExchange) fail(err *mysqldef.SQLError) AuthStep {
	x.state = stateDone
	return AuthStep{Done: true, Err: err}
}

// trimScramble drops the NUL that follows the scramble on the wire, in case
// the caller passes the 21-byte form.
func trimScramble(s []byte) []byte {
	if len(s) == ScrambleLength+1 && s[ScrambleLength] == 0 {
		return s[:ScrambleLength]
	}
	return s
}

package server

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// newTestAuth returns an authenticator over a fresh store holding the
// accounts the exchange tests log in with.
func newTestAuth(t *testing.T) (*Authenticator, *AccountStore) {
	t.Helper()
	store := openTestStore(t, t.TempDir())
	create := func(user, host, plugin, password string) {
		hash, err := HashPassword(plugin, password)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Create(Account{User: user, Host: host, Plugin: plugin, AuthString: hash}, false); err != nil {
			t.Fatal(err)
		}
	}
	create("nat", "%", PluginNativePassword, "natpw")
	create("sha", "%", PluginCachingSha2, "shapw")
	create("nat_empty", "%", PluginNativePassword, "")
	create("sha_empty", "%", PluginCachingSha2, "")
	create("local", "localhost", PluginCachingSha2, "localpw")
	return NewAuthenticator(store, NewSha2Cache(), testRSAKey()), store
}

func TestAuthExchange(t *testing.T) {
	const remote = "192.0.2.7"
	cases := []struct {
		name   string
		warm   bool // log in once successfully first (fills the sha2 cache)
		client testClient
		trace  string
		errMsg string // "" for success
	}{
		{name: "native ok", client: testClient{user: "nat", host: remote, password: "natpw", plugin: PluginNativePassword}},
		{name: "native wrong", client: testClient{user: "nat", host: remote, password: "nope", plugin: PluginNativePassword},
			errMsg: "Access denied for user 'nat'@'192.0.2.7' (using password: YES)"},
		{name: "native no password given", client: testClient{user: "nat", host: remote, plugin: PluginNativePassword},
			errMsg: "(using password: NO)"},
		{name: "sha2 cache miss uses RSA", client: testClient{user: "sha", host: remote, password: "shapw", plugin: PluginCachingSha2},
			trace: "full pubkey"},
		{name: "sha2 cache hit", warm: true, client: testClient{user: "sha", host: remote, password: "shapw", plugin: PluginCachingSha2},
			trace: "fast-ok"},
		{name: "sha2 cached but wrong password", warm: true,
			client: testClient{user: "sha", host: remote, password: "bad", plugin: PluginCachingSha2},
			trace:  "full pubkey", errMsg: "(using password: YES)"},
		{name: "sha2 full auth over secure", client: testClient{user: "sha", host: remote, password: "shapw", plugin: PluginCachingSha2, secure: true},
			trace: "full"},
		{name: "sha2 wrong over secure", client: testClient{user: "sha", host: remote, password: "bad", plugin: PluginCachingSha2, secure: true},
			trace: "full", errMsg: "Access denied"},
		{name: "sha2 wrong over RSA", client: testClient{user: "sha", host: remote, password: "bad", plugin: PluginCachingSha2},
			trace: "full pubkey", errMsg: "Access denied"},
		{name: "sha2 client already has the key", client: testClient{user: "sha", host: remote, password: "shapw",
			plugin: PluginCachingSha2, knowsPublicKey: testRSAKey().PublicKeyPEM()}, trace: "full"},
		{name: "switch sha2 -> native", client: testClient{user: "nat", host: remote, password: "natpw", plugin: PluginCachingSha2},
			trace: "switch:mysql_native_password"},
		{name: "switch native -> sha2", client: testClient{user: "sha", host: remote, password: "shapw", plugin: PluginNativePassword},
			trace: "switch:caching_sha2_password full pubkey"},
		{name: "switch from unknown plugin", client: testClient{user: "sha", host: remote, password: "shapw", plugin: "client_ed25519", secure: true},
			trace: "switch:caching_sha2_password full"},
		{name: "switch when client names no plugin", client: testClient{user: "nat", host: remote, password: "natpw"},
			trace: "switch:mysql_native_password"},
		{name: "native empty password", client: testClient{user: "nat_empty", host: remote, plugin: PluginNativePassword}},
		{name: "native empty account, password given", client: testClient{user: "nat_empty", host: remote, password: "x", plugin: PluginNativePassword},
			errMsg: "(using password: YES)"},
		{name: "sha2 empty password", client: testClient{user: "sha_empty", host: remote, plugin: PluginCachingSha2}},
		{name: "sha2 empty account, password given", client: testClient{user: "sha_empty", host: remote, password: "x", plugin: PluginCachingSha2},
			errMsg: "(using password: YES)"},
		{name: "sha2 password account, none given", client: testClient{user: "sha", host: remote, plugin: PluginCachingSha2},
			errMsg: "Access denied for user 'sha'@'192.0.2.7' (using password: NO)"},
		{name: "unknown user", client: testClient{user: "ghost", host: remote, password: "x", plugin: PluginCachingSha2},
			errMsg: "Access denied for user 'ghost'@'192.0.2.7' (using password: YES)"},
		{name: "unknown user no password", client: testClient{user: "ghost", host: remote, plugin: PluginCachingSha2},
			errMsg: "(using password: NO)"},
		{name: "localhost account from loopback", client: testClient{user: "local", host: "127.0.0.1", password: "localpw", plugin: PluginCachingSha2},
			trace: "full pubkey"},
		{name: "localhost account over socket", client: testClient{user: "local", host: "localhost", password: "localpw", plugin: PluginCachingSha2, secure: true},
			trace: "full"},
		{name: "localhost account from remote", client: testClient{user: "local", host: remote, password: "localpw", plugin: PluginCachingSha2},
			errMsg: "Access denied for user 'local'@'192.0.2.7'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := newTestAuth(t)
			if tc.warm {
				warm := tc.client
				warm.password = "shapw"
				if step, _ := warm.login(t, a); step.Err != nil {
					t.Fatalf("warm-up login failed: %v", step.Err)
				}
			}
			step, trace := tc.client.login(t, a)
			if got := strings.Join(trace, " "); got != tc.trace {
				t.Errorf("trace %q, want %q", got, tc.trace)
			}
			if !step.Done {
				t.Fatal("exchange not done")
			}
			if tc.errMsg == "" {
				if step.Err != nil {
					t.Fatalf("login failed: %v", step.Err)
				}
				if step.Account == nil || step.Account.User != tc.client.user {
					t.Fatalf("account %+v", step.Account)
				}
				return
			}
			if step.Err == nil {
				t.Fatal("login succeeded, want failure")
			}
			if step.Err.Code != mysqldef.ErrAccessDenied || step.Err.State != "28000" || !strings.Contains(step.Err.Message, tc.errMsg) {
				t.Fatalf("error %v, want 1045 containing %q", step.Err, tc.errMsg)
			}
			if step.Account != nil {
				t.Fatal("failed login carries an account")
			}
		})
	}
}

// beginSha2Full starts a login for 'sha' that the server answers with
// "perform full authentication".
func beginSha2Full(t *testing.T, a *Authenticator, secure bool) (*AuthExchange, []byte) {
	t.Helper()
	scramble := NewScramble()
	x, step := a.Begin(AuthRequest{User: "sha", ClientHost: "192.0.2.7", Secure: secure,
		ClientPlugin: PluginCachingSha2, AuthResponse: clientSha2Reply("shapw", scramble), Scramble: scramble})
	if step.Done || !bytes.Equal(step.Reply, []byte{1, 4}) {
		t.Fatalf("want full auth request, got %+v", step)
	}
	return x, scramble
}

func TestAuthRejectsCleartextOnInsecureConnection(t *testing.T) {
	a, _ := newTestAuth(t)
	x, _ := beginSha2Full(t, a, false)
	step := x.Next([]byte("shapw\x00"))
	if !step.Done || step.Err == nil || step.Err.Code != mysqldef.ErrAccessDenied {
		t.Fatalf("cleartext over plain TCP: %+v", step)
	}
}

func TestAuthPublicKeyRequestedOnce(t *testing.T) {
	a, _ := newTestAuth(t)
	x, _ := beginSha2Full(t, a, false)
	if step := x.Next([]byte{2}); step.Done || step.Reply[0] != 1 {
		t.Fatalf("first key request: %+v", step)
	}
	if step := x.Next([]byte{2}); !step.Done || step.Err == nil {
		t.Fatalf("second key request: %+v", step)
	}
}

func TestAuthNoRSAKeyDeniesKeyRequest(t *testing.T) {
	_, store := newTestAuth(t)
	a := NewAuthenticator(store, nil, nil)
	x, _ := beginSha2Full(t, a, false)
	if step := x.Next([]byte{2}); !step.Done || step.Err == nil || step.Err.Code != mysqldef.ErrAccessDenied {
		t.Fatalf("key request without key: %+v", step)
	}
}

func TestAuthAfterDoneAndBounds(t *testing.T) {
	a, _ := newTestAuth(t)
	x, _ := beginSha2Full(t, a, true)
	if step := x.Next([]byte("shapw\x00")); !step.Done || step.Err != nil {
		t.Fatalf("login: %+v", step)
	}
	step := x.Next([]byte("again"))
	if !step.Done || step.Err == nil || step.Err.Code != mysqldef.ErrHandshake || step.Account != nil {
		t.Fatalf("Next after done: %+v", step)
	}
}

func TestAuthBadScramble(t *testing.T) {
	a, _ := newTestAuth(t)
	for _, s := range [][]byte{nil, make([]byte, 8), make([]byte, 32)} {
		_, step := a.Begin(AuthRequest{User: "sha", ClientHost: "1.2.3.4", Scramble: s})
		if !step.Done || step.Err == nil || step.Err.Code != mysqldef.ErrHandshake {
			t.Fatalf("scramble of %d bytes: %+v", len(s), step)
		}
	}
	// The 21-byte wire form (trailing NUL) is accepted.
	scramble := append(NewScramble(), 0)
	_, step := a.Begin(AuthRequest{User: "nat", ClientHost: "1.2.3.4", ClientPlugin: PluginNativePassword,
		AuthResponse: clientNativeReply("natpw", scramble[:20]), Scramble: scramble})
	if !step.Done || step.Err != nil {
		t.Fatalf("21-byte scramble: %+v", step)
	}
}

func TestAuthSwitchRequestShape(t *testing.T) {
	a, _ := newTestAuth(t)
	scramble := NewScramble()
	_, step := a.Begin(AuthRequest{User: "sha", ClientHost: "1.2.3.4", ClientPlugin: "mysql_old_password", Scramble: scramble})
	want := append(append([]byte{0xFE}, "caching_sha2_password\x00"...), scramble...)
	want = append(want, 0)
	if step.Done || !bytes.Equal(step.Reply, want) {
		t.Fatalf("switch payload %q, want %q", step.Reply, want)
	}
}

func TestAuthPasswordChangeInvalidatesFastPath(t *testing.T) {
	a, store := newTestAuth(t)
	c := testClient{user: "sha", host: "192.0.2.7", password: "shapw", plugin: PluginCachingSha2}
	if step, _ := c.login(t, a); step.Err != nil {
		t.Fatal(step.Err)
	}
	hash, _ := HashPassword(PluginCachingSha2, "newpw")
	if err := store.SetPassword("sha", "%", "", hash); err != nil {
		t.Fatal(err)
	}
	step, trace := c.login(t, a)
	if step.Err == nil || strings.Join(trace, " ") != "full pubkey" {
		t.Fatalf("old password after change: err %v trace %v", step.Err, trace)
	}
	c.password = "newpw"
	if step, _ := c.login(t, a); step.Err != nil {
		t.Fatal(step.Err)
	}
}

// Garbage at every stage must end the exchange with an error, never panic or
// succeed.
func TestAuthGarbagePackets(t *testing.T) {
	a, _ := newTestAuth(t)
	rng := rand.New(rand.NewPCG(7, 8))
	randomPayload := func() []byte {
		sizes := []int{0, 1, 2, 19, 20, 21, 31, 32, 33, 255, 256, 257, 1000}
		p := make([]byte, sizes[rng.IntN(len(sizes))])
		for i := range p {
			p[i] = byte(rng.UintN(256))
		}
		if len(p) == 1 && p[0] == 2 && rng.IntN(2) == 0 {
			p[0] = 0 // sometimes an empty-password marker instead
		}
		return p
	}
	users := []string{"nat", "sha", "ghost"}
	plugins := []string{"", PluginNativePassword, PluginCachingSha2, "x"}
	for i := range 300 {
		scramble := NewScramble()
		x, step := a.Begin(AuthRequest{User: users[i%3], ClientHost: "192.0.2.1", Secure: i%2 == 0,
			ClientPlugin: plugins[i%4], AuthResponse: randomPayload(), Scramble: scramble})
		for n := 0; !step.Done; n++ {
			if n > maxExchangeSteps+1 {
				t.Fatal("exchange does not end")
			}
			step = x.Next(randomPayload())
		}
		if step.Err == nil {
			t.Fatalf("garbage logged in (case %d): %+v", i, step)
		}
		if c := step.Err.Code; c != mysqldef.ErrAccessDenied && c != mysqldef.ErrHandshake {
			t.Fatalf("unexpected error %v", step.Err)
		}
	}
}

func TestAuthRootWithoutPasswordOnlyLocal(t *testing.T) {
	store := openTestStore(t, t.TempDir())
	if err := store.EnsureRoot(""); err != nil {
		t.Fatal(err)
	}
	a := NewAuthenticator(store, NewSha2Cache(), testRSAKey())
	for host, wantOK := range map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true, "10.0.0.1": false} {
		step, _ := testClient{user: "root", host: host, plugin: PluginCachingSha2}.login(t, a)
		if (step.Err == nil) != wantOK {
			t.Errorf("root from %s: err %v, want ok=%v", host, step.Err, wantOK)
		}
	}
}

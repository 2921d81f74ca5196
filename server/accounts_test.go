package server

import (
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/loopdb/loopdb/storage/pebble"
)

func openTestEngine(t *testing.T, dir string) storage.Engine {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := pebble.Open(dir, pebble.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return pebble.NewEngine(db, quiet)
}

func openTestStore(t *testing.T, dir string) *AccountStore {
	t.Helper()
	eng := openTestEngine(t, dir)
	t.Cleanup(func() { eng.Close() })
	store, err := OpenAccountStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

func mustCreate(t *testing.T, s *AccountStore, user, host string) {
	t.Helper()
	if _, err := s.Create(Account{User: user, Host: host}, false); err != nil {
		t.Fatalf("create %s@%s: %v", user, host, err)
	}
}

func TestAccountHostMatches(t *testing.T) {
	cases := []struct {
		pattern, client string
		want            bool
	}{
		{"%", "203.0.113.9", true},
		{"%", "localhost", true},
		{"localhost", "localhost", true},
		{"localhost", "127.0.0.1", true},
		{"localhost", "127.4.5.6", true},
		{"localhost", "::1", true},
		{"localhost", "10.0.0.1", false},
		{"127.0.0.1", "127.0.0.1", true},
		{"127.0.0.1", "localhost", false},
		{"192.168.1.%", "192.168.1.77", true},
		{"192.168.1.%", "192.168.10.1", false},
		{"192.168.1._", "192.168.1.7", true},
		{"192.168.1._", "192.168.1.77", false},
		{"%.5", "10.0.0.5", true},
		{"%.5", "10.0.0.6", false},
		{"10.%.%.1", "10.2.3.1", true},
		{"10.0.0.0/255.0.0.0", "10.9.8.7", true},
		{"10.0.0.0/255.0.0.0", "11.9.8.7", false},
		{"10.0.0.0/8", "10.200.0.1", true},
		{"10.0.0.0/8", "192.0.2.1", false},
		{"2001:db8::/32", "2001:db8::1", true},
		{"0:0:0:0:0:0:0:1", "::1", true},
		{"a\\%b", "a%b", true},
		{"a\\%b", "axb", false},
		{"10.0.0.0/bogus", "10.0.0.1", false},
	}
	for _, c := range cases {
		if got := hostMatches(normalizeAccountHost(c.pattern), normalizeClientHost(c.client)); got != c.want {
			t.Errorf("hostMatches(%q, %q) = %v, want %v", c.pattern, c.client, got, c.want)
		}
	}
}

func TestAccountLookupPicksMostSpecificHost(t *testing.T) {
	s := openTestStore(t, t.TempDir())
	for _, h := range []string{"%", "192.168.%", "192.168.1.%", "192.168.1.5", "localhost", "127.0.0.1", "10.0.0.0/8", "%.7"} {
		mustCreate(t, s, "u", h)
	}
	mustCreate(t, s, "other", "%")
	cases := map[string]string{
		"192.168.1.5":      "192.168.1.5",
		"192.168.1.6":      "192.168.1.%",
		"192.168.2.6":      "192.168.%",
		"203.0.113.1":      "%",
		"203.0.113.7":      "%.7",
		"10.1.2.3":         "10.0.0.0/8",
		"localhost":        "localhost",
		"127.0.0.1":        "127.0.0.1",
		"127.0.0.2":        "localhost",
		"::1":              "localhost",
		"::ffff:127.0.0.1": "127.0.0.1",
	}
	for client, want := range cases {
		a, ok := s.Lookup("u", client)
		if !ok || a.Host != want {
			t.Errorf("Lookup(u, %s) = %+v, want host %s", client, a, want)
		}
	}
	if _, ok := s.Lookup("U", "203.0.113.1"); ok {
		t.Error("user names must match case-sensitively")
	}
	if _, ok := s.Lookup("nobody", "localhost"); ok {
		t.Error("unknown user found")
	}
	// Lookup hands out copies.
	a, _ := s.Lookup("other", "1.1.1.1")
	a.AuthString = "changed"
	if b, _ := s.Lookup("other", "1.1.1.1"); b.AuthString != "" {
		t.Error("store changed through a returned account")
	}
}

func TestAccountCreateDropErrors(t *testing.T) {
	s := openTestStore(t, t.TempDir())
	mustCreate(t, s, "bob", "%")
	_, err := s.Create(Account{User: "bob", Host: "%"}, false)
	if e, ok := err.(*mysqldef.SQLError); !ok || e.Code != mysqldef.ErrCannotUser || e.Message != "Operation CREATE USER failed for 'bob'@'%'" {
		t.Fatalf("duplicate create: %v", err)
	}
	note, err := s.Create(Account{User: "bob", Host: ""}, true) // '' means '%'
	if err != nil || note == nil || note.Code != mysqldef.ErrUserAlreadyExists {
		t.Fatalf("create if not exists: note %v err %v", note, err)
	}
	if _, err := s.Create(Account{User: "bob", Host: "LocalHost"}, false); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get("bob", "localhost"); !ok {
		t.Fatal("host not stored lower-cased")
	}

	_, err = s.Drop("carol", "%", false)
	if e, ok := err.(*mysqldef.SQLError); !ok || e.Code != mysqldef.ErrCannotUser || e.Message != "Operation DROP USER failed for 'carol'@'%'" {
		t.Fatalf("drop missing: %v", err)
	}
	if note, err := s.Drop("carol", "%", true); err != nil || note == nil || note.Code != 3162 {
		t.Fatalf("drop if exists: note %v err %v", note, err)
	}
	if note, err := s.Drop("bob", "%", false); err != nil || note != nil {
		t.Fatalf("drop: note %v err %v", note, err)
	}
	if a, ok := s.Lookup("bob", "192.0.2.1"); ok {
		t.Fatalf("dropped account still found: %+v", a)
	}
	if err := s.SetPassword("carol", "%", "", ""); err == nil || err.(*mysqldef.SQLError).Code != mysqldef.ErrCannotUser {
		t.Fatalf("alter missing: %v", err)
	}
}

func TestAccountCreateValidates(t *testing.T) {
	s := openTestStore(t, t.TempDir())
	bad := []Account{
		{User: "this-user-name-is-far-too-long-for-mysql", Host: "%"},
		{User: "u", Host: "%", Plugin: "sha256_password"},
		{User: "u", Host: "%", Plugin: PluginNativePassword, AuthString: "*XYZ"},
		{User: "u", Host: "%", Plugin: PluginCachingSha2, AuthString: "$A$005$short"},
	}
	for _, a := range bad {
		if _, err := s.Create(a, false); err == nil {
			t.Errorf("created invalid account %+v", a)
		}
	}
	if len(s.List()) != 0 {
		t.Fatal("invalid account stored")
	}
}

func TestAccountsPersist(t *testing.T) {
	dir := t.TempDir()
	eng := openTestEngine(t, dir)
	s, err := OpenAccountStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := HashPassword(PluginNativePassword, "pw")
	if _, err := s.Create(Account{User: "app", Host: "10.%", Plugin: PluginNativePassword, AuthString: hash}, false); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "gone", "%")
	if _, err := s.Drop("gone", "%", false); err != nil {
		t.Fatal(err)
	}
	sha, _ := HashPassword(PluginCachingSha2, "pw2")
	mustCreate(t, s, "alt", "%")
	if err := s.SetPassword("alt", "%", PluginCachingSha2, sha); err != nil {
		t.Fatal(err)
	}
	eng.Close()

	s2 := openTestStore(t, dir)
	a, ok := s2.Lookup("app", "10.1.1.1")
	if !ok || a.Plugin != PluginNativePassword || a.AuthString != hash || a.Host != "10.%" {
		t.Fatalf("after reopen: %+v %v", a, ok)
	}
	if _, ok := s2.Lookup("gone", "1.1.1.1"); ok {
		t.Fatal("dropped account came back")
	}
	if a, _ := s2.Lookup("alt", "1.1.1.1"); a == nil || a.AuthString != sha {
		t.Fatalf("altered password lost: %+v", a)
	}
	list := s2.List()
	if len(list) != 2 || list[0].User != "alt" || list[1].User != "app" {
		t.Fatalf("List = %+v", list)
	}
}

func TestAccountEnsureRoot(t *testing.T) {
	s := openTestStore(t, t.TempDir())
	if err := s.EnsureRoot("secret"); err != nil {
		t.Fatal(err)
	}
	root, ok := s.Get("root", "%")
	if !ok || root.Plugin != PluginCachingSha2 || !checkSha2Password(root.AuthString, []byte("secret")) {
		t.Fatalf("root = %+v", root)
	}
	if err := s.EnsureRoot(""); err != nil || len(s.List()) != 1 {
		t.Fatalf("second EnsureRoot changed accounts: %v %+v", err, s.List())
	}

	s = openTestStore(t, t.TempDir())
	if err := s.EnsureRoot(""); err != nil {
		t.Fatal(err)
	}
	if root, ok := s.Get("root", "localhost"); !ok || root.AuthString != "" {
		t.Fatalf("password-less root = %+v", root)
	}
	if _, ok := s.Lookup("root", "192.0.2.1"); ok {
		t.Fatal("password-less root reachable remotely")
	}
}

// Logins read while DDL writes; run with -race.
func TestAccountConcurrentLookupAndChange(t *testing.T) {
	s := openTestStore(t, t.TempDir())
	mustCreate(t, s, "reader", "%")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			host := "10.0.0." + strconv.Itoa(i%10)
			s.Create(Account{User: "writer", Host: host}, true)
			s.Drop("writer", host, true)
		}
	}()
	for {
		select {
		case <-done:
			if _, ok := s.Lookup("reader", "192.0.2.1"); !ok {
				t.Fatal("reader lost")
			}
			return
		default:
			if _, ok := s.Lookup("reader", "192.0.2.1"); !ok {
				t.Fatal("reader not found during writes")
			}
			s.Lookup("writer", "10.0.0.1")
			s.List()
		}
	}
}

// password_last_changed: set by CREATE USER and by a password change,
// kept across a restart; a record written before it was kept has none.
func TestAccountPasswordChanged(t *testing.T) {
	s := openTestStore(t, t.TempDir())
	before := time.Now().Unix()
	mustCreate(t, s, "pc", "%")
	a, _ := s.Get("pc", "%")
	if a.PasswordChanged < before {
		t.Fatalf("CREATE USER: PasswordChanged = %d, want >= %d", a.PasswordChanged, before)
	}
	if err := s.update("pc", "%", func(a *Account) { a.PasswordChanged = 1 }); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword("pc", "%", "", ""); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Get("pc", "%"); a.PasswordChanged < before {
		t.Fatalf("SetPassword: PasswordChanged = %d", a.PasswordChanged)
	}
	old, err := decodeAccount(accountStorageKey("old", "%"), []byte(`{"user":"old","host":"%","plugin":"caching_sha2_password","auth_string":""}`))
	if err != nil || old.PasswordChanged != 0 {
		t.Fatalf("old record: %+v %v", old, err)
	}
	info := (&sqlAccounts{store: s}).List()
	if len(info) != 1 || info[0].PasswordChanged.Unix() < before {
		t.Fatalf("List: %+v", info)
	}
}

package server

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// After RETAIN CURRENT PASSWORD both passwords log in, over every path
// (native scramble, sha2 fast path, sha2 full auth); DISCARD OLD PASSWORD
// leaves only the new one.
func TestAuthDualPasswords(t *testing.T) {
	a, store := newTestAuth(t)
	const remote = "192.0.2.7"
	login := func(user, password, plugin string, secure bool) (error, string) {
		t.Helper()
		c := testClient{user: user, host: remote, password: password, plugin: plugin, secure: secure}
		step, trace := c.login(t, a)
		if step.Err != nil {
			return step.Err, strings.Join(trace, " ")
		}
		return nil, strings.Join(trace, " ")
	}
	change := func(user, password string, retain bool) {
		t.Helper()
		acct, _ := store.Get(user, "%")
		hash, _ := HashPassword(acct.Plugin, password)
		if err := store.ChangePassword(user, "%", "", hash, retain); err != nil {
			t.Fatal(err)
		}
	}
	// Warm the fast path with the old sha2 password, then rotate.
	if err, _ := login("sha", "shapw", PluginCachingSha2, true); err != nil {
		t.Fatal(err)
	}
	change("sha", "shapw2", true)
	change("nat", "natpw2", true)
	for _, pw := range []string{"natpw", "natpw2"} {
		if err, _ := login("nat", pw, PluginNativePassword, false); err != nil {
			t.Errorf("native %s: %v", pw, err)
		}
	}
	if err, trace := login("sha", "shapw", PluginCachingSha2, false); err != nil || trace != "fast-ok" {
		t.Errorf("sha2 old password: %v, trace %q (want the fast path it had)", err, trace)
	}
	if err, trace := login("sha", "shapw2", PluginCachingSha2, true); err != nil || trace != "full" {
		t.Errorf("sha2 new password: %v, trace %q", err, trace)
	}
	if err, trace := login("sha", "shapw2", PluginCachingSha2, false); err != nil || trace != "fast-ok" {
		t.Errorf("sha2 new password again: %v, trace %q", err, trace)
	}
	if err, _ := login("sha", "other", PluginCachingSha2, true); err == nil {
		t.Error("a third password logged in")
	}
	// A change without RETAIN keeps the secondary (MySQL), the primary goes.
	change("nat", "natpw3", false)
	for pw, ok := range map[string]bool{"natpw": true, "natpw2": false, "natpw3": true} {
		if err, _ := login("nat", pw, PluginNativePassword, false); (err == nil) != ok {
			t.Errorf("native %s after a plain change: %v", pw, err)
		}
	}
	for _, user := range []string{"nat", "sha"} {
		if err := store.DiscardOldPassword(user, "%"); err != nil {
			t.Fatal(err)
		}
	}
	if err, _ := login("nat", "natpw", PluginNativePassword, false); err == nil {
		t.Error("native: discarded password still logs in")
	}
	if err, _ := login("sha", "shapw", PluginCachingSha2, true); err == nil {
		t.Error("sha2: discarded password still logs in")
	}
	if err, _ := login("sha", "shapw2", PluginCachingSha2, true); err != nil {
		t.Error(err)
	}
}

// MySQL's refusals of RETAIN CURRENT PASSWORD, and what survives a restart.
func TestChangePasswordRetainRules(t *testing.T) {
	dir := t.TempDir()
	eng := openTestEngine(t, dir)
	store, err := OpenAccountStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	sha := func(pw string) string { h, _ := HashPassword(PluginCachingSha2, pw); return h }
	if _, err := store.Create(Account{User: "e", Host: "%", Plugin: PluginCachingSha2}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Create(Account{User: "p", Host: "%", Plugin: PluginCachingSha2, AuthString: sha("a")}, false); err != nil {
		t.Fatal(err)
	}
	wantCode := func(err error, code uint16, msg string) {
		t.Helper()
		e, ok := err.(*mysqldef.SQLError)
		if !ok || e.Code != code || e.Message != msg {
			t.Fatalf("got %v, want %d %q", err, code, msg)
		}
	}
	wantCode(store.ChangePassword("e", "%", "", sha("b"), true), mysqldef.ErrSecondPasswordCannotBeEmpty,
		"Empty password can not be retained as second password for user 'e'@'%'.")
	wantCode(store.ChangePassword("p", "%", "", "", true), mysqldef.ErrCurrentPasswordCannotBeRetained,
		"Current password can not be retained for user 'p'@'%' because new password is empty.")
	native, _ := HashPassword(PluginNativePassword, "n")
	wantCode(store.ChangePassword("p", "%", PluginNativePassword, native, true), mysqldef.ErrPasswordCannotBeRetainedOnPluginChange,
		"Current password can not be retained for user 'p'@'%' because authentication plugin is being changed.")
	first, _ := store.Get("p", "%")
	if err := store.ChangePassword("p", "%", "", sha("b"), true); err != nil {
		t.Fatal(err)
	}
	if err := store.SetLimits("p", "%", Limits{MaxQuestions: 5, MaxUpdates: -1, MaxConnections: 2, MaxUserConnections: -1}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetLimits("p", "%", Limits{MaxQuestions: -1, MaxUpdates: 3, MaxConnections: -1, MaxUserConnections: 1}); err != nil {
		t.Fatal(err)
	}
	eng.Close()
	store = openTestStore(t, dir)
	got, _ := store.Get("p", "%")
	if got.SecondaryAuth != first.AuthString || got.limits() != (Limits{5, 3, 2, 1}) {
		t.Fatalf("after restart: secondary kept %v, limits %+v", got.SecondaryAuth == first.AuthString, got.limits())
	}
	// A change of plugin without RETAIN drops the secondary password.
	if err := store.ChangePassword("p", "%", PluginNativePassword, native, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Get("p", "%"); got.SecondaryAuth != "" {
		t.Fatal("secondary password survived a change of plugin")
	}
}

package server

import (
	"testing"

	"github.com/loopdb/loopdb/internal/jsoncodec"

	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/storage"
)

// New accounts hold USAGE only, the bootstrap root holds everything, and
// grants survive a restart with the account and go with DROP USER.
func TestAccountGrantsPersist(t *testing.T) {
	dir := t.TempDir()
	eng := openTestEngine(t, dir)
	s, err := OpenAccountStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureRoot(""); err != nil {
		t.Fatal(err)
	}
	if !s.Grants().Of("root", "localhost").IsSuper() {
		t.Fatal("bootstrap root must hold every privilege")
	}
	mustCreate(t, s, "app", "%")
	if g := s.Grants().Of("app", "%"); g.Global != 0 || g.AnyInDB("d") {
		t.Fatalf("a new account must hold USAGE only: %+v", g)
	}
	found, err := s.EditGrants("app", "%", func(g *privs.Grants) *privs.Grants {
		return g.WithGrant(privs.Target{Level: privs.LevelDB, DB: "d"}, privs.Select|privs.Insert)
	})
	if err != nil || !found {
		t.Fatalf("EditGrants: %v %v", found, err)
	}
	if found, _ := s.EditGrants("nobody", "%", func(g *privs.Grants) *privs.Grants { return g }); found {
		t.Fatal("EditGrants found a missing account")
	}
	if !s.Grants().Of("app", "%").OnTable("d", "t", privs.Select|privs.Insert) {
		t.Fatal("granted privileges not visible in the snapshot")
	}
	eng.Close()

	eng = openTestEngine(t, dir)
	s, err = OpenAccountStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	g := s.Grants().Of("app", "%")
	if !g.OnTable("d", "t", privs.Select|privs.Insert) || g.OnTable("d", "t", privs.Update) {
		t.Fatalf("grants after reopen: %+v", g)
	}
	if !s.Grants().Of("root", "localhost").IsSuper() {
		t.Fatal("root lost its privileges on reopen")
	}
	if _, err := s.Drop("app", "%", false); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "app", "%")
	if s.Grants().Of("app", "%").AnyInDB("d") {
		t.Fatal("a re-created account inherited the dropped account's grants")
	}
}

// A data directory from before privileges existed: its records carry no
// privileges. Root keeps every privilege; other accounts get USAGE.
func TestAccountGrantsUpgrade(t *testing.T) {
	dir := t.TempDir()
	eng := openTestEngine(t, dir)
	tx := eng.Begin(storage.TxnOptions{})
	for _, a := range []Account{{User: "root", Host: "localhost", Plugin: PluginCachingSha2},
		{User: "app", Host: "%", Plugin: PluginCachingSha2}} {
		value, err := jsoncodec.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Set(accountStorageKey(a.User, a.Host), value); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	s, err := OpenAccountStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if !s.Grants().Of("root", "localhost").IsSuper() {
		t.Error("upgraded root must hold every privilege")
	}
	if g := s.Grants().Of("app", "%"); g.Global != 0 {
		t.Errorf("upgraded account without stored privileges: %v, want USAGE", g.Global.Names())
	}
}

// DROP USER (and DROP ROLE) revokes the dropped account everywhere it was
// granted as a role or named as a default role, durably.
func TestDropRevokesRoleEverywhere(t *testing.T) {
	dir := t.TempDir()
	eng := openTestEngine(t, dir)
	s, err := OpenAccountStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "reader", "%")
	mustCreate(t, s, "keep", "%")
	mustCreate(t, s, "app", "%")
	reader, keep := privs.AccountName{User: "reader", Host: "%"}, privs.AccountName{User: "keep", Host: "%"}
	if _, err := s.EditGrants("app", "%", func(g *privs.Grants) *privs.Grants {
		return g.WithRole(reader, false).WithRole(keep, true).WithDefaults([]privs.AccountName{reader, keep})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Drop("reader", "%", false); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		g := s.Grants().Of("app", "%")
		if g.HasRole(reader) || !g.HasRole(keep) || len(g.Defaults) != 1 || g.Defaults[0] != keep {
			t.Errorf("%s: roles %v defaults %v; want only keep", when, g.Roles, g.Defaults)
		}
	}
	check("after DROP")
	eng.Close()
	eng = openTestEngine(t, dir)
	defer eng.Close()
	if s, err = OpenAccountStore(eng); err != nil {
		t.Fatal(err)
	}
	check("after reopen")
}

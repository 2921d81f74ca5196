package privs

import (
	"slices"
	"testing"
)

// A session's privileges are its own plus its active roles', and the
// roles those roles hold, transitively; an inactive or revoked role adds
// nothing.
func TestEffectiveRoles(t *testing.T) {
	reader := AccountName{"reader", "%"}
	writer := AccountName{"writer", "%"}
	other := AccountName{"other", "%"}
	accounts := map[AccountName]*Grants{
		reader: none.WithGrant(Target{Level: LevelDB, DB: "d"}, Select),
		writer: none.WithGrant(Target{Level: LevelDB, DB: "d"}, Insert).WithRole(reader, false),
		other:  none.WithGrant(Target{Level: LevelGlobal}, Process),
		{"u", "%"}: none.WithGrant(Target{Level: LevelTable, DB: "d", Table: "t"}, Update).
			WithRole(writer, true),
	}
	s := NewSnapshot(accounts)
	if g := s.Effective("u", "%", nil); g.OnTable("d", "t", Select) || !g.OnTable("d", "t", Update) {
		t.Error("no active role: only the account's own privileges")
	}
	g := s.Effective("u", "%", []AccountName{writer})
	if !g.OnTable("d", "x", Select|Insert) || !g.OnTable("d", "t", Update) {
		t.Error("an active role brings its privileges and its own roles'")
	}
	if g := s.Effective("u", "%", []AccountName{other}); g.GlobalHas(Process) {
		t.Error("a role not granted to the account must add nothing")
	}
	if accounts[AccountName{"u", "%"}].OnTable("d", "x", Select) {
		t.Error("Effective changed the account's own grants")
	}
	if !s.Reaches(writer, reader) || s.Reaches(reader, writer) || !s.Reaches(reader, reader) {
		t.Error("Reaches: granting writer to reader would close a loop, the other way not")
	}
}

func TestRoleEditsAndLines(t *testing.T) {
	r1, r2, r3 := AccountName{"r1", "%"}, AccountName{"r2", "%"}, AccountName{"r3", "h"}
	g := none.WithGrant(Target{Level: LevelDB, DB: "d"}, Select).
		WithRole(r2, false).WithRole(r1, false).WithRole(r3, true).WithDefaults([]AccountName{r2, r1})
	acct := Account("u", "%")
	want := []string{"GRANT `r1`@`%`,`r2`@`%` TO `u`@`%`", "GRANT `r3`@`h` TO `u`@`%` WITH ADMIN OPTION"}
	if got := g.RoleLines(acct); !slices.Equal(got, want) {
		t.Errorf("RoleLines = %q, want %q", got, want)
	}
	if g.WithRole(r3, false).Roles[r3] != true {
		t.Error("granting again without ADMIN OPTION must keep it")
	}
	less := g.WithoutRole(r1)
	if less.HasRole(r1) || !slices.Equal(less.Defaults, []AccountName{r2}) || !g.HasRole(r1) {
		t.Errorf("WithoutRole: roles %v defaults %v", less.Roles, less.Defaults)
	}
	if got := g.WithoutAll(); !got.HasRole(r1) || got.DB["d"] != 0 {
		t.Error("REVOKE ALL PRIVILEGES keeps granted roles and drops privileges")
	}
	back, err := g.Store().Load()
	if err != nil {
		t.Fatal(err)
	}
	if !back.Roles[r3] || back.Roles[r1] || !back.HasRole(r2) || !slices.Equal(back.Defaults, []AccountName{r1, r2}) {
		t.Errorf("stored roles round trip: %v %v", back.Roles, back.Defaults)
	}
	if FormatRoles(nil) != "NONE" || FormatRoles([]AccountName{r2, r1}) != "`r1`@`%`,`r2`@`%`" {
		t.Error("FormatRoles")
	}
}

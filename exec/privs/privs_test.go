package privs

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestParseNames(t *testing.T) {
	for _, n := range names {
		p, ok := Parse(n.name)
		if !ok || p != n.priv {
			t.Errorf("Parse(%q) = %v, %v", n.name, p, ok)
		}
	}
	if p, ok := Parse("create   temporary tables"); !ok || p != CreateTemporaryTables {
		t.Errorf("Parse of a lower-case name with extra spaces: %v %v", p, ok)
	}
	if _, ok := Parse("PROXY"); ok {
		t.Error("PROXY parsed: loopdb does not support it")
	}
	if All.Names()[0] != "SELECT" || len(All.Names()) != numPrivs {
		t.Errorf("All.Names() = %v", All.Names())
	}
}

// Privileges merge across levels: a check passes when global, database
// and table grants together hold what is needed.
func TestLevelsMerge(t *testing.T) {
	g := none.WithGrant(Target{Level: LevelGlobal}, Select).
		WithGrant(Target{Level: LevelDB, DB: "d"}, Insert).
		WithGrant(Target{Level: LevelTable, DB: "d", Table: "t"}, Update)
	cases := []struct {
		db, table string
		need      Set
		want      bool
	}{
		{"x", "y", Select, true},
		{"x", "y", Insert, false},
		{"d", "y", Select | Insert, true},
		{"d", "y", Update, false},
		{"d", "t", Select | Insert | Update, true},
		{"d", "t", Delete, false},
		{"D", "t", Insert, false}, // database names are case-sensitive
	}
	for _, c := range cases {
		if got := g.OnTable(c.db, c.table, c.need); got != c.want {
			t.Errorf("OnTable(%s.%s, %v) = %v, want %v", c.db, c.table, c.need.Names(), got, c.want)
		}
	}
	if !g.OnDB("d", Insert) || g.OnDB("d", Update) {
		t.Error("OnDB must see database-level grants and not table-level ones")
	}
	if g.IsSuper() || !Superuser.IsSuper() {
		t.Error("IsSuper")
	}
}

func TestVisibility(t *testing.T) {
	g := none.WithGrant(Target{Level: LevelTable, DB: "d", Table: "t"}, Select)
	if !g.AnyInDB("d") || g.AnyInDB("e") {
		t.Error("a table grant makes its database usable, and only that one")
	}
	if !g.AnyOnTable("d", "t") || g.AnyOnTable("d", "u") {
		t.Error("AnyOnTable")
	}
	if g.SeesAllDatabases() {
		t.Error("a table grant does not show every database")
	}
	onlyGrantOption := none.WithGrant(Target{Level: LevelDB, DB: "d"}, GrantOption)
	if onlyGrantOption.AnyInDB("d") {
		t.Error("GRANT OPTION alone is no privilege in a database")
	}
	if !none.WithGrant(Target{Level: LevelGlobal}, ShowDatabases).SeesAllDatabases() {
		t.Error("global SHOW DATABASES shows every database")
	}
	if none.WithGrant(Target{Level: LevelGlobal}, Process).SeesAllDatabases() {
		t.Error("global PROCESS does not show every database")
	}
}

// REVOKE touches only the level it names, and an empty level disappears.
func TestRevoke(t *testing.T) {
	g := none.WithGrant(Target{Level: LevelGlobal}, Select).
		WithGrant(Target{Level: LevelDB, DB: "d"}, Select|Insert)
	r := g.WithRevoke(Target{Level: LevelDB, DB: "d"}, Select)
	if !r.OnTable("d", "t", Select) {
		t.Error("revoking at the database level removed the global grant")
	}
	if r.DB["d"] != Insert {
		t.Errorf("db grant after revoke = %v", r.DB["d"].Names())
	}
	r = r.WithRevoke(Target{Level: LevelDB, DB: "d"}, Insert)
	if _, ok := r.DB["d"]; ok || r.AnyInDB("d") && r.Global == 0 {
		t.Error("an emptied database grant must go")
	}
	if g.DB["d"] != Select|Insert {
		t.Error("WithRevoke changed the original Grants")
	}
	if g.WithoutAll().Global != 0 || len(g.WithoutAll().DB) != 0 {
		t.Error("WithoutAll")
	}
}

func TestStoredRoundTrip(t *testing.T) {
	g := none.WithGrant(Target{Level: LevelGlobal}, Process|ConnectionAdmin).
		WithGrant(Target{Level: LevelDB, DB: "d"}, AllAt(LevelDB)|GrantOption).
		WithGrant(Target{Level: LevelTable, DB: "d", Table: "t`x"}, Select)
	back, err := g.Store().Load()
	if err != nil {
		t.Fatal(err)
	}
	if back.Global != g.Global || back.DB["d"] != g.DB["d"] || back.Table[TableName{"d", "t`x"}] != Select || !back.AnyInDB("d") {
		t.Errorf("round trip: %+v, want %+v", back, g)
	}
	if _, err := (&Stored{Global: []string{"FLY"}}).Load(); err == nil {
		t.Error("an unknown privilege name loaded")
	}
}

// SHOW GRANTS lines in MySQL 8's format.
func TestLines(t *testing.T) {
	acct := Account("u", "%")
	if got := none.Lines(acct); !slices.Equal(got, []string{"GRANT USAGE ON *.* TO `u`@`%`"}) {
		t.Errorf("no privileges: %q", got)
	}
	g := none.WithGrant(Target{Level: LevelDB, DB: "db"}, Select|Insert).
		WithGrant(Target{Level: LevelDB, DB: "all"}, AllAt(LevelDB)|GrantOption).
		WithGrant(Target{Level: LevelTable, DB: "db", Table: "t"}, Update).
		WithGrant(Target{Level: LevelGlobal}, SystemVariablesAdmin|ConnectionAdmin|Process)
	want := []string{
		"GRANT PROCESS ON *.* TO `u`@`%`",
		"GRANT CONNECTION_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `u`@`%`",
		"GRANT ALL PRIVILEGES ON `all`.* TO `u`@`%` WITH GRANT OPTION",
		"GRANT SELECT, INSERT ON `db`.* TO `u`@`%`",
		"GRANT UPDATE ON `db`.`t` TO `u`@`%`",
	}
	if got := g.Lines(acct); !slices.Equal(got, want) {
		t.Errorf("Lines:\n got %q\nwant %q", got, want)
	}
	root := Superuser.Lines(Account("root", "localhost"))
	if len(root) != 2 || root[0][:len("GRANT SELECT, INSERT, UPDATE")] != "GRANT SELECT, INSERT, UPDATE" ||
		root[1] != "GRANT APPLICATION_PASSWORD_ADMIN,BACKUP_ADMIN,CONNECTION_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `root`@`localhost` WITH GRANT OPTION" {
		t.Errorf("superuser lines: %q", root)
	}
}

func TestSnapshotOf(t *testing.T) {
	s := NewSnapshot(map[AccountName]*Grants{{"root", "localhost"}: Superuser})
	if !s.Of("root", "localhost").IsSuper() || s.Of("root", "%").Global != 0 {
		t.Error("Of")
	}
	var nilSnap *Snapshot
	if nilSnap.Of("a", "b") == nil {
		t.Error("a nil snapshot must answer with no privileges")
	}
}

// Column privileges survive the durable form, and a record written
// before them (no "column" key) still loads.
func TestColumnPrivsStored(t *testing.T) {
	tn := TableName{DB: "d", Table: "t"}
	g := none.WithColumns(tn, Columns{"a": Select | Update, "b": Select}, false)
	if !g.OnColumn("d", "t", "A", Update) || g.OnColumn("d", "t", "b", Update) || g.OnTable("d", "t", Select) {
		t.Fatalf("column checks wrong: %+v", g.Column)
	}
	if !g.AnyOnTable("d", "t") || !g.AnyInDB("d") {
		t.Error("column privileges do not make the table visible")
	}
	raw, err := json.Marshal(g.Store())
	if err != nil {
		t.Fatal(err)
	}
	var st Stored
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	back, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Lines("u"); len(got) != 2 || got[1] != "GRANT SELECT (`a`, `b`), UPDATE (`a`) ON `d`.`t` TO u" {
		t.Errorf("lines after a round trip: %q", got)
	}
	var old Stored
	if err := json.Unmarshal([]byte(`{"global":["SELECT"],"table":[{"db":"d","table":"t","privs":["INSERT"]}]}`), &old); err != nil {
		t.Fatal(err)
	}
	if g, err := old.Load(); err != nil || g.Column != nil || !g.OnTable("d", "t", Insert) {
		t.Errorf("old record: %v %+v", err, g)
	}
	if back.WithColumns(tn, Columns{"a": Select | Update, "B": Select}, true).Column != nil {
		t.Error("revoking every column privilege left some")
	}
}

// Routine grants survive the durable form and merge from roles.
func TestRoutineStored(t *testing.T) {
	g := none.WithGrant(Target{Level: LevelRoutine, DB: "d", Table: "MyProc"}, Execute|GrantOption)
	back, err := g.Store().Load()
	if err != nil {
		t.Fatal(err)
	}
	if !back.OnRoutine("d", "myproc", Execute|GrantOption) || back.OnRoutine("d", "myproc", AlterRoutine) || back.OnRoutine("d", "other", Execute) {
		t.Errorf("round trip: %+v", back.Routine)
	}
	if m := none.Merged(back); !m.OnRoutine("d", "MYPROC", Execute) {
		t.Errorf("merged from a role: %+v", m.Routine)
	}
	if left := back.WithoutRoutine("d", "MyProc"); left.HasRoutineGrants("d", "myproc") || left.AnyInDB("d") {
		t.Errorf("WithoutRoutine left %+v", left.Routine)
	}
}

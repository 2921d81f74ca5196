package exec

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// memPersist is a PersistStore in memory; fail makes Save fail.
type memPersist struct {
	mu    sync.Mutex
	saved []PersistedVar
	fail  bool
}

func (m *memPersist) Load() ([]PersistedVar, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]PersistedVar(nil), m.saved...), nil
}

func (m *memPersist) Save(list []PersistedVar) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return errors.New("disk full")
	}
	m.saved = append([]PersistedVar(nil), list...)
	return nil
}

func (m *memPersist) names() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := ""
	for _, v := range m.saved {
		out += fmt.Sprintf("%s=%s;", v.Name, v.Value)
	}
	return out
}

func persistSession(t *testing.T, store *memPersist, eng **Engine) *Session {
	t.Helper()
	var kv = openTestStore(t)
	if *eng != nil {
		kv = (*eng).store
	}
	e, err := NewEngine(Config{Version: "8.0.40-loopdb-test", Persist: store, Globals: map[string]string{"max_connections": "151"}}, kv, newMemAccounts())
	if err != nil {
		t.Fatal(err)
	}
	*eng = e
	s := e.NewSession(1, "localhost", nil, nil)
	s.Login("root", "localhost", ClientOptions{MultiStatements: true}, "")
	return s
}

func TestSetPersist(t *testing.T) {
	store := &memPersist{}
	var eng *Engine
	s := persistSession(t, store, &eng)
	mustExec(t, s, "SET PERSIST max_connections = 500",
		"SET PERSIST_ONLY wait_timeout = 100",
		"SET PERSIST long_query_time = 2.5, sql_select_limit = 7", // the keyword carries on, as MySQL's scope keywords do
		"SET persist group_concat_max_len = DEFAULT")
	if got := fmt.Sprint(one(t, s, "SELECT @@global.max_connections, @@global.wait_timeout, @@global.long_query_time, @@global.sql_select_limit").rows); got != "[[500 28800 2.5 7]]" {
		t.Fatalf("after SET PERSIST: %s", got)
	}
	if got, want := store.names(), "group_concat_max_len=1024;long_query_time=2.500000;max_connections=500;sql_select_limit=7;wait_timeout=100;"; got != want {
		t.Fatalf("stored %q, want %q", got, want)
	}
	if v := store.saved[1]; v.User != "root" || v.Host != "localhost" || v.SetAt.IsZero() {
		t.Fatalf("metadata %+v", v)
	}

	// Errors, each leaving the store as it was.
	wantErr(t, s, "SET PERSIST max_connections = 'lots'", mysqldef.ErrWrongTypeForVar, "max_connections")
	wantErr(t, s, "SET PERSIST nosuch_var = 1", mysqldef.ErrUnknownSystemVariable, "nosuch_var")
	wantErr(t, s, "SET PERSIST port = 1", mysqldef.ErrIncorrectGlobalLocalVar, "read only")
	wantErr(t, s, "SET PERSIST_ONLY port = 1", mysqldef.ErrNotSupportedYet, "read-only")
	wantErr(t, s, "RESET PERSIST nosuch_var", mysqldef.ErrVarDoesNotExist, "Variable nosuch_var does not exist in persisted config file")
	r := query(t, s, "RESET PERSIST IF EXISTS nosuch_var")
	if r[0].err != nil || r[0].ok == nil || r[0].ok.Warnings != 1 {
		t.Fatalf("RESET PERSIST IF EXISTS: %+v", r[0])
	}
	store.fail = true
	wantErr(t, s, "SET PERSIST max_connections = 600", mysqldef.ErrErrorOnWrite, "disk full")
	store.fail = false
	if got := store.names(); got != "group_concat_max_len=1024;long_query_time=2.500000;max_connections=500;sql_select_limit=7;wait_timeout=100;" {
		t.Fatalf("after errors, stored %q", got)
	}

	// A restart applies the persisted values over the command line's.
	s2 := persistSession(t, store, &eng)
	if got := fmt.Sprint(one(t, s2, "SELECT @@global.max_connections, @@global.wait_timeout, @@global.long_query_time").rows); got != "[[500 100 2.5]]" {
		t.Fatalf("after restart: %s", got)
	}
	if names := fmt.Sprint(eng.PersistedNames()); names != "[group_concat_max_len long_query_time max_connections sql_select_limit wait_timeout]" {
		t.Fatalf("PersistedNames %s", names)
	}
	mustExec(t, s2, "RESET PERSIST `wait_timeout`")
	if got := store.names(); got != "group_concat_max_len=1024;long_query_time=2.500000;max_connections=500;sql_select_limit=7;" {
		t.Fatalf("after RESET PERSIST wait_timeout: %q", got)
	}
	mustExec(t, s2, "RESET PERSIST")
	if got := store.names(); got != "" {
		t.Fatalf("after RESET PERSIST: %q", got)
	}
	// RESET PERSIST leaves the running values alone.
	if got := fmt.Sprint(one(t, s2, "SELECT @@global.max_connections").rows); got != "[[500]]" {
		t.Fatalf("after RESET PERSIST: %s", got)
	}
}

// A stored setting this build cannot apply is skipped, not fatal.
func TestPersistedBadEntriesAreSkipped(t *testing.T) {
	store := &memPersist{saved: []PersistedVar{{Name: "gone_in_this_version", Value: "1"}, {Name: "max_connections", Value: "many"}, {Name: "wait_timeout", Value: "77"}}}
	var eng *Engine
	s := persistSession(t, store, &eng)
	if got := fmt.Sprint(one(t, s, "SELECT @@global.max_connections, @@global.wait_timeout").rows); got != "[[151 77]]" {
		t.Fatalf("got %s", got)
	}
	mustExec(t, s, "RESET PERSIST gone_in_this_version")
}

func TestSetPersistNeedsPrivilege(t *testing.T) {
	_, app := privSessions(t)
	wantErr(t, app, "SET PERSIST max_connections = 5", mysqldef.ErrSpecificAccessDenied, "SUPER or SYSTEM_VARIABLES_ADMIN")
	wantErr(t, app, "SET @@persist_only.max_connections = 5", mysqldef.ErrSpecificAccessDenied, "SYSTEM_VARIABLES_ADMIN")
	wantErr(t, app, "RESET PERSIST", mysqldef.ErrSpecificAccessDenied, "SYSTEM_VARIABLES_ADMIN")
}

func TestRewritePersist(t *testing.T) {
	for in, want := range map[string]string{
		"SET PERSIST max_connections = 5":                     "SET @@persist.max_connections = 5",
		"  set persist_only a=1, b = CONCAT('x,', 'y'), c=2":  "SET @@persist_only.a=1, @@persist_only.b = CONCAT('x,', 'y'), @@persist_only.c=2",
		"SET PERSIST a = 1, SESSION b = 2, c = 3":             "SET @@persist.a = 1, SESSION b = 2, c = 3",
		"SET GLOBAL a = 1, PERSIST b = 2, @x = 3, d = 4":      "SET GLOBAL a = 1, @@persist.b = 2, @x = 3, @@persist.d = 4",
		"SET PERSIST a = 'it''s, \"so\"' /* , */, b = (1, 2)": "SET @@persist.a = 'it''s, \"so\"' /* , */, @@persist.b = (1, 2)",
	} {
		got, ok := rewritePersist(in)
		if !ok || got != want {
			t.Errorf("rewritePersist(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"SET a = 1", "SET persist=1", "SELECT 1", "SETPERSIST a=1"} {
		if got, ok := rewritePersist(in); ok {
			t.Errorf("rewritePersist(%q) = %q, want no rewrite", in, got)
		}
	}
}

func FuzzRewritePersist(f *testing.F) {
	f.Add("SET PERSIST a = 'x,y', b = (1,2)")
	f.Add("SET persist_only `q` = \"\\\"\"")
	f.Fuzz(func(t *testing.T, sql string) {
		out, ok := rewritePersist(sql)
		if ok && len(out) < len("SET ") {
			t.Fatalf("%q -> %q", sql, out)
		}
		parseResetPersist(sql)
	})
}

// SET's scope keywords carry to the assignments after them (MySQL); the
// parser marks only the first.
func TestSetScopeCarries(t *testing.T) {
	s := newTestSession(t)
	mustExec(t, s, "SET GLOBAL max_connections = 300, wait_timeout = 1234")
	if got := rowsOf(t, s, "SELECT @@global.wait_timeout"); got != "1234" {
		t.Fatalf("SET GLOBAL a, b: b should be global: %s", got)
	}
	mustExec(t, s, "SET GLOBAL max_connections = 301, SESSION wait_timeout = 55, net_read_timeout = 77")
	if got := rowsOf(t, s, "SELECT @@global.wait_timeout, @@session.wait_timeout, @@session.net_read_timeout, @@global.net_read_timeout = 77"); got != "1234,55,77,0" {
		t.Fatalf("SET GLOBAL a, SESSION b, c: c should be session: %s", got)
	}
	mustExec(t, s, "SET @@global.max_connections = 302, wait_timeout = 66")
	if got := rowsOf(t, s, "SELECT @@global.wait_timeout, @@session.wait_timeout"); got != "1234,66" {
		t.Fatalf("@@global.a, b: b should stay session: %s", got)
	}
	mustExec(t, s, "SET GLOBAL wait_timeout = 100, @u = 'x, y', max_connections = 303")
	if got := rowsOf(t, s, "SELECT @@global.wait_timeout, @u, @@global.max_connections"); got != "100,x, y,303" {
		t.Fatalf("a user variable between: %s", got)
	}
	// A carried GLOBAL needs the privilege a written one does.
	_, app := privSessions(t)
	wantErr(t, app, "SET SESSION wait_timeout = 10, GLOBAL max_connections = 10, net_read_timeout = 10", mysqldef.ErrSpecificAccessDenied, "SUPER")
	wantErr(t, app, "SET GLOBAL max_connections = 10, @v = 1, net_read_timeout = 10", mysqldef.ErrSpecificAccessDenied, "SUPER")
}

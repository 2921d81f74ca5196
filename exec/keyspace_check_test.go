package exec

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
)

// TestKeyspaceCheck: after DDL that rewrites, indexes and drops, the
// checker finds nothing; a deleted index entry, an orphan of a dropped
// table and an entry of a dropped index are each reported.
func TestKeyspaceCheck(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE a (id INT PRIMARY KEY, v INT, w VARCHAR(10), UNIQUE KEY uw (w))",
		"INSERT INTO a VALUES (1, 10, 'x'), (2, 20, NULL), (3, NULL, 'z')",
		"CREATE INDEX iv ON a (v)",
		"ALTER TABLE a ADD COLUMN c INT DEFAULT 7",
		"CREATE TABLE nopk (v INT, KEY (v))", "INSERT INTO nopk VALUES (1), (1), (NULL)",
		"CREATE TABLE gone (id INT PRIMARY KEY)", "INSERT INTO gone VALUES (1)", "DROP TABLE gone",
		"DROP INDEX iv ON a")
	store := s.eng.store
	check := func() []table.KeyspaceProblem {
		t.Helper()
		problems, err := table.CheckKeyspace(store, s.eng.catalog.AllTables(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return problems
	}
	if p := check(); len(p) != 0 {
		t.Fatalf("clean keyspace reported %v", p)
	}

	a := s.eng.catalog.Table("d", "a")
	tx := store.Begin(storage.TxnOptions{})
	// An index entry removed behind the row's back, an orphan table key, an
	// entry of an index id the table does not have.
	uw := a.Indexes[0]
	it, err := tx.NewIter(a.IndexPrefix(uw), storage.PrefixEnd(a.IndexPrefix(uw)))
	if err != nil {
		t.Fatal(err)
	}
	if !it.First() {
		t.Fatal("no index entry")
	}
	victim := append([]byte(nil), it.Key()...)
	it.Close()
	mustOK(t, tx.Delete(victim))
	mustOK(t, tx.Set(append(table.TablePrefix(a.ID+1000), table.KeyRowsTag, 1), []byte{1}))
	bogus := &table.Index{ID: 999, Name: "bogus"}
	mustOK(t, tx.Set(a.IndexPrefix(bogus), a.RowPrefix()))
	mustOK(t, tx.Commit())

	got := map[string]int{}
	for _, p := range check() {
		got[p.Kind]++
	}
	want := map[string]int{table.ProblemMissingIndex: 1, table.ProblemOrphanTable: 1, table.ProblemOrphanIndex: 1}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d reported, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("unexpected problems: %v", got)
	}
	if limited, _ := table.CheckKeyspace(store, s.eng.catalog.AllTables(), 1); len(limited) != 1 || !strings.Contains(limited[0].String(), "key") {
		t.Errorf("limit 1: %v", limited)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package exec

import (
	"fmt"
	"sync"
	"testing"
)

// Sessions that prepare the same SELECT plan over one parse tree, each with
// its own plan, and run it at the same time with their own parameters
// (the package's -race run checks that running only reads the tree). A
// temporary table that shadows the table gives its session its own plan
// over the same tree; DDL re-plans.
func TestSharedSelectParse(t *testing.T) {
	a := tableSession(t)
	mustExec(t, a, "CREATE TABLE sh (id INT PRIMARY KEY, v VARCHAR(10))",
		"INSERT INTO sh VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')")
	const text = "SELECT v FROM sh WHERE id = ?"
	sessions := []*Session{a}
	for i := 0; i < 7; i++ {
		s := a.eng.NewSession(uint32(20+i), "localhost", nil, nil)
		s.Login("root", "localhost", ClientOptions{}, "d")
		sessions = append(sessions, s)
	}
	stmts := make([]*PreparedStmt, len(sessions))
	for i, s := range sessions {
		st, err := s.Prepare(text)
		if err != nil {
			t.Fatal(err)
		}
		if st.cache == nil {
			t.Fatalf("session %d: no cached plan", i)
		}
		if st.cache.Sel != stmts0(stmts, st).cache.Sel {
			t.Fatalf("session %d planned over its own parse", i)
		}
		if i > 0 && st.cache.Plan == stmts[0].cache.Plan {
			t.Fatalf("session %d shares session 0's plan", i)
		}
		stmts[i] = st
	}
	want := []string{"one", "two", "three", "four"}
	var wg sync.WaitGroup
	errs := make(chan error, len(sessions))
	for i, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				id := (i+n)%4 + 1
				rec, _ := execute(t, s, stmts[i].id, false, int64(id))
				if got := rec.results[0].rows; len(got) != 1 || got[0][0] != want[id-1] {
					errs <- fmt.Errorf("session %d, id %d: %v", i, id, rec.results)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// A temporary table shadowing sh: this session's plan reads it.
	b := sessions[1]
	mustExec(t, b, "CREATE TEMPORARY TABLE sh (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO sh VALUES (1, 'temp')")
	st, err := b.Prepare(text)
	if err != nil {
		t.Fatal(err)
	}
	if rec, _ := execute(t, b, st.id, false, 1); rec.results[0].rows[0][0] != "temp" {
		t.Fatalf("shadowed: %v", rec.results)
	}
	if rec, _ := execute(t, a, stmts[0].id, false, 1); rec.results[0].rows[0][0] != "one" {
		t.Fatalf("base table beside a shadowing session: %v", rec.results)
	}
	// DDL: the next run plans again, over the same tree.
	mustExec(t, a, "ALTER TABLE sh ADD COLUMN w INT DEFAULT 7")
	if rec, _ := execute(t, a, stmts[0].id, false, 3); rec.results[0].rows[0][0] != "three" {
		t.Fatalf("after ALTER TABLE: %v", rec.results)
	}
}

// stmts0 is the first prepared statement, or st itself while there is none.
func stmts0(stmts []*PreparedStmt, st *PreparedStmt) *PreparedStmt {
	if stmts[0] != nil {
		return stmts[0]
	}
	return st
}

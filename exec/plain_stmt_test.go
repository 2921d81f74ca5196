package exec

import "testing"

// A DML statement found to hold no subquery skips the subquery walk on its
// next runs (Session.plainStmt); one that holds a subquery resolves it on
// every run, whichever ran in between, and INSERT's ? values are read
// straight from the bound parameters.
func TestPlainStatementSkipsOnlyWhatHasNoSubquery(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE pi (id INT PRIMARY KEY, v INT)")
	plain := prepareStmt(t, s, "INSERT INTO pi (id, v) VALUES (?, ?)")
	sub := prepareStmt(t, s, "INSERT INTO pi (id, v) VALUES (?, (SELECT COUNT(*) FROM pi AS p2))")
	executeInt(t, s, plain, 1, 100)
	executeInt(t, s, sub, 2)
	executeInt(t, s, plain, 3, 300)
	executeInt(t, s, plain, 4, 400)
	executeInt(t, s, sub, 5)
	executeInt(t, s, sub, 6)
	mustExec(t, s, "UPDATE pi SET v = v + 1 WHERE id = 1", "UPDATE pi SET v = (SELECT MAX(id) FROM pi AS p3) WHERE id = 3", "UPDATE pi SET v = v + 1 WHERE id = 1")
	if got := rowsOf(t, s, "SELECT * FROM pi ORDER BY id"); got != "1,102;2,1;3,6;4,400;5,4;6,5" {
		t.Fatal(got)
	}
}

package exec

import (
	"fmt"
	"strings"
	"testing"
)

// handlerStatus returns SHOW [GLOBAL] STATUS LIKE 'Handler%' as "name=value,...",
// leaving out the counters loopdb always reports as zero.
func handlerStatus(t *testing.T, s *Session, scope string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, row := range strings.Split(rowsOf(t, s, "SHOW "+scope+" STATUS LIKE 'Handler%'"), ";") {
		name, value, _ := strings.Cut(row, ",")
		out[name] = value
	}
	return out
}

// The Handler_* counters count what MySQL's do for the same statements:
// a primary-key lookup is one read_key, a range one read_key and a
// read_next per further row, a full scan one read_first and a
// read_rnd_next per row; writes per row; commits and rollbacks per
// transaction. The session scope shows the session's counts, the global
// scope everyone's.
func TestHandlerStatus(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE h (id INT PRIMARY KEY, v INT, KEY (v))",
		"INSERT INTO h VALUES (1, 10), (2, 20), (3, 30), (4, 40), (5, 50)")
	before := handlerStatus(t, s, "SESSION")
	if before["Handler_write"] != "5" || before["Handler_read_last"] != "0" {
		t.Fatalf("after inserting 5 rows: %v", before)
	}
	diff := func(what string, want map[string]int) {
		t.Helper()
		after := handlerStatus(t, s, "SESSION")
		for name, n := range want {
			var a, b int
			_, _ = fmt.Sscan(after[name], &a)
			_, _ = fmt.Sscan(before[name], &b)
			if a-b != n {
				t.Errorf("%s: %s went %s -> %s, want +%d", what, name, before[name], after[name], n)
			}
		}
		before = after
	}
	one(t, s, "SELECT v FROM h WHERE id = 3")
	diff("point select", map[string]int{"Handler_read_key": 1, "Handler_read_next": 0, "Handler_read_rnd_next": 0})
	one(t, s, "SELECT v FROM h WHERE id BETWEEN 2 AND 4")
	diff("range select", map[string]int{"Handler_read_key": 1, "Handler_read_next": 2})
	one(t, s, "SELECT * FROM h WHERE v + 0 > 0")
	diff("full scan", map[string]int{"Handler_read_first": 1, "Handler_read_rnd_next": 4, "Handler_read_key": 0})
	// Every column read is in KEY (v): the index alone, first then next.
	one(t, s, "SELECT COUNT(*) FROM h WHERE v + 0 > 0")
	diff("index scan", map[string]int{"Handler_read_first": 1, "Handler_read_next": 4, "Handler_read_rnd_next": 0, "Handler_read_key": 0})
	// A join looking its inner table up by an index: a read_key per outer
	// row, a read_next per further match, none for the entry past the
	// last match (the lookup stops at its key's end, whether the iterator
	// has that bound or the scan checks it while seeking in the index).
	mustExec(t, s, "CREATE TABLE h2 (id INT PRIMARY KEY, hid INT, KEY (hid))",
		"INSERT INTO h2 VALUES (1, 1), (2, 1), (3, 3), (4, 5), (5, 5), (6, 5), (7, 9)")
	before = handlerStatus(t, s, "SESSION")
	one(t, s, "SELECT COUNT(*) FROM h JOIN h2 ON h2.hid = h.id")
	diff("join lookups", map[string]int{"Handler_read_first": 1, "Handler_read_rnd_next": 4, "Handler_read_key": 5, "Handler_read_next": 3})
	mustExec(t, s, "UPDATE h SET v = v + 1 WHERE id IN (1, 2)")
	diff("update", map[string]int{"Handler_update": 2, "Handler_commit": 1})
	mustExec(t, s, "DELETE FROM h WHERE id = 5")
	diff("delete", map[string]int{"Handler_delete": 1, "Handler_commit": 1})
	mustExec(t, s, "BEGIN", "INSERT INTO h VALUES (9, 90)", "ROLLBACK")
	diff("rolled back insert", map[string]int{"Handler_write": 1, "Handler_rollback": 1})

	// Another session's global view includes this one's counts.
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "")
	global := handlerStatus(t, other, "GLOBAL")
	var g, mine int
	_, _ = fmt.Sscan(global["Handler_write"], &g)
	_, _ = fmt.Sscan(before["Handler_write"], &mine)
	if g < mine {
		t.Errorf("global Handler_write %d below this session's %d", g, mine)
	}
	if own := handlerStatus(t, other, "SESSION"); own["Handler_write"] != "0" {
		t.Errorf("a new session's own Handler_write: %s", own["Handler_write"])
	}
}

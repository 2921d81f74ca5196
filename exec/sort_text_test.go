package exec

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
)

// ORDER BY on text sorts by collation weights held in a per-statement key
// arena that the next statement reuses. Keys spread over several chunks
// (long values, non-ASCII ones that need more room than ASCII), and one
// statement's keys must not be disturbed by the next statement's: every
// ordering is checked against CollateCompare, for a sort and a DISTINCT,
// twice in a row.
func TestOrderByTextAcrossKeyChunks(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE o (id INT PRIMARY KEY, c TEXT)")
	rng := rand.New(rand.NewSource(7))
	pieces := []string{"a", "B", "é", "ß", "ss", "Æ", "-", "9", "zz", "ﬃ", "Ω", " "}
	vals := map[int]string{}
	var ins strings.Builder
	for id := 1; id <= 300; id++ {
		var b strings.Builder
		n := 1 + rng.Intn(12)
		if id%50 == 0 {
			n = 3000 // about 6 KB of weights: chunks fill early
		}
		for i := 0; i < n; i++ {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		vals[id] = b.String()
		if ins.Len() > 0 {
			ins.WriteString(",")
		}
		fmt.Fprintf(&ins, "(%d,'%s')", id, vals[id])
	}
	mustExec(t, s, "INSERT INTO o VALUES "+ins.String())

	ids := make([]int, 0, len(vals))
	for id := range vals {
		ids = append(ids, id)
	}
	// Equal keys keep arrival (primary key) order, as the sort is stable.
	slices.SortFunc(ids, func(a, b int) int {
		if c := expr.CollateCompare(vals[a], vals[b]); c != 0 {
			return c
		}
		return a - b
	})
	var want []string
	for _, id := range ids {
		want = append(want, fmt.Sprint(id))
	}
	for round := 0; round < 2; round++ {
		if got := rowsOf(t, s, "SELECT id FROM o ORDER BY c"); got != strings.Join(want, ";") {
			t.Fatalf("round %d: ORDER BY c\n got %s\nwant %s", round, got, strings.Join(want, ";"))
		}
		// DISTINCT over the sorted runs compares the rows' group keys.
		distinct := 0
		for i := range ids {
			if i == 0 || expr.CollateCompare(vals[ids[i-1]], vals[ids[i]]) != 0 {
				distinct++
			}
		}
		if got := one(t, s, "SELECT COUNT(*) FROM (SELECT DISTINCT c FROM o ORDER BY c) d"); got.rows[0][0] != fmt.Sprint(distinct) {
			t.Fatalf("round %d: %v distinct values, want %d", round, got.rows, distinct)
		}
	}
}

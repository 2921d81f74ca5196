package exec

import (
	"strings"
	"testing"
)

// A secondary index range over most of its index is read as a full scan
// (a row lookup per entry costs several times a scan step); a narrow one,
// or one over data the storage cannot size yet (still in memtables), keeps
// the index. Same rows either way.
func TestWideIndexRangeScansTheTable(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE wr (id INT PRIMARY KEY, s VARCHAR(64), KEY ks (s))",
		"SET SESSION cte_max_recursion_depth = 100000",
		"INSERT INTO wr SELECT i, MD5(i) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) SELECT i FROM n) d")
	accessOf := func(q string) string {
		t.Helper()
		r := one(t, s, "EXPLAIN "+q)
		return r.rows[0][4] // type
	}
	wide := "SELECT COUNT(*) FROM wr WHERE s > '1'"
	narrow := "SELECT COUNT(*) FROM wr WHERE s BETWEEN 'ab' AND 'ab1'"
	// In memtables only: no size to go by, the index as before.
	if got := accessOf(wide); got != "range" {
		t.Fatalf("before the flush, %s: %s", wide, got)
	}
	wantWide, wantNarrow := rowsOf(t, s, wide), rowsOf(t, s, narrow)
	mustExec(t, s, "OPTIMIZE TABLE wr") // on disk now
	if got := accessOf(wide); got != "ALL" {
		t.Errorf("%s: %s, want a full scan", wide, got)
	}
	if got := accessOf(narrow); got != "range" {
		t.Errorf("%s: %s, want the index range", narrow, got)
	}
	if got := rowsOf(t, s, wide); got != wantWide || strings.HasPrefix(got, "0") {
		t.Errorf("%s: %s, want %s", wide, got, wantWide)
	}
	if got := rowsOf(t, s, narrow); got != wantNarrow {
		t.Errorf("%s: %s, want %s", narrow, got, wantNarrow)
	}
	// Many narrow ranges (an OR of them) that add up to most of the index.
	ors := "SELECT COUNT(*) FROM wr WHERE s < '4' OR s > '5'"
	if got := accessOf(ors); got != "ALL" {
		t.Errorf("%s: %s, want a full scan", ors, got)
	}
}

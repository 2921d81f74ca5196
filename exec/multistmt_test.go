package exec

import (
	"fmt"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

func TestSplitStatements(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want []string
	}{
		{"SELECT 1", []string{"SELECT 1"}},
		{"SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{" ;; SELECT 1 ;\n\t", []string{"SELECT 1 "}},
		{`SELECT 'a;b', "c;'d", 'e\';f'; X`, []string{`SELECT 'a;b', "c;'d", 'e\';f'`, "X"}},
		{"SELECT 'it''s;'; X", []string{"SELECT 'it''s;'", "X"}},
		{"SELECT `a;``b`; X", []string{"SELECT `a;``b`", "X"}},
		{"SELECT 1 /* ; */ ; X", []string{"SELECT 1 /* ; */ ", "X"}},
		{"SELECT 1 -- ;\n; X", []string{"SELECT 1 -- ;\n", "X"}},
		{"SELECT 1 # ;\n; X", []string{"SELECT 1 # ;\n", "X"}},
		{"SELECT 1--1; X", []string{"SELECT 1--1", "X"}},
		{"SELECT 'open; X", []string{"SELECT 'open; X"}},
		{"SELECT 1 /* open; X", []string{"SELECT 1 /* open; X"}},
	} {
		var got []string
		for _, sp := range splitStatements(c.sql) {
			got = append(got, c.sql[sp.start:sp.end])
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", c.want) {
			t.Errorf("splitStatements(%q) = %q, want %q", c.sql, got, c.want)
		}
	}
}

// MySQL parses and runs a multi-statement query one statement at a time:
// the statements before a syntax error run and send their results (with
// SERVER_MORE_RESULTS_EXISTS), the bad one gets 1064 and nothing after it runs.
func TestMultiStatementSyntaxErrorRunsEarlierStatements(t *testing.T) {
	s := newTestSession(t)
	one(t, s, "CREATE DATABASE d")
	one(t, s, "USE d")
	one(t, s, "CREATE TABLE t (a INT PRIMARY KEY)")
	rs := query(t, s, "INSERT INTO t VALUES (1); SELECT 'x;y'; INSRT INTO t VALUES (2); INSERT INTO t VALUES (3)")
	if len(rs) != 3 {
		t.Fatalf("%d results, want 3: %+v", len(rs), rs)
	}
	if rs[0].err != nil || rs[0].status&mysqldef.StatusMoreResultsExists == 0 {
		t.Errorf("INSERT: %+v", rs[0])
	}
	if rs[1].err != nil || fmt.Sprint(rs[1].rows) != "[[x;y]]" || rs[1].status&mysqldef.StatusMoreResultsExists == 0 {
		t.Errorf("SELECT: %+v", rs[1])
	}
	if rs[2].err == nil || rs[2].err.Code != mysqldef.ErrParse ||
		rs[2].err.Message != "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'INSRT INTO t VALUES (2); INSERT INTO t VALUES (3)' at line 1" {
		t.Errorf("bad statement: %+v", rs[2].err)
	}
	if r := one(t, s, "SELECT a FROM t ORDER BY a"); fmt.Sprint(r.rows) != "[[1]]" {
		t.Errorf("rows after the batch: %v, want only the first INSERT's", r.rows)
	}
	// Without CLIENT_MULTI_STATEMENTS the text is one statement: nothing runs.
	s.multiStatements = false
	wantErr(t, s, "INSERT INTO t VALUES (4); INSRT INTO t VALUES (5)", mysqldef.ErrParse, "near 'INSRT INTO t VALUES (5)'")
	if r := one(t, s, "SELECT COUNT(*) FROM t"); fmt.Sprint(r.rows) != "[[1]]" {
		t.Errorf("rows: %v", r.rows)
	}
}

// MySQL 8's grammar answers a query of only comments with OK
// (SQLCOM_EMPTY_QUERY); an empty text or a lone ';' is 1065.
func TestCommentOnlyQuery(t *testing.T) {
	s := newTestSession(t)
	for _, q := range []string{"/* nothing */", "-- nothing", "# nothing\n", " /* a */ ; "} {
		if r := one(t, s, q); r.cols != nil || r.rows != nil {
			t.Errorf("%q: %+v, want OK", q, r)
		}
	}
	wantErr(t, s, ";", mysqldef.ErrEmptyQuery, "Query was empty")
	wantErr(t, s, "", mysqldef.ErrEmptyQuery, "Query was empty")
}
